// Launch the real Electron app where its binary exists: a window on app://renderer/, the page without Node,
// the API working over IPC, and a target created and powered on through it booting (the bundled worker and kernel)
// to its command prompt. Where the binary is absent (it cannot be downloaded here), say why and skip.
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

test('Electron launches DriverLab with contextIsolation, sandbox and the IPC API, and a target boots through it', async (t) => {
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
    // The API over the page's IPC channel (ids far above the UI's own): a target boots to its prompt.
    const call = (method: string, params: unknown) => win.evaluate(([m, p]) => new Promise<{ ok: boolean; result?: unknown; error?: unknown }>((resolve) => {
      const ipc = (window as unknown as { driverlabIpc: { send(x: unknown): void; onMessage(l: (x: unknown) => void): void } }).driverlabIpc;
      const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
      ipc.onMessage((x) => { const r = x as { kind: string; id: number; ok: boolean }; if (r.kind === 'response' && r.id === id) resolve(r); });
      ipc.send({ kind: 'request', id, method: m, params: p });
    }), [method, params] as const);
    assert.equal((await call('machine.create', { name: 'LaunchTarget' })).ok, true);
    assert.equal((await call('machine.power', { name: 'LaunchTarget', on: true })).ok, true);
    let text = '';
    for (let i = 0; i < 480 && !/C:\\Users\\User>$/.test(text); i++) { // hang guard: 120 s
      await new Promise((r) => setTimeout(r, 250));
      text = ((await call('console.read', { machine: 'LaunchTarget' })).result as { text: string } | undefined)?.text ?? '';
    }
    assert.match(text, /Microsoft Windows \[Version 10\.0\.19041\.\d+\][\s\S]*C:\\Users\\User>$/);
  } finally {
    await app.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
