// msiexec /i|/package <file.msi> [/quiet|/qn|/passive] [/norestart] and /x <file.msi>: Windows Installer on the
// target. It opens the package (msi-package.ts), creates its directories, copies its files, registers its services
// and starts the automatic ones (a running one is stopped first, as when installing over another version), and
// records the product under Uninstall. A missing package is 1619, a file that is not a package 1620, a bad command
// line 1639, a service that will not start 1603 (the messages Windows Installer's dialog shows; /quiet shows
// nothing and only the exit code tells).
import { REG_DWORD, REG_EXPAND_SZ, REG_SZ } from '../../ntos/cm/registry.ts';
import { decodeMsi, type MsiPackage } from '../msi-package.ts';
import type { Command, Shell } from './shell.ts';

const SERVICES = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
const UNINSTALL = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const HELP = 'Windows (R) Installer. V 5.0.19041.1\n\nmsiexec /Option <Required Parameter> [Optional Parameter]\n\nInstall Options\n\t</package | /i> <Product.msi>\n\t\tInstalls or configures a product\n\t</uninstall | /x> <Product.msi | ProductCode>\n\t\tUninstalls the product\nDisplay Options\n\t/quiet\n\t\tQuiet mode, no user interaction\n\t/passive\n\t\tUnattended mode - progress bar only\n\t/q[n|b|r|f]\n\t\tSets user interface level\nRestart Options\n\t/norestart\n\t\tDo not restart after the installation is complete\n';

export const msiexec: Command = (sh, args) => {
  let action: 'install' | 'remove' | undefined, file: string | undefined, quiet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.toLowerCase();
    if (a === '/?' || a === '/h') { sh.out(HELP); return 0; }
    if (a === '/i' || a === '/package') { action = 'install'; file = args[++i]; continue; }
    if (a === '/x' || a === '/uninstall') { action = 'remove'; file = args[++i]; continue; }
    if (a === '/quiet' || /^\/q[nbrf]?$/.test(a)) { quiet = true; continue; }
    if (a === '/passive' || a === '/norestart' || a === '/promptrestart' || a === '/forcerestart') continue;
    return fail(sh, 'ERROR_INVALID_COMMAND_LINE', quiet, HELP);
  }
  if (!action || !file) return fail(sh, 'ERROR_INVALID_COMMAND_LINE', quiet, HELP);
  const path = sh.full(file);
  const st = sh.disk?.stat(path);
  if (!st || st.dir) return fail(sh, 'ERROR_INSTALL_PACKAGE_OPEN_FAILED', quiet);
  const pkg = decodeMsi(sh.disk!.readFile(path));
  if (!pkg) return fail(sh, 'ERROR_INSTALL_PACKAGE_INVALID', quiet);
  return action === 'install' ? install(sh, pkg, quiet) : remove(sh, pkg, quiet);
};

/** The error's dialog text (shown unless /quiet) and its number as the exit code. */
function fail(sh: Shell, error: string, quiet: boolean, extra = ''): number {
  const code = sh.um.c(error);
  if (!quiet) sh.out(`${extra || `${sh.message(code)}\n`}`);
  return code;
}

function install(sh: Shell, pkg: MsiPackage, quiet: boolean): number {
  const disk = sh.disk!, reg = sh.um.k.registry;
  // The StopServices action: a running service of the product stops before its files are replaced (an upgrade
  // from another version), so the StartServices action below runs the program just installed.
  for (const s of pkg.services) sh.um.k.io.services.stop(s.name);
  for (const d of pkg.directories) disk.mkdir(d);
  for (const f of pkg.files) {
    disk.mkdir(f.path.slice(0, f.path.lastIndexOf('\\')));
    disk.writeFile(f.path, new TextEncoder().encode(f.text));
  }
  for (const s of pkg.services) {
    const k = reg.create(`${SERVICES}\\${s.name}`);
    k.setValue('Type', REG_DWORD, s.type); k.setValue('Start', REG_DWORD, s.start); k.setValue('ErrorControl', REG_DWORD, 1);
    k.setValue('ImagePath', REG_EXPAND_SZ, `"${s.image}"`); k.setValue('DisplayName', REG_SZ, s.displayName);
    k.setValue('ObjectName', REG_SZ, 'LocalSystem');
  }
  // The StartServices action: automatic services start now; one that will not start fails the installation.
  for (const s of pkg.services.filter((x) => x.start === 2)) {
    const e = sh.um.k.io.services.start(s.name);
    if (e && e !== sh.um.c('ERROR_SERVICE_ALREADY_RUNNING')) {
      if (!quiet) sh.out(`Error 1920. Service '${s.displayName}' (${s.name}) failed to start.  Verify that you have sufficient privileges to start system services.\n`);
      return sh.um.c('ERROR_INSTALL_FAILURE');
    }
  }
  const u = reg.create(`${UNINSTALL}\\${pkg.productCode}`);
  u.setValue('DisplayName', REG_SZ, pkg.productName); u.setValue('DisplayVersion', REG_SZ, pkg.productVersion);
  u.setValue('Publisher', REG_SZ, pkg.manufacturer); u.setValue('WindowsInstaller', REG_DWORD, 1);
  if (!quiet) sh.out(`Product: ${pkg.productName} -- Installation completed successfully.\n`);
  return 0;
}

function remove(sh: Shell, pkg: MsiPackage, quiet: boolean): number {
  const disk = sh.disk!, reg = sh.um.k.registry;
  if (!reg.open(`${UNINSTALL}\\${pkg.productCode}`)) {
    return fail(sh, 'ERROR_UNKNOWN_PRODUCT', quiet);
  }
  for (const s of pkg.services) { sh.um.k.io.services.stop(s.name); sh.um.k.io.services.delete(s.name); }
  for (const f of pkg.files) if (disk.exists(f.path)) disk.remove(f.path, false);
  reg.delete(`${UNINSTALL}\\${pkg.productCode}`);
  if (!quiet) sh.out(`Product: ${pkg.productName} -- Removal completed successfully.\n`);
  return 0;
}
