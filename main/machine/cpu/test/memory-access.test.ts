// Memory accesses at the edges: every load and store width at aligned and misaligned addresses, at the NULL guard,
// at the top of system space, with small and large (>= 64 KiB) offsets and addresses that wrap past 4 GiB. The
// translator's fast path (aligned typed-array access after one combined test) must agree with the interpreter and
// with plain little-endian reads, and fault exactly where the address range says, with the same faulting address.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine, type Machine } from './util.ts';
import { NULL_GUARD } from '../../memory.ts';
import { Status } from '../status.ts';
import type { LoadedImage } from '../../../../kernel/ntos/mm/loader/loader.ts';

const SRC = `
struct __attribute__((packed)) Odd { UCHAR pad[6]; LONG v; LONGLONG w; short s; };
struct Big { UCHAR pad[0x20000]; LONG v; LONGLONG w; };

LONG Load32(ULONG p, int k) {
  switch (k) {
  case 0: return *(volatile signed char *)p;
  case 1: return *(volatile UCHAR *)p;
  case 2: return *(volatile short *)p;
  case 3: return *(volatile USHORT *)p;
  case 4: return *(volatile LONG *)p;
  case 5: return ((volatile struct Odd *)p)->v;
  case 6: return ((volatile struct Odd *)p)->s;
  case 7: return ((volatile struct Big *)p)->v;
  default: return (LONG)(*(volatile float *)p * 4.0f);
  }
}
LONGLONG Load64(ULONG p, int k) {
  switch (k) {
  case 0: return *(volatile signed char *)p;
  case 1: return *(volatile UCHAR *)p;
  case 2: return *(volatile short *)p;
  case 3: return *(volatile USHORT *)p;
  case 4: return *(volatile LONG *)p;
  case 5: return *(volatile ULONG *)p;
  case 6: return *(volatile LONGLONG *)p;
  case 7: return ((volatile struct Odd *)p)->w;
  case 8: return ((volatile struct Big *)p)->w;
  default: return (LONGLONG)(*(volatile double *)p * 8.0);
  }
}
void Store32(ULONG p, int k, LONG v) {
  switch (k) {
  case 0: *(volatile UCHAR *)p = (UCHAR)v; break;
  case 1: *(volatile short *)p = (short)v; break;
  case 2: *(volatile LONG *)p = v; break;
  case 3: ((volatile struct Odd *)p)->v = v; break;
  case 4: ((volatile struct Big *)p)->v = v; break;
  default: *(volatile float *)p = (float)v; break;
  }
}
void Store64(ULONG p, int k, LONGLONG v) {
  switch (k) {
  case 0: *(volatile UCHAR *)p = (UCHAR)v; break;
  case 1: *(volatile short *)p = (short)v; break;
  case 2: *(volatile LONG *)p = (LONG)v; break;
  case 3: *(volatile LONGLONG *)p = v; break;
  case 4: ((volatile struct Odd *)p)->w = v; break;
  case 5: ((volatile struct Big *)p)->w = v; break;
  default: *(volatile double *)p = (double)v; break;
  }
}
`;
const EXPORTS = ['Load32', 'Load64', 'Store32', 'Store64'];
const BIG = 0x20000;

/** Offset and size of each access kind, and how to read the expected value little-endian. */
type Kind = { off: number; size: number; read?: (dv: DataView, a: number) => number | bigint };
const LOAD32: Kind[] = [
  { off: 0, size: 1, read: (d, a) => d.getInt8(a) }, { off: 0, size: 1, read: (d, a) => d.getUint8(a) },
  { off: 0, size: 2, read: (d, a) => d.getInt16(a, true) }, { off: 0, size: 2, read: (d, a) => d.getUint16(a, true) },
  { off: 0, size: 4, read: (d, a) => d.getInt32(a, true) }, { off: 6, size: 4, read: (d, a) => d.getInt32(a, true) },
  { off: 18, size: 2, read: (d, a) => d.getInt16(a, true) }, { off: BIG, size: 4, read: (d, a) => d.getInt32(a, true) },
  { off: 0, size: 4 },
];
const LOAD64: Kind[] = [
  { off: 0, size: 1, read: (d, a) => BigInt(d.getInt8(a)) }, { off: 0, size: 1, read: (d, a) => BigInt(d.getUint8(a)) },
  { off: 0, size: 2, read: (d, a) => BigInt(d.getInt16(a, true)) }, { off: 0, size: 2, read: (d, a) => BigInt(d.getUint16(a, true)) },
  { off: 0, size: 4, read: (d, a) => BigInt(d.getInt32(a, true)) }, { off: 0, size: 4, read: (d, a) => BigInt(d.getUint32(a, true)) },
  { off: 0, size: 8, read: (d, a) => d.getBigInt64(a, true) }, { off: 10, size: 8, read: (d, a) => d.getBigInt64(a, true) },
  { off: BIG + 8, size: 8, read: (d, a) => d.getBigInt64(a, true) }, { off: 0, size: 8 },
];
const STORE32: Kind[] = [{ off: 0, size: 1 }, { off: 0, size: 2 }, { off: 0, size: 4 }, { off: 6, size: 4 }, { off: BIG, size: 4 }, { off: 0, size: 4 }];
const STORE64: Kind[] = [{ off: 0, size: 1 }, { off: 0, size: 2 }, { off: 0, size: 4 }, { off: 0, size: 8 }, { off: 10, size: 8 }, { off: BIG + 8, size: 8 }, { off: 0, size: 8 }];

let bytes: Uint8Array;
before(async () => { bytes = await build(SRC, 'Release', EXPORTS); });

/** Translator and interpreter machines with the same pseudo-random bytes in the top 512 KiB. */
function machines(): { tr: Machine; ip: Machine; imT: LoadedImage; imI: LoadedImage; top: number } {
  const tr = makeMachine(), ip = makeMachine({ engine: 'interpret' });
  const imT = tr.load(bytes), imI = ip.load(bytes);
  const top = tr.memory.size;
  let seed = 12345;
  for (let a = top - 0x80000; a < top; a++) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    tr.memory.u8[a] = ip.memory.u8[a] = seed >>> 16;
  }
  return { tr, ip, imT, imI, top };
}

/** Addresses around every edge, misaligned too; some wrap past 4 GiB once an offset is added. */
function addresses(top: number, off: number): number[] {
  const out = [NULL_GUARD - 1, NULL_GUARD - off - 1, NULL_GUARD - off, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0xffffffff - off + 2];
  for (let k = 1; k <= 12; k++) out.push(top - off - k);
  for (let k = 0; k < 8; k++) out.push(top - 0x40000 + k);
  out.push(top, top + 1, top - off);
  return out.filter((a) => a >= 0 && a <= 0xffffffff).map((a) => a >>> 0);
}

function runBoth(o: ReturnType<typeof machines>, name: string, args: (number | bigint)[], what: string) {
  const t = o.tr.call(o.imT, name, args as number[]), i = o.ip.call(o.imI, name, args as number[]);
  assert.equal(t.stops.at(-1)!.reason, i.stops.at(-1)!.reason, what);
  assert.equal(t.cycles, i.cycles, `${what}: cycle counts differ`);
  return { t, i };
}

test('loads: fast path = interpreter = little-endian reads; faults exactly out of range, at the exact address', () => {
  const o = machines();
  const dv = new DataView(o.tr.memory.buffer);
  let faults = 0, reads = 0;
  for (const [name, kinds] of [['Load32', LOAD32], ['Load64', LOAD64]] as const) {
    kinds.forEach((kind, k) => {
      for (const p of addresses(o.top, kind.off)) {
        const what = `${name}(0x${p.toString(16)}, ${k})`;
        const { t, i } = runBoth(o, name, [p | 0, k], what);
        const a = p + kind.off;
        if (a < NULL_GUARD || a + kind.size > o.top) {
          assert.equal(t.thread.exception?.code, Status.ACCESS_VIOLATION, what);
          assert.equal(t.thread.exception!.address, a, `${what}: faulting address`);
          assert.equal(i.thread.exception!.address, a, `${what}: interpreter faulting address`);
          assert.equal(t.thread.exception!.write, false);
          faults++;
        } else {
          assert.equal(t.stops.at(-1)!.reason, 'exited', what);
          assert.ok(Object.is(t.result, i.result), `${what}: translator ${t.result} vs interpreter ${i.result}`);
          if (kind.read) assert.equal(t.result, kind.read(dv, a), what);
          reads++;
        }
      }
    });
  }
  assert.ok(faults > 50 && reads > 200, `${faults} faults, ${reads} reads`);
});

test('stores: same bytes written by both engines at every alignment; faults leave memory untouched', () => {
  const o = machines();
  const window = (m: Machine, a: number) => m.memory.u8.slice(Math.max(a - 4, 0), Math.min(a + 20, o.top));
  const values: [number, bigint] = [-0x12345679, -0x123456789abcdefn];
  for (const [name, kinds] of [['Store32', STORE32], ['Store64', STORE64]] as const) {
    kinds.forEach((kind, k) => {
      // Stores stay in the top region (the image lives low); faults come from the wrapping and out-of-range ones.
      for (const p of addresses(o.top, kind.off).filter((p) => p >= o.top - 0x80000 - kind.off)) {
        const what = `${name}(0x${p.toString(16)}, ${k})`;
        const a = p + kind.off;
        const inRange = a >= NULL_GUARD && a + kind.size <= o.top;
        const before = inRange ? window(o.tr, a) : undefined;
        const v = name === 'Store32' ? values[0] : values[1];
        const { t } = runBoth(o, name, [p | 0, k, v], what);
        if (!inRange) {
          assert.equal(t.thread.exception?.code, Status.ACCESS_VIOLATION, what);
          assert.equal(t.thread.exception!.address, a, `${what}: faulting address`);
          assert.equal(t.thread.exception!.write, true);
          continue;
        }
        assert.equal(t.stops.at(-1)!.reason, 'exited', what);
        assert.deepEqual(window(o.tr, a), window(o.ip, a), `${what}: bytes differ between engines`);
        if (k < kinds.length - 1) {
          // Integer stores: the low `size` bytes of the value, little-endian, and nothing else.
          const want = before!.slice();
          const le = new DataView(new ArrayBuffer(8));
          le.setBigInt64(0, BigInt(v), true);
          want.set(new Uint8Array(le.buffer, 0, kind.size), Math.min(4, a));
          assert.deepEqual(window(o.tr, a), want, `${what}: bytes`);
        }
      }
    });
  }
});
