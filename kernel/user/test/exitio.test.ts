// I/O cancelled at process exit: taskkill of a program blocked in a request the driver holds makes the I/O manager
// cancel the thread's IRPs through IoCancelIrp (the driver's cancel routine completes them) and the process ends.
// A driver that holds the IRP with no cancel routine keeps the process listed as exiting; the system keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, installDriver, ownPrograms, runProgram, target, text, type Target } from './target.ts';
import { session } from './shell.ts';
import { struct } from '../../layout/access.ts';
import { completeRequest } from '../../ntos/io/irp.ts';

function startBlocked(t: Target, exe: Uint8Array, device: string) {
  const r = t.um.createProcess(exe, { name: 'stuckio.exe', path: 'C:\\DriverTest\\stuckio.exe', commandLine: `stuckio ${device}` });
  assert.ok(r.ok);
  t.k.run({ until: () => text(t).includes(`waiting on ${device}`) && t.k.io.irps.size > 0, maxCycles: 2e9 });
  assert.equal(t.k.io.irps.size, 1, 'the request is held by the driver');
  return r.process;
}

test('taskkill of a program blocked on a held IRP: the CSQ cancel routine completes it and the process is gone', async () => {
  const t = await target();
  await installDriver(t, 'IoClassic');
  const exe = await build(path.join(ownPrograms, 'stuckio'), 'stuckio.exe');
  const p = startBlocked(t, exe, 'IoClassic1');
  const [irp] = [...t.k.io.irps.keys()];
  const origin = t.k.io.irps.get(irp!)!;
  const thread = t.k.io.at('IRP', irp!).get('Tail.Overlay.Thread');
  assert.equal(t.k.memory.readU32(thread + struct(t.k.layouts, 'ETHREAD').field('Cid.UniqueProcess')), p.pid, 'Tail.Overlay.Thread is the issuing thread');
  const s = session(t);
  assert.match(s.type('taskkill /F /IM stuckio.exe'), /SUCCESS: The process "stuckio.exe" with PID \d+ has been terminated\./);
  t.k.run({ until: () => p.state === 'exited', maxCycles: 2e9 });
  assert.equal(p.state, 'exited');
  assert.equal(p.exitCode, 1);
  assert.equal(t.k.io.irps.size, 0);
  assert.deepEqual(origin.result, { status: 0xC0000120 | 0, information: 0 }, 'the CSQ cancel routine completed it with STATUS_CANCELLED');
  assert.ok(!text(t).includes('returned'), 'the program never ran on after the kill');
  assert.doesNotMatch(s.type('tasklist'), /stuckio\.exe/);
  assert.equal(t.k.io.files.size, 0, 'the handle closed (cleanup and close reached the driver)');
});

test('a driver holding an IRP with no cancel routine: taskkill leaves the process listed, the system keeps running', async () => {
  const t = await target();
  await installDriver(t, 'NeverComplete');
  const exe = await build(path.join(ownPrograms, 'stuckio'), 'stuckio.exe');
  const p = startBlocked(t, exe, 'NeverComplete');
  const s = session(t);
  assert.match(s.type('taskkill /F /IM stuckio.exe'), /SUCCESS: The process "stuckio.exe" with PID \d+ has been terminated\./);
  t.k.run({ maxCycles: 2e7 });
  assert.notEqual(p.state, 'exited', 'the thread waits for its IRP');
  assert.match(s.type('tasklist'), new RegExp(`stuckio\\.exe\\s+${p.pid}\\s`), 'tasklist still shows it');
  // sc stop with the IRP outstanding: the open file keeps the device, so the service stays STOP_PENDING (no 0xCE:
  // the driver left no cancel routine or other pointer for the system to call).
  assert.match(s.type('sc stop NeverComplete'), /STATE\s+: 3  STOP_PENDING/);
  assert.match(s.type('sc query NeverComplete'), /STATE\s+: 3  STOP_PENDING/);
  assert.equal(t.k.bugCheck, undefined);
  // Another program runs to the end meanwhile.
  await installDriver(t, 'IoClassic');
  const other = runProgram(t, await build(path.join(ownPrograms, 'overlapped'), 'overlapped.exe'), 'overlapped');
  assert.equal(other.exitCode, 0);
  // A later completion lets it go: complete the held IRP as the driver would (IoCompleteRequest on it).
  const [irp] = [...t.k.io.irps.keys()];
  assert.ok(irp);
  t.k.io.at('IRP', irp).set('IoStatus.Status', 0xC0000120).set('IoStatus.Information', 0);
  t.k.io.runOnSystemThread('complete', function* () { yield* completeRequest(t.k.io, irp, 0); return 0; });
  t.k.run({ until: () => p.state === 'exited', maxCycles: 2e9 });
  assert.equal(p.state, 'exited');
  assert.doesNotMatch(s.type('tasklist'), /stuckio\.exe/);
  // Its handle closed, the device went and the pending stop finished.
  assert.match(s.type('sc query NeverComplete'), /STATE\s+: 1  STOPPED/);
  assert.equal(t.k.bugCheck, undefined);
});

test('a program that returns from main with an overlapped request outstanding: its exit waits for that IRP', async () => {
  const t = await target();
  await installDriver(t, 'NeverComplete');
  const exe = await build(path.join(ownPrograms, 'stuckio'), 'stuckio.exe');
  const r = t.um.createProcess(exe, { name: 'stuckio.exe', path: 'C:\\DriverTest\\stuckio.exe', commandLine: 'stuckio NeverComplete overlapped' });
  assert.ok(r.ok);
  const p = r.process;
  t.k.run({ until: () => text(t).includes('left pending'), maxCycles: 2e9 });
  t.k.run({ maxCycles: 2e7 });
  assert.equal(text(t), 'left pending on NeverComplete: returned 0, error 997\n');
  assert.notEqual(p.state, 'exited', 'the exiting thread waits for the IRP the driver never completes');
  assert.ok(t.um.list().includes(p));
  const [irp] = [...t.k.io.irps.keys()];
  t.k.io.runOnSystemThread('complete', function* () { yield* completeRequest(t.k.io, irp!, 0); return 0; });
  t.k.run({ until: () => p.state === 'exited', maxCycles: 2e9 });
  assert.equal(p.state, 'exited');
  assert.equal(p.exitCode, 3);
  assert.equal(t.k.io.files.size, 0);
});
