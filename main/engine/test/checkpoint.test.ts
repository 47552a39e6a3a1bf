// Snapshots as VM checkpoints: a target with a classic driver running (its one-second I/O timer counting in its
// device extension) and a program in the middle of running (iocwait: one request held pending by the driver, waiting
// at the console for a line). After the snapshot the learner changes everything (the request completes, the program
// ends, the driver stops); restoring brings back the same process with its request still pending, and the driver's
// count continues from where it was. A restored machine's memory is the snapshot's, byte for byte; a damaged
// snapshot is refused and the target keeps running as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabEngine } from '../lab-engine.ts';
import { targetKernel } from '../../cli/target-kernel.ts';
import { TargetConsole } from '../../cli/target-console.ts';
import { build, drivers } from '../../../kernel/user/test/target.ts';
import type { Checkpoint } from '../../machine/machine.ts';

const NAME = 'Checkpoint';
const DIR = 'C:\\DriverTest\\Drivers';
const REPORT = /pid (\d+) ticks (\d+) pending (\d+)\r\n$/;
let lab: LabEngine;
let con: TargetConsole;

/** Type a line at the running program (not cmd) and wait for `until` in what follows (a hang guard, not a timing). */
async function type(line: string, until: RegExp): Promise<RegExpExecArray> {
  const from = con.text.length;
  lab.machineHost(NAME).post({ t: 'console-in', text: `${line}\r\n` });
  return con.waitFor(() => until.exec(con.text.slice(from)) ?? undefined, 120_000, `the answer to "${line}"`);
}

before(async () => {
  const [kernel, sys, exe] = await Promise.all([
    targetKernel({ serviceModules: [], stageMs: 0 }),
    build(path.join(drivers, 'IoClassic'), 'IoClassic.sys', 'Release'),
    build(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'iocwait'), 'iocwait.exe'),
  ]);
  lab = new LabEngine({ kernel, watchdogMs: 0 });
  await lab.newTarget(NAME);
  con = new TargetConsole(lab, NAME);
  await lab.power(NAME, true);
  await lab.waitFor(NAME, ['running']);
  await con.ready();
  const host = lab.machineHost(NAME);
  await host.request({ t: 'disk', op: 'mkdir', path: DIR });
  await host.request({ t: 'disk', op: 'write', path: `${DIR}\\IoClassic.sys`, data: sys });
  await host.request({ t: 'disk', op: 'write', path: `${DIR}\\iocwait.exe`, data: exe });
  assert.match(await con.run(`sc create IoClassic type= kernel binPath= ${DIR}\\IoClassic.sys`), /\[SC\] CreateService SUCCESS/);
  assert.match(await con.run('sc start IoClassic'), /STATE {14}: 4 {2}RUNNING/);
  await con.run(`cd ${DIR}`);
});
after(async () => { await lab?.shutdown(); });

test('restore brings back the running program (same pid), its pending request, and the driver\'s timer count', async () => {
  const first = await type('iocwait', REPORT);
  const pid = first[1]!;
  assert.equal(first[3], '1', 'the driver holds the program\'s request');
  // Let the driver's timer count a few seconds, so a restarted driver (counting from 0) could not pass for it.
  let before = first;
  while (Number(before[2]) < 3) {
    await new Promise((r) => setTimeout(r, 500));
    before = await type('', REPORT);
  }
  const snap = await lab.snapshot(NAME);
  assert.equal(snap.version, 2);
  const screen = con.text;

  // The learner carries on: the request completes, the program ends, the driver stops and time passes.
  assert.match((await type('release', /held request completed: 4 bytes, 0x1DC1A55C\r\n.*pending 0\r\n/))[0], /pending 0/);
  await type('quit', /C:\\DriverTest\\Drivers>$/);
  assert.match(await con.run('sc stop IoClassic'), /STATE {14}: 1 {2}STOPPED/);
  assert.doesNotMatch(await con.run('tasklist'), /iocwait\.exe/);

  const from = con.text.length;
  assert.deepEqual(await lab.restore(NAME, snap), { exact: true });
  assert.equal(lab.status(NAME).state, 'running');
  // The window shows what it showed: the program's last line, no prompt (iocwait is still reading the console).
  const shown = con.text.slice(from);
  assert.ok(screen.endsWith(shown.slice('\x1b[2J\x1b[3J\x1b[H'.length)), 'the restored screen is the snapshot\'s');
  assert.match(shown, REPORT);

  // The same process answers; the driver's count went on from the snapshot's, its request is still held.
  const after = await type('', REPORT);
  assert.equal(after[1], pid, 'the same process');
  assert.equal(after[3], '1', 'its request is still pending in the driver');
  assert.ok(Number(after[2]) >= Number(before[2]), `the timer count continues (${before[2]} then ${after[2]})`);
  assert.match((await type('release', /held request completed: 4 bytes, 0x1DC1A55C\r\n.*pending 0\r\n/))[0], new RegExp(`pid ${pid} ticks \\d+ pending 0`));
  await type('quit', /C:\\DriverTest\\Drivers>$/);
  assert.match(await con.run('sc query IoClassic'), /STATE {14}: 4 {2}RUNNING/);
});

test('a restored machine\'s memory is the snapshot\'s exactly; a damaged snapshot is refused and nothing is lost', async () => {
  const host = (): ReturnType<LabEngine['machineHost']> => lab.machineHost(NAME);
  await host().request({ t: 'run', mode: 'stopped' });
  const snap = await lab.snapshot(NAME) as Checkpoint;
  assert.match(snap.check.memory ?? '', /^[0-9a-f]{64}$/);
  await host().request({ t: 'run', mode: 'free' });
  assert.match(await con.run('mkdir C:\\after'), /^$/);
  await type('iocwait', REPORT);
  await type('quit', /C:\\DriverTest\\Drivers>$/);
  await host().request({ t: 'run', mode: 'stopped' });
  const later = await lab.snapshot(NAME) as Checkpoint;
  assert.notEqual(later.check.memory, snap.check.memory);

  assert.deepEqual(await lab.restore(NAME, snap), { exact: true });
  const back = await lab.snapshot(NAME) as Checkpoint;
  assert.equal(back.ticks, snap.ticks);
  assert.equal(back.check.memory, snap.check.memory, 'system memory is byte for byte the snapshot\'s');
  // (then this snapshot's own flush, and the switch port as the lab has it now)
  assert.deepEqual(back.journal.slice(0, snap.journal.length), snap.journal, 'the replay applied every input at its point again');
  await host().request({ t: 'run', mode: 'free' });
  assert.match(await con.run('dir C:\\after'), /File Not Found/);

  // A snapshot whose journal was tampered with (a command typed that was never typed) does not replay to its state:
  // the restore says so and starts the snapshot's saved disk instead (the files are there, nothing is lost) ...
  const typed = snap.journal.findIndex((e) => e.i.k === 'console');
  assert.ok(typed >= 0);
  const bad: Checkpoint = structuredClone(snap);
  bad.journal[typed]!.i = { k: 'console', text: 'mkdir C:\\tampered\r\n' };
  const r = await lab.restore(NAME, bad);
  assert.equal(r.exact, false);
  assert.match(r.reason ?? '', /did not replay to the same state|replay (passed|stopped short of) an input's point/);
  await con.ready();
  assert.match(await con.run(`dir ${DIR}`), /IoClassic\.sys[\s\S]*iocwait\.exe/);
  // ... and without that saved disk it is refused, the target running on as it was.
  delete bad.fallback;
  await assert.rejects(lab.restore(NAME, bad), /The checkpoint could not be applied to Checkpoint: .*Checkpoint was left as it was\./);
  assert.equal(lab.status(NAME).state, 'running');
  assert.match(await con.run('mkdir C:\\still'), /^$/);
  assert.match(await con.run('dir C:\\'), /still/);
});
