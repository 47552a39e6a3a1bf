// Transcript tests of the kernel debugger: a real target (our kernel with the KD stub) runs a real driver built by
// our clang; the host session talks to it only through KD packets over an in-memory cable. Each test runs the
// commands a learner types and checks what WinDbg would print, in shape and in the values the driver really has.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver, lineOf, type BuiltDriver } from './target.ts';
import { rig as rigFor, until } from './rig.ts';
import { SPIN_C } from './driver-source.ts';

let drv: BuiltDriver;
before(async () => { drv = await buildDriver('spin', SPIN_C); });
const rig = (o: Parameters<typeof rigFor>[1] = {}) => rigFor(drv, o);

test('connect, break in, lm, deferred bu, hit on load, k with source lines, dv, p by line, dt, x, ed of a Kd mask', async () => {
  const r = await rig({ transport: 'net' });
  try {
    const { s, t } = r;
    assert.match(r.banner, /^Using NET for debugging\nOpened WinSock 2\.0\nWaiting to reconnect\.\.\.\n/);
    assert.match(r.banner, /Connected to Windows 10 19041 x64 target at \(.+\), ptr64 TRUE\nKernel Debugger connection established\./);
    assert.match(r.banner, /Kernel base = 0xfffff801`[0-9a-f]{8} PsLoadedModuleList = 0xfffff801`[0-9a-f]{8}/);
    assert.equal(s.prompt, '0: kd> ');

    const brk = await s.breakIn();
    assert.match(brk, /^Break instruction exception - code 80000003 \(first chance\)\nnt!DbgBreakPointWithStatus:\nfffff801`[0-9a-f]{8} cc {14}int {5}3$/);
    // Every thread waits: the break is taken on the idle thread, whose frame has a Child-SP on the idle stack.
    const idle = (await s.execute('kn')).split('\n');
    assert.match(idle[1]!, /^00 fffff801`[0-9a-f]{8} 00000000`00000000 nt!DbgBreakPointWithStatus$/, idle.join('\n'));
    assert.notEqual(idle[1]!.split(' ')[1], 'fffff801`00000000');
    assert.equal(await s.execute('? @rsp'), `Evaluate expression: ${BigInt.asIntN(64, BigInt(`0x${idle[1]!.split(' ')[1]!.replace('`', '')}`))} = ${idle[1]!.split(' ')[1]}`);

    const lm = await s.execute('lm');
    assert.match(lm, /^start {13}end {17}module name\n/);
    assert.match(lm, /fffff801`[0-9a-f]{8} fffff801`[0-9a-f]{8} {3}nt {9}\(export symbols\) {7}ntoskrnl\.exe/);

    assert.equal(await s.execute('bu spin!Add'), '');
    assert.equal(await s.execute('bl'), '     0 eu             0001 (0001) (spin!Add)');
    assert.equal(await s.execute('bp nosuch!Thing'), "Bp expression 'nosuch!Thing' could not be resolved, adding deferred bp");
    assert.equal(await s.execute('bc 1'), '');
    assert.equal(await s.execute('? nosuch'), "Couldn't resolve error at 'nosuch'");
    assert.equal(await s.execute('frobnicate'), "       ^ Syntax error in 'frobnicate'");
    assert.equal(await s.execute('!nosuchext 0 1'), 'No export nosuchext found');
    assert.equal(await s.execute('g'), '');

    const image = t.load(drv);
    const hit = s.waitForBreak(120_000);
    t.startEntry(image);
    assert.match(await hit, /^Breakpoint 0 hit\nspin!Add:\nfffff801`[0-9a-f]{8} [0-9a-f]+ +global\.get 0$/);

    const bl = await s.execute('bl');
    assert.match(bl, new RegExp(`^     0 e Disable Clear  fffff801\`[0-9a-f]{8}  \\[.*driver\\.c @ ${lineOf(SPIN_C, 'static LONG Add')}\\]     0001 \\(0001\\) spin!Add$`));

    const k = await s.execute('kn');
    const rows = k.split('\n');
    assert.equal(rows[0], ' # Child-SP          RetAddr           Call Site');
    assert.match(rows[1]!, new RegExp(`^00 fffff801\`[0-9a-f]{8} fffff801\`[0-9a-f]{8} spin!Add \\[.*driver\\.c @ ${lineOf(SPIN_C, 'static LONG Add')}\\]$`));
    assert.match(rows[2]!, new RegExp(`^01 fffff801\`[0-9a-f]{8} [0-9a-f\`]{17} spin!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, '@loop-add')}\\]$`));

    // Let the first call run: the breakpoint hits again in the second call, Add(0, 1).
    await s.execute('g');
    await s.waitForBreak(120_000);
    // Stopped at Add's first instruction (before its prologue ran): the frame still has its real Child-SP (below
    // DriverEntry's), its RetAddr in DriverEntry, and dv shows the arguments of this call, Add(0, 1).
    const entry = (await s.execute('kn')).split('\n');
    const sp0 = /^00 (\S+) (\S+) spin!Add \[/.exec(entry[1]!), sp1 = /^01 (\S+) /.exec(entry[2]!);
    assert.ok(sp0 && sp1, entry.join('\n'));
    assert.notEqual(sp0[1], 'fffff801`00000000');
    assert.ok(BigInt(`0x${sp0[1]!.replace('`', '')}`) < BigInt(`0x${sp1[1]!.replace('`', '')}`), 'the callee\'s frame is below its caller\'s');
    assert.match(await s.execute('ln ' + sp0[2]!.replace('`', '')), /spin!DriverEntry\+0x[0-9a-f]+/);
    assert.equal(await s.execute('dv'), '     a = 0n0\n     b = 0n1\n   sum = 0n0', 'sum still holds what the first call, Add(0, 0), left in the same stack slot');
    const p1 = await s.execute('p');
    assert.equal((await s.execute('kn')).split('\n')[1]!.split(' ')[1], sp0[1], 'Child-SP is the same after the prologue ran');
    assert.match(p1, /^spin!Add\+0x[0-9a-f]+:\nfffff801`/);
    assert.match(await s.execute('.frame'), new RegExp(`driver\\.c @ ${lineOf(SPIN_C, '@add-sum')}\\]$`));
    await s.execute('p');
    assert.match(await s.execute('k'), new RegExp(`^Child-SP.*\\n.*spin!Add\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, '@add-return')}\\]`));
    assert.equal(await s.execute('dv'), '     a = 0n0\n     b = 0n1\n   sum = 0n1');
    assert.equal(await s.execute('?? sum'), 'LONG 0n1');

    assert.equal(await s.execute('dt spin!_COUNTER'), '   +0x000 Hits             : Uint4B\n   +0x004 Total            : Int4B');
    assert.equal(await s.execute('dt spin!Counter'), '   +0x000 Hits             : 0x1\n   +0x004 Total            : 0n2');
    const x = await s.execute('x spin!*');
    assert.match(x, /^fffff801`[0-9a-f]{8} spin!Add \(LONG, LONG\)$/m);
    assert.match(x, /^fffff801`[0-9a-f]{8} spin!DriverEntry \(PVOID, PVOID\)$/m);
    const dd = await s.execute('dd spin!Counter L2');
    assert.match(dd, /^fffff801`[0-9a-f]{8}  00000001 00000002$/);

    // The INFO-level message shows only once the IHVDRIVER mask allows it.
    assert.equal(await s.execute('ed nt!Kd_IHVDRIVER_Mask 0xF'), '');
    assert.match(await s.execute('dd nt!Kd_IHVDRIVER_Mask L1'), /^fffff801`[0-9a-f]{8}  0000000f$/);
    assert.equal(await s.execute('bc *'), '');
    assert.equal(await s.execute('bl'), '');
    await s.execute('g');
    await until(() => r.out.join('').includes('done\n'));
    const text = r.out.join('');
    assert.match(text, /\nstep 0 total 0\nBreakpoint 0 hit\n/);
    assert.match(text, /\nstep 1 total 1\nstep 2 total 3\ninfo level message\ndone\n$/);
  } finally { r.close(); }
});

test('break-in while the driver spins in a loop, then clearing the flag from the debugger lets it finish', async () => {
  const r = await rig();
  try {
    const { s, t } = r;
    t.startEntry(t.load(drv), 1);
    await new Promise((res) => setTimeout(res, 100));
    const brk = await s.breakIn();
    assert.match(brk, /^Break instruction exception - code 80000003 \(first chance\)\nspin!DriverEntry\+0x[0-9a-f]+:\n/);
    assert.match(await s.execute('k'), new RegExp(`spin!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, '@spin')}\\]`));
    assert.match(await s.execute('!irql'), /^Debugger saved IRQL for processor 0x0 -- 0 \(LOW_LEVEL\)$/);
    const hits = await s.execute('dd spin!Counter L1');
    assert.notEqual(hits.split(/\s+/)[1], '00000001', 'the loop ran');
    assert.equal(await s.execute('ed spin!Spin 0'), '');
    await s.execute('g');
    await until(() => r.out.join('').includes('done\n'));
  } finally { r.close(); }
});

test('10,000 DbgPrint lines stream to the host over a lossy cable with none lost', async () => {
  let n = 0;
  const r = await rig({ faults: { decide: () => (++n % 97 === 0 ? 'drop' : n % 89 === 0 ? 'corrupt' : 'pass') } });
  try {
    r.t.startEntry(r.t.load(drv), 2);
    await until(() => r.out.join('').includes('done\n'), 60_000);
    const lines = r.out.join('').split('\n').filter((l) => l.startsWith('flood '));
    assert.equal(lines.length, 10_000);
    lines.forEach((l, i) => assert.equal(l, `flood ${i}`));
  } finally { r.close(); }
});

test('a bugcheck breaks in with the Fatal System Error banner and !analyze -v names it with the faulting source line', async () => {
  const r = await rig();
  try {
    const { s, t } = r;
    const first = s.waitForBreak(120_000);
    t.startEntry(t.load(drv), 3);
    // The access violation stops first (first chance); no handler takes it, so g goes on to the bugcheck.
    assert.match(await first, /^Access violation - code c0000005 \(first chance\)\nspin!Poke\+0x[0-9a-f]+:\n/);
    const stop = s.waitForBreak(120_000);
    await s.execute('g');
    const banner = await stop;
    assert.match(banner, /^\n\*\*\* Fatal System Error: 0x0000007e\n {23}\(0x(?:00000000|FFFFFFFF)C0000005,0x[0-9A-F]{16},0x[0-9A-F]{16},0x[0-9A-F]{16}\)\n\nBreak instruction exception - code 80000003 \(first chance\)\n/);
    assert.match(banner, /For analysis of this file, run !analyze -v/);
    assert.match(await s.execute('.bugcheck'), /^Bugcheck code 0000007E\nArguments ffffffff`c0000005 fffff801`/);
    // The stop is in the debugger's break on the faulting thread: KeBugCheckEx (with the code and parameters as its
    // arguments) on top of the driver's frame, at the thread's IRQL.
    const knText = await s.execute('kn');
    const kn = knText.split('\n').map((l) => l.replace(/^[0-9a-f]{2} \S+ \S+ /, ''));
    const sps = knText.split('\n').slice(1).map((l) => BigInt(`0x${l.split(' ')[1]!.replace('`', '')}`));
    sps.forEach((sp, i) => assert.ok(i === 0 || sp >= sps[i - 1]!, `Child-SP never lower in an outer frame:\n${knText}`));
    assert.ok(sps[sps.length - 1]! > sps[0]!, `the driver's functions have frames of their own:\n${knText}`);
    assert.deepEqual(kn.slice(1, 5), ['nt!DbgBreakPointWithStatus', 'nt!KiBugCheckDebugBreak', 'nt!KeBugCheck2', 'nt!KeBugCheckEx']);
    assert.match(kn[5]!, /^spin!Poke\+0x[0-9a-f]+/);
    assert.match(await s.execute('kb 4'), /: 00000000`0000007e ffffffff`c0000005 fffff801`[0-9a-f]{8} 00000000`00000000 : nt!KeBugCheckEx$/m);
    assert.equal(await s.execute('!irql'), 'Debugger saved IRQL for processor 0x0 -- 0 (LOW_LEVEL)');
    const a = await s.execute('!analyze -v');
    assert.match(a, /\* +Bugcheck Analysis +\*/);
    assert.match(a, /^SYSTEM_THREAD_EXCEPTION_NOT_HANDLED \(7e\)$/m);
    assert.match(a, /^Arg1: ffffffffc0000005, The exception code that nobody handled$/m);
    assert.match(a, /^STACK_TEXT: {2}\n.*spin!Poke\+0x[0-9a-f]+/m);
    assert.match(a, new RegExp(`^FAULTING_SOURCE_LINE_NUMBER:  ${lineOf(SPIN_C, '@poke')}$`, 'm'));
    assert.match(a, /^FAULTING_SOURCE_FILE: {2}.*driver\.c$/m);
    assert.match(a, /^MODULE_NAME: spin$/m);
    assert.match(a, /^IMAGE_NAME:  spin\.sys$/m);
    assert.match(a, /^FAILURE_BUCKET_ID:  0x7E_spin!Poke$/m);
  } finally { r.close(); }
});

test('KDNET with the wrong key never connects', async () => {
  const r = await rig({ transport: 'net', hostKey: '9.9.9.9', timeoutMs: 600 });
  try {
    assert.equal(r.banner, 'Using NET for debugging\nOpened WinSock 2.0\nWaiting to reconnect...');
    assert.equal(r.t.stub.connected, false);
    assert.equal(r.s.state, 'waiting');
  } finally { r.close(); }
});
