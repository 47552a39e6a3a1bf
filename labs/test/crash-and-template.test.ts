// Two labs walked from their scenarios: "Crash and analyze" end to end (a chosen bug, the blue screen caught by
// the debugger, !analyze -v naming the driver, the fix redeployed and running), and the KMDF template lab as far
// as the engine takes it today (the template's files, a Universal build, its package, a provisioned target).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('Crash and analyze: every step passes, from the chosen bug to the fixed driver running', { timeout: 600_000 }, async () => {
  const w = await walk('crash-and-analyze', 60);
  assert.equal(w.ok, true, firstGap(w) + '\n' + w.output.slice(-3000));
  assert.match(w.steps.find((s) => s.id === 'crash')!.detail!, /DRIVER_IRQL_NOT_LESS_OR_EQUAL \(0x000000D1\) in Crashy\.sys|bugcheck 0xD1/);
});

test('KMDF template: the template\'s files, the Universal build, the package folder and a provisioned target pass their checks', { timeout: 600_000 }, async (t) => {
  const w = await walk('kmdf-template', 60);
  assertPassedThrough(w, 'provision');
  t.diagnostic(firstGap(w));
});
