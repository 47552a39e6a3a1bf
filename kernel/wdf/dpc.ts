// WDFDPC: a KDPC in framework memory whose routine (Wdf01000!FxDpc::FxDpcThunk) calls EvtDpcFunc at
// DISPATCH_LEVEL, under the parent queue's lock when the DPC asked for AutomaticSerialization; a DriverWdmDpc in
// the config is called instead, as a WDM deferred routine. The kernel's dispatcher (ke) queues and runs it.
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { fx, type Framework } from './framework.ts';
import { createObject, objectOf, type FxObject } from './object.ts';
import type { FxQueue } from './queue.ts';

export interface FxDpc { obj: FxObject; kdpc: number; func: number; wdm: number; serialize: boolean; parent: FxObject }

function ke(f: Framework, name: string): (...args: number[]) => unknown {
  const r = f.io.routine(name);
  if (!r) throw new Error(`Wdf01000: WDFDPC needs nt!${name} (the ke component) on this kernel`);
  return r as (...args: number[]) => unknown;
}

function dpcThunk(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxDpc::FxDpcThunk', { params: [0x7f, 0x7f, 0x7f, 0x7f], results: [] }, function* (_ctx, kdpc: number, context: number, a1: number, a2: number) {
    const f = fx(k);
    const o = f.objects.get(context >>> 0);
    if (!o || !o.live || o.kind !== 'WDFDPC') return;
    const d = o.impl as FxDpc;
    if (d.wdm) { yield* f.invoke('FxDpc::DpcHandler', d.wdm, [kdpc, context, a1, a2]); return; }
    const queue = d.serialize && d.parent.kind === 'WDFQUEUE' ? d.parent.impl as FxQueue : undefined;
    const run = () => f.invoke('FxDpc::DpcHandler', d.func, [o.handle]);
    if (queue) yield* queue.withLock(run); else yield* run();
  });
}

function dpcOf(k: Kernel, g: number, handle: number): FxDpc {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFDPC').impl as FxDpc;
}

function dpcCreate(k: Kernel, g: number, config: number, attributes: number, out: number): number {
  const f = fx(k);
  const b = f.binding(g);
  if (!config || !attributes || !out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const c = f.at('WDF_DPC_CONFIG', config);
  if (c.get('Size') !== f.io.size('WDF_DPC_CONFIG')) {
    b?.log.error('FxDpc::_Create', `WDF_DPC_CONFIG Size ${c.get('Size')}, expected ${f.io.size('WDF_DPC_CONFIG')}, STATUS_INFO_LENGTH_MISMATCH`);
    return f.st('STATUS_INFO_LENGTH_MISMATCH');
  }
  if (!c.get('EvtDpcFunc') && !c.get('DriverWdmDpc')) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  if (!f.at('WDF_OBJECT_ATTRIBUTES', attributes).get('ParentObject')) {
    // A DPC needs a device (or a queue, a device's child) as its parent.
    b?.log.error('FxDpc::_Create', 'WDF_OBJECT_ATTRIBUTES.ParentObject is NULL, STATUS_WDF_PARENT_NOT_SPECIFIED');
    return f.st('STATUS_WDF_PARENT_NOT_SPECIFIED');
  }
  const r = createObject(f, b, 'WDFDPC', attributes);
  if (!r.obj) return r.status;
  const kdpc = f.alloc(f.io.size('KDPC'), 'FxDp');
  const d: FxDpc = { obj: r.obj, kdpc, func: c.get('EvtDpcFunc'), wdm: c.get('DriverWdmDpc'), serialize: c.get('AutomaticSerialization') !== 0, parent: r.obj.parent! };
  r.obj.impl = d;
  ke(f, 'KeInitializeDpc')(kdpc, dpcThunk(k), r.obj.handle);
  // Deleting the DPC takes it off the queue first, so its routine never sees a deleted object.
  r.obj.onDispose = function* () { ke(f, 'KeRemoveQueueDpc')(kdpc); yield* []; };
  r.obj.onDestroy = () => f.free(kdpc);
  f.mem.writeU32(out, r.obj.handle);
  return 0;
}

export const dpcRoutines: RoutineTable = {
  WdfDpcCreate: (k, g, config, attributes, out) => dpcCreate(k, g, config, attributes, out),
  /** TRUE when queued now, FALSE when it already was; below DISPATCH_LEVEL it runs before this returns. */
  WdfDpcEnqueue: (k, g, handle) => {
    const d = dpcOf(k, g, handle);
    return ke(fx(k), 'KeInsertQueueDpc')(d.kdpc, 0, 0) as number;
  },
  /** TRUE when it was queued and is no longer; Wait also lets a running or queued one finish. */
  WdfDpcCancel: (k, g, handle, wait) => {
    const d = dpcOf(k, g, handle);
    const removed = Number(ke(fx(k), 'KeRemoveQueueDpc')(d.kdpc)) ? 1 : 0;
    // Wait: the queued DPCs (ours among them) run before the caller goes on; it resumes with `removed`.
    if (wait & 0xff && k.ke.dpcQueue.length) return k.ke.yieldNow(removed);
    return removed;
  },
  WdfDpcGetParentObject: (k, g, handle) => dpcOf(k, g, handle).parent.handle,
  WdfDpcWdmGetDpc: (k, g, handle) => dpcOf(k, g, handle).kdpc,
};
