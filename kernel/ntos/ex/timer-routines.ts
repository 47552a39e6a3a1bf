// EX_TIMER (ExAllocateTimer/ExSetTimer/ExCancelTimer/ExDeleteTimer): a system-allocated timer whose callback runs
// at DISPATCH_LEVEL as a DPC; and the other executive odds and ends drivers call.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { NtException } from '../ke/raise.ts';
import { struct } from '../../layout/access.ts';
import { unitsToCycles } from '../ke/clock.ts';
import { systemTimeOfMs } from '../ke/clock.ts';

interface ExTimer { callback: number; context: number; deadline?: number; period: number }
const timers = new WeakMap<Kernel, Map<number, ExTimer>>();
function all(k: Kernel): Map<number, ExTimer> {
  let m = timers.get(k);
  if (!m) { m = new Map(); timers.set(k, m); }
  return m;
}

function arm(k: Kernel, addr: number, t: ExTimer, at: number): void {
  t.deadline = k.ke.schedule(at, () => {
    t.deadline = undefined;
    if (t.callback) k.ke.queueCall(t.callback, [addr, t.context]);
    if (t.period > 0) arm(k, addr, t, at + t.period);
  });
}

function cancel(k: Kernel, t: ExTimer): boolean {
  if (t.deadline === undefined) return false;
  k.ke.cancelDeadline(t.deadline);
  t.deadline = undefined;
  return true;
}

export const exTimerRoutines: RoutineTable = {
  ExAllocateTimer: (k, callback: number, context: number, _attributes: number) => {
    const s = struct(k.layouts, 'EX_TIMER');
    const a = k.pool.allocateBlock(s.size, k.ps.tag('ExTm'), { paged: false, poolType: 0, zero: true, owner: k.caller });
    if (a === undefined) return 0;
    k.memory.writeU32(a + s.field('Callback'), callback);
    k.memory.writeU32(a + s.field('CallbackContext'), context);
    all(k).set(a, { callback, context, period: 0 });
    return a;
  },
  ExSetTimer: (k, timer: number, due: bigint, period: bigint, _params: number) => {
    const t = all(k).get(timer);
    if (!t) throw new NtException(k.constant('STATUS_INVALID_PARAMETER'));
    const was = cancel(k, t);
    t.period = period > 0n ? unitsToCycles(Number(period)) : 0;
    arm(k, timer, t, k.clock.deadlineOf(BigInt.asIntN(64, due)));
    return was ? 1 : 0;
  },
  ExCancelTimer: (k, timer: number, _params: number) => { const t = all(k).get(timer); return t && cancel(k, t) ? 1 : 0; },
  ExDeleteTimer: (k, timer: number, _cancel: number, _wait: number, params: number) => {
    const t = all(k).get(timer);
    if (!t) return 0;
    const was = cancel(k, t);
    all(k).delete(timer);
    if (params) {
      const p = struct(k.layouts, 'EXT_DELETE_PARAMETERS');
      const cb = k.memory.readU32(params + p.field('DeleteCallback'));
      if (cb) k.ke.queueCall(cb, [k.memory.readU32(params + p.field('DeleteContext'))]);
    }
    k.pool.freeBlock(timer);
    return was ? 1 : 0;
  },

  ExRaiseStatus: (_k, status: number) => { throw new NtException(status); },
  ExRaiseAccessViolation: (k) => { throw new NtException(k.constant('STATUS_ACCESS_VIOLATION')); },
  ExRaiseDatatypeMisalignment: (k) => { throw new NtException(k.constant('STATUS_DATATYPE_MISALIGNMENT')); },
  // The target's time zone is UTC.
  ExSystemTimeToLocalTime: (k, sys: number, local: number) => { k.memory.writeU64(local, k.memory.readU64(sys)); },
  ExLocalTimeToSystemTime: (k, local: number, sys: number) => { k.memory.writeU64(sys, k.memory.readU64(local)); },
  ExSetTimerResolution: () => 156_250,
  ExIsProcessorFeaturePresent: () => 0,
  ExIsManufacturingModeEnabled: () => 0,
  ExUuidCreate: (k, guid: number) => {
    // Deterministic per machine: derived from the clock, with the version-4 and variant bits set.
    let x = BigInt(k.clock.systemTimePrecise()) ^ systemTimeOfMs(k.ke.now());
    for (let i = 0; i < 16; i++) { x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; k.memory.writeU8(guid + i, Number(x >> 56n)); }
    k.memory.writeU8(guid + 7, (k.memory.readU8(guid + 7) & 0x0f) | 0x40);
    k.memory.writeU8(guid + 8, (k.memory.readU8(guid + 8) & 0x3f) | 0x80);
    return 0;
  },
  ExQueueWorkItem: (k, item: number, _type: number) => {
    const s = struct(k.layouts, 'WORK_QUEUE_ITEM');
    const f = k.processor.table[k.memory.readU32(item + s.field('WorkerRoutine'))];
    if (f) k.createThread(f, [k.memory.readU32(item + s.field('Parameter'))], 'Worker');
  },
};
