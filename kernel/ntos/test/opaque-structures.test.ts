// Coverage of the kernel's opaque structures (the list in the opaque-structures article, seed 004): each maps to
// the test that drives its routines from a real driver. This file also holds the tests for the structures no
// other test used (OpaqueStructures driver).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../main/toolchain/clang.ts';
import type { Layouts } from '../../layout/layouts.ts';
import { buildTestDriver, loadDriver, testLayouts } from '../ke/test/driver.ts';
import { BugCheck } from '../ke/bugcheck.ts';

const SELF = 'kernel/ntos/test/opaque-structures.test.ts';
const EXECUTIVE = ['kernel/ntos/ex/test/executive.test.ts', 'lookaside, fast mutex, ERESOURCE, rundown, SLIST, RTL_RUN_ONCE and EX_TIMER as drivers use them'] as const;
const KERNEL_DATA = 'kernel/ntos/se/test/kernel-data.test.ts';
const CLASSIC = ['kernel/ntos/io/test/classic.test.ts', 'IoClassic: sc create/start, I/O with every transfer method, stop, nothing leaked'] as const;
const INTERRUPTS = ['kernel/ntos/io/test/interrupts.test.ts', 'LptIrq: write → IRQ 7 → ISR at DIRQL → DpcForIsr completes the IRP; read returns the answers; unload disconnects'] as const;
const TIMER_DPC = ['kernel/ntos/ke/test/dispatcher.test.ts', 'a periodic timer DPC signals an event; a system thread waits, times out, takes a mutex and ends'] as const;
const BUGCHECK_CALLBACKS = 'bug check callback records: registered, then called when the system stops';
const LOCKS = 'guarded mutex, in-stack queued spin lock, floating point and extended state saves';
const LISTS = 'LOOKASIDE_LIST_EX, PAGED_LOOKASIDE_LIST and RTL_BITMAP';

/** Structure → [test file, test name]. */
const COVERAGE: Record<string, readonly [string, string]> = {
  EPROCESS: [KERNEL_DATA, 'se: SeSinglePrivilegeCheck for the System process, SeCaptureSubjectContext/SeReleaseSubjectContext'],
  ETHREAD: [KERNEL_DATA, 'ObReferenceObjectByHandle checks the object type: STATUS_OBJECT_TYPE_MISMATCH'],
  OBJECT_TYPE: [KERNEL_DATA, 'ObReferenceObjectByHandle checks the object type: STATUS_OBJECT_TYPE_MISMATCH'],
  SECURITY_SUBJECT_CONTEXT: [KERNEL_DATA, 'se: SeSinglePrivilegeCheck for the System process, SeCaptureSubjectContext/SeReleaseSubjectContext'],
  EX_RUNDOWN_REF: EXECUTIVE, EX_TIMER: EXECUTIVE, FAST_MUTEX: EXECUTIVE, NPAGED_LOOKASIDE_LIST: EXECUTIVE,
  RTL_RUN_ONCE: EXECUTIVE, SLIST_HEADER: EXECUTIVE,
  IO_CSQ: CLASSIC, IO_CSQ_IRP_CONTEXT: CLASSIC, IO_WORKITEM: CLASSIC,
  KDPC: TIMER_DPC, KTIMER: TIMER_DPC, KINTERRUPT: INTERRUPTS,
  KBUGCHECK_CALLBACK_RECORD: [SELF, BUGCHECK_CALLBACKS], KBUGCHECK_REASON_CALLBACK_RECORD: [SELF, BUGCHECK_CALLBACKS],
  KGUARDED_MUTEX: [SELF, LOCKS], KLOCK_QUEUE_HANDLE: [SELF, LOCKS], KFLOATING_SAVE: [SELF, LOCKS], XSTATE_SAVE: [SELF, LOCKS],
  LOOKASIDE_LIST_EX: [SELF, LISTS], PAGED_LOOKASIDE_LIST: [SELF, LISTS], RTL_BITMAP: [SELF, LISTS],
};
/** Structures with no routines to drive yet, and why. */
const PENDING: Record<string, string> = {};

function seedStructures(): string[] {
  const seed = readFileSync('/work/shared/seeds/004_c9510605ebbb0b76.txt', 'utf8');
  return [...seed.matchAll(/^## (\w+)\s*$/gm)].map((m) => m[1]);
}

test('every opaque structure of the seed maps to a test that exists and drives its routines', { skip: !existsSync('/work/shared/seeds/004_c9510605ebbb0b76.txt') && 'seed not present' }, () => {
  const listed = seedStructures();
  assert.ok(listed.length >= 25, `the seed lists ${listed.length} structures`);
  assert.deepEqual(listed.filter((s) => !COVERAGE[s] && !PENDING[s]), [], 'structures with no covering test');
  for (const s of listed.filter((x) => COVERAGE[x])) {
    const [file, name] = COVERAGE[s];
    const full = path.join(repoRoot, file);
    assert.ok(existsSync(full), `${s}: ${file} does not exist`);
    const text = readFileSync(full, 'utf8');
    assert.ok(text.includes(`test('${name}'`) || text.includes(`test(\`${name}\``) || text.includes(`test(${constName(text, name)}`), `${s}: ${file} has no test '${name}'`);
  }
});

/** For this file, whose test names are constants: the constant's name holding `name`, when there is one. */
function constName(text: string, name: string): string {
  return text.match(new RegExp(`const (\\w+) = '${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`))?.[1] ?? '\u0000';
}

let L: Layouts;
let bytes: Uint8Array;
before(async () => { [L, bytes] = await Promise.all([testLayouts(), buildTestDriver('OpaqueStructures', ['RunBugCheckCallbacks', 'RunLocksAndState', 'RunListsAndBitmap', 'RunApcRegions', 'RunRemainingRoutines', 'Out', 'BugCheckReasonRecord'])]); });

function run(name: string) {
  const d = loadDriver(L, bytes, 'OpaqueStructures');
  const r = d.k.call(d.fn(name), []);
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  assert.equal(r.stop, undefined);
  const out = (i: number) => d.k.memory.readI32(d.data('Out') + 4 * i);
  return { ...d, out };
}

test(BUGCHECK_CALLBACKS, () => {
  const d = run('RunBugCheckCallbacks');
  assert.deepEqual([d.out(0), d.out(1)], [1, 1], 'both registrations succeed');
  assert.deepEqual([d.out(10), d.out(11)], [0, 0], 'nothing called before a bugcheck');
  d.k.stop(new BugCheck('MANUALLY_INITIATED_CRASH'));
  assert.equal(d.out(10), 16, 'the callback got its buffer length');
  // A reason callback is registered with its reason; secondary dump data is asked for only while a dump is written.
  const reason = d.k.bugCheckCallbacks.registered().find((r) => r.record === d.data('BugCheckReasonRecord'));
  assert.equal(reason?.reason, d.k.enumValue('KBUGCHECK_CALLBACK_REASON', 'KbCallbackSecondaryDumpData'));
});

test(LOCKS, () => {
  const d = run('RunLocksAndState');
  // A held guarded mutex cannot be taken again (110: try failed while held, succeeded once released); the queued
  // spin lock runs at DISPATCH_LEVEL and restores the IRQL; both state saves succeed.
  const dispatch = d.k.constant('DISPATCH_LEVEL');
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => d.out(i)), [110, dispatch, 0, 0, 0]);
});

test(LISTS, () => {
  const d = run('RunListsAndBitmap');
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => d.out(i)), [0, 1, 1, 5, 8, 9]);
  assert.equal(d.k.pool.outstandingOf('OpaqueStructures').length, 0, 'the lists gave back their entries');
});

test('critical regions turn off normal kernel APCs, guarded regions and guarded mutexes all of them', () => {
  const d = run('RunApcRegions');
  const pairs = Array.from({ length: 7 }, (_, i) => [d.out(2 * i), d.out(2 * i + 1)]);
  // KeAreApcsDisabled, KeAreAllApcsDisabled: outside; critical region; guarded region; holding a guarded mutex;
  // released; critical region left open after a nested guarded one; at APC_LEVEL outside any region.
  assert.deepEqual(pairs, [[0, 0], [1, 0], [1, 1], [1, 1], [0, 0], [1, 0], [0, 1]]);
});

test('the other routines the article names: callback deregistration, at-DPC queued lock, Unsafe mutexes, RTL_RUN_ONCE steps, lookaside flush, KeReadStateTimer', () => {
  const d = run('RunRemainingRoutines');
  const c = (n: string) => d.k.constant(n) | 0;
  assert.deepEqual(Array.from({ length: 9 }, (_, i) => d.out(i)), [2, 0, c('DISPATCH_LEVEL'), 10, 10, c('STATUS_PENDING'), 0, 0, 0x40]);
  assert.deepEqual([d.out(10), d.out(11)], [0, 1], 'the timer signals when it expires');
  assert.equal(d.k.bugCheckCallbacks.registered().length, 0, 'both callbacks deregistered');
  assert.equal(d.k.pool.outstandingOf('OpaqueStructures').length, 0, 'the flushed list gave its entries back');
});
