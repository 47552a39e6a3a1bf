// Launch the real Electron app where its binary exists: a window on app://renderer/, the page without Node,
// the API working over IPC. Where the binary is absent (it cannot be downloaded here), say why and skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { repoRoot } from '../../toolchain/clang.ts';
import { electronBinary } from '../electron-binary.ts';
import { buildElectron } from '../build.ts';
import { ensureRenderer } from '../../web/renderer-build.ts';

test('Electron launches DriverLab with contextIsolation, sandbox and the IPC API', async (t) => {
  const bin = electronBinary();
  if (!bin.path) { t.skip(`Electron launch skipped: ${bin.reason}`); return; }
  await ensureRenderer();
  await buildElectron();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-electron-'));
  const app = await _electron.launch({ executablePath: bin.path, args: [repoRoot, '--workspace', workspace, '--no-sandbox'], cwd: repoRoot });
  try {
    const win = await app.firstWindow();
    await win.getByText('Create a new project').waitFor();
    assert.equal(await win.title(), 'DriverLab');
    assert.match(win.url(), /^app:\/\/renderer\//);
    assert.equal(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    assert.equal(await win.evaluate(() => typeof (window as { driverlabIpc?: unknown }).driverlabIpc), 'object');
    assert.equal(await win.getByText('Desktop').count(), 1, 'the status bar names the IPC transport');
  } finally {
    await app.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
