// i64 as a pair of int32s (lo, hi) inside translated code: a BigInt per value allocates on every operation and made
// i64 loops 14-16x slower than V8's wasm. The translator keeps each i64 local and stack slot as two JS numbers and
// joins them into the BigInt the rest of the system uses (semantics.ts, the interpreter, saved frames) only at a
// function's edges. Ops without a template here run their BigInt template from semantics.ts on joined operands.
//
// Template language: $0, $1... = operands flattened (an i64 operand gives two: lo then hi); #0, #1 = the result
// (lo, hi for an i64, else the one value); @ = the checked address; $t0..$t7 = scratch numbers. A result may share
// its slot with the first operand, so a template writes a half only once no later read needs the old one.

/** A pair form: statements (`js`), or for an i32 0/1 result the condition alone (`cond`), fusable into a branch. */
export type PairOp = { js: string } | { cond: string };

export const pairOps = new Map<number, PairOp>();
const js = (code: number, s: string) => pairOps.set(code, { js: s });
const cond = (code: number, s: string) => pairOps.set(code, { cond: s });

// Comparisons: hi decides (signed or unsigned), lo unsigned breaks a tie.
const lo = (o: string) => `($0 >>> 0) ${o} ($2 >>> 0)`;
cond(0x50, '($0 | $1) === 0');
cond(0x51, '$0 === $2 && $1 === $3');
cond(0x52, '$0 !== $2 || $1 !== $3');
for (const [c, strict, o] of [[0x53, '<', '<'], [0x55, '>', '>'], [0x57, '<', '<='], [0x59, '>', '>=']] as const) {
  cond(c, `$1 ${strict} $3 || ($1 === $3 && ${lo(o)})`);
  cond(c + 1, `($1 >>> 0) ${strict} ($3 >>> 0) || ($1 === $3 && ${lo(o)})`);
}

js(0x79, '#0 = $1 !== 0 ? Math.clz32($1) : 32 + Math.clz32($0); #1 = 0;');
js(0x7a, '#0 = $0 !== 0 ? H.ctz32($0) : 32 + H.ctz32($1); #1 = 0;');
js(0x7b, '#0 = H.popcnt32($0) + H.popcnt32($1); #1 = 0;');
// Carry/borrow from the unsigned low halves.
js(0x7c, '$t0 = ($0 + $2) | 0; #1 = ($1 + $3 + (($t0 >>> 0) < ($0 >>> 0) ? 1 : 0)) | 0; #0 = $t0;');
js(0x7d, '$t0 = ($0 - $2) | 0; #1 = ($1 - $3 - (($0 >>> 0) < ($2 >>> 0) ? 1 : 0)) | 0; #0 = $t0;');
// The high word: the cross products' low words plus the unsigned 32x32 high word of lo*lo, from 16-bit halves
// (every partial product below 2^32, every sum below 2^53, so exact in doubles).
js(0x7e, '$t0 = $0 & 65535; $t1 = $0 >>> 16; $t2 = $2 & 65535; $t3 = $2 >>> 16; ' +
  '$t4 = $t0 * $t2; $t5 = $t1 * $t2; $t6 = $t0 * $t3; $t7 = ($t4 >>> 16) + ($t5 & 65535) + ($t6 & 65535); ' +
  '#1 = (Math.imul($1, $2) + Math.imul($0, $3) + $t1 * $t3 + ($t5 >>> 16) + ($t6 >>> 16) + ($t7 >>> 16)) | 0; ' +
  '#0 = Math.imul($0, $2);');
js(0x83, '#0 = $0 & $2; #1 = $1 & $3;');
js(0x84, '#0 = $0 | $2; #1 = $1 | $3;');
js(0x85, '#0 = $0 ^ $2; #1 = $1 ^ $3;');
// Shifts by n & 63. `(x >>> 1) >>> (31 - k)` is x >>> (32 - k) that also gives 0 for k = 0 (JS masks counts by 31).
js(0x86, '$t0 = $2 & 63; if ($t0 < 32) { #1 = ($1 << $t0) | (($0 >>> 1) >>> (31 - $t0)); #0 = $0 << $t0; } else { #1 = $0 << $t0; #0 = 0; }');
js(0x87, '$t0 = $2 & 63; if ($t0 < 32) { #0 = ($0 >>> $t0) | (($1 << 1) << (31 - $t0)); #1 = $1 >> $t0; } else { #0 = $1 >> $t0; #1 = $1 >> 31; }');
js(0x88, '$t0 = $2 & 63; if ($t0 < 32) { #0 = ($0 >>> $t0) | (($1 << 1) << (31 - $t0)); #1 = ($1 >>> $t0) | 0; } else { #0 = ($1 >>> $t0) | 0; #1 = 0; }');
// Rotates: by 32 or more, swap the halves first; rotr k = rotl (64 - k).
const rotl = (k: string) => `$t0 = ${k}; if ($t0 & 32) { $t1 = $1; $t2 = $0; } else { $t1 = $0; $t2 = $1; } $t0 &= 31; ` +
  '#0 = ($t1 << $t0) | (($t2 >>> 1) >>> (31 - $t0)); #1 = ($t2 << $t0) | (($t1 >>> 1) >>> (31 - $t0));';
js(0x89, rotl('$2 & 63'));
js(0x8a, rotl('(64 - ($2 & 63)) & 63'));

js(0xa7, '#0 = $0;');
js(0xac, '#0 = $0; #1 = $0 >> 31;');
js(0xad, '#0 = $0; #1 = 0;');
// hi * 2^32 is exact, so the one addition rounds once: the correctly rounded f64, as wasm's convert.
js(0xb9, '#0 = $1 * 4294967296 + ($0 >>> 0);');
js(0xba, '#0 = ($1 >>> 0) * 4294967296 + ($0 >>> 0);');
js(0xc2, '#0 = ($0 << 24) >> 24; #1 = #0 >> 31;');
js(0xc3, '#0 = ($0 << 16) >> 16; #1 = #0 >> 31;');
js(0xc4, '#1 = $0 >> 31;');

/** i64 memory accesses as 32-bit ones at the same checked address ($0 the address, $1/$2 a stored value). */
export const pairMem = new Map<number, { js: string; fast?: string }>([
  [0x29, { js: '#0 = DV.getInt32(@, true); #1 = DV.getInt32(@ + 4, true);', fast: '#0 = I32[@ >> 2]; #1 = I32[(@ >> 2) + 1];' }],
  [0x30, { js: '#0 = I8[@]; #1 = #0 >> 31;' }],
  [0x31, { js: '#0 = U8[@]; #1 = 0;' }],
  [0x32, { js: '#0 = DV.getInt16(@, true); #1 = #0 >> 31;', fast: '#0 = I16[@ >> 1]; #1 = #0 >> 31;' }],
  [0x33, { js: '#0 = DV.getUint16(@, true); #1 = 0;', fast: '#0 = U16[@ >> 1]; #1 = 0;' }],
  [0x34, { js: '#0 = DV.getInt32(@, true); #1 = #0 >> 31;', fast: '#0 = I32[@ >> 2]; #1 = #0 >> 31;' }],
  [0x35, { js: '#0 = DV.getInt32(@, true); #1 = 0;', fast: '#0 = I32[@ >> 2]; #1 = 0;' }],
  [0x37, { js: 'DV.setInt32(@, $1, true); DV.setInt32(@ + 4, $2, true);', fast: 'I32[@ >> 2] = $1; I32[(@ >> 2) + 1] = $2;' }],
  [0x3c, { js: 'U8[@] = $1;' }],
  [0x3d, { js: 'DV.setInt16(@, $1, true);', fast: 'U16[@ >> 1] = $1;' }],
  [0x3e, { js: 'DV.setInt32(@, $1, true);', fast: 'I32[@ >> 2] = $1;' }],
]);

/** Fill a pair template. */
export function fillPair(tpl: string, operands: string[], outs: string[], addr = '$a'): string {
  return tpl.replace(/\$(\d)/g, (_, d: string) => operands[Number(d)]!).replace(/#(\d)/g, (_, d: string) => outs[Number(d)]!).replace(/@/g, addr);
}

/** Scratch variables the templates use. */
export const PAIR_TEMPS = ['$t0', '$t1', '$t2', '$t3', '$t4', '$t5', '$t6', '$t7'] as const;

// Joined and split through one 8-byte buffer (little-endian, as the memory views already assume): one BigInt
// allocation per join and none per split, where shifts and asIntN allocate several.
const b64 = new BigInt64Array(1), b32 = new Int32Array(b64.buffer);

/** The pair's halves (any BigInt in, wrapped to 64 bits), and the signed BigInt they make. */
export const pairH = {
  lo(x: bigint): number { b64[0] = x; return b32[0]!; },
  hi(x: bigint): number { b64[0] = x; return b32[1]!; },
  j64(lo: number, hi: number): bigint { b32[0] = lo; b32[1] = hi; return b64[0]!; },
};
