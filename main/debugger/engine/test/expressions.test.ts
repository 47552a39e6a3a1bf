// Expressions, registers and the processor block on a real driver stopped in a function: `? local` is the local's
// address (MASM: a symbol's value is its address) and dd there reads the value dv shows; @rsp is the Child-SP of the
// selected frame, as `r` and `k` show it; dv /V and /t show where each variable lives and its type; .frame /r N adds the frame's registers; !pcr names the current and idle threads by their ETHREADs; !analyze -v at
// a breakpoint analyzes the break exception in the driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver } from './target.ts';
import { rigStoppedAt } from './rig.ts';
import { SPIN_C } from './driver-source.ts';

const va = (text: string): bigint => BigInt(`0x${text.replace(/`/g, '')}`);

test('? local gives its address, @rsp the frame\'s Child-SP; !pcr shows the current thread; !analyze -v at a breakpoint', async () => {
  const drv = await buildDriver('spin', SPIN_C);
  const r = await rigStoppedAt(drv, 'spin!Add');
  try {
    const { s } = r;
    await s.execute('g');
    await s.waitForBreak(120_000); // Add(0, 1)
    await s.execute('p');
    const b = /^Evaluate expression: -?\d+ = (\S+)$/.exec(await s.execute('? b'));
    assert.ok(b, 'b has an address');
    assert.match(await s.execute(`dd ${b[1]} L1`), /^\S+  00000001$/, 'the value dv shows for b (0n1) is there');
    const sp = /^00 (\S+) /m.exec(await s.execute('kn'))![1]!;
    assert.equal(await s.execute('? @rsp'), `Evaluate expression: ${BigInt.asIntN(64, va(sp))} = ${sp}`);
    assert.match(await s.execute('r'), new RegExp(`^rip=[0-9a-f]{16} rsp=${va(sp).toString(16).padStart(16, '0')} `));
    assert.ok(va(b[1]!) > va(sp) && va(b[1]!) < va(sp) + 0x100n, 'b lives in the frame');
    // dv /V says where each variable lives (the address ? gives, as an @rsp offset); dv /t gives its type.
    const off = (va(b[1]!) - va(sp)).toString(16).padStart(4, '0');
    assert.equal(await s.execute('dv /V b'), `${b[1]} @rsp+0x${off} ${'b'.padStart(16)} = 0n1`);
    assert.equal(await s.execute('dv /t'), 'LONG a = 0n0\nLONG b = 0n1\nLONG sum = 0n0');
    // The caller's frame: @rsp follows .frame.
    await s.execute('.frame 1');
    const sp1 = /^01 (\S+) /m.exec(await s.execute('kn'))![1]!;
    assert.equal(await s.execute('? @rsp'), `Evaluate expression: ${BigInt.asIntN(64, va(sp1))} = ${sp1}`);
    assert.match(await s.execute('? total'), /^Evaluate expression: -\d+ = fffff801`[0-9a-f]{8}$/, 'DriverEntry\'s local, in frame 1');
    // .frame /r N: the frame line, then that frame's registers in r's shape (its rsp is the frame's Child-SP).
    const fr = (await s.execute('.frame /r 1')).split('\n');
    assert.match(fr[0]!, new RegExp(`^01 ${sp1} [0-9a-f\`]{17} spin!DriverEntry\\+0x[0-9a-f]+ \\[`));
    assert.match(fr[1]!, new RegExp(`^rip=fffff801[0-9a-f]{8} rsp=${va(sp1).toString(16).padStart(16, '0')} irql=0$`));
    assert.match(fr[2]!, /^ l0=[0-9a-f]{8} /);
    assert.equal(fr.slice(1).join('\n'), await s.execute('r'), 'the same registers r shows for frame 1');

    const pcr = await s.execute('!pcr');
    const th = /^THREAD ([0-9a-f]{16}) /.exec(await s.execute('!thread'))![1]!;
    assert.match(pcr, new RegExp(`^KPCR for Processor 0:\\n    Major 1 Minor 1\\n\\n\\t {15}Irql: 0{16}\\n\\n\\t {7}CurrentThread: ${th}\\n\\t {10}NextThread: 0{16}\\n\\t {10}IdleThread: fffff801[0-9a-f]{8}$`));
    // !analyze -v at a breakpoint (no bugcheck): WinDbg analyzes the break exception in the driver.
    await s.execute('.frame 0');
    const a = await s.execute('!analyze -v');
    assert.match(a, /^\*{79}\n\*\s+\*\n\* {24}Exception Analysis {35}\*\n/);
    assert.match(a, /\nFAULTING_IP: \nspin!Add\+0x[0-9a-f]+:\nfffff801`[0-9a-f]{8} /);
    assert.match(a, /\nExceptionAddress: fffff801[0-9a-f]{8} \(spin!Add\+0x[0-9a-f]+\)\n {3}ExceptionCode: 80000003 \(Break instruction exception\)\n/);
    assert.match(a, /\nSTACK_TEXT: {2}\n[^\n]* : spin!Add\+0x[0-9a-f]+\n[^\n]* : spin!DriverEntry\+0x[0-9a-f]+\n/);
    assert.match(a, /\nSYMBOL_NAME: {2}spin!Add\+[0-9a-f]+\n\nMODULE_NAME: spin\n\nIMAGE_NAME: {2}spin\.sys\n\nFAILURE_BUCKET_ID: {2}80000003_spin!Add\n/);
    await s.execute('bc *');
    await s.execute('g');
  } finally { r.close(); }
});
