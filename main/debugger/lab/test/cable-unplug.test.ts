// A KDCOM session whose serial cable is pulled and plugged back: while the target is broken in, a command typed
// with the cable out waits (KD resends it and prints `SYNCTARGET: Timeout.` for each round nobody answered) and
// completes once the cable is back; the session carries on (the same target still held, then released by g);
// while the target runs, it keeps running with the cable out and breaks in again after.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../../engine/lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { openLabDebugger } from '../debugger.ts';

let lab: LabEngine | undefined;
const labs: LabEngine[] = [];
const sessions: { disconnect(): void }[] = [];
after(async () => { for (const s of sessions) s.disconnect(); await lab?.shutdown(); for (const l of labs) await l.shutdown(); });

/** Waits for a condition (a hang guard, not a timing: the test fails only if it never holds). */
async function until(ok: () => boolean, guardMs = 120_000): Promise<void> {
  for (const end = Date.now() + guardMs; !ok(); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > end) throw new Error('condition never held');
}

test('KDCOM: serial cable pulled mid-session, both sides recover on replug', async () => {
  lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 0 }), watchdogMs: 0 });
  await lab.newTarget('T');
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  const con = new TargetConsole(lab, 'T');
  await lab.power('T', true);
  await lab.waitFor('T', ['running']);
  await con.ready();
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  assert.match(await con.run('bcdedit /dbgsettings serial debugport:1 baudrate:115200'), /The operation completed successfully\./);
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  const d = openLabDebugger(lab, { transport: 'com', comPort: 'com1', baud: 115200 });
  sessions.push(d.session);
  await d.connected;
  await lab.waitFor('T', ['running']);
  await con.ready();

  // Broken in, then the cable comes out: the command waits, as KD does, saying each round of resends went
  // unanswered; the target stays held.
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  lab.unplug({ kind: 'serial', end: 'T:COM1' });
  // Memory the session has not read yet: the request is resent until the cable is back.
  let done = false;
  const dd = d.console.run('dd @rip+0x20000 L4').finally(() => { done = true; });
  await until(() => d.console.pending.includes('SYNCTARGET: Timeout.'));
  assert.equal(done, false, 'the command still waits for the target');
  assert.equal(lab.status('T').state, 'broken-in');
  // Cable back: the waiting command completes with the memory, after the timeout lines it printed.
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  assert.match(await dd, /^(SYNCTARGET: Timeout\.\n)+fffff[0-9a-f]{3}`[0-9a-f]{8} {2}[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}$/);
  // The same session carries on and lets the target go.
  assert.match(await d.console.run('vertarget'), /Windows 10 Kernel Version 19041 MP \(1 procs\) Free x64/);
  await d.console.run('g');
  await lab.waitFor('T', ['running'], 5000);

  // Running with the cable out: the target's prompt answers; after replugging, a break-in reaches it again.
  lab.unplug({ kind: 'serial', end: 'host:COM1' });
  assert.equal(await con.run('hostname'), 'T\n');
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  assert.equal(lab.status('T').state, 'broken-in');
  assert.match(await d.console.run('r rip'), /^rip=fffff/m);
  await d.console.run('g');
  await lab.waitFor('T', ['running'], 5000);
  assert.equal(await con.run('hostname'), 'T\n');
});

test('KDNET: network cable pulled while broken in, the command waits and completes on replug', async () => {
  const net = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 0 }), watchdogMs: 0 });
  labs.push(net);
  await net.newTarget('N');
  net.cable({ kind: 'net', a: 'host', b: 'N' });
  const con = new TargetConsole(net, 'N');
  await net.power('N', true);
  await net.waitFor('N', ['running']);
  await con.ready();
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  assert.match(await con.run('bcdedit /dbgsettings net hostip:192.168.137.1 port:50000 key:1.2.3.4'), /Key=1\.2\.3\.4/);
  await con.run('shutdown /r /t 0');
  await net.waitFor('N', ['booting']);
  const d = openLabDebugger(net, { transport: 'net', port: 50000, key: '1.2.3.4' });
  sessions.push(d.session);
  await d.connected;
  await net.waitFor('N', ['running']);
  await con.ready();
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  net.unplug({ kind: 'net', end: 'N' });
  let done = false;
  const dd = d.console.run('dd @rip+0x20000 L4').finally(() => { done = true; });
  await until(() => d.console.pending.includes('SYNCTARGET: Timeout.'));
  assert.equal(done, false, 'the command still waits for the target');
  assert.equal(net.status('N').state, 'broken-in');
  net.cable({ kind: 'net', a: 'host', b: 'N' });
  assert.match(await dd, /^(SYNCTARGET: Timeout\.\n)+fffff[0-9a-f]{3}`[0-9a-f]{8} {2}[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}$/);
  await d.console.run('g');
  await net.waitFor('N', ['running'], 5000);
  assert.equal(await con.run('hostname'), 'N\n');
});
