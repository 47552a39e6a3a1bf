// devcon: the device console (install, update, remove, status, hwids, find, enable, disable, restart) over the
// PnP manager's device tree. Until PnP exists the tree has no devices: queries find none and installs fail, with
// devcon's texts and exit codes (0 ok, 1 reboot, 2 failed, 3 usage).
import type { Command, Shell } from './shell.ts';
import { devicesOf } from '../dll/cfgmgr32.ts';

const VERBS = ['install', 'update', 'remove', 'status', 'hwids', 'find', 'findall', 'enable', 'disable', 'restart'];
const usage = (sh: Shell) => { sh.out('Device Console Help:\ndevcon.exe [-r] [-m:\\\\<machine>] <command> [<arg>...]\nFor more information, type: devcon.exe help\n'); return 3; };

function matching(sh: Shell, patterns: string[]) {
  const devices = devicesOf(sh.um.k);
  const re = (p: string) => new RegExp('^' + p.replace(/^@/, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$', 'i');
  return devices.filter((d) => patterns.some((p) => (p.startsWith('@') ? re(p).test(d.instanceId) : [...toList(d.properties['HardwareID']), d.instanceId].some((h) => re(p).test(h)))));
}
const toList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export const devcon: Command = (sh, args) => {
  const verb = (args[0] ?? '').toLowerCase();
  if (!VERBS.includes(verb)) return usage(sh);
  const rest = args.slice(1);
  if (verb === 'install' || verb === 'update') {
    if (rest.length < 2) return usage(sh);
    const inf = sh.full(rest[0]!);
    if (!sh.disk?.stat(inf)) { sh.out(`devcon.exe failed.\n`); return 2; }
    // Installing a driver package needs the PnP manager and driver store (not on this target yet).
    sh.out(verb === 'install' ? 'Device node created. Install is complete when drivers are installed...\nUpdating drivers for ' + rest[1] + ' from ' + inf + '.\ndevcon.exe failed.\n' : `Updating drivers for ${rest[1]} from ${inf}.\ndevcon.exe failed.\n`);
    return 2;
  }
  if (!rest.length) return usage(sh);
  const found = matching(sh, rest);
  if (!found.length) { sh.out('No matching devices found.\n'); return verb === 'status' || verb === 'hwids' || verb === 'find' || verb === 'findall' ? 0 : 2; }
  for (const d of found) {
    sh.out(`${d.instanceId}\n    Name: ${String(d.properties['DeviceDesc'] ?? d.instanceId)}\n`);
    if (verb === 'status') sh.out(d.problem ? `    The device has the following problem: ${d.problem}\n` : '    Driver is running.\n');
    if (verb === 'hwids') sh.out('    Hardware IDs:\n' + toList(d.properties['HardwareID']).map((h) => `        ${h}\n`).join(''));
  }
  sh.out(`${found.length} matching device(s) found.\n`);
  return 0;
};
