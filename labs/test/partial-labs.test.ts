// Labs whose whole path the engine does not run yet: each is walked from its scenario as far as it goes; the
// test holds the steps that run today and reports the first step that cannot (and why), so a regression in the
// working part fails and progress in the engine shows up in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../main/engine/labs/load.ts';
import { assertPassedThrough, firstGap, walk, type Walk } from './walk.ts';

function reportsItsGap(w: Walk): void {
  if (w.ok) return;
  const ids = loadLab(w.lab).lab.steps.map((s) => s.id);
  assert.ok(w.firstFailing && ids.includes(w.firstFailing.id) && w.firstFailing.reason.length > 10, `${w.lab} names the step it stopped at and why`);
  assert.equal(w.steps.at(-1)?.id, w.firstFailing.id, 'the walk stops at that step');
}

test('KMDF template lab: the template\'s project (as File > New > Project makes it) passes; the first step that cannot is reported', { timeout: 600_000 }, async (t) => {
  const w = await walk('kmdf-template', 60);
  assertPassedThrough(w, 'create');
  reportsItsGap(w);
  t.diagnostic(firstGap(w));
});
