// The renderer build's lock: a second build waits for the first (side-by-side test files once emptied out/renderer
// under a test that was copying it), and a lock left behind by a killed process does not block forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { whileLocked } from '../renderer-build.ts';

test('builds under the lock run one after the other; a stale lock is taken over', async () => {
  const lock = path.join(mkdtempSync(path.join(os.tmpdir(), 'dl-lock-')), 'build.lock');
  const events: string[] = [];
  const build = (name: string) => whileLocked(async () => {
    events.push(`${name} start`);
    await new Promise((r) => setTimeout(r, 300));
    events.push(`${name} end`);
  }, lock);
  await Promise.all([build('a'), build('b')]);
  assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end']);
  assert.equal(existsSync(lock), false, 'released');

  writeFileSync(lock, '');
  const old = (Date.now() - 10 * 60_000) / 1000;
  utimesSync(lock, old, old);
  let ran = false;
  await whileLocked(async () => { ran = true; }, lock);
  assert.ok(ran);
});
