// Whole systems in workers: a driver that bugchecks one target (blue screen, status, crash dump, automatic
// restart) while another target keeps answering; and a lab saved, its workers killed and restored in a new
// engine with nothing the learner did lost (files, registry, services, firmware, cables).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../../../main/engine/lab-engine.ts';
import { targetKernel } from '../../../main/cli/target-kernel.ts';
import { TargetConsole } from '../../../main/cli/target-console.ts';
import type { KernelRef } from '../../../main/machine/machine.ts';
import { buildTestDriver } from '../../ntos/ke/test/driver.ts';
import { openLabDebugger } from '../../../main/debugger/lab/debugger.ts';

const labs: LabEngine[] = [];
const sessions: { disconnect(): void }[] = [];
let kernel: KernelRef;
let wild: Uint8Array;
before(async () => {
  [kernel, wild] = await Promise.all([targetKernel({ serviceModules: [], autoRebootMs: 1500 }), buildTestDriver('WildPointer', ['DriverEntry'])]);
});
after(async () => { for (const s of sessions) s.disconnect(); for (const l of labs) await l.shutdown(); });

async function up(lab: LabEngine, name: string): Promise<TargetConsole> {
  await lab.newTarget(name);
  lab.cable({ kind: 'net', a: 'host', b: name });
  const con = new TargetConsole(lab, name);
  await lab.power(name, true);
  await lab.waitFor(name, ['running']);
  await con.ready();
  return con;
}

test('a driver bugchecks one target: blue screen, bugchecked status, MEMORY.DMP, AutoReboot; the other target keeps serving', async () => {
  // The watchdog stays on (a hung worker must still be caught) but with room for a dump written on a loaded machine.
  const lab = new LabEngine({ kernel, watchdogMs: 20_000 });
  labs.push(lab);
  const [crashy, steady] = await Promise.all([up(lab, 'Crashy'), up(lab, 'Steady')]);
  await lab.machineHost('Crashy').request({ t: 'disk', op: 'mkdir', path: 'C:\\DriverTest\\Drivers' });
  await lab.machineHost('Crashy').request({ t: 'disk', op: 'write', path: 'C:\\DriverTest\\Drivers\\WildPointer.sys', data: wild });
  assert.match(await crashy.run('sc create Wild type= kernel binPath= C:\\DriverTest\\Drivers\\WildPointer.sys'), /\[SC\] CreateService SUCCESS/);
  const states: string[] = [];
  lab.onEvent((e) => { if (e.kind === 'status' && e.machine === 'Crashy') states.push(e.status.state); });
  const out = await crashy.run('sc start Wild');
  assert.match(out, /\[Crashy is bugchecked: PAGE_FAULT_IN_NONPAGED_AREA \(0x00000050\) in WildPointer\.sys\]$/);
  assert.match(crashy.text, /Your device ran into a problem and needs to restart\.[\s\S]*Stop code: PAGE_FAULT_IN_NONPAGED_AREA\r\nWhat failed: WildPointer\.sys\r\n/);
  // The other machine answers its console and the network while Crashy is down.
  assert.equal(lab.status('Crashy').state, 'bugchecked');
  assert.equal(await steady.run('hostname'), 'Steady\n');
  const ping = await lab.ping('host', 'Steady', { count: 1 });
  assert.equal(ping.results[0]?.kind, 'reply');
  const dead = await lab.ping('host', (await lab.info('Crashy')).ip, { count: 1, timeoutMs: 500 });
  assert.equal(dead.results[0]?.kind, 'timeout', 'a stopped system answers nothing');
  // Windows restarts after writing the dump (AutoReboot); the dump is on the disk.
  await lab.waitFor('Crashy', ['running'], 30_000);
  await crashy.ready();
  assert.deepEqual(states.slice(0, 2), ['bugchecked', 'off']);
  assert.match(await crashy.run('dir C:\\Windows\\MEMORY.DMP'), /MEMORY\.DMP\n/);
  assert.match(await crashy.run('sc query Wild'), /STATE {14}: 1 {2}STOPPED/);
});

test('a debugger that detached before a crash: the stub gives up the report nobody takes, the blue screen and AutoReboot follow', async () => {
  const lab = new LabEngine({ kernel, watchdogMs: 20_000 });
  labs.push(lab);
  const con = await up(lab, 'T');
  assert.match(await con.run('bcdedit /debug on'), /completed successfully/);
  assert.match(await con.run(`bcdedit /dbgsettings net hostip:${lab.host.ip} port:50000 key:1.2.3.4`), /^Key=1\.2\.3\.4$/m);
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  await lab.waitFor('T', ['running'], 60_000);
  await con.ready();
  await lab.machineHost('T').request({ t: 'disk', op: 'write', path: 'C:\\Wild.sys', data: wild });
  assert.match(await con.run('sc create Wild type= kernel binPath= C:\\Wild.sys'), /CreateService SUCCESS/);
  const d = openLabDebugger(lab, { transport: 'net', port: 50000, key: '1.2.3.4' });
  sessions.push(d.session);
  await d.connected;
  assert.equal(await d.session.execute('sxe ld:Wild'), '');
  const states: string[] = [];
  lab.onEvent((e) => { if (e.kind === 'status' && e.machine === 'T') states.push(e.status.state); });
  // Stopped at the driver's load; the debugger detaches there and the driver goes on to its wild write (0x50).
  const loaded = d.session.waitForBreak(60_000);
  const started = con.run('sc start Wild');
  assert.match(await loaded, /^ModLoad: /);
  assert.equal(await d.session.execute('.detach'), 'Detached');
  assert.match(await started, /Stop code: PAGE_FAULT_IN_NONPAGED_AREA\n[\s\S]*\[T is bugchecked: PAGE_FAULT_IN_NONPAGED_AREA \(0x00000050\) in Wild\.sys\]$/);
  // Nobody takes the bugcheck's report: Windows restarts by itself, as with no debugger.
  await lab.waitFor('T', ['running'], 60_000);
  assert.deepEqual(states.slice(0, 2), ['bugchecked', 'off']);
  await con.ready();
  assert.equal(await con.run('hostname'), 'T\n');
});

test('save the lab, kill its workers, restore in a new engine: files, registry, services, firmware and cables are all there', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dl-lab-save-'));
  const lab1 = new LabEngine({ kernel, watchdogMs: 0 });
  labs.push(lab1);
  const con = await up(lab1, 'MyTestComputer');
  lab1.cable({ kind: 'serial', a: 'host:COM1', b: 'MyTestComputer:COM1' });
  await lab1.setFirmware('MyTestComputer', { secureBoot: false });
  assert.equal(await con.run('mkdir C:\\Work'), '');
  assert.equal(await con.run('echo learner notes> C:\\Work\\notes.txt'), '');
  assert.match(await con.run('reg add HKLM\\SOFTWARE\\Lab /v Step /t REG_DWORD /d 7'), /completed successfully/);
  assert.match(await con.run('sc create Later type= kernel binPath= C:\\Work\\later.sys'), /SUCCESS/);
  await lab1.saveWorkspace(dir);
  await lab1.shutdown();

  const lab2 = new LabEngine({ kernel, watchdogMs: 0 });
  labs.push(lab2);
  const con2 = new TargetConsole(lab2, 'MyTestComputer');
  const r = await lab2.loadWorkspace(dir);
  assert.deepEqual(r.problems, []);
  assert.equal(lab2.status('MyTestComputer').state, 'running');
  await con2.ready();
  assert.equal(await con2.run('type C:\\Work\\notes.txt'), 'learner notes\n');
  assert.match(await con2.run('reg query HKLM\\SOFTWARE\\Lab /v Step'), /Step {4}REG_DWORD {4}0x7/);
  assert.match(await con2.run('sc query Later'), /SERVICE_NAME: Later/);
  assert.equal((await lab2.setFirmware('MyTestComputer', {})).secureBoot, false);
  assert.ok(lab2.switch.isPlugged('MyTestComputer'));
  assert.deepEqual(lab2.serial.list(), [['host:COM1', 'MyTestComputer:COM1']]);
  assert.equal((await lab2.ping('host', 'MyTestComputer', { count: 1 })).results[0]?.kind, 'reply');
});
