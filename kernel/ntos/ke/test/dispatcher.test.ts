// The dispatcher end to end with a real driver (ExecutiveSync, built by our clang): a periodic KTIMER whose DPC
// signals an event a system thread waits for, timeouts, a mutex, waiting on a thread object; spin locks raising IRQL
// and a wait at DISPATCH_LEVEL stopping the system; HAL port I/O against the machine's parallel port and its dongle.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { IoBus, InterruptController } from '../../../../main/machine/bus.ts';
import { ParallelPort, dongleAnswer, DEFAULT_DONGLE_KEY } from '../../../../main/machine/devices/parallel.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { struct } from '../../../layout/access.ts';
import { buildTestDriver, loadDriver, testLayouts } from './driver.ts';

const EXPORTS = ['RunTimerDpcThread', 'RunWaitAtDispatch', 'RunDongle', 'Results'];
let L: Layouts;
let bytes: Uint8Array;

before(async () => {
  [L, bytes] = await Promise.all([testLayouts(), buildTestDriver('ExecutiveSync', EXPORTS)]);
});

/** Results fields, read through the driver's own DWARF-free layout: consecutive LONGs then a LONGLONG and a ULONG. */
function results(k: ReturnType<typeof loadDriver>['k'], at: number) {
  const m = k.memory, l = (i: number) => m.readI32(at + 4 * i);
  return { timerFires: l(0), dpcIrql: l(1), threadSawFires: l(2), waitStatus: l(3), timeoutStatus: l(4), mutexHeld: l(5),
    threadDone: l(6), threadObjectStatus: l(7), spinIrql: l(8), afterIrql: l(9), elapsed: m.readU64(at + 40), answer: m.readU32(at + 48) };
}

test('a periodic timer DPC signals an event; a system thread waits, times out, takes a mutex and ends', () => {
  const d = loadDriver(L, bytes, 'ExecutiveSync');
  const r = d.k.call(d.fn('RunTimerDpcThread'), []);
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  assert.equal(r.result, 0);
  const x = results(d.k, d.data('Results'));
  assert.equal(x.timerFires, 3, 'the periodic timer fired three times, then was cancelled');
  assert.equal(x.dpcIrql, d.k.constant('DISPATCH_LEVEL'), 'DPCs run at DISPATCH_LEVEL');
  assert.equal(x.threadSawFires, 3, 'the thread woke after the third DPC set the event');
  assert.equal(x.waitStatus, 0);
  assert.equal(x.timeoutStatus, d.k.constant('STATUS_TIMEOUT'));
  assert.equal(x.mutexHeld, 1);
  assert.equal(x.threadDone, 1);
  assert.equal(x.threadObjectStatus, 0, 'waiting on the thread object returns when it terminates');
  // 10 ms + 2 x 10 ms of timer, then a 5 ms timeout: at least 35 ms of simulated time (100 ns units).
  assert.ok(x.elapsed >= 350_000n && x.elapsed < 1_000_000n, `elapsed ${x.elapsed}`);
  assert.equal(d.k.ke.timers.size, 0);
  assert.equal(d.k.threads.length, 0, 'every thread ended');
});

test('a spin lock raises to DISPATCH_LEVEL; a wait with a timeout there is IRQL_NOT_LESS_OR_EQUAL', () => {
  const d = loadDriver(L, bytes, 'ExecutiveSync');
  d.k.call(d.fn('RunWaitAtDispatch'), []);
  const x = results(d.k, d.data('Results'));
  assert.equal(x.spinIrql, d.k.constant('DISPATCH_LEVEL'));
  assert.equal(x.afterIrql, d.k.constant('PASSIVE_LEVEL'));
  assert.equal(d.k.bugCheck?.code, 'IRQL_NOT_LESS_OR_EQUAL');
  assert.equal(d.k.bugCheck?.params[1], BigInt(d.k.constant('DISPATCH_LEVEL')), 'Arg2 is the IRQL');
  assert.equal(d.k.bugCheck?.driver, 'ExecutiveSync.sys');
  assert.ok(struct(L, 'KEVENT').size > 0);
});

test('HAL port I/O reaches the parallel port at 0x378 and its dongle', () => {
  const bus = new IoBus();
  new ParallelPort('LPT1', 0x378, 7, bus, new InterruptController());
  const d = loadDriver(L, bytes, 'ExecutiveSync', { ports: bus });
  d.k.call(d.fn('RunDongle'), []);
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  const x = results(d.k, d.data('Results'));
  assert.equal(x.answer & 0xff, dongleAnswer(0x5a, DEFAULT_DONGLE_KEY), 'the dongle answered the challenge');
  assert.equal((x.answer >> 8) & 0x10, 0x10, 'status SELECT: dongle present');
});
