// The ONE description of what each numeric and memory instruction does. The translator pastes these JS templates
// into generated code and the interpreter is generated from the same templates, so the two cannot disagree.
//
// Template language: $0, $1, $2 = operands (bottom to top); @ = the effective address (already bounds-checked);
// names available in generated code: H (helpers), U8 I8 U16 I16 I32 I64 F32 F64 DV (views of system memory).
// Types: i = i32 (JS int32 number), j = i64 (BigInt in signed 64-bit range), f = f32 (number, fround-ed), d = f64.

import { Status } from './status.ts';

export interface Trap { cond: string; code: number }
export interface Sem {
  in: string; out: string; js: string; traps?: Trap[];
  /** Memory access: bytes touched, and whether it writes. The address operand is $0. */
  mem?: { size: number; store: boolean; fast?: string };
}

export const sem = new Map<number, Sem>();
function op(code: number, inT: string, out: string, js: string, traps?: Trap[]): void { sem.set(code, { in: inT, out, js, traps }); }
function load(code: number, out: string, size: number, js: string, fast?: string): void { sem.set(code, { in: 'i', out, js, mem: { size, store: false, fast } }); }
function store(code: number, inT: string, size: number, js: string, fast?: string): void { sem.set(code, { in: inT, out: '', js, mem: { size, store: true, fast } }); }

const div0 = (z: string): Trap => ({ cond: `$1 === ${z}`, code: Status.INTEGER_DIVIDE_BY_ZERO });
const nan: Trap = { cond: '$0 !== $0', code: Status.FLOAT_INVALID_OPERATION };
const range = (lo: string, hi: string): Trap => ({ cond: `!($0 > ${lo} && $0 < ${hi})`, code: Status.INTEGER_OVERFLOW });

// Memory. `js` works at any address; `fast` (when given) is the same access for an address aligned to its size,
// through a typed-array view (the translator takes it after one combined range+alignment test).
load(0x28, 'i', 4, 'DV.getInt32(@, true)', 'I32[@ >> 2]');
load(0x29, 'j', 8, 'DV.getBigInt64(@, true)', 'I64[@ >> 3]');
load(0x2a, 'f', 4, 'DV.getFloat32(@, true)', 'F32[@ >> 2]');
load(0x2b, 'd', 8, 'DV.getFloat64(@, true)', 'F64[@ >> 3]');
load(0x2c, 'i', 1, 'I8[@]');
load(0x2d, 'i', 1, 'U8[@]');
load(0x2e, 'i', 2, 'DV.getInt16(@, true)', 'I16[@ >> 1]');
load(0x2f, 'i', 2, 'DV.getUint16(@, true)', 'U16[@ >> 1]');
load(0x30, 'j', 1, 'BigInt(I8[@])');
load(0x31, 'j', 1, 'BigInt(U8[@])');
load(0x32, 'j', 2, 'BigInt(DV.getInt16(@, true))', 'BigInt(I16[@ >> 1])');
load(0x33, 'j', 2, 'BigInt(DV.getUint16(@, true))', 'BigInt(U16[@ >> 1])');
load(0x34, 'j', 4, 'BigInt(DV.getInt32(@, true))', 'BigInt(I32[@ >> 2])');
load(0x35, 'j', 4, 'BigInt(DV.getUint32(@, true))', 'BigInt(I32[@ >> 2] >>> 0)');
store(0x36, 'ii', 4, 'DV.setInt32(@, $1, true)', 'I32[@ >> 2] = $1');
store(0x37, 'ij', 8, 'DV.setBigInt64(@, $1, true)', 'I64[@ >> 3] = $1');
store(0x38, 'if', 4, 'DV.setFloat32(@, $1, true)', 'F32[@ >> 2] = $1');
store(0x39, 'id', 8, 'DV.setFloat64(@, $1, true)', 'F64[@ >> 3] = $1');
store(0x3a, 'ii', 1, 'U8[@] = $1');
store(0x3b, 'ii', 2, 'DV.setInt16(@, $1, true)', 'I16[@ >> 1] = $1');
store(0x3c, 'ij', 1, 'U8[@] = Number($1 & 255n)');
store(0x3d, 'ij', 2, 'DV.setInt16(@, Number($1 & 65535n), true)', 'U16[@ >> 1] = Number($1 & 65535n)');
store(0x3e, 'ij', 4, 'DV.setInt32(@, Number(BigInt.asIntN(32, $1)), true)', 'I32[@ >> 2] = Number(BigInt.asIntN(32, $1))');

// i32 comparisons and arithmetic.
op(0x45, 'i', 'i', '$0 === 0 ? 1 : 0');
const cmp32: [number, string][] = [[0x46, '$0 === $1'], [0x47, '$0 !== $1'], [0x48, '$0 < $1'], [0x49, '($0 >>> 0) < ($1 >>> 0)'],
  [0x4a, '$0 > $1'], [0x4b, '($0 >>> 0) > ($1 >>> 0)'], [0x4c, '$0 <= $1'], [0x4d, '($0 >>> 0) <= ($1 >>> 0)'],
  [0x4e, '$0 >= $1'], [0x4f, '($0 >>> 0) >= ($1 >>> 0)']];
for (const [c, e] of cmp32) op(c, 'ii', 'i', `${e} ? 1 : 0`);
op(0x50, 'j', 'i', '$0 === 0n ? 1 : 0');
const cmp64: [number, string][] = [[0x51, '$0 === $1'], [0x52, '$0 !== $1'], [0x53, '$0 < $1'], [0x54, 'H.u64($0) < H.u64($1)'],
  [0x55, '$0 > $1'], [0x56, 'H.u64($0) > H.u64($1)'], [0x57, '$0 <= $1'], [0x58, 'H.u64($0) <= H.u64($1)'],
  [0x59, '$0 >= $1'], [0x5a, 'H.u64($0) >= H.u64($1)']];
for (const [c, e] of cmp64) op(c, 'jj', 'i', `${e} ? 1 : 0`);
const fcmp = ['===', '!==', '<', '>', '<=', '>='];
fcmp.forEach((o, k) => { op(0x5b + k, 'ff', 'i', `$0 ${o} $1 ? 1 : 0`); op(0x61 + k, 'dd', 'i', `$0 ${o} $1 ? 1 : 0`); });

op(0x67, 'i', 'i', 'Math.clz32($0)');
op(0x68, 'i', 'i', 'H.ctz32($0)');
op(0x69, 'i', 'i', 'H.popcnt32($0)');
op(0x6a, 'ii', 'i', '($0 + $1) | 0');
op(0x6b, 'ii', 'i', '($0 - $1) | 0');
op(0x6c, 'ii', 'i', 'Math.imul($0, $1)');
op(0x6d, 'ii', 'i', '($0 / $1) | 0', [div0('0'), { cond: '$0 === -2147483648 && $1 === -1', code: Status.INTEGER_OVERFLOW }]);
op(0x6e, 'ii', 'i', '(($0 >>> 0) / ($1 >>> 0)) | 0', [div0('0')]);
op(0x6f, 'ii', 'i', '($0 % $1) | 0', [div0('0')]);
op(0x70, 'ii', 'i', '(($0 >>> 0) % ($1 >>> 0)) | 0', [div0('0')]);
op(0x71, 'ii', 'i', '$0 & $1');
op(0x72, 'ii', 'i', '$0 | $1');
op(0x73, 'ii', 'i', '$0 ^ $1');
op(0x74, 'ii', 'i', '$0 << $1');
op(0x75, 'ii', 'i', '$0 >> $1');
op(0x76, 'ii', 'i', '($0 >>> $1) | 0');
op(0x77, 'ii', 'i', '($0 << $1) | ($0 >>> (32 - ($1 & 31)))');
op(0x78, 'ii', 'i', '($0 >>> $1) | ($0 << (32 - ($1 & 31)))');

// i64 as BigInt.
op(0x79, 'j', 'j', 'H.clz64($0)');
op(0x7a, 'j', 'j', 'H.ctz64($0)');
op(0x7b, 'j', 'j', 'H.popcnt64($0)');
op(0x7c, 'jj', 'j', 'BigInt.asIntN(64, $0 + $1)');
op(0x7d, 'jj', 'j', 'BigInt.asIntN(64, $0 - $1)');
op(0x7e, 'jj', 'j', 'BigInt.asIntN(64, $0 * $1)');
op(0x7f, 'jj', 'j', '$0 / $1', [div0('0n'), { cond: '$0 === -9223372036854775808n && $1 === -1n', code: Status.INTEGER_OVERFLOW }]);
op(0x80, 'jj', 'j', 'BigInt.asIntN(64, H.u64($0) / H.u64($1))', [div0('0n')]);
op(0x81, 'jj', 'j', '$0 % $1', [div0('0n')]);
op(0x82, 'jj', 'j', 'BigInt.asIntN(64, H.u64($0) % H.u64($1))', [div0('0n')]);
op(0x83, 'jj', 'j', '$0 & $1');
op(0x84, 'jj', 'j', '$0 | $1');
op(0x85, 'jj', 'j', '$0 ^ $1');
op(0x86, 'jj', 'j', 'BigInt.asIntN(64, $0 << ($1 & 63n))');
op(0x87, 'jj', 'j', '$0 >> ($1 & 63n)');
op(0x88, 'jj', 'j', 'BigInt.asIntN(64, H.u64($0) >> ($1 & 63n))');
op(0x89, 'jj', 'j', 'H.rotl64($0, $1)');
op(0x8a, 'jj', 'j', 'H.rotr64($0, $1)');

// Floating point.
const fun = (base: number, r: (e: string) => string, t: string) => {
  op(base, t, t, r('Math.abs($0)')); op(base + 1, t, t, r('-$0')); op(base + 2, t, t, r('Math.ceil($0)'));
  op(base + 3, t, t, r('Math.floor($0)')); op(base + 4, t, t, r('Math.trunc($0)')); op(base + 5, t, t, r('H.nearest($0)'));
  op(base + 6, t, t, r('Math.sqrt($0)'));
  op(base + 7, t + t, t, r('$0 + $1')); op(base + 8, t + t, t, r('$0 - $1')); op(base + 9, t + t, t, r('$0 * $1'));
  op(base + 10, t + t, t, r('$0 / $1')); op(base + 11, t + t, t, r('H.fmin($0, $1)')); op(base + 12, t + t, t, r('H.fmax($0, $1)'));
  op(base + 13, t + t, t, r('H.copysign($0, $1)'));
};
fun(0x8b, (e) => `Math.fround(${e})`, 'f');
fun(0x99, (e) => e, 'd');

// Conversions.
op(0xa7, 'j', 'i', 'Number(BigInt.asIntN(32, $0))');
op(0xa8, 'f', 'i', '$0 | 0', [nan, range('-2147483649', '2147483648')]);
op(0xa9, 'f', 'i', '($0 >>> 0) | 0', [nan, range('-1', '4294967296')]);
op(0xaa, 'd', 'i', '$0 | 0', [nan, range('-2147483649', '2147483648')]);
op(0xab, 'd', 'i', '($0 >>> 0) | 0', [nan, range('-1', '4294967296')]);
op(0xac, 'i', 'j', 'BigInt($0)');
op(0xad, 'i', 'j', 'BigInt($0 >>> 0)');
op(0xae, 'f', 'j', 'BigInt(Math.trunc($0))', [nan, range('-9223373136366403584', '9223372036854775808')]);
op(0xaf, 'f', 'j', 'BigInt.asIntN(64, BigInt(Math.trunc($0)))', [nan, range('-1', '18446744073709551616')]);
op(0xb0, 'd', 'j', 'BigInt(Math.trunc($0))', [nan, range('-9223372036854777856', '9223372036854775808')]);
op(0xb1, 'd', 'j', 'BigInt.asIntN(64, BigInt(Math.trunc($0)))', [nan, range('-1', '18446744073709551616')]);
op(0xb2, 'i', 'f', 'Math.fround($0)');
op(0xb3, 'i', 'f', 'Math.fround($0 >>> 0)');
op(0xb4, 'j', 'f', 'H.i64ToF32($0)');
op(0xb5, 'j', 'f', 'H.i64ToF32(H.u64($0))');
op(0xb6, 'd', 'f', 'Math.fround($0)');
op(0xb7, 'i', 'd', '$0');
op(0xb8, 'i', 'd', '$0 >>> 0');
op(0xb9, 'j', 'd', 'Number($0)');
op(0xba, 'j', 'd', 'Number(H.u64($0))');
op(0xbb, 'f', 'd', '$0');
op(0xbc, 'f', 'i', 'H.f32bits($0)');
op(0xbd, 'd', 'j', 'H.f64bits($0)');
op(0xbe, 'i', 'f', 'H.bitsF32($0)');
op(0xbf, 'j', 'd', 'H.bitsF64($0)');
op(0xc0, 'i', 'i', '($0 << 24) >> 24');
op(0xc1, 'i', 'i', '($0 << 16) >> 16');
op(0xc2, 'j', 'j', 'BigInt.asIntN(8, $0)');
op(0xc3, 'j', 'j', 'BigInt.asIntN(16, $0)');
op(0xc4, 'j', 'j', 'BigInt.asIntN(32, $0)');
// Saturating truncations (nontrapping-fptoint).
op(0xfc00, 'f', 'i', 'H.satI32($0)'); op(0xfc01, 'f', 'i', 'H.satU32($0)');
op(0xfc02, 'd', 'i', 'H.satI32($0)'); op(0xfc03, 'd', 'i', 'H.satU32($0)');
op(0xfc04, 'f', 'j', 'H.satI64($0)'); op(0xfc05, 'f', 'j', 'H.satU64($0)');
op(0xfc06, 'd', 'j', 'H.satI64($0)'); op(0xfc07, 'd', 'j', 'H.satU64($0)');

/** Fill a template: operands by name, the address variable for @. */
export function fill(js: string, operands: string[], addr = '$a'): string {
  return js.replace(/\$(\d)/g, (_, d: string) => operands[Number(d)]!).replace(/@/g, addr);
}
