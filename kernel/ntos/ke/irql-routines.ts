// IRQL and spin locks. A spin lock holds DISPATCH_LEVEL on this processor; on one processor a lock found owned can
// only be a driver bug (recursion, or a lock left held), which stops the system as a checked kernel does.
import { BLOCK } from '../../../main/machine/cpu/types.ts';
import { toVA } from '../../../main/machine/memory.ts';
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from './bugcheck.ts';
import { struct } from '../../layout/access.ts';
import { apcRegion, apcsDisabled, allApcsDisabled } from './apc.ts';

const DISPATCH = (k: Kernel) => k.ke.DISPATCH_LEVEL;

/** Verifier's 0xC4 codes for IRQL misuse: 0x30 raising to a lower level, 0x31 lowering to a higher one. */
function verifier(k: Kernel, sub: number, a: number, b: number): BugCheck {
  return new BugCheck('DRIVER_VERIFIER_DETECTED_VIOLATION', [BigInt(sub), BigInt(a), BigInt(b), 0n], k.caller);
}

/** Raising to a lower IRQL than the current one (the verifier's 0xC4/0x30). */
export function verifierRaise(k: Kernel, old: number, irql: number): BugCheck { return verifier(k, 0x30, old, irql); }

export function raiseIrql(k: Kernel, irql: number): number | typeof BLOCK {
  const old = k.processor.irql;
  if (irql < old) throw verifierRaise(k, old, irql);
  return k.ke.setIrql(irql, old) as number | typeof BLOCK;
}

export function lowerIrql(k: Kernel, irql: number): number | typeof BLOCK {
  const cur = k.processor.irql;
  if (irql > cur) throw verifier(k, 0x31, cur, irql);
  return k.ke.setIrql(irql, 0) as number | typeof BLOCK;
}

export function takeSpinLock(k: Kernel, lock: number): void {
  const m = k.memory;
  if (m.readU32(lock) !== 0) throw new BugCheck('SPIN_LOCK_ALREADY_OWNED', [toVA(lock), BigInt(m.readU32(lock)), 0n, 0n], k.caller);
  m.writeU32(lock, k.ke.currentKThread() | 1);
}

export function dropSpinLock(k: Kernel, lock: number): void {
  const m = k.memory;
  if (m.readU32(lock) === 0) throw new BugCheck('SPIN_LOCK_NOT_OWNED', [toVA(lock), 0n, 0n, 0n], k.caller);
  m.writeU32(lock, 0);
}

/** Acquiring at DPC level requires being there already (the verifier checks it). */
function atDpc(k: Kernel): void {
  if (k.processor.irql < DISPATCH(k)) throw new BugCheck('IRQL_NOT_GREATER_OR_EQUAL', [BigInt(k.processor.irql), BigInt(DISPATCH(k)), 0n, 0n], k.caller);
}

function acquireRaise(k: Kernel, lock: number): number | typeof BLOCK {
  const old = k.processor.irql;
  if (old > DISPATCH(k)) throw verifier(k, 0x30, old, DISPATCH(k));
  takeSpinLock(k, lock);
  return k.ke.setIrql(DISPATCH(k), old) as number | typeof BLOCK;
}

function release(k: Kernel, lock: number, irql: number) {
  dropSpinLock(k, lock);
  return k.ke.setIrql(irql & 0xff, 0);
}

export function queuedHandle(k: Kernel) {
  const s = struct(k.layouts, 'KLOCK_QUEUE_HANDLE');
  return { lock: s.field('LockQueue.Lock'), next: s.field('LockQueue.Next'), oldIrql: s.field('OldIrql') };
}

export const halIrqlRoutines: RoutineTable = {
  KfRaiseIrql: (k, irql: number) => raiseIrql(k, irql & 0xff),
  KfLowerIrql: (k, irql: number) => lowerIrql(k, irql & 0xff),
  KeGetCurrentIrql: (k) => k.processor.irql,
};

export const irqlRoutines: RoutineTable = {
  KeAcquireSpinLockRaiseToDpc: (k, lock: number) => acquireRaise(k, lock),
  KeAcquireSpinLockForDpc: (k, lock: number) => acquireRaise(k, lock),
  KeReleaseSpinLock: (k, lock: number, irql: number) => release(k, lock, irql),
  KeReleaseSpinLockForDpc: (k, lock: number, irql: number) => release(k, lock, irql),
  KeAcquireSpinLockAtDpcLevel: (k, lock: number) => { atDpc(k); takeSpinLock(k, lock); },
  KeReleaseSpinLockFromDpcLevel: (k, lock: number) => { dropSpinLock(k, lock); },
  KeTryToAcquireSpinLockAtDpcLevel: (k, lock: number) => {
    atDpc(k);
    if (k.memory.readU32(lock) !== 0) return 0;
    takeSpinLock(k, lock);
    return 1;
  },
  KeTestSpinLock: (k, lock: number) => (k.memory.readU32(lock) === 0 ? 1 : 0),

  KeAcquireInStackQueuedSpinLock: (k, lock: number, handle: number) => {
    const h = queuedHandle(k), old = k.processor.irql;
    if (old > DISPATCH(k)) throw verifier(k, 0x30, old, DISPATCH(k));
    takeSpinLock(k, lock);
    k.memory.writeU32(handle + h.lock, lock); k.memory.writeU32(handle + h.next, 0); k.memory.writeU8(handle + h.oldIrql, old);
    return k.ke.setIrql(DISPATCH(k), 0);
  },
  KeAcquireInStackQueuedSpinLockForDpc: (k, lock: number, handle: number) => irqlRoutines.KeAcquireInStackQueuedSpinLock!(k, lock, handle),
  KeReleaseInStackQueuedSpinLock: (k, handle: number) => {
    const h = queuedHandle(k);
    dropSpinLock(k, k.memory.readU32(handle + h.lock));
    return k.ke.setIrql(k.memory.readU8(handle + h.oldIrql), 0);
  },
  KeReleaseInStackQueuedSpinLockForDpc: (k, handle: number) => irqlRoutines.KeReleaseInStackQueuedSpinLock!(k, handle),
  KeAcquireInStackQueuedSpinLockAtDpcLevel: (k, lock: number, handle: number) => {
    atDpc(k);
    takeSpinLock(k, lock);
    const h = queuedHandle(k);
    k.memory.writeU32(handle + h.lock, lock); k.memory.writeU32(handle + h.next, 0);
  },
  KeReleaseInStackQueuedSpinLockFromDpcLevel: (k, handle: number) => { dropSpinLock(k, k.memory.readU32(handle + queuedHandle(k).lock)); },

  // Executive spin locks (reader/writer): one processor, so shared and exclusive both just hold DISPATCH_LEVEL.
  ExAcquireSpinLockShared: (k, lock: number) => { const old = k.processor.irql; k.memory.writeU32(lock, (k.memory.readU32(lock) + 1) >>> 0); return k.ke.setIrql(Math.max(old, DISPATCH(k)), old); },
  ExAcquireSpinLockExclusive: (k, lock: number) => {
    const old = k.processor.irql;
    if (k.memory.readU32(lock) !== 0) throw new BugCheck('SPIN_LOCK_ALREADY_OWNED', [toVA(lock), 0n, 0n, 0n], k.caller);
    k.memory.writeU32(lock, 0x80000000);
    return k.ke.setIrql(Math.max(old, DISPATCH(k)), old);
  },
  ExReleaseSpinLockShared: (k, lock: number, irql: number) => { k.memory.writeU32(lock, Math.max(0, k.memory.readU32(lock) - 1)); return k.ke.setIrql(irql & 0xff, 0); },
  ExReleaseSpinLockExclusive: (k, lock: number, irql: number) => { k.memory.writeU32(lock, 0); return k.ke.setIrql(irql & 0xff, 0); },
  ExAcquireSpinLockSharedAtDpcLevel: (k, lock: number) => { k.memory.writeU32(lock, (k.memory.readU32(lock) + 1) >>> 0); },
  ExReleaseSpinLockSharedFromDpcLevel: (k, lock: number) => { k.memory.writeU32(lock, Math.max(0, k.memory.readU32(lock) - 1)); },
  ExAcquireSpinLockExclusiveAtDpcLevel: (k, lock: number) => { k.memory.writeU32(lock, 0x80000000); },
  ExReleaseSpinLockExclusiveFromDpcLevel: (k, lock: number) => { k.memory.writeU32(lock, 0); },

  // APC disabling (ke/apc.ts): critical regions turn off normal kernel APCs, guarded regions all of them.
  KeEnterCriticalRegion: (k) => apcRegion(k, false, true),
  KeLeaveCriticalRegion: (k) => apcRegion(k, false, false),
  KeEnterGuardedRegion: (k) => apcRegion(k, true, true),
  KeLeaveGuardedRegion: (k) => apcRegion(k, true, false),
  KeAreApcsDisabled: (k) => (apcsDisabled(k) ? 1 : 0),
  KeAreAllApcsDisabled: (k) => (allApcsDisabled(k) ? 1 : 0),
};
