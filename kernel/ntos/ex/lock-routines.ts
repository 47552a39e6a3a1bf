// Executive locks: fast and guarded mutexes, ERESOURCE reader/writer locks, run-down protection. Their state is in
// the driver's structure (fields as our headers lay them out); waiting threads are parked here in arrival order and
// the releaser hands ownership straight to the next one, as the kernel's implementations do.
import { BLOCK, type Thread, type Value } from '../../../main/machine/cpu/types.ts';
type Result = Value | typeof BLOCK;
import { toVA } from '../../../main/machine/memory.ts';
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { struct } from '../../layout/access.ts';
import { apcRegion } from '../ke/apc.ts';

interface Waiter { thread: Thread; kthread: number; exclusive: boolean; oldIrql: number }
/** Parked threads per lock address. */
const waiters = new WeakMap<Kernel, Map<number, Waiter[]>>();
function queue(k: Kernel, lock: number): Waiter[] {
  let m = waiters.get(k);
  if (!m) { m = new Map(); waiters.set(k, m); }
  let q = m.get(lock);
  if (!q) { q = []; m.set(lock, q); }
  return q;
}
function park(k: Kernel, lock: number, exclusive: boolean, oldIrql: number): typeof BLOCK {
  const t = k.processor.current!;
  queue(k, lock).push({ thread: t, kthread: k.ke.currentKThread(), exclusive, oldIrql });
  return k.ke.park();
}

// ---- fast mutex (raises to APC_LEVEL) and guarded mutex (same structure, IRQL unchanged) ----

function fm(k: Kernel) {
  const s = struct(k.layouts, 'FAST_MUTEX');
  return { count: s.field('Count'), owner: s.field('Owner'), contention: s.field('Contention'), oldIrql: s.field('OldIrql'), lockBit: k.constant('FM_LOCK_BIT') };
}

function acquireMutex(k: Kernel, m: number, raise: boolean, tryOnly: boolean): Result {
  const f = fm(k), mem = k.memory, old = k.processor.irql, apc = k.constant('APC_LEVEL');
  if (raise && old > apc) throw new BugCheck('IRQL_NOT_LESS_OR_EQUAL', [toVA(m), BigInt(old), 0n, 0n], k.caller);
  const me = k.ke.currentKThread();
  if (mem.readI32(m + f.count) & f.lockBit) {
    mem.writeU32(m + f.count, mem.readI32(m + f.count) & ~f.lockBit);
    mem.writeU32(m + f.owner, me);
    mem.writeU32(m + f.oldIrql, old);
    if (raise) return k.ke.setIrql(Math.max(old, apc), tryOnly ? 1 : 0);
    return tryOnly ? 1 : 0;
  }
  if (tryOnly) return 0;
  mem.writeU32(m + f.contention, mem.readU32(m + f.contention) + 1);
  if (raise) k.processor.irql = Math.max(old, apc);
  return park(k, m, true, old);
}

function releaseMutex(k: Kernel, m: number, lower: boolean): Result {
  const f = fm(k), mem = k.memory;
  const old = mem.readU32(m + f.oldIrql);
  const next = queue(k, m).shift();
  if (next) {
    mem.writeU32(m + f.owner, next.kthread);
    mem.writeU32(m + f.oldIrql, next.oldIrql);
    k.ke.unpark(next.thread, 0);
  } else {
    mem.writeU32(m + f.owner, 0);
    mem.writeU32(m + f.count, mem.readI32(m + f.count) | f.lockBit);
  }
  return lower ? k.ke.setIrql(old, 0) : 0;
}

function initMutex(k: Kernel, m: number) {
  const f = fm(k);
  k.memory.u8.fill(0, m, m + struct(k.layouts, 'FAST_MUTEX').size);
  k.memory.writeU32(m + f.count, f.lockBit);
  const ev = m + struct(k.layouts, 'FAST_MUTEX').field('Event');
  k.ke.objects.init(ev, k.ke.objects.types.EventSynchronization, struct(k.layouts, 'KEVENT').size, 0);
}

// ---- ERESOURCE ----

interface ResState { exclusive: number; exclusiveCount: number; shared: Map<number, number> }
const resources = new WeakMap<Kernel, Map<number, ResState>>();
function res(k: Kernel, r: number): ResState {
  let m = resources.get(k);
  if (!m) { m = new Map(); resources.set(k, m); }
  let s = m.get(r);
  if (!s) { s = { exclusive: 0, exclusiveCount: 0, shared: new Map() }; m.set(r, s); }
  return s;
}

function syncResource(k: Kernel, r: number): void {
  const s = struct(k.layouts, 'ERESOURCE'), st = res(k, r), mem = k.memory, q = queue(k, r);
  const active = st.exclusive ? st.exclusiveCount : [...st.shared.values()].reduce((a, b) => a + b, 0);
  mem.writeU16(r + s.field('ActiveCount'), Math.min(active, 0x7fff));
  mem.writeU32(r + s.field('ActiveEntries'), st.exclusive ? 1 : st.shared.size);
  const flag = mem.readU16(r + s.field('Flag')) & ~k.constant('ResourceOwnedExclusive');
  mem.writeU16(r + s.field('Flag'), flag | (st.exclusive ? k.constant('ResourceOwnedExclusive') : 0));
  mem.writeU32(r + s.field('OwnerEntry.OwnerThread'), st.exclusive || ([...st.shared.keys()][0] ?? 0));
  mem.writeU32(r + s.field('NumberOfExclusiveWaiters'), q.filter((w) => w.exclusive).length);
  mem.writeU32(r + s.field('NumberOfSharedWaiters'), q.filter((w) => !w.exclusive).length);
}

function canShare(k: Kernel, st: ResState, me: number, r: number, starveExclusive: boolean): boolean {
  if (st.exclusive) return st.exclusive === me;
  if (st.shared.has(me)) return true;
  return starveExclusive || !queue(k, r).some((w) => w.exclusive);
}

function acquireResource(k: Kernel, r: number, exclusive: boolean, wait: boolean, starve = false): Result {
  const st = res(k, r), me = k.ke.currentKThread();
  let ok: boolean;
  if (exclusive) ok = (st.exclusive === me) || (!st.exclusive && st.shared.size === 0);
  else ok = canShare(k, st, me, r, starve);
  if (ok) {
    if (exclusive || st.exclusive === me) { st.exclusive = me; st.exclusiveCount++; }
    else st.shared.set(me, (st.shared.get(me) ?? 0) + 1);
    syncResource(k, r);
    return 1;
  }
  if (!wait) return 0;
  const s = struct(k.layouts, 'ERESOURCE');
  k.memory.writeU32(r + s.field('ContentionCount'), k.memory.readU32(r + s.field('ContentionCount')) + 1);
  const b: typeof BLOCK = park(k, r, exclusive, k.processor.irql);
  syncResource(k, r);
  return b;
}

function releaseResource(k: Kernel, r: number, owner?: number) {
  const st = res(k, r), me = owner ?? k.ke.currentKThread();
  if (st.exclusive && (st.exclusive === me || owner !== undefined)) {
    if (--st.exclusiveCount === 0) st.exclusive = 0;
  } else if (st.shared.has(me)) {
    const n = st.shared.get(me)! - 1;
    if (n === 0) st.shared.delete(me); else st.shared.set(me, n);
  } else if (st.shared.size) { const [any] = st.shared.keys(); const n = st.shared.get(any!)! - 1; if (n) st.shared.set(any!, n); else st.shared.delete(any!); }
  // Grant waiters: one exclusive waiter, or every shared waiter at the head of the queue.
  const q = queue(k, r);
  while (q.length && !st.exclusive) {
    const w = q[0]!;
    if (w.exclusive) {
      if (st.shared.size) break;
      q.shift(); st.exclusive = w.kthread; st.exclusiveCount = 1; k.ke.unpark(w.thread, 1);
      break;
    }
    q.shift(); st.shared.set(w.kthread, (st.shared.get(w.kthread) ?? 0) + 1); k.ke.unpark(w.thread, 1);
  }
  syncResource(k, r);
}

// ---- run-down protection: Count = references * 2, bit 0 once run-down started ----

const rundownWaiters = new WeakMap<Kernel, Map<number, Thread>>();
function rdWaiters(k: Kernel): Map<number, Thread> {
  let m = rundownWaiters.get(k);
  if (!m) { m = new Map(); rundownWaiters.set(k, m); }
  return m;
}

function rundownAcquire(k: Kernel, ref: number, n: number) {
  const c = k.memory.readU32(ref);
  if (c & 1) return 0;
  k.memory.writeU32(ref, c + 2 * n);
  return 1;
}
function rundownRelease(k: Kernel, ref: number, n: number) {
  const c = k.memory.readU32(ref) - 2 * n;
  k.memory.writeU32(ref, c);
  if (c === 1) { const t = rdWaiters(k).get(ref); if (t) { rdWaiters(k).delete(ref); k.ke.unpark(t, 0); } }
}
function rundownWait(k: Kernel, ref: number): Result {
  const c = k.memory.readU32(ref) | 1;
  k.memory.writeU32(ref, c);
  if (c === 1) return 0;
  rdWaiters(k).set(ref, k.processor.current!);
  return k.ke.park();
}

export const lockRoutines: RoutineTable = {
  ExAcquireFastMutex: (k, m: number) => acquireMutex(k, m, true, false),
  ExReleaseFastMutex: (k, m: number) => releaseMutex(k, m, true),
  ExTryToAcquireFastMutex: (k, m: number) => acquireMutex(k, m, true, true),
  ExAcquireFastMutexUnsafe: (k, m: number) => acquireMutex(k, m, false, false),
  ExReleaseFastMutexUnsafe: (k, m: number) => releaseMutex(k, m, false),
  KeInitializeGuardedMutex: (k, m: number) => initMutex(k, m),
  // A guarded mutex holds its owner in a guarded region (all kernel APCs off); the Unsafe forms leave that to the caller.
  KeAcquireGuardedMutex: (k, m: number) => { apcRegion(k, true, true); return acquireMutex(k, m, false, false); },
  KeReleaseGuardedMutex: (k, m: number) => { const r = releaseMutex(k, m, false); apcRegion(k, true, false); return r; },
  KeTryToAcquireGuardedMutex: (k, m: number) => {
    apcRegion(k, true, true);
    const r = acquireMutex(k, m, false, true);
    if (r === 0) apcRegion(k, true, false);
    return r;
  },
  KeAcquireGuardedMutexUnsafe: (k, m: number) => acquireMutex(k, m, false, false),
  KeReleaseGuardedMutexUnsafe: (k, m: number) => releaseMutex(k, m, false),

  ExInitializeResourceLite: (k, r: number) => {
    const s = struct(k.layouts, 'ERESOURCE');
    k.memory.u8.fill(0, r, r + s.size);
    resources.get(k)?.delete(r);
    syncResource(k, r);
    return 0;
  },
  ExReinitializeResourceLite: (k, r: number) => lockRoutines.ExInitializeResourceLite!(k, r),
  ExDeleteResourceLite: (k, r: number) => { resources.get(k)?.delete(r); return 0; },
  ExAcquireResourceExclusiveLite: (k, r: number, wait: number) => acquireResource(k, r, true, (wait & 0xff) !== 0),
  ExAcquireResourceSharedLite: (k, r: number, wait: number) => acquireResource(k, r, false, (wait & 0xff) !== 0),
  ExAcquireSharedStarveExclusive: (k, r: number, wait: number) => acquireResource(k, r, false, (wait & 0xff) !== 0, true),
  ExAcquireSharedWaitForExclusive: (k, r: number, wait: number) => acquireResource(k, r, false, (wait & 0xff) !== 0),
  ExTryToAcquireResourceExclusiveLite: (k, r: number) => acquireResource(k, r, true, false),
  ExReleaseResourceLite: (k, r: number) => releaseResource(k, r),
  ExReleaseResourceForThreadLite: (k, r: number, owner: number) => releaseResource(k, r, owner),
  ExSetResourceOwnerPointer: () => {},
  ExConvertExclusiveToSharedLite: (k, r: number) => {
    const st = res(k, r);
    if (st.exclusive) { st.shared.set(st.exclusive, st.exclusiveCount); st.exclusive = 0; st.exclusiveCount = 0; }
    releaseResource(k, r, -1); // grants waiting shared acquirers without dropping a count (owner -1 matches nobody)
  },
  ExIsResourceAcquiredExclusiveLite: (k, r: number) => (res(k, r).exclusive === k.ke.currentKThread() ? 1 : 0),
  ExIsResourceAcquiredSharedLite: (k, r: number) => {
    const st = res(k, r), me = k.ke.currentKThread();
    return st.exclusive === me ? st.exclusiveCount : st.shared.get(me) ?? 0;
  },
  ExGetExclusiveWaiterCount: (k, r: number) => queue(k, r).filter((w) => w.exclusive).length,
  ExGetSharedWaiterCount: (k, r: number) => queue(k, r).filter((w) => !w.exclusive).length,
  ExEnterCriticalRegionAndAcquireResourceExclusive: (k, r: number) => { apcRegion(k, false, true); const v = acquireResource(k, r, true, true); return v === 1 ? k.ke.currentKThread() : v; },
  ExEnterCriticalRegionAndAcquireResourceShared: (k, r: number) => { apcRegion(k, false, true); const v = acquireResource(k, r, false, true); return v === 1 ? k.ke.currentKThread() : v; },
  ExEnterCriticalRegionAndAcquireSharedWaitForExclusive: (k, r: number) => { apcRegion(k, false, true); const v = acquireResource(k, r, false, true); return v === 1 ? k.ke.currentKThread() : v; },
  ExReleaseResourceAndLeaveCriticalRegion: (k, r: number) => { const v = releaseResource(k, r); apcRegion(k, false, false); return v; },

  ExInitializeRundownProtection: (k, ref: number) => { k.memory.writeU32(ref, 0); },
  ExReInitializeRundownProtection: (k, ref: number) => { k.memory.writeU32(ref, 0); },
  ExAcquireRundownProtection: (k, ref: number) => rundownAcquire(k, ref, 1),
  ExAcquireRundownProtectionEx: (k, ref: number, n: number) => rundownAcquire(k, ref, n),
  ExReleaseRundownProtection: (k, ref: number) => rundownRelease(k, ref, 1),
  ExReleaseRundownProtectionEx: (k, ref: number, n: number) => rundownRelease(k, ref, n),
  ExRundownCompleted: (k, ref: number) => { k.memory.writeU32(ref, 1); },
  ExWaitForRundownProtectionRelease: (k, ref: number) => rundownWait(k, ref),
  ExAllocateCacheAwareRundownProtection: (k, _type: number, tag: number) => {
    const a = k.pool.allocateBlock(struct(k.layouts, 'EX_RUNDOWN_REF').size, tag, { paged: false, poolType: 0, zero: true, owner: k.caller });
    return a ?? 0;
  },
  ExSizeOfRundownProtectionCacheAware: (k) => struct(k.layouts, 'EX_RUNDOWN_REF').size,
  ExInitializeRundownProtectionCacheAware: (k, ref: number) => { k.memory.writeU32(ref, 0); },
  ExFreeCacheAwareRundownProtection: (k, ref: number) => { k.pool.freeBlock(ref); },
  ExAcquireRundownProtectionCacheAware: (k, ref: number) => rundownAcquire(k, ref, 1),
  ExReleaseRundownProtectionCacheAware: (k, ref: number) => rundownRelease(k, ref, 1),
  ExWaitForRundownProtectionReleaseCacheAware: (k, ref: number) => rundownWait(k, ref),
  ExRundownCompletedCacheAware: (k, ref: number) => { k.memory.writeU32(ref, 1); },
};

