// WDFTIMER: a KTIMER and a KDPC in framework memory; the DPC (Wdf01000!FxTimer::_FxTimerDpcThunk) calls
// EvtTimerFunc, under the parent queue's or device's lock when the timer asked for AutomaticSerialization.
// The kernel's dispatcher (ke) fires the DPC when the due time passes on the machine's clock.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { fx, type Framework } from './framework.ts';
import { createObject, objectOf, type FxObject } from './object.ts';
import type { FxQueue } from './queue.ts';

export interface FxTimer { obj: FxObject; ktimer: number; kdpc: number; due: number; func: number; period: number; serialize: boolean; parent: FxObject }

function ke(f: Framework, name: string): (...args: number[]) => unknown {
  const r = f.io.routine(name);
  if (!r) throw new Error(`Wdf01000: WDFTIMER needs nt!${name} (the ke component) on this kernel`);
  return r as (...args: number[]) => unknown;
}

function dpcThunk(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxTimer::_FxTimerDpcThunk', { params: [0x7f, 0x7f, 0x7f, 0x7f], results: [] }, function* (_ctx, _dpc: number, context: number) {
    const f = fx(k);
    const o = f.objects.get(context >>> 0);
    if (!o || !o.live || o.kind !== 'WDFTIMER') return;
    const t = o.impl as FxTimer;
    const queue = t.serialize && t.parent.kind === 'WDFQUEUE' ? t.parent.impl as FxQueue : undefined;
    const run = () => f.invoke('FxTimer::TimerHandler', t.func, [t.obj.handle]);
    if (queue) yield* queue.withLock(run); else yield* run();
  });
}

function timerOf(k: Kernel, g: number, handle: number): FxTimer {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFTIMER').impl as FxTimer;
}

function timerCreate(k: Kernel, g: number, config: number, attributes: number, out: number): number {
  const f = fx(k);
  const b = f.binding(g);
  if (!config || !attributes || !out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const c = fx(k).at('WDF_TIMER_CONFIG', config);
  if (!fx(k).at('WDF_OBJECT_ATTRIBUTES', attributes).get('ParentObject')) {
    // A timer needs a device (or a queue, a device's child) as its parent.
    b?.log.error('FxTimer::_Create', 'WDF_OBJECT_ATTRIBUTES.ParentObject is NULL, STATUS_WDF_PARENT_NOT_SPECIFIED');
    return f.st('STATUS_WDF_PARENT_NOT_SPECIFIED');
  }
  const r = createObject(f, b, 'WDFTIMER', attributes);
  if (!r.obj) return r.status;
  const io = k.io;
  const ktimer = f.alloc(io.size('KTIMER'), 'FxTm');
  const kdpc = f.alloc(io.size('KDPC'), 'FxTm');
  const due = f.alloc(8, 'FxTm');
  const t: FxTimer = { obj: r.obj, ktimer, kdpc, due, func: c.get('EvtTimerFunc'), period: c.get('Period'), serialize: c.get('AutomaticSerialization') !== 0, parent: r.obj.parent! };
  r.obj.impl = t;
  ke(f, 'KeInitializeTimerEx')(ktimer, k.enumValue('TIMER_TYPE', 'NotificationTimer'));
  ke(f, 'KeInitializeDpc')(kdpc, dpcThunk(k), r.obj.handle);
  r.obj.onDispose = function* () { ke(f, 'KeCancelTimer')(ktimer); yield* []; };
  r.obj.onDestroy = () => { f.free(ktimer); f.free(kdpc); f.free(due); };
  fx(k).mem.writeU32(out, r.obj.handle);
  return 0;
}

export const timerRoutines: RoutineTable = {
  WdfTimerCreate: (k, g, config, attributes, out) => timerCreate(k, g, config, attributes, out),
  WdfTimerStart: (k, g, handle, dueTime: bigint) => {
    const t = timerOf(k, g, handle);
    k.memory.writeU64(t.due, BigInt.asUintN(64, BigInt(dueTime)));
    return Number(ke(fx(k), 'KeSetTimerEx')(t.ktimer, t.due, t.period, t.kdpc)) ? 1 : 0;
  },
  WdfTimerStop: (k, g, handle, wait) => {
    const t = timerOf(k, g, handle);
    const was = Number(ke(fx(k), 'KeCancelTimer')(t.ktimer)) ? 1 : 0;
    if (wait & 0xff) { const flush = fx(k).io.routine('KeFlushQueuedDpcs'); if (flush) return flush() as Step<number> | number; }
    return was;
  },
  WdfTimerGetParentObject: (k, g, handle) => timerOf(k, g, handle).parent.handle,
};
