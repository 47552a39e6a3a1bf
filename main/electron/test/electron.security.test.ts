// The desktop renderer cannot reach Node. Where no Electron binary runs (launch.test.ts skips), the built preload
// bundle is run as Electron would run it in a sandboxed renderer — `require` giving only Electron's
// sandbox-safe modules — and it must hand the page exactly one object, window.driverlabIpc { send, onMessage },
// whose functions carry only API messages on our IPC channel. The main process must ask Electron for
// contextIsolation and sandbox, without nodeIntegration, deny new windows and navigation elsewhere, and accept
// IPC only from our app:// page.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { buildElectron, electronOutDir } from '../build.ts';
import { IPC_CHANNEL, serveIpc, type IpcMainEventLike } from '../../api/ipc.ts';
import { createApiServer } from '../../api/server.ts';

before(async () => { await buildElectron(); });

test('the preload exposes only window.driverlabIpc { send, onMessage }, and it carries only our channel', () => {
  const code = readFileSync(path.join(electronOutDir, 'preload.cjs'), 'utf8');
  const exposed: Record<string, unknown> = {};
  const required: string[] = [];
  const sent: [string, unknown][] = [];
  const handlers = new Map<string, (e: unknown, m: unknown) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
    ipcRenderer: { send: (ch: string, m: unknown) => sent.push([ch, m]), on: (ch: string, l: (e: unknown, m: unknown) => void) => handlers.set(ch, l) },
  };
  const module = { exports: {} };
  const sandbox = {
    module, exports: module.exports,
    require: (id: string) => { required.push(id); if (id === 'electron') return electron; throw new Error(`module not found: ${id}`); },
  };
  vm.runInNewContext(code, sandbox, { filename: 'preload.cjs' });
  assert.deepEqual(required, ['electron'], 'the preload needs nothing from Node');
  assert.deepEqual(Object.keys(exposed), ['driverlabIpc']);
  const api = exposed.driverlabIpc as Record<string, unknown>;
  assert.deepEqual(Object.keys(api).sort(), ['onMessage', 'send']);
  assert.ok(Object.values(api).every((f) => typeof f === 'function'));
  (api.send as (m: unknown) => void)({ kind: 'request', id: 1, method: 'project.list', params: {} });
  assert.deepEqual(sent.map(([ch]) => ch), [IPC_CHANNEL], 'only the API channel');
  const got: unknown[] = [];
  (api.onMessage as (l: (m: unknown) => void) => void)((m) => got.push(m));
  assert.deepEqual([...handlers.keys()], [IPC_CHANNEL]);
  handlers.get(IPC_CHANNEL)!({ sender: 'not for the page' }, { kind: 'event', name: 'x', payload: {} });
  assert.deepEqual(got, [{ kind: 'event', name: 'x', payload: {} }], 'the page gets the message, never the IPC event object');
});

test('the main process asks for contextIsolation and sandbox, no Node, no new windows, no navigation away', () => {
  const main = readFileSync(path.join(electronOutDir, 'main.mjs'), 'utf8');
  const prefs = /webPreferences:\s*\{([^}]*)\}/.exec(main)?.[1] ?? '';
  for (const want of [/contextIsolation:\s*true/, /sandbox:\s*true/, /nodeIntegration:\s*false/, /webSecurity:\s*true/]) assert.match(prefs, want);
  assert.doesNotMatch(prefs, /nodeIntegrationInWorker:\s*true|nodeIntegrationInSubFrames:\s*true|webviewTag:\s*true/);
  assert.match(main, /setWindowOpenHandler\(\(\) => \(\{ action: "deny" \}\)\)/);
  assert.match(main, /will-navigate/);
  assert.match(main, /setPermissionRequestHandler\(\(_wc, _perm, done\) => done\(false\)\)/);
});

test('IPC from a frame that is not our app:// page gets nothing at all', async () => {
  const listeners: ((e: IpcMainEventLike, m: unknown) => void)[] = [];
  const api = createApiServer({} as never);
  // The same predicate main.ts passes (tested through serveIpc, the code that enforces it).
  serveIpc({ on: (_ch, l) => listeners.push(l) }, api, (e) => e.senderFrame?.url.startsWith('app://renderer/') ?? false);
  const replies: unknown[] = [];
  const sender = (id: number) => ({ id, send: (_c: string, m: unknown) => replies.push(m), isDestroyed: () => false, once: () => {} });
  for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://renderer.evil/', 'devtools://devtools/']) {
    listeners[0]!({ sender: sender(1), senderFrame: { url } }, { kind: 'request', id: 1, method: 'project.list', params: {} });
  }
  listeners[0]!({ sender: sender(2), senderFrame: null }, { kind: 'request', id: 2, method: 'project.list', params: {} });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(replies, [], 'no reply, not even an error');
  listeners[0]!({ sender: sender(3), senderFrame: { url: 'app://renderer/index.html' } }, { kind: 'request', id: 3, method: 'kd.command', params: {} });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal((replies[0] as { id: number }).id, 3, 'our page is served');
});
