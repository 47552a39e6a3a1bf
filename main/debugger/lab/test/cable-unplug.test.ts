// A KDCOM session whose serial cable is pulled and plugged back: while the target is broken in, a command typed
// with the cable out gets no answer, and once the cable is back the session carries on (the same target still
// held, then released by g); while the target runs, it keeps running with the cable out and breaks in again after.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../../engine/lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { openLabDebugger } from '../debugger.ts';

let lab: LabEngine | undefined;
const sessions: { disconnect(): void }[] = [];
after(async () => { for (const s of sessions) s.disconnect(); await lab?.shutdown(); });

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

  // Broken in, then the cable comes out: the command gets no answer; the target stays held.
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  lab.unplug({ kind: 'serial', end: 'T:COM1' });
  // Memory the session has not read yet: the request is resent until the port gives it up; no answer comes.
  await assert.rejects(d.console.run('dd @rip+0x20000 L4'), /no acknowledgement from the other side/);
  assert.equal(lab.status('T').state, 'broken-in');
  // Cable back: the same session answers and lets the target go.
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  assert.match(await d.console.run('vertarget'), /Windows 10 Kernel Version 19041 MP \(1 procs\) Free x64/);
  assert.match(await d.console.run('dd @rip+0x20000 L4'), /^fffff[0-9a-f]{3}`[0-9a-f]{8} {2}[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}$/);
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
