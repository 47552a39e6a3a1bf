// devcon: the device console (install, update, remove, status, hwids, stack, find, findall, enable, disable, restart)
// over the target's setup engine and PnP device tree. Exit codes as devcon's: 0 ok, 1 reboot, 2 failed, 3 usage.
// A bare kernel with no PnP manager yet (only unit tests build one) has no devices to show.
import type { Command, Shell } from './shell.ts';
import { pnpOf } from '../../ntos/io/pnp/manager.ts';
import { setup, type SetupResult } from '../setup/engine.ts';
import { inTurn, thenMaybe } from '../in-turn.ts';

const VERBS = ['install', 'update', 'remove', 'status', 'hwids', 'stack', 'find', 'findall', 'enable', 'disable', 'restart'];
const QUERIES = ['status', 'hwids', 'stack', 'find', 'findall'];
const usage = (sh: Shell) => { sh.out('Device Console Help:\ndevcon.exe [-r] [-m:\\\\<machine>] <command> [<arg>...]\nFor more information, type: devcon.exe help\n'); return 3; };
const print = (sh: Shell, lines: string[]) => sh.out(lines.map((l) => l + '\n').join(''));

export const devcon: Command = (sh, args) => {
  const verb = (args[0] ?? '').toLowerCase();
  if (!VERBS.includes(verb)) return usage(sh);
  const rest = args.slice(1);
  if (verb === 'install' || verb === 'update') {
    if (rest.length < 2) return usage(sh);
    const inf = sh.full(rest[0]!);
    if (!sh.disk?.stat(inf)) { sh.out('devcon.exe failed.\n'); return 2; }
    const s = setup(sh.um.k);
    const r = verb === 'install' ? s.installInf(inf, rest[1]!) : s.updateDriver(inf, rest[1]!);
    print(sh, r.lines.map((l) => l.replace(/^devcon failed\.$/, 'devcon.exe failed.')));
    return r.ok ? (r.rebootRequired ? 1 : 0) : 2;
  }
  if (!rest.length) return usage(sh);
  // `devcon find =ports [id...]`: a setup class first narrows the match (every device of it without IDs).
  const setupClass = QUERIES.includes(verb) && rest[0]!.startsWith('=') ? rest.shift()!.slice(1) : undefined;
  if (setupClass !== undefined && !rest.length) rest.push('*');
  if (!pnpOf(sh.um.k)) { sh.out('No matching devices found.\n'); return QUERIES.includes(verb) ? 0 : 2; }
  const s = setup(sh.um.k);
  switch (verb) {
    case 'status': return query(sh, rest, (p) => s.status(p, setupClass));
    case 'hwids': return query(sh, rest, (p) => s.hwids(p, setupClass));
    case 'stack': return query(sh, rest, (p) => s.stack(p, setupClass));
    case 'find': case 'findall': return query(sh, rest, (p) => s.findLines(p, setupClass));
    default: {
      const act = verb === 'remove' ? s.removeDevice.bind(s) : verb === 'disable' ? s.disable.bind(s) : verb === 'enable' ? s.enable.bind(s) : s.restart.bind(s);
      const found = rest.some((p) => s.find(p).length);
      if (!found) { sh.out('No matching devices found.\n'); return 2; }
      // One pattern after the other; a restart may answer later (it waits for the device to be back).
      return thenMaybe(inTurn<string, SetupResult>(rest, act), (results) => {
        print(sh, results.flatMap((r) => r.lines));
        return results.every((r) => r.ok) ? 0 : 2;
      });
    }
  }
};

/** The engine's lines for each pattern, with one count at the end ("N matching device(s) found."). */
function query(sh: Shell, patterns: string[], fn: (p: string) => string[]): number {
  const results = patterns.map(fn);
  const lines = results.flatMap((r) => r.slice(0, -1));
  if (!lines.length) { sh.out('No matching devices found.\n'); return 0; }
  const count = results.reduce((n, r) => n + Number(/^(\d+)/.exec(r.at(-1) ?? '')?.[1] ?? 0), 0);
  print(sh, [...lines, `${count} matching device(s) found.`]);
  return 0;
}
