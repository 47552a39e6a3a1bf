// The Hello World KMDF lab walked end to end from its scenario: the learner's Driver.c, a real build, a new
// target provisioned over the network, Hardware ID Driver Update, devcon install at the target's prompt, the
// device started, WinDbg over KDNET, break in, lm/.sympath/.reload/x, the KdPrintEx lines after the print
// filter is opened, the target seen frozen from the host while broken in (how it stays if you detach before g),
// g, then qd - each step's check evaluated against the real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('Hello World (KMDF): every step from the empty project to g and Detach passes its check', { timeout: 600_000 }, async (t) => {
  const w = await walk('hello-world-kmdf', 60);
  assertPassedThrough(w, 'go-detach');
  assert.equal(w.ok, true);
  assert.match(w.steps.find((s) => s.id === 'frozen')!.detail!, /broken-in/);
  assert.match(w.steps.find((s) => s.id === 'device-manager')!.detail!, /Driver is running\./);
  t.diagnostic(firstGap(w));
});
