// RTL_BITMAP: a bit count and a caller-owned ULONG buffer; bit n is bit (n % 32) of ULONG n / 32.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';

function bm(k: Kernel, h: number) {
  const s = struct(k.layouts, 'RTL_BITMAP');
  const size = k.memory.readU32(h + s.field('SizeOfBitMap')), buf = k.memory.readU32(h + s.field('Buffer'));
  const word = (i: number) => buf + 4 * (i >>> 5);
  return {
    size,
    get: (i: number) => ((k.memory.readU32(word(i)) >>> (i & 31)) & 1) === 1,
    set: (i: number, v: boolean) => { const w = k.memory.readU32(word(i)), b = 1 << (i & 31); k.memory.writeU32(word(i), v ? w | b : w & ~b); },
  };
}

/** First run of `n` bits equal to `value`, searching from the hint and wrapping; 0xFFFFFFFF when none. */
function find(k: Kernel, h: number, n: number, hint: number, value: boolean): number {
  const b = bm(k, h);
  if (n === 0) return hint < b.size ? hint : 0;
  if (n > b.size) return 0xffffffff;
  const start = hint < b.size ? hint : 0;
  for (const [from, to] of [[start, b.size], [0, start + n - 1]] as const) {
    for (let i = from; i + n <= Math.min(b.size, to === b.size ? b.size : to + 1); i++) {
      let ok = true;
      for (let j = 0; j < n; j++) if (b.get(i + j) !== value) { ok = false; i += j; break; }
      if (ok) return i;
    }
  }
  return 0xffffffff;
}

function setRange(k: Kernel, h: number, from: number, count: number, v: boolean) { const b = bm(k, h); for (let i = from; i < from + count; i++) b.set(i, v); }
function count(k: Kernel, h: number, v: boolean) { const b = bm(k, h); let n = 0; for (let i = 0; i < b.size; i++) if (b.get(i) === v) n++; return n; }
function runAt(k: Kernel, h: number, from: number, v: boolean): { start: number; length: number } {
  const b = bm(k, h);
  let i = from;
  while (i < b.size && b.get(i) !== v) i++;
  const start = i;
  while (i < b.size && b.get(i) === v) i++;
  return { start, length: i - start };
}

export const bitmapRoutines: RoutineTable = {
  RtlInitializeBitMap: (k, h: number, buf: number, size: number) => {
    const s = struct(k.layouts, 'RTL_BITMAP');
    k.memory.writeU32(h + s.field('SizeOfBitMap'), size); k.memory.writeU32(h + s.field('Buffer'), buf);
  },
  RtlClearBit: (k, h: number, n: number) => bm(k, h).set(n, false),
  RtlSetBit: (k, h: number, n: number) => bm(k, h).set(n, true),
  RtlTestBit: (k, h: number, n: number) => (bm(k, h).get(n) ? 1 : 0),
  RtlClearAllBits: (k, h: number) => setRange(k, h, 0, bm(k, h).size, false),
  RtlSetAllBits: (k, h: number) => setRange(k, h, 0, bm(k, h).size, true),
  RtlFindClearBits: (k, h: number, n: number, hint: number) => find(k, h, n, hint, false),
  RtlFindSetBits: (k, h: number, n: number, hint: number) => find(k, h, n, hint, true),
  RtlFindClearBitsAndSet: (k, h: number, n: number, hint: number) => { const i = find(k, h, n, hint, false); if (i !== 0xffffffff) setRange(k, h, i, n, true); return i; },
  RtlFindSetBitsAndClear: (k, h: number, n: number, hint: number) => { const i = find(k, h, n, hint, true); if (i !== 0xffffffff) setRange(k, h, i, n, false); return i; },
  RtlClearBits: (k, h: number, from: number, n: number) => setRange(k, h, from, n, false),
  RtlSetBits: (k, h: number, from: number, n: number) => setRange(k, h, from, n, true),
  RtlAreBitsClear: (k, h: number, from: number, n: number) => { const b = bm(k, h); for (let i = from; i < from + n; i++) if (b.get(i)) return 0; return 1; },
  RtlAreBitsSet: (k, h: number, from: number, n: number) => { const b = bm(k, h); for (let i = from; i < from + n; i++) if (!b.get(i)) return 0; return 1; },
  RtlNumberOfClearBits: (k, h: number) => count(k, h, false),
  RtlNumberOfSetBits: (k, h: number) => count(k, h, true),
  RtlFindFirstRunClear: (k, h: number, startOut: number) => { const r = runAt(k, h, 0, false); k.memory.writeU32(startOut, r.start); return r.length; },
  RtlFindNextForwardRunClear: (k, h: number, from: number, startOut: number) => { const r = runAt(k, h, from, false); k.memory.writeU32(startOut, r.start); return r.length; },
  RtlFindLongestRunClear: (k, h: number, startOut: number) => {
    let best = { start: 0, length: 0 }, i = 0;
    const size = bm(k, h).size;
    while (i < size) { const r = runAt(k, h, i, false); if (r.length > best.length) best = r; i = r.start + Math.max(1, r.length); }
    k.memory.writeU32(startOut, best.start);
    return best.length;
  },
  RtlFindClearRuns: (k, h: number, runs: number, max: number, longest: number) => {
    const s = struct(k.layouts, 'RTL_BITMAP_RUN'), size = bm(k, h).size;
    const all: { start: number; length: number }[] = [];
    for (let i = 0; i < size; ) { const r = runAt(k, h, i, false); if (!r.length) break; all.push(r); i = r.start + r.length; }
    if (longest & 0xff) all.sort((a, b) => b.length - a.length);
    const out = all.slice(0, max);
    out.forEach((r, j) => { k.memory.writeU32(runs + j * s.size + s.field('StartingIndex'), r.start); k.memory.writeU32(runs + j * s.size + s.field('NumberOfBits'), r.length); });
    return out.length;
  },
};
