// Session commands: .cls, .echo, .printf, .prefer_dml, .help, qd/q, sx/sxe/sxd/sxn/sxi.
import type { KdSession } from '../session.ts';
import { commandNames } from './index.ts';
import type { CommandTable } from './types.ts';

function printf(s: KdSession, args: string): Promise<string> {
  const m = /^"((?:[^"\\]|\\.)*)"\s*(?:,(.*))?$/.exec(args.trim());
  if (!m) return Promise.resolve(`       ^ Syntax error in '.printf ${args}'`);
  const values = (m[2] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  return (async () => {
    let i = 0;
    let out = '';
    const fmt = m[1]!.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"');
    for (let k = 0; k < fmt.length; k++) {
      const c = fmt[k]!;
      if (c !== '%') { out += c; continue; }
      const spec = /^(0?\d*)(I64)?([dxXpusyc%])/.exec(fmt.slice(k + 1));
      if (!spec) { out += c; continue; }
      k += spec[0].length;
      if (spec[3] === '%') { out += '%'; continue; }
      const v = await s.eval(values[i++] ?? '0');
      let t = '';
      switch (spec[3]) {
        case 'd': t = BigInt.asIntN(spec[2] ? 64 : 32, v).toString(10); break;
        case 'x': t = BigInt.asUintN(spec[2] ? 64 : 32, v).toString(16); break;
        case 'X': t = BigInt.asUintN(spec[2] ? 64 : 32, v).toString(16).toUpperCase(); break;
        case 'p': t = BigInt.asUintN(64, v).toString(16).padStart(16, '0'); break;
        case 'y': t = (() => { const a = s.symbolAt(v); return a ? `${a.module.name}!${a.name}${a.offset ? `+0x${a.offset.toString(16)}` : ''}` : v.toString(16); })(); break;
        default: t = v.toString(16);
      }
      const w = spec[1] ?? '';
      out += w ? t.padStart(parseInt(w, 10), w.startsWith('0') ? '0' : ' ') : t;
    }
    return out;
  })();
}

export const miscCommands: CommandTable = {
  '.cls': (s) => { s.emit('clear'); return ''; },
  '.echo': (_s, a) => a,
  '.printf': (s, a) => printf(s, a),
  // DML output is plain text here (the kd terminal has no links): with it on, `x` shows its letter index line as
  // `x /D` does; every other command prints what it prints without DML.
  '.prefer_dml': (s, a) => {
    const v = a.trim();
    if (v === '1' || v === '0') s.preferDml = v === '1';
    else if (v) return `       ^ Syntax error in '.prefer_dml ${v}'`;
    return `DML versions of commands ${s.preferDml ? 'on' : 'off'} by default`;
  },
  '.help': () => ['. commands:', ...commandNames().filter((n) => n.startsWith('.')).map((n) => `   ${DOT_HELP[n] ? `${n} ${DOT_HELP[n]}` : n}`), '', 'Use ".hh <command>" or open debugger.chm in the debuggers directory to get', 'detailed documentation on a command.'].join('\n'),
  qd: async (s) => { await s.detach(); return 'quit:'; },
  q: async (s) => { await s.detach(); return 'quit:'; },
  '.detach': async (s) => { await s.detach(); return 'Detached'; },
  '.reboot': async (s) => {
    if (s.dumpFile) return "       ^ No runnable debuggees error in '.reboot'";
    await s.reboot();
    return s.shutdownLines();
  },
  sx: (s) => sxList(s),
  sxe: (s, a, n) => sxSet(s, a, n, 'break'),
  sxd: (s, a, n) => sxSet(s, a, n, 'second-chance break'),
  sxn: (s, a, n) => sxSet(s, a, n, 'output'),
  sxi: (s, a, n) => sxSet(s, a, n, 'ignore'),
};

/** `.help`: each meta-command with its arguments and what it does. */
const DOT_HELP: Record<string, string> = {
  '.bugcheck': '- display the bugcheck code and parameters',
  '.cls': '- clear the command window',
  '.detach': '- detach from the target, leaving it running',
  '.echo': '[<string>] - echo the string',
  '.frame': '[/r] [<frame>] - set the current stack frame for locals',
  '.help': '- display this help',
  '.lines': '[-e|-d|-t] - toggle source line support',
  '.prefer_dml': '[0|1] - prefer DML output for commands that have it',
  '.printf': '"<format>", <args...> - formatted output',
  '.reboot': '- reboot the target machine',
  '.reload': '[/f] [<module>] - reload symbols',
  '.srcpath': '[<dir>[;...]] - set the source search path',
  '.srcpath+': '<dir>[;...] - append to the source search path',
  '.symfix': '[<localsym>] - set the symbol path to the Microsoft symbol store',
  '.sympath': '[<dir>[;...]] - set the symbol search path',
  '.sympath+': '<dir>[;...] - append to the symbol search path',
  '.thread': '[<address>] - set the implicit thread for stacks',
};

/** The event filters `sx` lists, in WinDbg's order, with their default handling. The KD stub reports module loads,
 *  so `ld` is the one that changes what the debugger does (a break on the named driver's load); the others are
 *  kept and listed as set. */
const EVENTS: Array<[code: string, text: string, exception: boolean]> = [
  ['ct', 'Create thread', false], ['et', 'Exit thread', false], ['cpr', 'Create process', false], ['epr', 'Exit process', false],
  ['ld', 'Load module', false], ['ud', 'Unload module', false], ['ser', 'System error', false], ['ibp', 'Initial breakpoint', false],
  ['iml', 'Initial module load', false], ['out', 'Debuggee output', false],
  ['av', 'Access violation', true], ['asrt', 'Assertion failure', true], ['aph', 'Application hang', true],
  ['bpe', 'Break instruction exception', true], ['eh', 'C++ EH exception', true], ['dm', 'Data misaligned', true],
  ['gp', 'Guard page violation', true], ['ii', 'Illegal instruction', true], ['ip', 'In-page I/O error', true],
  ['dz', 'Integer divide-by-zero', true], ['iov', 'Integer overflow', true], ['ch', 'Invalid handle', true],
  ['sov', 'Stack overflow', true], ['sse', 'Single step exception', true], ['vcpp', 'Visual C++ exception', true],
];
const DEFAULTS: Record<string, string> = {
  ct: 'ignore', et: 'ignore', cpr: 'ignore', epr: 'ignore', ld: 'output', ud: 'ignore', ser: 'ignore', ibp: 'ignore', iml: 'ignore',
  out: 'output', eh: 'second-chance break', ii: 'second-chance break', vcpp: 'ignore', sse: 'break', bpe: 'break',
};

function sxState(s: KdSession, code: string): string { return s.eventFilters.get(code) ?? DEFAULTS[code] ?? 'break'; }

/** The exception codes of the named exception events. */
const EXCEPTION_EVENTS: Record<number, string> = {
  0xc0000005: 'av', 0xc0000420: 'asrt', 0xcfffffff: 'aph', 0x80000003: 'bpe', 0xe06d7363: 'eh', 0x80000002: 'dm',
  0x80000001: 'gp', 0xc000001d: 'ii', 0xc0000006: 'ip', 0xc0000094: 'dz', 0xc0000095: 'iov', 0xc0000008: 'ch',
  0xc00000fd: 'sov', 0x80000004: 'sse', 0x406d1388: 'vcpp',
};

/** What a first-chance exception with this code does under the sx settings: 'break' stops, 'second-chance break'
 *  and 'output' print its line and go on, 'ignore' goes on silently. An exception no event names breaks. */
export function firstChanceHandling(s: KdSession, code: number): string {
  const event = EXCEPTION_EVENTS[code >>> 0];
  return event ? sxState(s, event) : 'break';
}

function sxList(s: KdSession): string {
  const lines: string[] = [];
  for (const [code, text, exception] of EVENTS) {
    if (code === 'av') lines.push('');
    const state = sxState(s, code);
    lines.push(`${code.padStart(4)} - ${text} - ${state}${exception ? ` - ${code === 'bpe' || code === 'sse' ? 'handled' : 'not handled'}` : ''}`);
    if (code === 'ld' || code === 'ud') {
      const only = [...s.loadFilters].filter(([, on]) => on === (code === 'ld')).map(([pat]) => pat);
      if (code === 'ld' && only.length && state === 'break') lines.push(`       (only break for ${only.join(' ')})`);
    }
  }
  return lines.join('\n');
}

/** `sxe ld:echo` breaks when echo.sys loads (`sxe ld` on every load); `sxd ld:echo` stops that. An event WinDbg does
 *  not know is refused with its syntax error. */
function sxSet(s: KdSession, args: string, name: string, state: string): string {
  const a = args.trim();
  // An exception code (sxe 0xc0000005) is taken as WinDbg takes it; it adds no line to `sx` here.
  if (/^(0x)?[0-9a-f]{1,8}$/i.test(a)) return '';
  const m = /^([a-z]+)(?::\s*(\S+))?$/i.exec(a);
  const code = m?.[1]!.toLowerCase();
  if (!m || !EVENTS.some(([c]) => c === code)) return `       ^ Syntax error in '${name} ${a}'`;
  s.eventFilters.set(code!, state);
  if (code === 'ld') {
    const module = (m[2] ?? '*').toLowerCase().replace(/\.(sys|dll|exe)$/, '');
    if (state === 'break') s.loadFilters.set(module, true);
    else if (m[2]) s.loadFilters.delete(module); else s.loadFilters.clear();
  }
  return '';
}
