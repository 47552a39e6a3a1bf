// A saved lab boots with the kernel of the engine that loads it, not the kernel path recorded when it was saved (a
// lab saved by `npm run web` runs the .ts sources, the desktop app its bundles, an AppImage a new mount each start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../lab-engine.ts';
import { targetKernel } from '../../cli/target-kernel.ts';

test('a saved lab whose kernel was installed elsewhere boots with the loading engine\'s kernel', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'driverlab-wsk-'));
  const kernel = await targetKernel({ serviceModules: [] });
  const gone = { ...kernel, module: new URL('file:///nonexistent/driverlab/kernel-boot.mjs').href };
  const e1 = new LabEngine({ kernel: gone, watchdogMs: 0 });
  await e1.newTarget('Moved');
  await e1.saveWorkspace(dir);
  await e1.shutdown();

  const e2 = new LabEngine({ kernel, watchdogMs: 0 });
  try {
    assert.deepEqual((await e2.loadWorkspace(dir)).problems, []);
    await e2.power('Moved', true);
    const s = await e2.waitFor('Moved', ['running', 'halted', 'bugchecked'], 120_000);
    assert.equal(s.state, 'running', JSON.stringify(s));
  } finally {
    await e2.shutdown();
    await rm(dir, { recursive: true, force: true });
  }
});
