// The lab's part of the contract over BOTH transports (WebSocket with token and Origin, Electron-style IPC), against
// the real host handlers and a real lab engine whose target boots our kernel: new target, power on with boot
// progress, its command prompt over console.input/console.output, cables, Configure Devices' provisioning (refused
// while Secure Boot is on, the firmware setting turned off, then the BCD really changes), and the debugger's answers before it is connected.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createApiClient } from '../client.ts';
import { ApiError, type Api, type Network } from '../contract.ts';
import { createApiServer } from '../server.ts';
import { hostHandlers } from '../host/service.ts';
import { Workspace } from '../host/workspace.ts';
import { serveIpc, ipcRendererChannel } from '../ipc.ts';
import { startWebServer } from '../../web/server.ts';
import { appLab } from '../../web/lab-factory.ts';
import { reconnectingChannel, type SocketLike } from '../ws-client.ts';
import { FakeIpcMain, FakeWindow } from './electron-ipc-fake.ts';

interface Rig { api: Api; close(): Promise<void> }

async function wsRig(): Promise<Rig> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-labws-'));
  const server = await startWebServer({ workspace, port: 0, log: () => {}, lab: appLab() });
  const channel = reconnectingChannel(`ws://127.0.0.1:${server.port}/api?token=${server.token}`,
    (u) => new WebSocket(u, { origin: `http://127.0.0.1:${server.port}` }) as unknown as SocketLike);
  return { api: createApiClient(channel), close: async () => { channel.close(); await server.close(); rmSync(workspace, { recursive: true, force: true }); } };
}

async function ipcRig(): Promise<Rig> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-labipc-'));
  // Paced to wall time, as the app runs: the target's TCP timers (the test agent provisioning talks to) must not
  // run ahead of the host.
  const lab = appLab();
  const server = createApiServer(hostHandlers(new Workspace(workspace), { lab }));
  lab.bind(server.emit);
  const ipcMain = new FakeIpcMain();
  serveIpc(ipcMain, server, (e) => e.senderFrame?.url.startsWith('app://') ?? false);
  const win = new FakeWindow(ipcMain);
  return { api: createApiClient(ipcRendererChannel(win.renderer)), close: async () => { win.destroy(); await lab.close(); rmSync(workspace, { recursive: true, force: true }); } };
}

/** Resolves with the first event payload that satisfies `test`. */
function until<T>(api: Api, name: 'machine.state' | 'console.output', test: (p: never) => T | undefined, ms = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${name} event matched within ${ms} ms`)); }, ms);
    const off = api.on(name, (p) => { const r = test(p as never); if (r !== undefined) { clearTimeout(timer); off(); resolve(r); } });
  });
}

for (const [name, makeRig] of [['WebSocket', wsRig], ['Electron IPC', ipcRig]] as const) {
  describe(`lab contract over ${name}`, () => {
    let rig: Rig;
    before(async () => { rig = await makeRig(); });
    after(async () => { await rig.close(); });

    test('new target, power on with boot progress, its command prompt answers', async () => {
      assert.equal((await rig.api.call('workspace.info', {})).engine.machines, true);
      const empty = await rig.api.call('machine.list', {});
      assert.deepEqual(empty.machines, []);
      assert.match(empty.host.ip, /^\d+\.\d+\.\d+\.1$/);
      const info = await rig.api.call('machine.create', { name: 'MyTestComputer' });
      assert.deepEqual([info.name, info.status.state, info.netCabled], ['MyTestComputer', 'off', true]);
      await assert.rejects(rig.api.call('machine.create', { name: 'mytestcomputer' }), (e: ApiError) => e.code === 'ALREADY_EXISTS');

      const percents: number[] = [];
      const off = rig.api.on('machine.state', (n) => { const p = n.machines[0]?.status.percent; if (p !== undefined) percents.push(p); });
      const running = until(rig.api, 'machine.state', (n: Network) => (n.machines[0]?.status.state === 'running' ? true : undefined));
      await rig.api.call('machine.power', { name: 'MyTestComputer', on: true });
      await running;
      off();
      assert.ok(percents.length >= 3 && percents.some((p) => p > 50), `boot progress seen: ${percents}`);

      const prompt = /C:\\Users\\User>$/;
      if (!prompt.test((await rig.api.call('console.read', { machine: 'MyTestComputer' })).text))
        await until(rig.api, 'console.output', (e: { text: string }) => (prompt.test(e.text) ? true : undefined));
      let seen = '';
      const banner = until(rig.api, 'console.output', (e: { text: string }) => { seen += e.text; return /Microsoft Windows \[Version 10\.0\.\d+/.test(seen) && prompt.test(seen) ? seen : undefined; });
      await rig.api.call('console.input', { machine: 'MyTestComputer', text: 'ver\r\n' });
      assert.match(await banner, /^ver\r\n/);
      assert.match((await rig.api.call('console.read', { machine: 'MyTestComputer' })).text, /C:\\Users\\User>ver\r\n\r\nMicrosoft Windows/);
      await assert.rejects(rig.api.call('console.input', { machine: 'Nobody', text: 'x' }), (e: ApiError) => e.code === 'NOT_FOUND');
    });

    test('cables: unplug and plug the network cable, a serial cable between COM ports', async () => {
      assert.deepEqual(await rig.api.call('cable.list', {}), [{ kind: 'net', a: 'host', b: 'MyTestComputer' }]);
      assert.deepEqual(await rig.api.call('cable.unplug', { kind: 'net', end: 'MyTestComputer' }), []);
      assert.equal((await rig.api.call('machine.list', {})).machines[0]!.netCabled, false);
      await rig.api.call('cable.plug', { kind: 'net', a: 'host', b: 'MyTestComputer' });
      const withSerial = await rig.api.call('cable.plug', { kind: 'serial', a: 'host:COM1', b: 'MyTestComputer:COM1' });
      assert.equal(withSerial.length, 2);
      assert.ok(withSerial.some((c) => c.kind === 'serial' && [c.a, c.b].sort().join() === 'MyTestComputer:COM1,host:COM1'), JSON.stringify(withSerial));
      await assert.rejects(rig.api.call('cable.plug', { kind: 'serial', a: 'host:COM9', b: 'MyTestComputer:COM2' }), (e: ApiError) => e.code === 'FAILED');
      assert.equal((await rig.api.call('cable.unplug', { kind: 'serial', end: 'MyTestComputer:COM1' })).length, 1);
    });

    test('the debugger before connecting: status, completion of commands, commands refused', async () => {
      assert.equal((await rig.api.call('kd.status', {})).state, 'disconnected');
      const items = (await rig.api.call('kd.complete', { text: 'b' })).items;
      for (const c of ['bp', 'bl', 'bc']) assert.ok(items.includes(c), items.join(' '));
      await assert.rejects(rig.api.call('kd.command', { text: 'lm' }), (e: ApiError) => e.code === 'FAILED' && /not connected/.test(e.message));
    });

    test('Configure Devices: refused while Secure Boot is on; the UEFI settings turn it off; provisioning changes the boot configuration', async () => {
      const { key } = await rig.api.call('provision.generateKey', {});
      assert.match(key, /^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/);
      assert.notEqual(key, (await rig.api.call('provision.generateKey', {})).key);
      const hostIp = (await rig.api.call('machine.list', {})).host.ip;
      const debug = { kind: 'net' as const, hostIp, port: 50000, key };
      // A new target ships with Secure Boot on: the engine's provisioning stops at the debugger settings and says why.
      assert.equal((await rig.api.call('machine.firmware', { name: 'MyTestComputer' })).secureBoot, true);
      const refused = await rig.api.call('provision.start', { machine: 'MyTestComputer', hostName: 'HOST', debug });
      assert.equal(refused.success, false);
      const failed = refused.steps.find((s) => s.state === 'failed')!;
      assert.equal(failed.name, 'Configuring kernel debugger settings (possible reboot)');
      assert.ok(failed.log.includes('Error: Secure Boot is enabled on the target computer.'), failed.log.join('\n'));
      assert.equal((await rig.api.call('machine.list', {})).machines[0]!.provisioned, undefined);
      // Secure Boot off in the firmware, restart (the firmware reports it as it starts), provision again.
      assert.equal((await rig.api.call('machine.firmware', { name: 'MyTestComputer', secureBoot: false })).secureBoot, false);
      const restarted = until(rig.api, 'console.output', (e: { text: string }) => (/Secure Boot: Off/.test(e.text) ? true : undefined));
      await rig.api.call('machine.restart', { name: 'MyTestComputer' });
      await restarted;
      const progress: string[] = [];
      const off = rig.api.on('provision.progress', (p) => progress.push(p.steps.map((s) => s.state[0]).join('')));
      const r = await rig.api.call('provision.start', { machine: 'MyTestComputer', hostName: 'HOST', debug });
      off();
      assert.equal(r.success, true, JSON.stringify(r.steps, null, 1));
      assert.ok(r.steps.every((s) => s.state === 'done'));
      assert.match(r.steps[0]!.log.join('\n'), new RegExp(`key ${key.replace(/\./g, '\\.')}`));
      assert.match(progress[0]!, /^rp+$/, progress.join(' '));
      assert.match(progress.at(-1)!, /^d+$/);
      const m = (await rig.api.call('machine.list', {})).machines[0]!;
      assert.equal(m.status.state, 'running');
      assert.deepEqual(m.provisioned, { hostName: 'HOST', debug });
      // The target booted with what was set: its BCD says so at its own prompt.
      let seen = '';
      const enumOut = until(rig.api, 'console.output', (e: { text: string }) => { seen += e.text; return /C:\\Users\\User>$/.test(seen) ? seen : undefined; });
      await rig.api.call('console.input', { machine: 'MyTestComputer', text: 'bcdedit /enum all\r\n' });
      const out = await enumOut;
      assert.match(out, /testsigning\s+Yes/);
      assert.match(out, /debug\s+Yes/);
      assert.match(out, new RegExp(`key\\s+${key.replace(/\./g, '\\.')}`));
    });

    test('checkpoints: take one, change a file, apply it and the file is as it was; the default name; wrong names', async () => {
      const M = 'MyTestComputer';
      /** Type a line at the target's prompt; what the console showed up to the next prompt. */
      const typed = async (line: string): Promise<string> => {
        let seen = '';
        const done = until(rig.api, 'console.output', (e: { text: string }) => { seen += e.text; return /C:\\Users\\User>$/.test(seen) ? seen : undefined; });
        await rig.api.call('console.input', { machine: M, text: `${line}\r\n` });
        return done;
      };
      await typed('echo one > C:\\a.txt');
      const one = await rig.api.call('machine.checkpoint', { name: M, checkpoint: 'One' });
      assert.deepEqual([one.name, one.parent, one.status.state], ['One', undefined, 'running']);
      assert.ok(Math.abs(one.created - Date.now()) < 600_000, String(one.created));
      const unnamed = await rig.api.call('machine.checkpoint', { name: M });
      assert.match(unnamed.name, /^MyTestComputer - \(\d{1,2}\/\d{1,2}\/\d{4} - \d{1,2}:\d{2}:\d{2} [AP]M\)$/);
      assert.equal(unnamed.parent, 'One');
      await assert.rejects(rig.api.call('machine.checkpoint', { name: M, checkpoint: 'one' }), (e: ApiError) => e.code === 'ALREADY_EXISTS');
      assert.deepEqual((await rig.api.call('machine.checkpoints', { name: M })).map((c) => [c.name, c.current]), [['One', undefined], [unnamed.name, true]]);

      await typed('echo two > C:\\a.txt');
      assert.match(await typed('type C:\\a.txt'), /\r\ntwo\r\n/);
      const r = await rig.api.call('machine.applyCheckpoint', { name: M, checkpoint: 'One' });
      assert.deepEqual([r.checkpoint.name, r.exact, r.reason, r.status.state], ['One', true, undefined, 'running']);
      assert.deepEqual((await rig.api.call('machine.checkpoints', { name: M })).map((c) => c.current), [true, undefined], 'the machine is at the applied one');
      assert.match(await typed('type C:\\a.txt'), /\r\none\r\n/, 'the file as it was at the checkpoint');
      await assert.rejects(rig.api.call('machine.applyCheckpoint', { name: M, checkpoint: 'Nope' }), (e: ApiError) => e.code === 'NOT_FOUND' && /no checkpoint named "Nope"/.test(e.message));
      await assert.rejects(rig.api.call('machine.checkpoints', { name: 'Nobody' }), (e: ApiError) => e.code === 'NOT_FOUND');
    });
  });
}
