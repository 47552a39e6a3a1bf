// The contract, end to end over BOTH transports (a real WebSocket server on 127.0.0.1 with token and Origin
// checks, and Electron-style IPC), against the real host service: templates, workspace on disk, the real build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createApiClient } from '../client.ts';
import { ApiError, type Api, type Channel } from '../contract.ts';
import { createApiServer } from '../server.ts';
import { hostHandlers } from '../host/service.ts';
import { Workspace } from '../host/workspace.ts';
import { serveIpc, ipcRendererChannel, IPC_CHANNEL } from '../ipc.ts';
import { startWebServer, type WebServer } from '../../web/server.ts';
import { reconnectingChannel, type SocketLike } from '../ws-client.ts';
import { includeRoot } from '../../toolchain/clang.ts';
import { FakeIpcMain, FakeWindow } from './electron-ipc-fake.ts';

interface Rig { api: Api; raw(msg: unknown): Promise<unknown>; workspace: string; close(): Promise<void> }

// Self-contained (no headers), so the compile error is the only one, at a known place: line 7, column 12.
const BROKEN_DRIVER = [
  '// A driver entry that uses a name nobody declared.',
  'typedef long NTSTATUS;',
  '',
  'NTSTATUS DriverEntry(void *DriverObject, void *RegistryPath)',
  '{',
  '    (void)DriverObject; (void)RegistryPath;',
  '    return notDeclaredAnywhere;',
  '}',
  '',
].join('\n');

async function wsRig(): Promise<Rig> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-ws-'));
  const server: WebServer = await startWebServer({ workspace, port: 0, log: () => {} });
  const origin = `http://127.0.0.1:${server.port}`;
  const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
  const channel = reconnectingChannel(url, (u) => new WebSocket(u, { origin }) as unknown as SocketLike);
  const rawSock = new WebSocket(url, { origin });
  await new Promise((r) => rawSock.once('open', r));
  return {
    api: createApiClient(channel), workspace,
    raw: (msg) => new Promise((resolve) => {
      rawSock.once('message', (d) => resolve(JSON.parse(d.toString())));
      rawSock.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    }),
    close: async () => { channel.close(); rawSock.close(); await server.close(); rmSync(workspace, { recursive: true, force: true }); },
  };
}

async function ipcRig(): Promise<Rig> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-ipc-'));
  const ipcMain = new FakeIpcMain();
  const server = createApiServer(hostHandlers(new Workspace(workspace)));
  serveIpc(ipcMain, server, (e) => e.senderFrame?.url.startsWith('app://') ?? false);
  const win = new FakeWindow(ipcMain);
  const rawWin = new FakeWindow(ipcMain);
  const rawReplies: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  rawWin.renderer.on(IPC_CHANNEL, (_e, m) => { const w = waiting.shift(); if (w) w(m); else rawReplies.push(m); });
  return {
    api: createApiClient(ipcRendererChannel(win.renderer)), workspace,
    raw: (msg) => new Promise((resolve) => { waiting.push(resolve); rawWin.renderer.send(IPC_CHANNEL, msg); }),
    close: async () => { win.destroy(); rawWin.destroy(); rmSync(workspace, { recursive: true, force: true }); },
  };
}

for (const [name, makeRig] of [['WebSocket', wsRig], ['Electron IPC', ipcRig]] as const) {
  describe(`API contract over ${name}`, () => {
    let rig: Rig;
    before(async () => { rig = await makeRig(); });
    after(async () => { await rig.close(); });

    test('workspace, templates and New Project (KMDF Empty) on disk', async () => {
      const info = await rig.api.call('workspace.info', {});
      assert.equal(info.root, rig.workspace);
      const templates = await rig.api.call('templates.list', {});
      const empty = templates.find((t) => t.name === 'Kernel Mode Driver, Empty (KMDF)');
      assert.ok(empty?.available, 'KMDF Empty template is offered');
      assert.deepEqual(templates.map((t) => t.kind).sort(), ['exe', 'kmdf', 'kmdf', 'umdf', 'wdm']);

      const tree = await rig.api.call('project.create', { template: empty.id, name: 'KmdfHelloWorld' });
      assert.equal(tree.kind, 'kmdf');
      assert.deepEqual(tree.files, [{ path: 'KmdfHelloWorld.inf', filter: 'Driver Files' }]);
      const dir = path.join(rig.workspace, 'KmdfHelloWorld');
      assert.ok(existsSync(path.join(dir, 'KmdfHelloWorld.sln')));
      const inf = readFileSync(path.join(dir, 'KmdfHelloWorld.inf'), 'utf8');
      assert.match(inf, /Root\\KmdfHelloWorld/);
      assert.doesNotMatch(inf, /\$safeprojectname\$/);
      assert.deepEqual(await rig.api.call('project.list', {}), ['KmdfHelloWorld']);
      await assert.rejects(rig.api.call('project.create', { template: empty.id, name: 'KmdfHelloWorld' }),
        (e: ApiError) => e.code === 'ALREADY_EXISTS');
    });

    test('Add New Item, save and read back; paths cannot leave the project', async () => {
      const tree = await rig.api.call('project.addItem', { project: 'KmdfHelloWorld', path: 'Driver.c' });
      assert.ok(tree.files.some((f) => f.path === 'Driver.c' && f.filter === 'Source Files'));
      const vcx = readFileSync(path.join(rig.workspace, 'KmdfHelloWorld', 'KmdfHelloWorld.vcxproj'), 'utf8');
      assert.match(vcx, /<ClCompile Include="Driver.c" \/>/);
      await rig.api.call('file.write', { project: 'KmdfHelloWorld', path: 'Driver.c', text: BROKEN_DRIVER });
      assert.equal((await rig.api.call('file.read', { project: 'KmdfHelloWorld', path: 'Driver.c' })).text, BROKEN_DRIVER);
      for (const bad of ['../escape.c', 'a/../../b.c', '/etc/passwd', 'C:\\x.c'])
        await assert.rejects(rig.api.call('file.write', { project: 'KmdfHelloWorld', path: bad, text: 'x' }),
          (e: ApiError) => e.code === 'BAD_PARAMS', bad);
      await assert.rejects(rig.api.call('file.read', { project: 'Nope', path: 'x.c' }), (e: ApiError) => e.code === 'NOT_FOUND');
    });

    test('Project Properties round trip through the .vcxproj and .vcxproj.user', async () => {
      const p = await rig.api.call('project.getProperties', { project: 'KmdfHelloWorld' });
      assert.equal(p.driverType, 'KMDF');
      assert.equal(p.deployment.hardwareId, 'Root\\KmdfHelloWorld');
      const changed = { ...p, wppEnabled: false, deployment: { ...p.deployment, installMode: 'HardwareIdDriverUpdate' as const, removePreviousVersions: true, targetDevice: 'MyTestComputer' } };
      assert.deepEqual(await rig.api.call('project.setProperties', { project: 'KmdfHelloWorld', properties: changed }), changed);
      assert.deepEqual(await rig.api.call('project.getProperties', { project: 'KmdfHelloWorld' }), changed);
      assert.match(readFileSync(path.join(rig.workspace, 'KmdfHelloWorld', 'KmdfHelloWorld.vcxproj.user'), 'utf8'), /MyTestComputer/);
    });

    test('build.run: the real build streams its log and reports diagnostics with file, line and column', async () => {
      const lines: string[] = [];
      const off = rig.api.on('build.log', (e) => lines.push(e.line));
      const r = await rig.api.call('build.run', { project: 'KmdfHelloWorld', configuration: 'Debug' });
      off();
      assert.equal(r.success, false);
      assert.ok(r.errors >= 1);
      const d = r.diagnostics.find((x) => x.severity === 'error' && /notDeclaredAnywhere/.test(x.message));
      assert.ok(d, JSON.stringify(r.diagnostics));
      assert.equal(path.basename(d.file), 'Driver.c');
      assert.equal(d.line, 7);
      assert.equal(d.column, 12);
      assert.ok(lines.some((l) => /Build FAILED\./.test(l)), lines.join('\n'));
      assert.deepEqual(lines, r.log);
    });

    test('headers.index serves our WDK headers per image kind', async () => {
      const wdm = (await rig.api.call('headers.index', { kind: 'wdm' })).symbols;
      const exe = (await rig.api.call('headers.index', { kind: 'exe' })).symbols;
      const find = (list: typeof wdm, n: string) => list.find((s) => s.name === n);
      assert.equal(find(wdm, 'UNICODE_STRING')?.kind, 'struct');
      assert.equal(find(wdm, 'UNICODE_STRING')?.header, 'shared/ntdef.h');
      assert.equal(find(wdm, 'NT_SUCCESS')?.kind, 'macro');
      assert.equal(find(wdm, 'NTSTATUS')?.kind, 'typedef');
      assert.equal(find(wdm, 'strlen')?.kind, 'function');
      // The include set follows the image kind: Win32 is there for a program, not for a kernel driver.
      assert.equal(find(exe, 'CreateFileW')?.header.startsWith('um/'), true);
      assert.equal(find(wdm, 'CreateFileW'), undefined);
      assert.ok(wdm.every((s) => /^(km|shared|crt)\//.test(s.header)));
    });

    test('headers.read gives a WDK header by its debug-info path, read-only, and refuses any other file', async () => {
      const file = path.join(includeRoot, 'wdf', 'family', 'wdfdevice.h');
      const r = await rig.api.call('headers.read', { file });
      assert.equal(r.path, 'inc/wdf/family/wdfdevice.h');
      assert.equal(r.text, readFileSync(file, 'utf8'));
      for (const bad of [path.join(includeRoot, '..', 'ntos', 'kernel.ts'), path.join(includeRoot, 'wdf', '..', '..', '..', 'package.json'), '/etc/passwd', includeRoot]) {
        await assert.rejects(rig.api.call('headers.read', { file: bad }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && /not one of the WDK's headers/.test(e.message), bad);
      }
    });

    test('the lab guide lists the labs with the machine engine, ENGINE_NOT_AVAILABLE without it; unknown methods UNKNOWN_METHOD', async () => {
      const engine = (await rig.api.call('workspace.info', {})).engine.machines;
      const r1 = await rig.raw({ kind: 'request', id: 7, method: 'lab.list', params: {} }) as { ok: boolean; result?: { id: string }[]; error?: { code: string } };
      if (engine) assert.ok(r1.result?.some((l) => l.id === 'hello-world-kmdf'), JSON.stringify(r1));
      else assert.deepEqual([r1.ok, r1.error?.code], [false, 'ENGINE_NOT_AVAILABLE']);
      const r2 = await rig.raw({ kind: 'request', id: 8, method: 'rm.rf', params: {} }) as { error: { code: string } };
      assert.equal(r2.error.code, 'UNKNOWN_METHOD');
    });

    test('malformed messages get an error reply and main keeps serving', async () => {
      const cases: [unknown, string][] = [
        ['this is not json {', 'BAD_MESSAGE'],
        [42, 'BAD_MESSAGE'],
        [{ kind: 'request', id: -1, method: 'project.list', params: {} }, 'BAD_MESSAGE'],
        [{ kind: 'request', id: 9, method: 'project.open', params: { project: 5 } }, 'BAD_PARAMS'],
        [{ kind: 'request', id: 10, method: 'project.open', params: { project: 'x', extra: 1 } }, 'BAD_PARAMS'],
        [{ kind: 'request', id: 11, method: 'file.write', params: { project: 'KmdfHelloWorld', path: 'x'.repeat(5000), text: '' } }, 'BAD_PARAMS'],
      ];
      for (const [msg, code] of cases) {
        const reply = await rig.raw(msg) as { kind: string; ok: boolean; error: { code: string } };
        assert.equal(reply.kind, 'response');
        assert.equal(reply.ok, false);
        assert.equal(reply.error.code, code, JSON.stringify(msg).slice(0, 80));
      }
      assert.deepEqual(await rig.api.call('project.list', {}), ['KmdfHelloWorld']);
    });
  });
}

describe('WebSocket boundary', () => {
  let server: WebServer;
  let workspace: string;
  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-wsb-'));
    server = await startWebServer({ workspace, port: 0, log: () => {} });
  });
  after(async () => { await server.close(); rmSync(workspace, { recursive: true, force: true }); });

  const status = (url: string, origin?: string) => new Promise<number>((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });

  test('a wrong token or a foreign Origin is refused; the right pair is let in', async () => {
    const good = `http://127.0.0.1:${server.port}`;
    assert.equal(await status(`ws://127.0.0.1:${server.port}/api?token=wrong`, good), 401);
    assert.equal(await status(`ws://127.0.0.1:${server.port}/api`, good), 401);
    assert.equal(await status(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, 'http://evil.example'), 403);
    assert.equal(await status(`ws://127.0.0.1:${server.port}/api?token=${server.token}`), 403);
    assert.equal(await status(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, good), 101);
  });

  test('a dropped connection fails requests in flight, then reconnects and serves again', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const sockets: WebSocket[] = [];
    const channel = reconnectingChannel(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, (u) => {
      const s = new WebSocket(u, { origin }); sockets.push(s); return s as unknown as SocketLike;
    }, { maxDelayMs: 200 });
    const states: string[] = [];
    channel.onState((s) => states.push(s));
    const api = createApiClient(channel);
    assert.deepEqual(await api.call('project.list', {}), []);
    // Kill the connection from the server's side while a request may be in flight.
    server.dropConnections();
    const during = api.call('workspace.info', {}).then(() => 'ok', (e: ApiError) => e.code);
    const outcome = await during;
    assert.ok(outcome === 'ok' || outcome === 'DISCONNECTED', outcome);
    const info = await api.call('workspace.info', {});
    assert.equal(info.root, workspace);
    assert.ok(sockets.length >= 2, 'a new socket was opened');
    assert.ok(states.includes('reconnecting'));
    channel.close();
  });
});

// Keep the Channel type referenced for readers: both rigs hand the same client a Channel.
export type { Channel };
