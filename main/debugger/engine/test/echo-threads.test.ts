// The Echo lab's "processes and threads" step as a transcript: Echo installed by devcon, `bm echo!EchoEvtIo*`,
// echoapp started; when a breakpoint hits the driver runs on echoapp's thread, and !process, !process 0 0,
// !thread, .thread and k show that process and thread as WinDbg does. The debugger reads the target only
// through KD packets; the values checked come from the kernel's own state.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { toVA } from '../../../machine/memory.ts';
import type { KdSession } from '../session.ts';
import type { KdStub } from '../../../../kernel/ntos/kd/stub/stub.ts';
import type { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import { buildDriver } from '../../../../kernel/wdf/test/harness.ts';
import { build, programs, target, type Target } from '../../../../kernel/user/test/target.ts';
import { session } from '../../../../kernel/user/test/shell.ts';
import { setup } from '../../../../kernel/user/setup/engine.ts';
import { pnp } from '../../../../kernel/ntos/io/pnp/manager.ts';
import { attachDebugger } from './rig.ts';
import type { UserProcess } from '../../../../kernel/user/process.ts';
import { struct } from '../../../../kernel/layout/access.ts';
import { keThread } from '../../../../kernel/ntos/ke/thread.ts';

const DIR = 'C:\\DriverTest\\Drivers';
const va16 = (off: number): string => toVA(off).toString(16).padStart(16, '0');
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

let t: Target, s: KdSession, runner: TargetRunner, stub: KdStub, app: UserProcess, hit: string;

before(async () => {
  const [pkg, exe] = await Promise.all([buildDriver('Echo'), build(path.join(programs, 'echoapp'), 'echoapp.exe')]);
  t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  t.disk.writeFile(`${DIR}\\echoapp.exe`, exe);
  pnp(t.k);
  setup(t.k).testSigning = true;
  const sh = session(t);
  sh.type(`cd ${DIR}`);
  assert.match(sh.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  ({ stub, runner, s } = await attachDebugger(t.k, [pkg.dir]));
  await s.breakIn();
  assert.match(await s.execute('bm echo!EchoEvtIo*'), /echo!EchoEvtIo/);
  const stopped = s.waitForBreak(120_000);
  assert.equal(await s.execute('g'), '');
  const r = t.um.createProcess(exe, { name: 'echoapp.exe', path: `${DIR}\\echoapp.exe`, commandLine: 'echoapp' });
  assert.ok(r.ok);
  app = r.process;
  runner.poke();
  hit = await stopped;
});
after(() => { runner?.stop(); stub?.detach(); s?.disconnect(); });

test('a breakpoint in EvtIo* stops on echoapp\'s thread: !process and !process 0 0 show echoapp', async () => {
  assert.match(hit, /^Breakpoint \d+ hit\necho!EchoEvtIo\w+:\n/);
  const thread = app.threads[0]!;
  const cur = await s.execute('!process');
  // The PEB and the thread's TEB are pages of echoapp's own address space.
  const peb = t.k.memory.readU32(app.eprocess + struct(t.k.layouts, 'EPROCESS').field('Peb'));
  const teb = keThread(thread.kernel!)?.teb ?? 0;
  assert.ok(peb > 0 && teb > 0 && peb !== teb);
  assert.match(cur, new RegExp(`^PROCESS ${va16(app.eprocess)}\\n {4}SessionId: 1  Cid: ${hex(app.pid, 4)} {4}Peb: ${hex(peb, 8)}  ParentCid: 0004\\n`));
  assert.match(cur, /\n {4}Image: echoapp\.exe\n/);
  assert.match(cur, new RegExp(`\\n {8}THREAD fffff801[0-9a-f]{8}  Cid ${hex(app.pid, 4)}\\.${hex(thread.tid, 4)}  Teb: ${hex(teb, 16)} Win32Thread: 0{16} RUNNING on processor 0\\n`));
  const all = await s.execute('!process 0 0');
  assert.match(all, /\n {4}Image: System\n/);
  assert.ok(all.includes(`PROCESS ${va16(app.eprocess)}\n    SessionId: 1  Cid: ${hex(app.pid, 4)}`), all);
  assert.match(all, /\n {4}Image: echoapp\.exe(\n|$)/);
});

test('!thread shows echoapp\'s thread in the driver; .thread of it and k show the same stack', async () => {
  const th = await s.execute('!thread');
  const m = /^THREAD (fffff801[0-9a-f]{8})  Cid ([0-9a-f]{4})\.([0-9a-f]{4})  Teb: ([0-9a-f]{16}) Win32Thread: 0{16} RUNNING on processor 0\n/.exec(th);
  assert.ok(m, th);
  assert.equal(parseInt(m[2]!, 16), app.pid);
  assert.equal(parseInt(m[4]!, 16), keThread(app.threads[0]!.kernel!)?.teb);
  // The write echoapp issued is on the thread's IRP list: the IRP the kernel has outstanding for it, with its type
  // (IO_TYPE_IRP), size and flags as the IRP itself holds them.
  const irps = [...t.k.io.irps].filter(([, o]) => o.thread === app.threads[0]!.kernel).map(([irp]) => irp);
  assert.equal(irps.length, 1);
  const irp = t.k.io.at('IRP', irps[0]!);
  assert.ok(th.includes(`\nIRP List:\n    ${va16(irps[0]!)}: (0006,${hex(irp.get('Size'), 4)}) Flags: ${hex(irp.get('Flags'), 8)}  Mdl: 00000000\nNot impersonating\n`), th);
  assert.match(th, new RegExp(`\\nOwning Process {12}${va16(app.eprocess)} {7}Image: {9}echoapp\\.exe\\n`));
  assert.match(th, /\nWait Start TickCount {6}\d+ +Ticks: \d+( \(\d+:\d\d:\d\d:\d\d\.\d{3}\))?\nContext Switch Count {6}[1-9]\d* +IdealProcessor: 0\nUserTime /);
  assert.match(th, /\nChild-SP {10}RetAddr {11}: Args to Child {59}: Call Site\n[0-9a-f`]{17} [0-9a-f`]{17} : [^\n]* : echo!EchoEvtIo\w+ \[[^\n]*queue\.c @ \d+\]\n/);
  assert.match(th, /Wdf01000!/, 'the framework called the driver');
  assert.equal(await s.execute(`.thread ${m[1]}`), `Implicit thread is now ${m[1]!.slice(0, 8)}\`${m[1]!.slice(8)}`);
  const k = await s.execute('k');
  assert.match(k, /^ {2}\*\*\* Stack trace for last set context - \.thread\/\.cxr resets it\nChild-SP {10}RetAddr {11}Call Site\n[0-9a-f`]{17} [0-9a-f`]{17} echo!EchoEvtIo\w+/);
  // Below the syscall gate the frames are echoapp's: Child-SPs on its thread's user stack (plain user VAs), never
  // lower in an outer frame, and a RetAddr in user space for all but the outermost (ntdll!RtlUserThreadStart).
  const rows = k.split('\n').slice(2).map((l) => l.split(' '));
  const gate = rows.findIndex((r) => r[2] === 'nt!KiSystemServiceCopyEnd');
  const user = rows.slice(gate + 1), ut = app.threads[0]!.user;
  const v = (x: string) => BigInt(`0x${x.replace('`', '')}`);
  assert.ok(gate > 0 && user.length >= 4, k);
  assert.match(rows[gate]![1]!, /^00000000`[0-9a-f]{8}$/, 'the gate returns into user mode');
  user.forEach((r, i) => {
    assert.ok(v(r[0]!) >= BigInt(ut.stackLimit) && v(r[0]!) <= BigInt(ut.stackBase), r.join(' '));
    if (i) assert.ok(v(r[0]!) >= v(user[i - 1]![0]!), k);
    assert.equal(v(r[1]!) === 0n, i === user.length - 1, r.join(' '));
    assert.match(r[1]!, /^00000000`/);
  });
  assert.equal(user[user.length - 1]![2], 'ntdll!RtlUserThreadStart');
});
