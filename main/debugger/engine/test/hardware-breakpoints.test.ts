// ba at the debugger: the debug registers KD programs (DR0..DR3, DR7) reach the target's processor. A write
// breakpoint stops right after the instruction that wrote the variable; an execute breakpoint stops at the function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver } from './target.ts';
import { rigStoppedAt, until } from './rig.ts';

const HWBP_C = `#include <wdm.h>
LONG Global;

static LONG Twice(LONG x) {
    return x * 2;
}

NTSTATUS DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    Global = 7;
    Global = Twice(Global);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "global %d\\n", Global);
    return 0;
}
`;

test('ba w4 on a global stops right after the write, bl lists it, bc clears it, ba e1 stops at a function', async () => {
  const drv = await buildDriver('hwbp', HWBP_C);
  const r = await rigStoppedAt(drv, 'hwbp!DriverEntry');
  try {
    const { s } = r;
    await s.execute('bc *');
    assert.equal(await s.execute('ba w4 hwbp!Global'), '');
    const global = /^Evaluate expression: -?\d+ = (\S+)$/.exec(await s.execute('? hwbp!Global'))?.[1];
    assert.ok(global, 'the global has an address');
    assert.equal(await s.execute('bl'), `     0 e Disable Clear  ${global} w 4 0001 (0001) hwbp!Global`);

    let hit = s.waitForBreak(120_000);
    await s.execute('g');
    const banner = await hit;
    assert.match(banner, /^Breakpoint 0 hit\nhwbp!DriverEntry\+0x([0-9a-f]+):\nfffff801`[0-9a-f]{8} [0-9a-f]+ +\S/, banner);
    assert.match(await s.execute('dd hwbp!Global L1'), /^fffff801`[0-9a-f]{8}  00000007$/, 'the first write is done');
    // The instruction before the stop is the store: the processor stopped right after the writing instruction.
    const pc = /^hwbp!DriverEntry\+0x([0-9a-f]+):/m.exec(banner)![1]!;
    const listing = (await s.execute('u hwbp!DriverEntry L40')).split('\n').filter((l) => /^fffff801`[0-9a-f]{8} /.test(l));
    const stopLine = listing.findIndex((l) => l.startsWith(addrAt(listing, pc)));
    assert.ok(stopLine > 0, listing.join('\n'));
    assert.match(listing[stopLine - 1]!, /\bi32\.store\b/, `the instruction before the stop writes memory:\n${listing.join('\n')}`);

    assert.equal(await s.execute('bc 0'), '');
    assert.equal(await s.execute('bl'), '');

    // An execute breakpoint (DR7 R/W 00) stops when the function runs, at its first instruction.
    assert.equal(await s.execute('ba e1 hwbp!Twice'), '');
    const twice = /^Evaluate expression: -?\d+ = (\S+)$/.exec(await s.execute('? hwbp!Twice'))![1]!;
    assert.equal(await s.execute('bl'), `     0 e Disable Clear  ${twice} e 1 0001 (0001) hwbp!Twice`);
    hit = s.waitForBreak(120_000);
    await s.execute('g');
    assert.match(await hit, new RegExp(`^Breakpoint 0 hit\nhwbp!Twice:\n${twice} [0-9a-f]+ +\\S`));
    assert.match(await s.execute('kn'), /\n00 \S+ \S+ hwbp!Twice [^\n]*\n01 \S+ \S+ hwbp!DriverEntry\+0x/, 'Twice called from DriverEntry');
    assert.match(await s.execute('dd hwbp!Global L1'), /  00000007$/, 'the second write has not happened yet');
    assert.equal(await s.execute('bc 0'), '');
    await s.execute('g');
    await until(() => r.out.join('').includes('global 14\n'), 120_000);
  } finally { r.close(); }
});

/** The address column of the listing line for DriverEntry+pc (the listing starts at DriverEntry). */
function addrAt(listing: string[], pcHex: string): string {
  const first = listing.find((l) => /^fffff801`[0-9a-f]{8} /.test(l))!;
  const base = BigInt(`0x${first.slice(0, 17).replace('`', '')}`) + BigInt(`0x${pcHex}`);
  const h = base.toString(16).padStart(16, '0');
  return `${h.slice(0, 8)}\`${h.slice(8)}`;
}
