// Every i64 pair template (i64-pairs.ts) against the BigInt template of the same instruction (semantics.ts, what the
// interpreter runs) on edge values and pseudo-random ones: shift counts around 0/32/64, carries across the halves,
// the signed/unsigned extremes. The result shares its variables with the first operand where the translator's
// stack slot does, so a template that overwrites a half it still needs fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, sem } from '../semantics.ts';
import { fillPair, PAIR_TEMPS, pairOps } from '../i64-pairs.ts';
import { H } from '../helpers.ts';

const EDGE = [0n, 1n, -1n, 2n, 7n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, -0x80000000n, -0x80000001n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdef0n,
  -0x123456789abcdefn, 0xffff0000ffffn, 0x9e3779b97f4a7c15n];
const wrap = (x: bigint) => BigInt.asIntN(64, x);
const J = [...EDGE.map(wrap)];
let seed = 0x243f6a8885a308d3n;
for (let k = 0; k < 24; k++) { seed = wrap(seed * 6364136223846793005n + 1442695040888963407n); J.push(seed, seed >> BigInt(k * 2)); }
const I = [0, 1, -1, 7, 0x7fffffff, -0x80000000, 0x12345678, -77, 255, 65535];

/** Build the pair form of `op` as a function of flattened operands, returning the result (an i64 as [lo, hi]). */
function pairFn(op: number): (...a: number[]) => number | number[] {
  const s = sem.get(op)!, p = pairOps.get(op)!;
  const names: string[] = [];
  const flat: string[] = [];
  [...s.in].forEach((t, k) => { const n = `x${k}`; names.push(n); flat.push(n); if (t === 'j') flat.push(`${n}h`); });
  // The translator puts the result in the first operand's slot when the types match.
  const out = s.in[0] === s.out ? 'x0' : 'r';
  const outs = s.out === 'j' ? [out, `${out}h`] : [out];
  let body = `let ${[...PAIR_TEMPS.map((v) => `${v} = 0`), 'r = 0', 'rh = 0'].join(', ')};\n`;
  body += 'cond' in p ? `${out} = (${fillPair(p.cond, flat, [])}) ? 1 : 0;\n` : `${fillPair(p.js, flat, outs)}\n`;
  body += s.out === 'j' ? `return [${outs.join(', ')}];` : `return ${out};`;
  return new Function('H', ...flat, body).bind(null, H) as (...a: number[]) => number | number[];
}

function bigFn(op: number): (...a: (number | bigint)[]) => number | bigint {
  const s = sem.get(op)!;
  const names = [...s.in].map((_, k) => `x${k}`);
  return new Function('H', ...names, `return ${fill(s.js, names)};`).bind(null, H) as (...a: (number | bigint)[]) => number | bigint;
}

test('every i64 pair template gives the BigInt template\'s result', () => {
  let checked = 0;
  for (const op of pairOps.keys()) {
    const s = sem.get(op)!;
    const pf = pairFn(op), bf = bigFn(op);
    const domain = (t: string) => (t === 'j' ? J : I) as (number | bigint)[];
    const grids: (number | bigint)[][] = s.in.length === 1
      ? domain(s.in[0]!).map((a) => [a])
      : domain(s.in[0]!).flatMap((a) => domain(s.in[1]!).map((b) => [a, b]));
    for (const args of grids) {
      const flat = args.flatMap((v) => (typeof v === 'bigint' ? [H.lo(v), H.hi(v)] : [v]));
      const want = bf(...args), got = pf(...flat);
      const what = `op 0x${op.toString(16)}(${args.join(', ')})`;
      if (s.out === 'j') {
        const [lo, hi] = got as number[];
        assert.ok((lo! | 0) === lo && (hi! | 0) === hi, `${what}: halves are int32 (${lo}, ${hi})`);
        assert.equal(H.j64(lo!, hi!), want, what);
      } else assert.ok(Object.is(got, want), `${what}: ${got} vs ${want}`);
      checked++;
    }
  }
  assert.ok(checked > 40000, `checked ${checked}`);
});

test('a BigInt splits into int32 halves and joins back, wrapping to 64 bits', () => {
  for (const v of J) {
    assert.equal(H.lo(v), Number(BigInt.asIntN(32, v)));
    assert.equal(H.hi(v), Number(BigInt.asIntN(32, v >> 32n)));
    assert.equal(H.j64(H.lo(v), H.hi(v)), v);
  }
  assert.equal(H.hi(1n << 64n | 5n), 0);
  assert.equal(H.j64(-1, 0x7fffffff), 0x7fffffffffffffffn);
});
