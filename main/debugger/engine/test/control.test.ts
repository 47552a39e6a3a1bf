// Session control over KD packets on a real target: registers set with SetContext, .reboot (the target resets and
// the debugger reconnects to the new boot), .detach and qd (the target runs on; qd while it runs returns at once),
// break-in while a driver spins at DISPATCH_LEVEL, and symbol/source paths typed with Windows separators.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { memoryPipe, type KdLink } from '../../../formats/kd/link.ts';
import { fromVA } from '../../../machine/memory.ts';
import { KdSession } from '../session.ts';
import { buildDriver, lineOf, startTarget, type BuiltDriver, type Target } from './target.ts';
import { rig, until } from './rig.ts';
import { SPIN_C } from './driver-source.ts';

let drv: BuiltDriver;
before(async () => { drv = await buildDriver('spin', SPIN_C); });

test('r l1=0n100 goes to the target through SetContext: the driver computes with the new value', async () => {
  const r = await rig(drv);
  try {
    const { s, t } = r;
    await s.breakIn();
    assert.equal(await s.execute('bu spin!Add'), '');
    await s.execute('g');
    const hit = s.waitForBreak(120_000);
    t.startEntry(t.load(drv));
    assert.match(await hit, /^Breakpoint 0 hit\nspin!Add:/);
    // Add(0, 0): b is the second wasm local at entry (before the prologue stores it).
    assert.equal(await s.execute('r l1'), 'l1=0000000000000000');
    assert.equal(await s.execute('r l1=0n100'), '');
    assert.equal(await s.execute('r l1'), 'l1=0000000000000064');
    assert.equal(await s.execute('r l999=1'), "Bad register error at 'l999'");
    assert.equal(await s.execute('r rip=0'), "Bad register error at 'rip'");
    await s.execute('bc *');
    await s.execute('g');
    await until(() => r.out.join('').includes('done\n'));
    assert.match(r.out.join(''), /\nstep 0 total 100\nstep 1 total 101\nstep 2 total 103\n/);
  } finally { r.close(); }
});

test('break-in while a driver spins at DISPATCH_LEVEL: the spinning function on the stack, !irql 2', async () => {
  const r = await rig(drv);
  try {
    const { s, t } = r;
    t.startEntry(t.load(drv), 4);
    await new Promise((res) => setTimeout(res, 200));
    const brk = await s.breakIn();
    assert.match(brk, /^Break instruction exception - code 80000003 \(first chance\)\nspin!SpinAtDispatch\+0x[0-9a-f]+:\n/);
    assert.equal(await s.execute('!irql'), 'Debugger saved IRQL for processor 0x0 -- 2 (DISPATCH_LEVEL)');
    const k = (await s.execute('k')).split('\n');
    assert.match(k[1]!, new RegExp(`spin!SpinAtDispatch\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, '@dispatch-spin')}\\]$`));
    assert.match(k[2]!, /spin!DriverEntry\+0x[0-9a-f]+ /);
    // It keeps spinning after g, and breaks in again.
    const before = await s.execute('dd spin!Counter L1');
    await s.execute('g');
    await new Promise((res) => setTimeout(res, 100));
    await s.breakIn();
    assert.notEqual(await s.execute('dd spin!Counter L1'), before);
  } finally { r.close(); }
});

test('qd while the target runs returns at once and the target runs on; .detach from a break lets it go', async () => {
  const r = await rig(drv);
  try {
    const { s, t } = r;
    const th = t.kernel.createThread(t.load(drv).entry!, [0, 1], 'System'); // spins at PASSIVE_LEVEL until Spin is cleared
    t.runner.poke();
    await new Promise((res) => setTimeout(res, 100));
    await s.breakIn();
    const spin = fromVA(await s.eval('spin!Spin'))!;
    assert.equal(await s.execute('g'), '');
    assert.equal(s.state, 'running');
    assert.equal(await s.execute('qd'), 'quit:');
    assert.equal(s.state, 'disconnected');
    assert.equal(t.stub.isBroken, false);
    // Nobody is listening now; the loop still runs, and ends when its flag is cleared.
    t.kernel.memory.writeU32(spin, 0);
    await until(() => th.state === 'exited');
  } finally { r.close(); }

  const r2 = await rig(drv);
  try {
    const { s, t } = r2;
    const im = t.load(drv);
    await until(() => s.state === 'running' && s.modules.some((m) => m.name === 'spin'));
    await s.breakIn();
    assert.equal(await s.execute('bp spin!Add'), '');
    assert.equal(await s.execute('.detach'), 'Detached');
    assert.equal(s.state, 'disconnected');
    // No debugger and no breakpoint left behind: the driver runs to its end.
    const th = t.kernel.createThread(im.entry!, [0, 0], 'System');
    t.runner.poke();
    await until(() => th.state === 'exited');
    assert.equal(t.stub.isBroken, false);
  } finally { r2.close(); }
});

/** A cable end that stays plugged in while the target behind it reboots (the stub closes its port, not the cable). */
function plug(end: KdLink): () => KdLink {
  return () => {
    let live = true;
    return { mode: end.mode, send: (b) => { if (live) end.send(b); }, onReceive: (cb) => end.onReceive((b) => { if (live) cb(b); }), close: () => { live = false; } };
  };
}

test('.reboot: the target resets through KD, the debugger waits and reconnects to the new boot; Ctrl+Break then stops it', async () => {
  const [h, tg] = memoryPipe('stream');
  const socket = plug(tg);
  const targets: Target[] = [];
  const boot = async (): Promise<void> => {
    const t = await startTarget({ port: { resendMs: 20 } });
    t.stub.onReboot(() => { targets.at(-1)!.dispose(); void boot(); });
    t.stub.attach(socket());
    targets.push(t);
  };
  await boot();
  const s = new KdSession();
  const out: string[] = [];
  s.on('output', (x: string) => out.push(x));
  try {
    await s.connect(h, { transport: 'com', sympath: [drv.symbolDir], link: { resendMs: 20 } });
    await s.breakIn();
    const first = targets[0]!.kernel;
    const rb = await s.execute('.reboot');
    assert.match(rb, /^Shutdown occurred at \(.+\)\.\.\.unloading all symbol tables\.\nWaiting to reconnect\.\.\.$/);
    await until(() => targets.length === 2 && s.state === 'running');
    assert.notEqual(targets[1]!.kernel, first, 'a new boot');
    assert.match(out.join(''), /Shutdown occurred|Connected to Windows 10 19041 x64 target, ptr64 TRUE\nKernel Debugger connection established\./);
    const brk = await s.breakIn();
    assert.match(brk, /^Break instruction exception - code 80000003 \(first chance\)\n/);
    assert.match(await s.execute('lm'), /\bnt\b/);
  } finally { s.disconnect(); for (const t of targets) t.dispose(); }
});

test('.sympath+ and .srcpath+ take Windows paths: a relative folder with backslashes finds the symbols', async () => {
  const r = await rig(drv);
  try {
    const { s } = r;
    await s.breakIn();
    assert.equal(await s.execute('.sympath C:\\foo\\bar'), [
      'Symbol search path is: C:\\foo\\bar', 'Expanded Symbol search path is: c:\\foo\\bar', '',
      '************* Path validation summary **************', 'Response                         Time (ms)     Location',
      'OK                                             C:\\foo\\bar'].join('\n'));
    r.t.load(drv);
    await s.execute('.reload /f');
    assert.match(await s.execute('lm m spin'), /spin {7}\(no symbols\)/);
    // The learner's work folder holds spin\x64\Debug\spin\spin.sys.
    s.workDir = path.resolve(drv.symbolDir, '..', '..', '..', '..');
    assert.match(await s.execute('.sympath+ spin\\x64\\Debug'), /^Symbol search path is: C:\\foo\\bar;spin\\x64\\Debug\n/);
    await s.execute('.reload /f');
    assert.match(await s.execute('lm m spin'), /spin {7}\(private pdb symbols\) {2}.*spin\.sys$/m);
    assert.equal(await s.execute('.srcpath+ C:\\src\\spin'), 'Source search path is: C:\\src\\spin');
    assert.equal(await s.execute('.srcpath+ D:\\more'), 'Source search path is: C:\\src\\spin;D:\\more');
  } finally { r.close(); }
});
