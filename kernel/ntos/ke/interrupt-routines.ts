// Synchronizing with an ISR: KeSynchronizeExecution runs a routine at the interrupt's SynchronizeIrql holding its
// interrupt spin lock; KeAcquireInterruptSpinLock/KeReleaseInterruptSpinLock do the same around the caller's code.
// Holding the lock at that IRQL is what keeps the ISR out: ke/interrupts.ts delivers only above the current IRQL.
import { BLOCK, type HostRequest, type Value } from '../../../main/machine/cpu/types.ts';
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { takeSpinLock, dropSpinLock, verifierRaise } from './irql-routines.ts';

/** Raise to the interrupt's SynchronizeIrql and take its lock; the previous IRQL (or BLOCK resuming with it). */
function acquire(k: Kernel, interrupt: number): Value | typeof BLOCK {
  const I = k.ke.interrupts, old = k.processor.irql, sync = I.syncIrql(interrupt);
  if (old > sync) throw verifierRaise(k, old, sync);
  takeSpinLock(k, I.actualLock(interrupt));
  return k.ke.setIrql(sync, old);
}

function release(k: Kernel, interrupt: number, old: number): Value | typeof BLOCK {
  dropSpinLock(k, k.ke.interrupts.actualLock(interrupt));
  return k.ke.setIrql(old & 0xff, 0);
}

export const interruptSyncRoutines: RoutineTable = {
  KeSynchronizeExecution: function* (k: Kernel, interrupt: number, routine: number, context: number): Generator<HostRequest, Value, Value> {
    let old = acquire(k, interrupt);
    if (old === BLOCK) old = yield BLOCK;
    const r = (yield* k.io.callPointer(routine, [context])) & 0xff;
    if (release(k, interrupt, Number(old)) === BLOCK) yield BLOCK;
    return r;
  },
  KeAcquireInterruptSpinLock: (k, interrupt: number) => acquire(k, interrupt),
  KeReleaseInterruptSpinLock: (k, interrupt: number, old: number) => release(k, interrupt, old),
};
