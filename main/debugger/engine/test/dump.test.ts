// Crash dump sessions: a target with no debugger attached bugchecks in a real driver, the dump record it keeps is
// opened on the host as `windbg -z` does, and the read-only commands answer from it; nothing can run.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kernel } from '../../../../kernel/ntos/kernel.ts';
import { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import { KdSession } from '../session.ts';
import { openDump } from '../dump-session.ts';
import { buildDriver, lineOf, testLayouts, type BuiltDriver } from './target.ts';
import { SPIN_C } from './driver-source.ts';

let drv: BuiltDriver;
let dump: Uint8Array;
before(async () => {
  drv = await buildDriver('spin', SPIN_C);
  // No KD stub: the system writes its dump and stops, as a target without a debugger does.
  let saved: Uint8Array | undefined;
  const kernel = new Kernel({ layouts: await testLayouts(), onCrashDump: (d) => { saved = d; } });
  const runner = new TargetRunner(kernel);
  const r = kernel.loadImage(drv.image, 'spin.sys');
  if (!r.ok) throw new Error(r.message);
  kernel.createThread(r.image.entry!, [0, 3], 'System');
  runner.start();
  const end = Date.now() + 30_000;
  while (!saved && Date.now() < end) await new Promise((res) => setTimeout(res, 10));
  runner.stop();
  assert.ok(saved, 'the bugcheck wrote a dump');
  dump = saved;
});

test('windbg -z: the dump banner, !analyze -v, k, lm, r and dv read the dump; g cannot run it', async () => {
  const s = new KdSession();
  const banner = await openDump(s, dump, 'C:\\dumps\\MEMORY.DMP', { sympath: [drv.symbolDir] });
  assert.match(banner, /^\nLoading Dump File \[C:\\dumps\\MEMORY\.DMP\]\nKernel Bitmap Dump File: Kernel address space is available, User address space may not be available\.\n/);
  assert.match(banner, /\nWindows 10 Kernel Version 19041 MP \(1 procs\) Free x64\n/);
  assert.match(banner, /\nKernel base = 0xfffff801`[0-9a-f]{8} PsLoadedModuleList = 0xfffff801`[0-9a-f]{8}\n/);
  assert.match(banner, /\n\* +Bugcheck Analysis +\*\n/);
  assert.match(banner, /\nBugCheck 7E, \{ffffffffc0000005, fffff801[0-9a-f]{8}, [0-9a-f]+, [0-9a-f]+\}\n/);
  assert.match(banner, /\nProbably caused by : spin\.sys \( spin!Poke\+[0-9a-f]+ \)\n\nFollowup: {5}MachineOwner\n/);
  assert.match(banner, /For analysis of this file, run !analyze -v\nspin!Poke\+0x[0-9a-f]+:\nfffff801`[0-9a-f]{8} /);
  assert.equal(s.prompt, '0: kd> ');

  const a = await s.execute('!analyze -v');
  assert.match(a, /^SYSTEM_THREAD_EXCEPTION_NOT_HANDLED \(7e\)$/m);
  assert.match(a, /^Arg1: ffffffffc0000005, The exception code that nobody handled$/m);
  assert.match(a, new RegExp(`^FAULTING_SOURCE_LINE_NUMBER:  ${lineOf(SPIN_C, '@poke')}$`, 'm'));
  assert.match(a, /^MODULE_NAME: spin$/m);
  assert.match(a, /^IMAGE_NAME:  spin\.sys$/m);

  const k = (await s.execute('kn')).split('\n');
  assert.equal(k[0], ' # Child-SP          RetAddr           Call Site');
  assert.match(k[1]!, new RegExp(`^00 fffff801\`[0-9a-f]{8} fffff801\`[0-9a-f]{8} spin!Poke\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, '@poke')}\\]$`));
  assert.match(k[2]!, /^01 .* spin!DriverEntry\+0x[0-9a-f]+ \[.*driver\.c @ \d+\]$/);

  const lm = await s.execute('lm');
  assert.match(lm, /^start {13}end {17}module name\n/);
  assert.match(lm, /\nfffff801`[0-9a-f]{8} fffff801`[0-9a-f]{8} {3}nt {9}\(export symbols\) {7}ntoskrnl\.exe$/m);
  assert.match(lm, /\nfffff801`[0-9a-f]{8} fffff801`[0-9a-f]{8} {3}spin {7}\(private pdb symbols\) {2}.*spin\.sys/);

  assert.match(await s.execute('r'), /^rip=fffff801[0-9a-f]{8} rsp=fffff801[0-9a-f]{8} irql=0\n/);
  assert.equal(await s.execute('dv'), '   target = 0x00000000`00000000');
  assert.match(await s.execute('dt spin!Counter'), /^ {3}\+0x000 Hits {13}: 0x1\n {3}\+0x004 Total {12}: 0n3$/);

  for (const c of ['g', 'p', 't', 'gu']) assert.equal(await s.execute(c), `       ^ No runnable debuggees error in '${c}'`);
  assert.equal(s.state, 'broken');
});

test('windbg -z of a file that is not a dump says so and opens nothing', async () => {
  const s = new KdSession();
  await assert.rejects(openDump(s, new TextEncoder().encode('hello'), 'C:\\notes.txt'), /not a DriverLab kernel memory dump/);
  assert.equal(s.dumpFile, undefined);
});
