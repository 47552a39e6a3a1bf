// The interpreter: runs one saved frame from any instruction, over the same decoded code and analysis as the
// translator. Numeric and memory instructions come from a switch GENERATED from the same semantics table the
// translator uses. Used for single-stepping, for resuming a frame stopped between check points, and to cross-check
// the translator. It hands the frame back to translated code at the first check point it reaches.

import { NULL_GUARD, type SystemMemory } from '../memory.ts';
import { H } from './helpers.ts';
import { fill, sem } from './semantics.ts';
import { Status } from './status.ts';
import type { Func, WasmFrame, Value } from './types.ts';
import type { Processor } from './processor.ts';

/** Result of a pure instruction: 0 done, 1 trapped (details in the trap cell), 2 data breakpoint hit after it. */
export type PureExec = (op: number, ins: { b: number }, st: Value[], trap: TrapCell) => number;
export interface TrapCell { code: number; addr: number; write: number }

/** Build the switch over every numeric/memory instruction from the semantics table. */
export function buildPureExec(mem: SystemMemory, P: { wl: number; wh: number; wr(a: number, n: number, w: number): boolean; watch: number }): PureExec {
  let src = 'return function exec(op, ins, st, T) {\nconst n = st.length;\nlet $a = 0;\nswitch (op) {\n';
  for (const [op, s] of sem) {
    const k = s.in.length;
    const ops = [...Array(k).keys()].map((i) => `$${i}v`);
    src += `case ${op}: {\n`;
    ops.forEach((o, i) => { src += `const ${o} = st[n - ${k - i}];\n`; });
    for (const t of s.traps ?? []) src += `if (${fill(t.cond, ops)}) { T.code = ${t.code}; T.addr = 0; T.write = 0; return 1; }\n`;
    if (s.mem) {
      const size = s.mem.size, w = s.mem.store ? 1 : 0;
      src += `$a = ins.b ? ($0v >>> 0) + ins.b : $0v >>> 0;\n`;
      src += `if ($a < ${NULL_GUARD} || $a > ${mem.size - size}) { T.code = ${Status.ACCESS_VIOLATION}; T.addr = $a; T.write = ${w}; return 1; }\n`;
      if (s.mem.store) src += `${fill(s.js, ops)};\nst.length = n - 2;\n`;
      else src += `st[n - 1] = ${fill(s.js, ops)};\n`;
      const watched = s.mem.store ? 'P.watch > 0' : 'P.watch === 2';
      src += `if (${watched} && $a < P.wh && $a + ${size} > P.wl && P.wr($a, ${size}, ${w})) return 2;\nreturn 0;\n}\n`;
    } else {
      src += `st[n - ${k}] = ${fill(s.js, ops)};\n`;
      if (k > 1) src += `st.length = n - ${k - 1};\n`;
      src += 'return 0;\n}\n';
    }
  }
  src += 'default: throw new Error("not a pure instruction " + op);\n}\n};\n';
  return new Function('P', 'H', 'U8', 'I8', 'I32', 'DV', src)(P, H, mem.u8, mem.i8, mem.i32, mem.dv) as PureExec;
}

export interface InterpMode {
  /** Stepping the top frame: execute check points here and stop when `done(pc)` says so. */
  step?: { done(pc: number, executed: number): boolean };
  /** Hand the frame to translated code at the first check point reached. */
  handoff: boolean;
}

function resultOf(fr: WasmFrame, F: Func): Value | Value[] | undefined {
  const r = F.type.results.length, st = fr.stack;
  if (r === 0) return undefined;
  if (r === 1) return st[st.length - 1];
  return st.slice(st.length - r);
}

export function zeroOf(t: number): Value { return t === 0x7e ? 0n : 0; }

/** Run frame `fr` of function `F` (a wasm function) until it returns, stops or hands off. */
export function interpret(P: Processor, F: Func, fr: WasmFrame, mode: InterpMode): Value | Value[] | undefined {
  const fc = F.code!, code = fc.body.code, inst = F.inst!;
  const st = fr.stack, L = fr.locals, fid = F.id;
  const bps = P.breakpointsOf(fid);
  const exec = P.pure, cell = P.trapCell;
  const zero = F.type.results.length === 1 ? zeroOf(F.type.results[0]!) : undefined;
  let pc = fr.pc, executed = 0;
  const stop = (K: number) => { P.save(fid, K, L, st); return zero; };
  const trapHere = (c: number, addr: number, write: number) => { P.trap(c, fid, pc, addr, write); return stop(2 * pc + 1); };
  if (fr.call) {
    // Stopped inside the call at pc: resume the callee (the next saved frame), then continue after the call.
    const r = P.rn(), nr = fc.callR[pc]!;
    if (nr === 1) st.push(r as Value); else if (nr > 1) st.push(...(r as Value[]));
    if (P.u !== 0) return stop(2 * pc + 2);
    fr.call = false;
    pc++;
    executed++;
  }

  for (;;) {
    const w = fc.cpW[pc]!;
    const isBp = bps !== undefined && bps.has(pc);
    if (mode.step && executed > 0 && mode.step.done(pc, executed)) { P.stepDone(); return stop(2 * pc + 1); }
    if (w > 0 || isBp) {
      if (mode.handoff && executed > 0) {
        P.ensureTranslated(F);
        if (F.cps!.has(pc)) {
          fr.pc = pc;
          return F.js(...F.type.params.map(zeroOf), { k: 2 * pc + 1, locals: L, stack: st });
        }
      }
      if (isBp && P.bp(fid, pc)) return stop(2 * pc + 1);
      // Stepping: a forced step-into stop is for the calls this frame makes, not for its own check points (a
      // loop head, or the function's entry when the step just entered it), so `t` always moves.
      if (w > 0 && (P.b -= w) < 0 && (mode.step ? P.chkStep(fid, pc) : P.chk(fid, pc))) { P.b += w; return stop(2 * pc + 1); }
    }
    const ins = code[pc]!;
    const op = ins.op;
    executed++;
    switch (op) {
      case 0x00: return trapHere(Status.ILLEGAL_INSTRUCTION, 0, 0);
      case 0x01: case 0x02: case 0x03: pc++; continue;
      case 0x04: pc = st.pop() !== 0 ? pc + 1 : fc.tgt[pc]!; continue;
      case 0x05: pc = fc.tgt[pc]!; continue;
      case 0x0b: if (pc === code.length - 1) return resultOf(fr, F); pc++; continue;
      case 0x0c: case 0x0d: case 0x0e: case 0x0f: {
        let tgt: number, th: number, tn: number;
        if (op === 0x0d && st.pop() === 0) { pc++; continue; }
        if (op === 0x0e) {
          const t = fc.tables.get(pc)!;
          const i = Math.min((st.pop() as number) >>> 0, t.length / 3 - 1);
          tgt = t[3 * i]!; th = t[3 * i + 1]!; tn = t[3 * i + 2]!;
        } else { tgt = fc.tgt[pc]!; th = fc.th[pc]!; tn = fc.tn[pc]!; }
        if (tgt === -1) return resultOf(fr, F);
        if (st.length - tn > th) st.splice(th, st.length - tn - th);
        pc = tgt;
        continue;
      }
      case 0x10: case 0x11: {
        const np = fc.callP[pc]!, nr = fc.callR[pc]!;
        let callee: Func | null | undefined;
        if (op === 0x11) {
          const idx = (st[st.length - 1] as number) >>> 0;
          callee = P.table[idx];
          if (callee == null || callee.sig !== P.sigOfType(inst, ins.a)) return trapHere(Status.ACCESS_VIOLATION, idx, 0);
          st.pop();
        } else callee = inst.funcs[ins.a]!;
        const args = st.splice(st.length - np, np);
        const r = callee.js(...args);
        if (nr === 1) st.push(r as Value); else if (nr > 1) st.push(...(r as Value[]));
        if (P.u !== 0) {
          // Restore the call's operands for an "inside the call" save; P.save trims them.
          return stop(2 * pc + 2);
        }
        pc++;
        continue;
      }
      case 0x1a: st.pop(); pc++; continue;
      case 0x1b: case 0x1c: { const c = st.pop(), b = st.pop(); if (c === 0) st[st.length - 1] = b!; pc++; continue; }
      case 0x20: st.push(L[ins.a]!); pc++; continue;
      case 0x21: L[ins.a] = st.pop()!; pc++; continue;
      case 0x22: L[ins.a] = st[st.length - 1]!; pc++; continue;
      case 0x23: st.push(P.globalGet(inst, ins.a)); pc++; continue;
      case 0x24: {
        const v = st[st.length - 1]!;
        if (inst.globals[ins.a]!.kind === 'sp' && ((v as number) >>> 0) < P.spl) return trapHere(Status.STACK_OVERFLOW, (v as number) >>> 0, 1);
        P.globalSet(inst, ins.a, v); st.pop(); pc++; continue;
      }
      case 0x41: st.push(ins.a); pc++; continue;
      case 0x42: case 0x43: case 0x44: st.push(ins.v); pc++; continue;
      case 0x3f: st.push(P.memory.size / 65536); pc++; continue;
      case 0x40: st[st.length - 1] = -1; pc++; continue;
      case 0xfc0a: case 0xfc0b: {
        const n = st.length;
        const d = (st[n - 3] as number) >>> 0, x = (st[n - 2] as number), len = (st[n - 1] as number) >>> 0;
        const bad = (p: number) => p < NULL_GUARD || p + len > P.memory.size;
        if (op === 0xfc0a) {
          if (len !== 0 && (bad(d) || bad(x >>> 0))) return trapHere(Status.ACCESS_VIOLATION, bad(x >>> 0) ? x >>> 0 : d, 1);
          P.memory.u8.copyWithin(d, x >>> 0, (x >>> 0) + len);
        } else {
          if (len !== 0 && bad(d)) return trapHere(Status.ACCESS_VIOLATION, d, 1);
          P.memory.u8.fill(x, d, d + len);
        }
        st.length = n - 3;
        pc++;
        if (P.watch > 0 && len !== 0 && d < P.wh && d + len > P.wl && P.wr(d, len, 1)) return stop(2 * pc + 1);
        continue;
      }
      default: {
        const r = exec(op, ins, st, cell);
        if (r === 1) return trapHere(cell.code, cell.addr, cell.write);
        pc++;
        if (r === 2) return stop(2 * pc + 1);
      }
    }
  }
}
