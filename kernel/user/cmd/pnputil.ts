// pnputil: driver packages in the driver store over the target's setup engine: /add-driver x.inf [/install],
// /enum-drivers, /enum-devices, /delete-driver oemN.inf [/uninstall] [/force]. Texts as Windows 10's pnputil.
import type { Command, Shell } from './shell.ts';
import { pnpOf } from '../../ntos/io/pnp/manager.ts';
import { PROBLEMS } from '../../ntos/io/pnp/devnode.ts';
import { setup } from '../setup/engine.ts';

const HEAD = 'Microsoft PnP Utility\n\n';
const field = (name: string, value: string) => `${(name + ':').padEnd(28)}${value}\n`;

function addDriver(sh: Shell, inf: string, install: boolean): number {
  sh.out(HEAD + `Adding driver package:  ${inf}\n`);
  const path = sh.full(inf);
  if (!sh.disk?.stat(path)) { sh.out(`Failed to add driver package: ${sh.message(2)}\n\nTotal driver packages:  1\nAdded driver packages:  0\n`); return 2; }
  const s = setup(sh.um.k);
  const before = s.packages.length;
  const r = s.stage(path);
  if (!r.pkg) { sh.out(`Failed to add driver package: ${r.error ?? sh.message(sh.um.c('ERROR_NOT_SUPPORTED'))}\n\nTotal driver packages:  1\nAdded driver packages:  0\n`); return 2; }
  sh.out(`Driver package added successfully.${s.packages.length === before ? ' (Already exists in the system)' : ''}\nPublished Name:         ${r.pkg.publishedName}\n`);
  if (install) {
    const done = s.installOnMatching(r.pkg);
    if (done.length) sh.out(done.every((d) => d.ok) ? 'Driver package installed on matching devices.\n' : 'Failed to install driver package on matching devices.\n');
  }
  sh.out('\nTotal driver packages:  1\nAdded driver packages:  1\n');
  return 0;
}

function enumDevices(sh: Shell): number {
  let t = HEAD;
  const m = pnpOf(sh.um.k);
  for (const n of m?.list() ?? []) {
    const key = m!.enumKey(n);
    const v = (name: string) => String(key?.value(name)?.data ?? '');
    t += field('Instance ID', n.instanceId) + field('Device Description', v('DeviceDesc') || (n.builtIn?.description ?? ''))
      + field('Class Name', v('Class') || (n.builtIn?.className ?? '')) + field('Class GUID', v('ClassGUID') || (n.builtIn?.classGuid ?? ''))
      + field('Manufacturer Name', v('Mfg'));
    if (n.disabled) t += field('Status', 'Disabled');
    else if (n.problem) t += field('Status', 'Problem') + field('Problem Code', `${n.problem} (0x${n.problem.toString(16).toUpperCase()}) [${PROBLEMS[n.problem]?.name ?? ''}]`);
    else t += field('Status', n.started ? 'Started' : 'Stopped');
    const drv = v('Driver');
    if (drv) t += field('Driver Name', String(sh.um.k.registry.open(`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\${drv}`)?.value('InfPath')?.data ?? ''));
    t += '\n';
  }
  sh.out(t);
  return 0;
}

export const pnputil: Command = (sh, args) => {
  const verb = (args[0] ?? '').toLowerCase().replace(/^-/, '/');
  const flags = args.slice(2).map((a) => a.toLowerCase().replace(/^-/, '/'));
  switch (verb) {
    case '/add-driver': if (args[1]) return addDriver(sh, args[1], flags.includes('/install')); break;
    case '/enum-drivers': sh.out(setup(sh.um.k).enumDrivers().map((l) => l + '\n').join('')); return 0;
    case '/enum-devices': return enumDevices(sh);
    case '/delete-driver': {
      if (!args[1]) break;
      const r = setup(sh.um.k).deleteDriver(args[1], { uninstall: flags.includes('/uninstall'), force: flags.includes('/force') });
      sh.out(r.lines.map((l) => l + '\n').join(''));
      return r.ok ? 0 : 2;
    }
  }
  sh.out(HEAD + 'PNPUTIL [/add-driver <...> | /delete-driver <...> | /enum-drivers | /enum-devices]\n');
  return 87;
};
