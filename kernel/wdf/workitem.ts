// WDFWORKITEM: an I/O work item on the parent's device; the framework's routine runs EvtWorkItemFunc at
// PASSIVE_LEVEL on a system worker thread (serialized with the parent queue when asked). One enqueue at a time.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { allocateWorkItem, queueWorkItem } from '../ntos/io/workitem.ts';
import { BLOCK, type Thread } from '../../main/machine/cpu/types.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { fx } from './framework.ts';
import { createObject, objectOf, type FxObject } from './object.ts';
import type { FxQueue } from './queue.ts';
import type { FxDevice } from './device.ts';

export interface FxWorkItem { obj: FxObject; item: number; func: number; serialize: boolean; queued: boolean; flushers: Thread[] }

function deviceAbove(o: FxObject | undefined): FxDevice | undefined {
  for (let x = o; x; x = x.parent) {
    if (x.kind === 'WDFDEVICE') for (const d of x.fx.devices.values()) if (d.obj === x) return d;
    if (x.kind === 'WDFQUEUE') return (x.impl as FxQueue).dev;
  }
  return undefined;
}

function thunk(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxWorkItem::WorkItemThunk', { params: [0x7f, 0x7f], results: [] }, function* (_ctx, _dev: number, context: number) {
    const f = fx(k);
    const o = f.objects.get(context >>> 0);
    if (!o || o.kind !== 'WDFWORKITEM') return;
    const w = o.impl as FxWorkItem;
    w.queued = false;
    const queue = w.serialize && o.parent?.kind === 'WDFQUEUE' ? o.parent.impl as FxQueue : undefined;
    const run = () => f.invoke('FxWorkItem::WorkItemHandler', w.func, [o.handle]);
    if (queue) yield* queue.withLock(run); else yield* run();
    for (const t of w.flushers.splice(0)) if (t.state === 'blocked') k.processor.wake(t, 0);
  });
}

export const workItemRoutines: RoutineTable = {
  WdfWorkItemCreate: (k, g, config, attributes, out) => {
    const f = fx(k);
    const b = f.binding(g);
    if (!config || !attributes || !out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
    if (!fx(k).at('WDF_OBJECT_ATTRIBUTES', attributes).get('ParentObject')) return f.st('STATUS_WDF_PARENT_NOT_SPECIFIED');
    const c = fx(k).at('WDF_WORKITEM_CONFIG', config);
    const r = createObject(f, b, 'WDFWORKITEM', attributes);
    if (!r.obj) return r.status;
    const dev = deviceAbove(r.obj.parent);
    if (!dev) return f.st('STATUS_INVALID_DEVICE_REQUEST');
    const item = allocateWorkItem(k.io, dev.wdm);
    const w: FxWorkItem = { obj: r.obj, item, func: c.get('EvtWorkItemFunc'), serialize: c.get('AutomaticSerialization') !== 0, queued: false, flushers: [] };
    r.obj.impl = w;
    r.obj.onDestroy = () => k.io.pool.free(item);
    fx(k).mem.writeU32(out, r.obj.handle);
    return 0;
  },
  WdfWorkItemEnqueue: (k, g, handle) => {
    const f = fx(k);
    const w = objectOf(f, f.binding(g), handle, 'WDFWORKITEM').impl as FxWorkItem;
    if (w.queued) return;
    w.queued = true;
    queueWorkItem(k.io, w.item, thunk(k), w.obj.handle, false);
  },
  WdfWorkItemGetParentObject: (k, g, handle) => { const f = fx(k); return objectOf(f, f.binding(g), handle, 'WDFWORKITEM').parent?.handle ?? 0; },
  WdfWorkItemFlush: (k, g, handle) => {
    const f = fx(k);
    const w = objectOf(f, f.binding(g), handle, 'WDFWORKITEM').impl as FxWorkItem;
    return (function* (): Step {
      while (w.queued) { const me = k.processor.current; if (!me) return; w.flushers.push(me); yield BLOCK; }
    })();
  },
};
