// The WDFOBJECT routines every object shares: contexts, references, generic objects, deletion; and the verifier's
// own routines (WdfVerifierDbgBreakPoint, WdfVerifierKeBugCheck).
import { BugCheck } from '../ntos/ke/bugcheck.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import { fx } from './framework.ts';
import { createObject, deleteObject, dereference, objectOf } from './object.ts';

export const objectRoutines: RoutineTable = {
  WdfObjectGetTypedContextWorker: (k, g, handle, typeInfo) => {
    const f = fx(k);
    const b = f.binding(g);
    const o = objectOf(f, b, handle);
    const c = o.context(typeInfo);
    if (!c) {
      const ti = fx(k).at('WDF_OBJECT_CONTEXT_TYPE_INFO', typeInfo);
      const name = ti.get('ContextName') ? fx(k).mem.readCString(ti.get('ContextName'), 64) : '?';
      f.verifierBreak(b, `${o.kind} 0x${o.handle.toString(16)} has no context of type ${name}`);
      return 0;
    }
    return c.address;
  },
  WdfObjectAllocateContext: (k, g, handle, attributes, out) => {
    const f = fx(k);
    const o = objectOf(f, f.binding(g), handle);
    const a = fx(k).at('WDF_OBJECT_ATTRIBUTES', attributes);
    const ti = a.get('ContextTypeInfo');
    if (!ti) return f.st('STATUS_INVALID_PARAMETER');
    if (o.context(ti)) return f.st('STATUS_OBJECT_NAME_EXISTS');
    const c = o.addContext(ti, a.get('ContextSizeOverride'));
    if (a.get('EvtCleanupCallback') && !o.cleanup) o.cleanup = a.get('EvtCleanupCallback');
    if (a.get('EvtDestroyCallback') && !o.destroy) o.destroy = a.get('EvtDestroyCallback');
    if (out) fx(k).mem.writeU32(out, c.address);
    return 0;
  },
  WdfObjectContextGetObject: (k, _g, context) => {
    const f = fx(k);
    const o = f.contexts.get(context >>> 0);
    return o?.handle ?? 0;
  },
  WdfObjectReferenceActual: (k, g, handle) => { const f = fx(k); objectOf(f, f.binding(g), handle).refs++; },
  WdfObjectDereferenceActual: (k, g, handle) => {
    const f = fx(k);
    const b = f.binding(g);
    const o = objectOf(f, b, handle);
    // Dropping the creation reference (instead of WdfObjectDelete) is the error 0x10D/0x7 names.
    if (o.refs <= 1 && o.live) throw f.violation(b, 'WDF_OBJECT_ERROR', handle >>> 0);
    return dereference(o);
  },
  WdfObjectCreate: (k, g, attributes, out) => {
    const f = fx(k);
    const b = f.binding(g);
    const r = createObject(f, b, 'WDFOBJECT', attributes, { defaultParent: b?.driver?.obj });
    if (!r.obj) return r.status;
    fx(k).mem.writeU32(out, r.obj.handle);
    return 0;
  },
  WdfObjectDelete: (k, g, handle) => {
    const f = fx(k);
    const b = f.binding(g);
    const o = objectOf(f, b, handle);
    if (!o.driverMayDelete) {
      f.verifierBreak(b, `WdfObjectDelete on ${o.kind} 0x${o.handle.toString(16)}, which the framework owns; ignored`);
      return;
    }
    return deleteObject(o);
  },
  WdfObjectQuery: (k) => fx(k).st('STATUS_NOT_FOUND'),
  WdfVerifierDbgBreakPoint: (k, g) => { fx(k).verifierBreak(fx(k).binding(g), 'WdfVerifierDbgBreakPoint called by the driver'); },
  WdfVerifierKeBugCheck: (k, g, code, p1, p2, p3, p4) => {
    void k; void g;
    throw new BugCheck(`0x${(code >>> 0).toString(16)}`, [BigInt(p1 >>> 0), BigInt(p2 >>> 0), BigInt(p3 >>> 0), BigInt(p4 >>> 0)]);
  },
};
