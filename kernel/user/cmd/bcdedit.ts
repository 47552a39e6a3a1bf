// bcdedit: the machine's boot configuration store (C:\Boot\BCD, read by the boot manager at the next boot):
// /enum [all], /set {current} testsigning|debug|nointegritychecks on|off, /debug on|off, /dbgsettings serial|net.
import { readBcd, writeBcd, CURRENT_ID, type BcdObject } from '../../../main/machine/devices/bcd-store.ts';
import type { Command, Shell } from './shell.ts';

const OK = 'The operation completed successfully.\n';
const onOff = (v: string | undefined) => (v?.toLowerCase() === 'on' || v?.toLowerCase() === 'yes' ? true : v?.toLowerCase() === 'off' || v?.toLowerCase() === 'no' ? false : undefined);

// bcdedit lists an entry's elements in the order of their BCD element type numbers, not the order they were set.
const ELEMENT_ORDER = ['device', 'path', 'description', 'locale', 'inherit', 'bootdebug', 'nointegritychecks', 'testsigning',
  'osdevice', 'systemroot', 'default', 'resumeobject', 'displayorder', 'toolsdisplayorder', 'timeout', 'nx', 'bootmenupolicy', 'debug',
  'key', 'debugtype', 'debugport', 'baudrate', 'hostip', 'port'];
const rank = (k: string) => { const i = ELEMENT_ORDER.indexOf(k); return i < 0 ? ELEMENT_ORDER.length : i; };

function enumStore(sh: Shell, objects: BcdObject[]): void {
  const titles: Record<BcdObject['type'], string> = { bootmgr: 'Windows Boot Manager', osloader: 'Windows Boot Loader', dbgsettings: 'Debugger Settings' };
  let t = '';
  for (const o of objects) {
    t += `\n${titles[o.type]}\n${'-'.repeat(titles[o.type].length)}\nidentifier              ${o.identifier}\n`;
    const elements = Object.entries(o.elements).sort(([a], [b]) => rank(a) - rank(b));
    for (const [k, v] of elements) t += `${k.padEnd(24)}${Array.isArray(v) ? v.join('\n' + ' '.repeat(24)) : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v)}\n`;
  }
  sh.out(t);
}

export const bcdedit: Command = (sh, args) => {
  const disk = sh.disk;
  if (!disk) { sh.out('The boot configuration data store could not be opened.\nThe system cannot find the file specified.\n'); return 1; }
  let store;
  try { store = readBcd(disk); } catch { sh.out('The boot configuration data store could not be opened.\nThe system cannot find the file specified.\n'); return 1; }
  const verb = (args[0] ?? '/enum').toLowerCase();
  const loader = store.objects.find((o) => o.type === 'osloader');
  const dbg = store.objects.find((o) => o.type === 'dbgsettings');
  const save = () => { writeBcd(disk, store); sh.out(OK); return 0; };
  const invalid = () => { sh.out('The parameter is incorrect.\nRun "bcdedit /?" for command line assistance.\n'); return 1; };
  switch (verb) {
    case '/enum': {
      // Without a type bcdedit lists the active entries (boot manager, loaders); `/enum all` adds the settings objects.
      const kind = (args[1] ?? 'active').toLowerCase();
      if (kind !== 'active' && kind !== 'all') return invalid();
      enumStore(sh, kind === 'all' ? store.objects : store.objects.filter((o) => o.type !== 'dbgsettings'));
      return 0;
    }
    case '/set': {
      let rest = args.slice(1);
      if (rest[0]?.startsWith('{')) { if (rest[0]!.toLowerCase() !== CURRENT_ID) { sh.out('The specified entry identifier is not valid.\n'); return 1; } rest = rest.slice(1); }
      const [name, value] = [rest[0]?.toLowerCase(), rest[1]];
      if (!loader || !name || !['testsigning', 'debug', 'nointegritychecks', 'bootdebug'].includes(name)) return invalid();
      const v = onOff(value);
      if (v === undefined) return invalid();
      loader.elements[name] = v;
      return save();
    }
    case '/debug': {
      const v = onOff(args[args.length - 1]);
      if (!loader || v === undefined) return invalid();
      loader.elements['debug'] = v;
      return save();
    }
    case '/dbgsettings': {
      if (!dbg) return invalid();
      const kind = args[1]?.toLowerCase();
      if (!kind) { enumStore(sh, [dbg]); return 0; }
      const opts = new Map(args.slice(2).map((a) => { const i = a.indexOf(':'); return [a.slice(0, i).toLowerCase(), a.slice(i + 1)] as [string, string]; }));
      if (kind === 'serial') {
        dbg.elements = { debugtype: 'Serial', debugport: Number(opts.get('debugport') ?? 1), baudrate: Number(opts.get('baudrate') ?? 115200) };
        return save();
      }
      if (kind === 'net') {
        const hostip = opts.get('hostip'), port = Number(opts.get('port'));
        if (!hostip || !Number.isInteger(port) || port < 49152 || port > 65535) return invalid();
        const key = opts.get('key') ?? Array.from({ length: 4 }, (_, i) => ((port * 7919 + i * 104729) % 46656).toString(36).padStart(3, '0')).join('.');
        dbg.elements = { debugtype: 'NET', hostip, port, key };
        sh.out(`Key=${key}\n`);
        writeBcd(disk, store);
        return 0;
      }
      return invalid();
    }
    default: return invalid();
  }
};
