// Framework locks: WDFSPINLOCK (raises to DISPATCH_LEVEL; acquiring one the caller holds is 0x10D/0x2,
// WDF_RECURSIVE_LOCK), WDFWAITLOCK (passive; waits block the thread, with an optional timeout) and
// WdfObjectAcquireLock on an object with a synchronization scope.
import { BLOCK, type Thread } from '../../main/machine/cpu/types.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Step } from '../ntos/ob/manager.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { fx } from './framework.ts';
import { createObject, objectOf } from './object.ts';
import type { FxQueue } from './queue.ts';

const DISPATCH_LEVEL = 2;

interface FxSpinLock { owner: Thread | null; oldIrql: number }
interface FxWaitLock { owner: Thread | null; waiters: Thread[] }

function create(k: Kernel, g: number, kind: 'WDFSPINLOCK' | 'WDFWAITLOCK', attributes: number, out: number): number {
  const f = fx(k);
  const b = f.binding(g);
  if (!out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const r = createObject(f, b, kind, attributes, { defaultParent: b?.driver?.obj });
  if (!r.obj) return r.status;
  r.obj.impl = kind === 'WDFSPINLOCK' ? { owner: null, oldIrql: 0 } satisfies FxSpinLock : { owner: null, waiters: [] } satisfies FxWaitLock;
  fx(k).mem.writeU32(out, r.obj.handle);
  return 0;
}

export const syncRoutines: RoutineTable = {
  WdfSpinLockCreate: (k, g, attributes, out) => create(k, g, 'WDFSPINLOCK', attributes, out),
  WdfSpinLockAcquire: (k, g, handle) => {
    const f = fx(k);
    const b = f.binding(g);
    const l = objectOf(f, b, handle, 'WDFSPINLOCK').impl as FxSpinLock;
    const me = k.processor.current;
    if (l.owner && l.owner === me) throw f.violation(b, 'WDF_RECURSIVE_LOCK', handle >>> 0);
    if (k.processor.irql > DISPATCH_LEVEL) throw f.violation(b, 'WDF_VERIFIER_IRQL_MISMATCH', k.processor.irql, DISPATCH_LEVEL);
    l.oldIrql = k.processor.irql;
    k.processor.irql = DISPATCH_LEVEL;
    l.owner = me;
  },
  WdfSpinLockRelease: (k, g, handle) => {
    const f = fx(k);
    const b = f.binding(g);
    const l = objectOf(f, b, handle, 'WDFSPINLOCK').impl as FxSpinLock;
    if (!l.owner) throw f.violation(b, 'WDF_INVALID_LOCK_OPERATION', handle >>> 0, 1);
    l.owner = null;
    k.processor.irql = l.oldIrql;
  },
  WdfWaitLockCreate: (k, g, attributes, out) => create(k, g, 'WDFWAITLOCK', attributes, out),
  WdfWaitLockAcquire: (k, g, handle, timeoutPtr) => {
    const f = fx(k);
    const b = f.binding(g);
    const l = objectOf(f, b, handle, 'WDFWAITLOCK').impl as FxWaitLock;
    const me = k.processor.current;
    if (l.owner === me && me) throw f.violation(b, 'WDF_RECURSIVE_LOCK', handle >>> 0);
    if (!l.owner) { l.owner = me; return 0; }
    // A zero timeout is a try-acquire.
    if (timeoutPtr && fx(k).mem.readU64(timeoutPtr) === 0n) return f.st('STATUS_TIMEOUT');
    return (function* (): Step<number> {
      while (l.owner) { if (me) l.waiters.push(me); yield BLOCK; }
      l.owner = me;
      return 0;
    })();
  },
  WdfWaitLockRelease: (k, g, handle) => {
    const f = fx(k);
    const b = f.binding(g);
    const l = objectOf(f, b, handle, 'WDFWAITLOCK').impl as FxWaitLock;
    if (!l.owner) throw f.violation(b, 'WDF_INVALID_LOCK_OPERATION', handle >>> 0, 1);
    l.owner = null;
    const w = l.waiters.shift();
    if (w?.state === 'blocked') k.processor.wake(w, 0);
  },
  WdfObjectAcquireLock: (k, g, handle) => {
    const f = fx(k);
    const o = objectOf(f, f.binding(g), handle);
    const q = o.kind === 'WDFQUEUE' ? o.impl as FxQueue : undefined;
    if (!q?.lock) { f.verifierBreak(f.binding(g), `WdfObjectAcquireLock on a ${o.kind} without a synchronization scope`); return; }
    const me = k.processor.current;
    if (q.lock.owner === me && me) throw f.violation(f.binding(g), 'WDF_RECURSIVE_LOCK', handle >>> 0);
    return (function* (): Step {
      while (q.lock!.owner) { if (me) q.lock!.waiters.push(me); yield BLOCK; }
      q.lock!.owner = me; q.lock!.depth = 1;
    })();
  },
  WdfObjectReleaseLock: (k, g, handle) => {
    const f = fx(k);
    const o = objectOf(f, f.binding(g), handle);
    const q = o.kind === 'WDFQUEUE' ? o.impl as FxQueue : undefined;
    if (!q?.lock?.owner) return;
    q.lock.owner = null; q.lock.depth = 0;
    const w = q.lock.waiters.shift();
    if (w?.state === 'blocked') k.processor.wake(w, 0);
    return q.dispatchEvents();
  },
};
