// Dispatcher objects drivers initialize in their own memory: events, mutexes, semaphores; and the waits on them.
import { toVA } from '../../../main/machine/memory.ts';
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from './bugcheck.ts';
import { NtException } from './raise.ts';
import { struct } from '../../layout/access.ts';

const readTimeout = (k: Kernel, p: number): bigint | undefined => (p ? BigInt.asIntN(64, k.memory.readU64(p)) : undefined);

function initEvent(k: Kernel, ev: number, type: number, state: number): void {
  const O = k.ke.objects;
  const sync = type === k.enumValue('EVENT_TYPE', 'SynchronizationEvent');
  O.init(ev, sync ? O.types.EventSynchronization : O.types.EventNotification, struct(k.layouts, 'KEVENT').size, state & 0xff ? 1 : 0);
}

export function setEvent(k: Kernel, ev: number): number {
  const O = k.ke.objects, prev = O.signal(ev);
  if (prev === 0) { O.setSignal(ev, 1); k.ke.signalled(ev); }
  return prev;
}

function releaseMutex(k: Kernel, m: number): number {
  const O = k.ke.objects, cur = k.ke.currentKThread(), owner = O.owner(m);
  if (owner !== cur) {
    // Releasing a mutex the thread does not own (THREAD_NOT_MUTEX_OWNER): thread, mutex, 0, 0.
    throw new BugCheck('THREAD_NOT_MUTEX_OWNER', [toVA(cur), toVA(m), 0n, 0n], k.caller);
  }
  const prev = O.signal(m);
  O.setSignal(m, prev + 1);
  if (prev + 1 > 0) { k.memory.writeU32(m + O.mutant.owner, 0); k.ke.signalled(m); }
  return prev;
}

function releaseSemaphore(k: Kernel, s: number, adjustment: number): number {
  const O = k.ke.objects, prev = O.signal(s), limit = k.memory.readI32(s + O.semaphore.limit);
  if (adjustment <= 0 || prev + adjustment > limit || prev + adjustment < prev) throw new NtException(k.constant('STATUS_SEMAPHORE_LIMIT_EXCEEDED'));
  O.setSignal(s, prev + adjustment);
  if (prev === 0) k.ke.signalled(s);
  return prev;
}

export const syncRoutines: RoutineTable = {
  KeInitializeEvent: (k, ev: number, type: number, state: number) => initEvent(k, ev, type, state),
  KeSetEvent: (k, ev: number, _inc: number, _wait: number) => setEvent(k, ev),
  KeClearEvent: (k, ev: number) => { k.ke.objects.setSignal(ev, 0); },
  KeResetEvent: (k, ev: number) => { const prev = k.ke.objects.signal(ev); k.ke.objects.setSignal(ev, 0); return prev; },
  KeReadStateEvent: (k, ev: number) => k.ke.objects.signal(ev),

  KeInitializeMutex: (k, m: number, _level: number) => {
    const O = k.ke.objects;
    O.init(m, O.types.Mutant, O.mutant.size, 1);
    k.memory.writeU32(m + O.mutant.owner, 0);
  },
  KeReleaseMutex: (k, m: number, _wait: number) => releaseMutex(k, m),
  KeReadStateMutex: (k, m: number) => k.ke.objects.signal(m),

  KeInitializeSemaphore: (k, s: number, count: number, limit: number) => {
    const O = k.ke.objects;
    O.init(s, O.types.Semaphore, O.semaphore.size, count);
    k.memory.writeU32(s + O.semaphore.limit, limit);
  },
  KeReleaseSemaphore: (k, s: number, _inc: number, adjustment: number, _wait: number) => releaseSemaphore(k, s, adjustment),
  KeReadStateSemaphore: (k, s: number) => k.ke.objects.signal(s),

  KeWaitForSingleObject: (k, obj: number, _reason: number, _mode: number, _alertable: number, timeout: number) =>
    k.ke.wait([obj], false, readTimeout(k, timeout)),
  KeWaitForMultipleObjects: (k, count: number, array: number, waitType: number, _reason: number, _mode: number, _alertable: number, timeout: number, blocks: number) => {
    const max = k.constant(blocks ? 'MAXIMUM_WAIT_OBJECTS' : 'THREAD_WAIT_OBJECTS');
    // Too many objects for the wait blocks given: MAXIMUM_WAIT_OBJECTS_EXCEEDED (0xC).
    if (count === 0 || count > max) throw new BugCheck('MAXIMUM_WAIT_OBJECTS_EXCEEDED', [BigInt(count), BigInt(max), 0n, 0n], k.caller);
    const objects: number[] = [];
    for (let i = 0; i < count; i++) objects.push(k.memory.readU32(array + 4 * i));
    return k.ke.wait(objects, waitType === k.enumValue('WAIT_TYPE', 'WaitAll'), readTimeout(k, timeout));
  },
  KeDelayExecutionThread: (k, _mode: number, _alertable: number, interval: number) => k.ke.delay(readTimeout(k, interval) ?? 0n),
};
