// The app's lab.open for a lab that starts "already provisioned" (the crash lab's startSnapshot): its computer
// comes into the lab by itself, cabled, running and provisioned with the snapshot's debugger settings (Configure
// Devices shows them); the first app makes it and caches the snapshot, a second app (another workspace) restores
// it. Opened again, the lab keeps the learner's machine. Over the real contract (Electron-style IPC).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiClient } from '../client.ts';
import type { Api, Network } from '../contract.ts';
import { createApiServer } from '../server.ts';
import { hostHandlers } from '../host/service.ts';
import { Workspace } from '../host/workspace.ts';
import { serveIpc, ipcRendererChannel } from '../ipc.ts';
import { appLab } from '../../web/lab-factory.ts';
import { FakeIpcMain, FakeWindow } from './electron-ipc-fake.ts';

const cache = mkdtempSync(path.join(os.tmpdir(), 'dl-start-cache-'));
process.env.DRIVERLAB_SNAPSHOT_DIR = cache;
const closers: (() => Promise<void>)[] = [];
after(async () => { for (const c of closers) await c(); rmSync(cache, { recursive: true, force: true }); });

function app(): Api {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-start-ws-'));
  const lab = appLab();
  const server = createApiServer(hostHandlers(new Workspace(workspace), { lab }));
  lab.bind(server.emit);
  const ipcMain = new FakeIpcMain();
  serveIpc(ipcMain, server, (e) => e.senderFrame?.url.startsWith('app://') ?? false);
  const win = new FakeWindow(ipcMain);
  closers.push(async () => { win.destroy(); await lab.close(); rmSync(workspace, { recursive: true, force: true }); });
  return createApiClient(ipcRendererChannel(win.renderer));
}

/** Open the crash lab; resolves with the network once its computer is running and provisioned. */
async function openCrashLab(api: Api): Promise<Network> {
  const ready = new Promise<Network>((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('the lab\'s computer never came up provisioned')); }, 240_000);
    const off = api.on('machine.state', (n) => {
      const m = n.machines.find((x) => x.name === 'MyTestComputer');
      if (m?.status.state === 'running' && m.provisioned) { clearTimeout(timer); off(); resolve(n); }
    });
  });
  const guide = await api.call('lab.open', { lab: 'crash-and-analyze' });
  assert.equal(guide.current, 'choose-bug');
  return ready;
}

/** Type a line at the target's prompt; what it printed up to the next prompt. */
async function run(api: Api, line: string): Promise<string> {
  const before = (await api.call('console.read', { machine: 'MyTestComputer' })).text.length;
  await api.call('console.input', { machine: 'MyTestComputer', text: `${line}\r\n` });
  for (let i = 0; i < 300; i++) {
    const t = (await api.call('console.read', { machine: 'MyTestComputer' })).text.slice(before);
    const m = /^.*?\r\n([\s\S]*)\r\n[A-Z]:\\[^\r\n>]*>$/.exec(t);
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`"${line}" did not finish at the target's prompt`);
}

test('lab.open brings the lab\'s provisioned computer: made and cached by the first app, restored by the second', { timeout: 600_000 }, async () => {
  const first = app();
  const n1 = await openCrashLab(first);
  const m1 = n1.machines.find((m) => m.name === 'MyTestComputer')!;
  assert.equal(m1.netCabled, true);
  assert.deepEqual(m1.provisioned?.debug, { kind: 'net', hostIp: n1.host.ip, port: 50000, key: '1.2.3.4' });
  assert.equal(readdirSync(cache).filter((f) => f.endsWith('.json')).length, 1, 'the start snapshot is cached');
  const again = await first.call('lab.open', { lab: 'crash-and-analyze' });
  assert.equal(again.id, 'crash-and-analyze');
  assert.equal((await first.call('machine.list', {})).machines.length, 1, 'opened again: the same one computer');

  const file = path.join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
  const made = statSync(file).mtimeMs;
  const second = app();
  const n2 = await openCrashLab(second);
  assert.equal(statSync(file).mtimeMs, made, 'restored from the cache, not made again');
  assert.equal(n2.machines.find((m) => m.name === 'MyTestComputer')!.netCabled, true);
  const bcd = await run(second, 'bcdedit');
  assert.match(bcd, /testsigning\s+Yes/);
  assert.match(bcd, /debug\s+Yes/);
  const dbg = await run(second, 'bcdedit /dbgsettings');
  assert.match(dbg, /key\s+1\.2\.3\.4/);
  assert.match(dbg, /port\s+50000/);
  assert.match(await run(second, 'dir C:\\DriverTest'), /<DIR>\s+Drivers/);
});
