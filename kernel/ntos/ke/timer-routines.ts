// Timers, DPCs and time. KTIMER and KDPC live in driver memory; the dispatcher keeps the queues.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import { CLOCK_INCREMENT, PERFORMANCE_FREQUENCY, cyclesToUnits, microsecondsToCycles } from './clock.ts';

function initTimer(k: Kernel, t: number, type: number): void {
  const O = k.ke.objects, s = struct(k.layouts, 'KTIMER');
  const sync = type === k.enumValue('TIMER_TYPE', 'SynchronizationTimer');
  k.ke.cancelTimer(t);
  O.init(t, sync ? O.types.TimerSynchronization : O.types.TimerNotification, s.size, 0);
  k.memory.writeU64(t + s.field('DueTime'), 0n);
  k.memory.writeU32(t + s.field('Dpc'), 0);
  k.memory.writeU32(t + s.field('Period'), 0);
}

function setTimer(k: Kernel, t: number, dueTimePtr: number, period: number, dpc: number): number {
  const s = struct(k.layouts, 'KTIMER');
  const due = BigInt.asIntN(64, k.memory.readU64(dueTimePtr));
  const was = k.ke.setTimer(t, due, period | 0, dpc);
  // DueTime as Windows keeps it: the absolute interrupt time the timer fires at.
  k.memory.writeU64(t + s.field('DueTime'), BigInt(cyclesToUnits(k.ke.timers.get(t)!.deadline)));
  k.memory.writeU32(t + s.field('Dpc'), dpc);
  k.memory.writeU32(t + s.field('Period'), period);
  return was ? 1 : 0;
}

function initDpc(k: Kernel, dpc: number, routine: number, context: number, threaded: boolean): void {
  const s = struct(k.layouts, 'KDPC');
  k.memory.u8.fill(0, dpc, dpc + s.size);
  k.memory.writeU8(dpc + s.field('Type'), k.enumValue('KOBJECTS', threaded ? 'ThreadedDpcObject' : 'DpcObject'));
  k.memory.writeU8(dpc + s.field('Importance'), k.enumValue('KDPC_IMPORTANCE', 'MediumImportance'));
  k.memory.writeU32(dpc + s.field('DeferredRoutine'), routine);
  k.memory.writeU32(dpc + s.field('DeferredContext'), context);
}

const write64 = (k: Kernel, p: number, v: bigint | number) => { if (p) k.memory.writeU64(p, BigInt(v)); };

export const timerRoutines: RoutineTable = {
  KeInitializeTimer: (k, t: number) => initTimer(k, t, k.enumValue('TIMER_TYPE', 'NotificationTimer')),
  KeInitializeTimerEx: (k, t: number, type: number) => initTimer(k, t, type),
  KeSetTimer: (k, t: number, due: number, dpc: number) => setTimer(k, t, due, 0, dpc),
  KeSetTimerEx: (k, t: number, due: number, period: number, dpc: number) => setTimer(k, t, due, period, dpc),
  KeSetCoalescableTimer: (k, t: number, due: number, period: number, _tolerable: number, dpc: number) => setTimer(k, t, due, period, dpc),
  KeCancelTimer: (k, t: number) => (k.ke.cancelTimer(t) ? 1 : 0),
  KeReadStateTimer: (k, t: number) => (k.ke.objects.signal(t) ? 1 : 0),

  KeInitializeDpc: (k, dpc: number, routine: number, context: number) => initDpc(k, dpc, routine, context, false),
  KeInitializeThreadedDpc: (k, dpc: number, routine: number, context: number) => initDpc(k, dpc, routine, context, true),
  KeInsertQueueDpc: (k, dpc: number, a1: number, a2: number) => {
    const high = k.memory.readU8(dpc + struct(k.layouts, 'KDPC').field('Importance')) === k.enumValue('KDPC_IMPORTANCE', 'HighImportance');
    const queued = k.ke.queueDpc(dpc, a1, a2, high);
    // Below DISPATCH_LEVEL the DPC interrupt is taken at once.
    return queued && k.processor.irql < k.ke.DISPATCH_LEVEL ? k.ke.yieldNow(1) : queued ? 1 : 0;
  },
  KeRemoveQueueDpc: (k, dpc: number) => (k.ke.dequeueDpc(dpc) ? 1 : 0),
  KeSetImportanceDpc: (k, dpc: number, importance: number) => { k.memory.writeU8(dpc + struct(k.layouts, 'KDPC').field('Importance'), importance); },
  KeSetTargetProcessorDpc: (k, dpc: number, n: number) => { k.memory.writeU16(dpc + struct(k.layouts, 'KDPC').field('Number'), n & 0xff); },
  KeSetTargetProcessorDpcEx: () => 0,
  KeFlushQueuedDpcs: (k) => (k.ke.dpcQueue.length ? k.ke.yieldNow(0) : 0),
  KeIsExecutingDpc: (k) => (k.ke.inDpc() ? 1 : 0),

  KeQuerySystemTime: (k, p: number) => write64(k, p, k.clock.systemTime()),
  KeQuerySystemTimePrecise: (k, p: number) => write64(k, p, k.clock.systemTimePrecise()),
  KeQueryTickCount: (k, p: number) => write64(k, p, k.clock.tickCount()),
  KeQueryTimeIncrement: () => CLOCK_INCREMENT,
  KeQueryInterruptTime: (k) => BigInt(k.clock.interruptTime()),
  KeQueryInterruptTimePrecise: (k, qpc: number) => { write64(k, qpc, k.clock.interruptTime()); return BigInt(k.clock.interruptTime()); },
  KeQueryUnbiasedInterruptTime: (k) => BigInt(k.clock.interruptTime()),
};

/** The HAL's time routines (HAL.dll exports them). */
export const halTimeRoutines: RoutineTable = {
  // LARGE_INTEGER is returned through a hidden result pointer in the wasm32 C ABI.
  KeQueryPerformanceCounter: (k, result: number, freq: number) => {
    write64(k, freq, PERFORMANCE_FREQUENCY);
    write64(k, result, k.clock.interruptTime());
  },
  KeStallExecutionProcessor: (k, us: number) => { k.ke.burn(microsecondsToCycles(us >>> 0)); },
};
