// "Concepts you can see" walked end to end from its scenario: a user-mode crash next to the same mistake in a
// driver (a blue screen), the address spaces in !process and lm, the paged-pool IRQL rule (0xD1), an upper filter
// added to Echo's stack and an IRP stopped in it on echoapp's thread, KMDF frames under EchoEvtIoWrite, and a
// driver asking which Windows it runs on - each step's check against real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../main/engine/labs/load.ts';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('Concepts lab: every step from a user-mode crash to the version probe passes its check', { timeout: 600_000 }, async () => {
  const w = await walk('concepts-you-can-see', 60);
  assertPassedThrough(w, loadLab('concepts-you-can-see').lab.steps.at(-1)!.id);
  assert.equal(w.ok, true, firstGap(w));
  assert.match(w.output, /\\Driver\\EchoFilter/, 'the filter sits in the device stack');
  assert.match(w.output, /EchoFilter!EchoFilterDispatchPass[^\n]*\n(?:[^\n]*\n)*?[^\n]*nt!NtCreateFile/, 'the IRP reached the filter on the caller\'s thread');
  assert.match(w.output, /echo!EchoEvtIoWrite[^\n]*\n(?:[^\n]*\n)*?[^\n]*Wdf01000!/i, 'the callback runs under framework frames');
});
