// WDFCOLLECTION: an ordered list of framework objects; an object in a collection holds a reference.
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { fx } from './framework.ts';
import { createObject, dereference, objectOf, type FxObject } from './object.ts';

function items(k: Kernel, g: number, handle: number): FxObject[] {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFCOLLECTION').impl as FxObject[];
}

export const collectionRoutines: RoutineTable = {
  WdfCollectionCreate: (k, g, attributes, out) => {
    const f = fx(k);
    const b = f.binding(g);
    const r = createObject(f, b, 'WDFCOLLECTION', attributes, { defaultParent: b?.driver?.obj });
    if (!r.obj) return r.status;
    const list: FxObject[] = [];
    r.obj.impl = list;
    r.obj.onDispose = function* () { for (const o of list.splice(0)) yield* dereference(o); };
    fx(k).mem.writeU32(out, r.obj.handle);
    return 0;
  },
  WdfCollectionGetCount: (k, g, handle) => items(k, g, handle).length,
  WdfCollectionAdd: (k, g, handle, object) => {
    const f = fx(k);
    const o = objectOf(f, f.binding(g), object);
    o.refs++;
    items(k, g, handle).push(o);
    return 0;
  },
  WdfCollectionRemove: (k, g, handle, object) => {
    const list = items(k, g, handle);
    const i = list.findIndex((o) => o.handle === object >>> 0);
    if (i >= 0) return dereference(list.splice(i, 1)[0]!);
    return undefined;
  },
  WdfCollectionRemoveItem: (k, g, handle, index) => {
    const list = items(k, g, handle);
    if (index >>> 0 < list.length) return dereference(list.splice(index >>> 0, 1)[0]!);
    return undefined;
  },
  WdfCollectionGetItem: (k, g, handle, index) => items(k, g, handle)[index >>> 0]?.handle ?? 0,
  WdfCollectionGetFirstItem: (k, g, handle) => items(k, g, handle)[0]?.handle ?? 0,
  WdfCollectionGetLastItem: (k, g, handle) => items(k, g, handle).at(-1)?.handle ?? 0,
};
