// The Hello World KMDF lab walked end to end from its scenario: the learner's Driver.c, a real build, a new
// target provisioned over the network, Hardware ID Driver Update, devcon install at the target's prompt, the
// device started, WinDbg over KDNET, break in, lm/.sympath/.reload/x, the KdPrintEx lines after the print
// filter is opened, g - each step's check evaluated against the real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('Hello World (KMDF): every step from the empty project to the KdPrintEx lines in the debugger passes its check', { timeout: 600_000 }, async (t) => {
  const w = await walk('hello-world-kmdf', 30);
  assertPassedThrough(w, 'debug-print');
  assert.match(w.steps.find((s) => s.id === 'device-manager')!.detail!, /Driver is running\./);
  t.diagnostic(firstGap(w));
});
