// The run loop always makes progress: a budget or deadline smaller than one check point's cost must not spin the
// dispatcher forever (a spinning driver thread with a tiny maxCycles used to hang the host).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clang, compileFlags, linkFlags } from '../../../../main/toolchain/clang.ts';
import { loadDriver, testLayouts } from './driver.ts';

test('a spinning thread under tiny budgets still advances, and run() returns each time', async () => {
  // A big loop body makes each loop-iteration check point cost far more than the budgets below.
  const body = Array.from({ length: 400 }, (_, i) => `x = x * 31 + ${i};`).join(' ');
  const src = `volatile unsigned x; unsigned Spin(void) { for (;;) { ${body} } }`;
  const b = await clang([...compileFlags('wdm', 'Debug', false), ...linkFlags(['Spin']), 's.c', '-o', 's.sys'], { 's.c': src });
  assert.ok(b.ok, b.stderr);
  const { k, fn } = loadDriver(await testLayouts(), b.files['s.sys'] as Uint8Array, 'spin');
  const t = k.createThread(fn('Spin'), [], 'spinner');
  let before = t.cycles;
  for (const budget of [1, 50, 2000]) {
    k.run({ maxCycles: budget });
    assert.ok(t.cycles > before, `budget ${budget}: the thread advanced`);
    before = t.cycles;
  }
});
