// Helpers the instruction templates call (H.*): the operations JS has no single operator for.

import { pairH } from './i64-pairs.ts';

const cvt = new DataView(new ArrayBuffer(8));
const TWO53 = 2 ** 53;

export const H = {
  ...pairH,
  u64: (x: bigint): bigint => BigInt.asUintN(64, x),
  ctz32(x: number): number { return x === 0 ? 32 : 31 - Math.clz32(x & -x); },
  popcnt32(x: number): number {
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  },
  clz64(x: bigint): bigint {
    const hi = Number(BigInt.asUintN(32, x >> 32n)) | 0;
    return BigInt(hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(Number(BigInt.asUintN(32, x))));
  },
  ctz64(x: bigint): bigint {
    const lo = Number(BigInt.asUintN(32, x)) | 0;
    return BigInt(lo !== 0 ? H.ctz32(lo) : 32 + H.ctz32(Number(BigInt.asUintN(32, x >> 32n)) | 0));
  },
  popcnt64(x: bigint): bigint {
    return BigInt(H.popcnt32(Number(BigInt.asUintN(32, x)) | 0) + H.popcnt32(Number(BigInt.asUintN(32, x >> 32n)) | 0));
  },
  rotl64(x: bigint, n: bigint): bigint {
    const k = n & 63n, u = BigInt.asUintN(64, x);
    return BigInt.asIntN(64, (u << k) | (u >> ((64n - k) & 63n)));
  },
  rotr64(x: bigint, n: bigint): bigint {
    const k = n & 63n, u = BigInt.asUintN(64, x);
    return BigInt.asIntN(64, (u >> k) | (u << ((64n - k) & 63n)));
  },
  /** Round half to even (wasm nearest). */
  nearest(x: number): number {
    if (!Number.isFinite(x) || x === 0) return x;
    const r = Math.round(x);
    const res = Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
    return res === 0 ? (x < 0 ? -0 : 0) : res;
  },
  fmin(a: number, b: number): number {
    if (a !== a || b !== b) return NaN;
    if (a === 0 && b === 0) return Object.is(a, -0) || Object.is(b, -0) ? -0 : 0;
    return a < b ? a : b;
  },
  fmax(a: number, b: number): number {
    if (a !== a || b !== b) return NaN;
    if (a === 0 && b === 0) return Object.is(a, 0) || Object.is(b, 0) ? 0 : -0;
    return a > b ? a : b;
  },
  copysign(a: number, b: number): number {
    const neg = b < 0 || Object.is(b, -0) || (b !== b && (cvt.setFloat64(0, b), cvt.getUint8(0) & 0x80) !== 0);
    const m = Math.abs(a);
    return neg ? -m : m;
  },
  /** Correctly rounded int64 (or uint64 given as a non-negative BigInt) → f32: avoid double rounding via f64. */
  i64ToF32(x: bigint): number {
    const neg = x < 0n, a = neg ? -x : x;
    if (a < BigInt(TWO53)) return Math.fround(neg ? -Number(a) : Number(a));
    const shift = a.toString(2).length - 53;
    const sticky = (a & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    const m = Number((a >> BigInt(shift)) | sticky);
    const v = Math.fround(m) * 2 ** shift;
    return neg ? -v : v;
  },
  f32bits(x: number): number { cvt.setFloat32(0, x, true); return cvt.getInt32(0, true); },
  f64bits(x: number): bigint { cvt.setFloat64(0, x, true); return cvt.getBigInt64(0, true); },
  bitsF32(x: number): number { cvt.setInt32(0, x, true); return cvt.getFloat32(0, true); },
  bitsF64(x: bigint): number { cvt.setBigInt64(0, x, true); return cvt.getFloat64(0, true); },
  satI32(x: number): number { return x !== x ? 0 : x <= -2147483648 ? -2147483648 : x >= 2147483647 ? 2147483647 : x | 0; },
  satU32(x: number): number { return x !== x || x <= 0 ? 0 : x >= 4294967295 ? -1 : (x >>> 0) | 0; },
  satI64(x: number): bigint {
    if (x !== x) return 0n;
    if (x <= -9223372036854775808) return -9223372036854775808n;
    if (x >= 9223372036854775807) return 9223372036854775807n;
    return BigInt(Math.trunc(x));
  },
  satU64(x: number): bigint {
    if (x !== x || x <= 0) return 0n;
    if (x >= 18446744073709551615) return -1n;
    return BigInt.asIntN(64, BigInt(Math.trunc(x)));
  },
};
export type Helpers = typeof H;
