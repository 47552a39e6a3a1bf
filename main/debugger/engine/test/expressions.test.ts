// Expressions, registers and the processor block on a real driver stopped in a function: `? local` is the local's
// address (MASM: a symbol's value is its address) and dd there reads the value dv shows; @rsp is the Child-SP of the
// selected frame, as `r` and `k` show it; dv /V and /t show where each variable lives and its type; .frame /r N adds the frame's registers; !pcr reads the target's KPCR (its address, IRQL and current thread as !irql and !thread show them); !analyze -v at
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

    // !pcr reads the KPCR the target keeps in memory: found from nt!KiProcessorBlock[0] (the KPRCB after it), its
    // Self (x64's NT_TIB slot kdexts prints as SubSystemTib) is its own address, IRQL as !irql, the thread !thread shows.
    const pcr = await s.execute('!pcr');
    const th = /^THREAD ([0-9a-f]{16}) /.exec(await s.execute('!thread'))![1]!;
    const irql = /-- (\d+) \(/.exec(await s.execute('!irql'))![1]!;
    const prcb = /^\S+  ([0-9a-f]{8})$/.exec(await s.execute('dd nt!KiProcessorBlock L1'))![1]!;
    const at = /^KPCR for Processor 0 at (fffff801[0-9a-f]{8}):\n    Major 1 Minor 1\n/.exec(pcr);
    assert.ok(at, pcr);
    const row = (name: string) => new RegExp(`\\n\\t${name.padStart(19)}: ([0-9a-f]{16})\\n`).exec(pcr)?.[1];
    assert.equal(row('NtTib.SubSystemTib'), at[1]);
    assert.equal(row('Prcb'), `fffff801${prcb}`);
    assert.ok(BigInt(`0x${prcb}`) > BigInt(`0x${at[1]!.slice(8)}`), 'the KPRCB follows the KPCR');
    assert.equal(row('Irql'), BigInt(irql).toString(16).padStart(16, '0'));
    assert.equal(row('CurrentThread'), th);
    assert.equal(row('NextThread'), '0'.repeat(16));
    assert.match(row('IdleThread')!, /^fffff801[0-9a-f]{8}$/);
    assert.match(pcr, /\n\t {10}DpcQueue: $/, 'no DPC is queued while the driver runs at PASSIVE_LEVEL');
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
