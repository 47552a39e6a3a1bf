// Generated code must not let a driver's function indices or names collide with the translator's own names
// (memory views F32/F64/I32/DV, factory parameters H/P/G). Regression: a call to function 32 or 64 read a view.
// The callees around indices 32 and 64 are all called, whatever the linker puts before them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine } from './util.ts';

test('calls to function 32 and 64, and C functions named like the translator\'s own names, run right', async () => {
  const fns = Array.from({ length: 70 }, (_, i) => `__attribute__((noinline)) int f${i}(int x) { return x + ${i}; }`).join('\n');
  const src = `${fns}
__attribute__((noinline)) int H(int x) { return x * 2; }
__attribute__((noinline)) int P(int x) { return x * 3; }
__attribute__((noinline)) int DV(int x) { return x * 5; }
__attribute__((noinline)) int I32(int x) { return x * 7; }
int Run(int x) { int s = 0; for (int i = 0; i < 3; i++) s += f29(x) + f30(x) + f31(x) + f32(x) + f33(x) + f61(x) + f62(x) + f63(x) + f64(x) + f65(x); return s + H(x) + P(x) + DV(x) + I32(x); }`;
  const bytes = await build(src, 'Release', ['Run'], 'names.c');
  const m = makeMachine();
  const image = m.load(bytes, 'names.sys');
  const x = 10;
  const expected = 3 * (10 * x + 29 + 30 + 31 + 32 + 33 + 61 + 62 + 63 + 64 + 65) + 2 * x + 3 * x + 5 * x + 7 * x;
  assert.equal(m.call(image, 'Run', [x]).result, expected);
});
