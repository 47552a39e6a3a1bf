// Pool, executive objects and Rtl from a real driver (ExecutiveObjects, built by our clang): pool tags tracked for
// !poolused, double free and wrong tag (BAD_POOL_CALLER 0xC2), a leak at unload (0xC4/0x62), paged pool touched at
// DISPATCH_LEVEL (0xD1 with the address); lookaside, fast mutex, ERESOURCE, rundown, SLIST, RTL_RUN_ONCE, EX_TIMER;
// strings and ntstrsafe truncation; RtlGetVersion, RtlIsNtDdiVersionAvailable and MmGetSystemRoutineAddress.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { buildTestDriver, loadDriver, testLayouts } from '../../ke/test/driver.ts';
import { checkPoolLeaks } from '../pool-routines.ts';
import { BugCheck } from '../../ke/bugcheck.ts';
import { OS_VERSION } from '../../ke/version.ts';

const EXPORTS = ['RunPoolTags', 'RunFreeKept', 'RunDoubleFree', 'RunWrongTag', 'RunPagedAtDispatch', 'RunStrings', 'RunVersion', 'RunObjects', 'Out', 'Kept'];
let L: Layouts;
let bytes: Uint8Array;
before(async () => { [L, bytes] = await Promise.all([testLayouts(), buildTestDriver('ExecutiveObjects', EXPORTS)]); });

function run(name: string) {
  const d = loadDriver(L, bytes, 'ExecutiveObjects');
  const r = d.k.call(d.fn(name), []);
  const out = (i: number) => d.k.memory.readI32(d.data('Out') + 4 * i);
  return { ...d, r, out };
}

test('pool: tags and owners tracked; a leak at unload is 0xC4/0x62; freeing clears it', () => {
  const d = run('RunPoolTags');
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  assert.equal(d.out(0), 1, 'ExAllocatePool2 zeroes');
  const test = d.k.pool.usageByTag().find((u) => u.tag === 'Test')!;
  assert.deepEqual([test.nonPagedAllocs, test.nonPagedFrees, test.nonPagedBytes], [1, 0, 100]);
  const paged = d.k.pool.usageByTag().find((u) => u.tag === 'PPag')!;
  assert.deepEqual([paged.pagedAllocs, paged.pagedFrees, paged.pagedBytes], [1, 1, 0]);
  const kept = d.k.memory.readU32(d.data('Kept'));
  assert.deepEqual(d.k.pool.find(kept + 10)?.block.owner, 'ExecutiveObjects');
  assert.throws(() => checkPoolLeaks(d.k, d.image), (e: unknown) => e instanceof BugCheck && e.code === 'DRIVER_VERIFIER_DETECTED_VIOLATION'
    && e.params[0] === 0x62n && e.params[3] === 1n && e.driver === 'ExecutiveObjects.sys');
  d.k.call(d.fn('RunFreeKept'), []);
  checkPoolLeaks(d.k, d.image);
});

test('pool: a double free is BAD_POOL_CALLER 0x07, a wrong tag 0x0A', () => {
  const a = run('RunDoubleFree');
  assert.equal(a.k.bugCheck?.code, 'BAD_POOL_CALLER');
  assert.equal(a.k.bugCheck?.params[0], 0x07n);
  assert.equal(a.k.bugCheck?.driver, 'ExecutiveObjects.sys');
  const b = run('RunWrongTag');
  assert.equal(b.k.bugCheck?.code, 'BAD_POOL_CALLER');
  assert.deepEqual(b.k.bugCheck?.params.slice(0, 4).map((p, i) => (i === 1 ? 0n : p)), [0x0an, 0n, 0x74736554n, 0x676e7257n]);
});

test('paged pool touched at DISPATCH_LEVEL: DRIVER_IRQL_NOT_LESS_OR_EQUAL with the address', () => {
  const d = run('RunPagedAtDispatch');
  assert.equal(d.k.bugCheck?.code, 'DRIVER_IRQL_NOT_LESS_OR_EQUAL');
  const block = d.k.pool.blocks().find((b) => b.paged)!;
  assert.equal(d.k.bugCheck?.params[0], toVA(block.address + 12), 'Arg1: the paged address written');
  assert.equal(d.k.bugCheck?.params[1], 2n, 'Arg2: DISPATCH_LEVEL');
  assert.equal(d.k.bugCheck?.params[2], 1n, 'Arg3: a write');
  assert.equal(d.k.bugCheck?.driver, 'ExecutiveObjects.sys');
});

test('Rtl strings and ntstrsafe truncation', () => {
  const d = run('RunStrings');
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  const c = (n: string) => d.k.constant(n) | 0;
  const o = Array.from({ length: 22 }, (_, i) => d.out(i));
  assert.deepEqual(o.slice(0, 8), [32, 34, 16, c('STATUS_BUFFER_TOO_SMALL'), 0, 1, 0, 1234]);
  assert.deepEqual(o.slice(8, 11), [0, 16, 'D'.charCodeAt(0)]);
  assert.deepEqual(o.slice(11, 13), [c('STATUS_BUFFER_OVERFLOW'), 7]);
  assert.deepEqual(o.slice(13, 16), [0, 8, '1'.charCodeAt(0)]);
  assert.deepEqual(o.slice(16, 20), [c('STATUS_BUFFER_OVERFLOW'), 9, 0, 18]);
  assert.deepEqual(o.slice(20, 22), [-1, 1]);
  assert.equal(d.k.pool.outstandingOf('ExecutiveObjects').length, 0, 'the converted string was freed');
});

test('RtlGetVersion, RtlIsNtDdiVersionAvailable and MmGetSystemRoutineAddress', () => {
  const d = run('RunVersion');
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  assert.deepEqual(Array.from({ length: 10 }, (_, i) => d.out(i)), [0, OS_VERSION.major, OS_VERSION.build, 1, 0, 1, 1, 1, 1, 0]);
});

test('lookaside, fast mutex, ERESOURCE, rundown, SLIST, RTL_RUN_ONCE and EX_TIMER as drivers use them', () => {
  const d = run('RunObjects');
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  const o = Array.from({ length: 21 }, (_, i) => d.out(i));
  assert.deepEqual(o.slice(0, 2), [1, 3], 'lookaside reuse and counters');
  assert.deepEqual(o.slice(2, 5), [d.k.constant('APC_LEVEL'), 0, 0], 'fast mutex raises to APC_LEVEL');
  assert.deepEqual(o.slice(5, 8), [1, 0, 1], 'ERESOURCE shared then exclusive');
  assert.deepEqual(o.slice(8, 10), [1, 0], 'rundown refuses after the wait');
  assert.deepEqual(o.slice(10, 14), [2, 2, 1, 1], 'SLIST is LIFO');
  assert.deepEqual(o.slice(14, 16), [1, 0x1234], 'RTL_RUN_ONCE ran once');
  assert.deepEqual(o.slice(16, 21), [1, 0, 1, 2, 2], 'EX_TIMER fired twice at DISPATCH_LEVEL; deleting cancelled the periodic timer');
  assert.equal(d.k.pool.outstandingOf('ExecutiveObjects').length, 0, 'lookaside blocks and the timer went back');
});
