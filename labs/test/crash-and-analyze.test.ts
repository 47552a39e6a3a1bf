// "Crash and analyze" walked from its scenario, end to end: a chosen bug, the blue screen caught by the debugger,
// !analyze -v naming the driver, the fix built, redeployed and running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstGap, walk } from './walk.ts';

test('Crash and analyze: every step passes, from the chosen bug to the fixed driver running', { timeout: 600_000 }, async () => {
  const w = await walk('crash-and-analyze', 60);
  assert.equal(w.ok, true, firstGap(w) + '\n' + w.output.slice(-3000));
  assert.match(w.steps.find((s) => s.id === 'crash')!.detail!, /DRIVER_IRQL_NOT_LESS_OR_EQUAL \(0x000000D1\) in Crashy\.sys|bugcheck 0xD1/);
});
