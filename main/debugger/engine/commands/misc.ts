// Session commands: .cls, .echo, .printf, .prefer_dml, .help, qd/q, sxe/sxd.
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
  '.prefer_dml': (s, a) => { s.preferDml = a.trim() === '1'; return ''; },
  '.help': () => ['. commands:', ...commandNames().filter((n) => n.startsWith('.')).map((n) => `   ${n}`), '', 'Use ".hh <command>" or open debugger.chm in the debuggers directory to get', 'detailed documentation on a command.'].join('\n'),
  qd: async (s) => { await s.detach(); return 'quit:'; },
  q: async (s) => { await s.detach(); return 'quit:'; },
  '.detach': async (s) => { await s.detach(); return 'Detached'; },
  '.reboot': async (s) => {
    if (s.dumpFile) return "       ^ No runnable debuggees error in '.reboot'";
    await s.reboot();
    return s.shutdownLines();
  },
  sxe: (s, a) => filter(s, a, true),
  sxd: (s, a) => filter(s, a, false),
  sxi: (s, a) => filter(s, a, false),
};

function filter(s: KdSession, args: string, on: boolean): string {
  const m = /^ld:?\s*(\S+)$/i.exec(args.trim());
  if (!m) return '';
  s.loadFilters.set(m[1]!.toLowerCase().replace(/\.sys$/, ''), on);
  return '';
}
