// The guide service the app uses: labs listed and shown without answers, a step checked against the real work
// folder (a pass saved as progress, the next step named), hints and answers revealed on request and recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkStep, getLab, listLabs, progress, reveal } from '../guide.ts';
import { loadLab } from '../load.ts';
import { applyAnswerFiles } from '../runner.ts';
import { RecordingWorld } from '../world.ts';

test('the guide lists the labs and shows one without its answers', () => {
  const all = listLabs();
  assert.equal(all.length, 8);
  assert.ok(all.every((l) => l.title && l.goal && l.steps > 0));
  assert.match(all.find((l) => l.id === 'echo-kernel-debugging')!.startSnapshot!, /already provisioned/);
  const hello = getLab('hello-world-kmdf');
  assert.equal(hello.stepList[0]!.id, 'new-project');
  assert.ok(!JSON.stringify(hello).includes('"answer"'), 'no answers in the lab view');
});

test('checking a step: not yet, then passed once the learner typed the code; progress and reveals are saved', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'guide-'));
  const world = new RecordingWorld(work);
  const before = await checkStep(world, work, 'hello-world-kmdf', 'write-driver');
  assert.equal(before.passed, false);
  assert.match(before.detail, /KmdfHelloWorld\/Driver\.c does not exist on host/);
  assert.equal(before.next, 'new-project');
  applyAnswerFiles(loadLab('hello-world-kmdf'), 'write-driver', work);
  const after = await checkStep(world, work, 'hello-world-kmdf', 'write-driver');
  assert.equal(after.passed, true, after.detail);
  assert.equal(after.next, 'new-project', 'the first step is still open');
  assert.deepEqual(Object.keys((await progress(work, 'hello-world-kmdf')).steps), ['write-driver']);
  const hint = await reveal(work, 'hello-world-kmdf', 'build', 'hint');
  assert.match(hint.text, /build KmdfHelloWorld/);
  const answer = await reveal(work, 'hello-world-kmdf', 'write-driver', 'answer');
  assert.match(answer.files!['KmdfHelloWorld/Driver.c']!, /WdfDeviceCreate\(&DeviceInit/);
  const p = await progress(work, 'hello-world-kmdf');
  assert.deepEqual([p.hints, p.answers], [['build'], ['write-driver']]);
  await assert.rejects(checkStep(world, work, 'hello-world-kmdf', 'nope'), /has no step "nope"/);
});
