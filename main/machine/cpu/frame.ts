// Frame bases: locals (an -O0 function's frame pointer, `sp - N` set once) that several memory accesses use
// directly as their address with a constant offset. The translator tests once, wherever such a local is set, that
// every byte those accesses can touch is mapped and that they are all aligned; the accesses themselves then index a
// typed array with no test of their own while that flag holds, and take the checked path otherwise.

import { NULL_GUARD } from '../memory.ts';
import type { FuncCode } from './analyze.ts';
import { sem } from './semantics.ts';

export interface FrameBase {
  /** Lowest and highest value of the local for which every access below is mapped (unsigned). */
  lo: number; hi: number;
  /** Alignment mask the local must satisfy (largest access size - 1). */
  mask: number;
}

export interface FrameInfo {
  /** Frame-base local → its bounds. */
  bases: Map<number, FrameBase>;
  /** Memory access pc → the frame-base local its address comes from (unchanged since read). */
  access: Map<number, number>;
}

/** A local is worth a flag only when more accesses go through it than it is set. */
const MIN_ACCESSES = 2;

export function frameBases(fc: FuncCode, memSize: number): FrameInfo {
  const code = fc.body.code;
  const nParams = fc.type.params.length;
  // origin[d]: the local whose current value the stack slot at depth d holds, or -1.
  const origin: number[] = [];
  const sets = new Map<number, number>();
  const uses = new Map<number, { pcs: number[]; min: number; max: number; size: number }>();
  const forget = (from: number) => { origin.length = Math.min(origin.length, from); };
  for (let pc = 0; pc < code.length; pc++) {
    const stk = fc.stk[pc];
    if (stk == null) { origin.length = 0; continue; }
    const ins = code[pc]!, h = stk.length;
    const s = sem.get(ins.op);
    if (s) {
      const base = h - s.in.length;
      if (s.mem) {
        const L = origin[base] ?? -1, off = ins.b >>> 0, size = s.mem.size;
        // Only i32 locals, aligned offsets, and offsets small enough that base + offset stays a plain int32.
        if (L >= 0 && off % size === 0 && off < 0x40000000) {
          const u = uses.get(L) ?? { pcs: [], min: off, max: off + size, size };
          u.pcs.push(pc); u.min = Math.min(u.min, off); u.max = Math.max(u.max, off + size); u.size = Math.max(u.size, size);
          uses.set(L, u);
        }
      }
      forget(base);
      continue;
    }
    switch (ins.op) {
      case 0x20: forget(h); origin[h] = fc.locals[ins.a] === 'i' ? ins.a : -1; break;
      case 0x21: case 0x22:
        sets.set(ins.a, (sets.get(ins.a) ?? 0) + 1);
        for (let d = 0; d < origin.length; d++) if (origin[d] === ins.a) origin[d] = -1;
        forget(h - 1);
        if (ins.op === 0x22 && fc.locals[ins.a] === 'i') origin[h - 1] = ins.a;
        break;
      case 0x10: case 0x11: forget(h - fc.callP[pc]! - (ins.op === 0x11 ? 1 : 0)); break;
      case 0x23: case 0x41: case 0x42: case 0x43: case 0x44: case 0x3f: forget(h); break;
      case 0x0d: case 0x04: case 0x1a: case 0x24: case 0x40: forget(h - 1); break;
      case 0x1b: case 0x1c: case 0xfc0a: case 0xfc0b: forget(h - 3); break;
      case 0x01: break;
      case 0x02: break; // entered only by falling in: the slots below keep their values
      // Loop heads, else and end are reached from branches that move other values into the slots.
      default: origin.length = 0;
    }
  }
  const bases = new Map<number, FrameBase>();
  const access = new Map<number, number>();
  for (const [L, u] of uses) {
    const nSets = (sets.get(L) ?? 0) + (L < nParams ? 1 : 0);
    if (u.pcs.length < MIN_ACCESSES || u.pcs.length <= nSets) continue;
    const lo = Math.max(0, NULL_GUARD - u.min), hi = memSize - u.max;
    if (hi < lo) continue;
    bases.set(L, { lo, hi, mask: u.size - 1 });
    for (const pc of u.pcs) access.set(pc, L);
  }
  return { bases, access };
}

/** JS that sets a frame base's flag from the local's current value. */
export function frameFlag(L: number, b: FrameBase): string {
  return `$g${L} = (l${L} >>> 0) >= ${b.lo} && (l${L} >>> 0) <= ${b.hi}${b.mask ? ` && (l${L} & ${b.mask}) === 0` : ''};\n`;
}
