// Running the target: g, p, t, gu, pc, tc. Stepping by source line when the module has line information.
import { opName } from '../../../formats/wasm/index.ts';
import { StopKind } from '../../../formats/kd/payload.ts';
import { instructionAt } from '../disasm.ts';
import type { KdSession } from '../session.ts';
import type { Command, CommandTable } from './types.ts';

async function stepOnce(s: KdSession, kind: 'into' | 'over', byLine: boolean): Promise<string> {
  const ctx = await s.getContext();
  const pc = ctx.frames[0]?.pc ?? s.stop?.pc ?? 0n;
  const sym = s.symbolAt(pc);
  let range: { lo: bigint; hi: bigint } | undefined;
  if (byLine && sym?.module.symbols) {
    const r = sym.module.symbols.steppingRange(Number(pc - sym.module.base));
    if (r) range = { lo: sym.module.base + BigInt(r.lo), hi: sym.module.base + BigInt(r.hi) };
  }
  const stopped = s.waitForBreak();
  s.quietStops++;
  await s.continueTarget({ traceFlag: 1, stepKind: kind === 'into' ? 0 : 1, rangeStart: range?.lo, rangeEnd: range?.hi });
  return stopped;
}

const bySource = (s: KdSession): boolean => s.sourceOptions.t && s.linesEnabled;

function isCall(s: KdSession, pc: bigint): boolean {
  const sym = s.symbolAt(pc);
  const m = sym?.module;
  if (!m?.wasm) return false;
  const at = instructionAt(m.wasm, Number(pc - m.base));
  return !!at && /^call/.test(opName(at.ins.op));
}

function count(args: string): number {
  const n = args ? parseInt(args.replace(/^0n/, ''), /^0n/.test(args) ? 10 : 16) : 1;
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** A dump cannot run: every command that would resume the target says so, as WinDbg does. */
function live(run: Command): Command {
  return (s, args, name) => (s.dumpFile ? `       ^ No runnable debuggees error in '${`${name} ${args}`.trim()}'` : run(s, args, name));
}

const commands: CommandTable = {
  g: async (s, args) => {
    if (args) {
      // g <address>: run to a one-shot location.
      const at = await s.eval(args);
      const b = { id: -1, kind: 'bp' as const, expr: args, address: at, enabled: true };
      await s.armBreakpoint(b);
      const stopped = s.waitForBreak();
      s.quietStops++;
      await s.continueTarget();
      const text = await stopped;
      await s.disarmBreakpoint(b);
      return text.replace(/^Break instruction exception - code 80000003 \(first chance\)\n/, '');
    }
    await s.continueTarget();
    return '';
  },
  // Source mode (l+t, with line information) steps by source line; l-t or .lines -d by instruction.
  p: async (s, args) => { let out = ''; for (let i = count(args); i > 0; i--) out = await stepOnce(s, 'over', bySource(s)); return out; },
  t: async (s, args) => { let out = ''; for (let i = count(args); i > 0; i--) out = await stepOnce(s, 'into', bySource(s)); return out; },
  gu: async (s) => {
    const stopped = s.waitForBreak();
    s.quietStops++;
    await s.continueTarget({ traceFlag: 1, stepKind: 2 });
    return stopped;
  },
  pc: async (s) => stepToCall(s, 'over'),
  tc: async (s) => stepToCall(s, 'into'),
};

export const execCommands: CommandTable = Object.fromEntries(Object.entries(commands).map(([n, c]) => [n, live(c)]));

async function stepToCall(s: KdSession, kind: 'into' | 'over'): Promise<string> {
  let out = '';
  for (let i = 0; i < 10_000; i++) {
    out = await stepOnce(s, kind, false);
    if (s.stop && 'kind' in s.stop && s.stop.kind !== StopKind.Step) return out; // a breakpoint or other stop ends it
    if (isCall(s, (await s.getContext()).frames[0]?.pc ?? 0n)) return out;
  }
  return out;
}
