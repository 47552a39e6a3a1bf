// The object manager's exports: references by handle and by pointer, dereference, and closing handles.
// Object bodies are the pointers drivers hold; their headers live in the namespace's byBody table.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';

const st = (k: Kernel, name: string) => k.constant(name) | 0;

function byHandle(k: Kernel, handle: number, objectType: number, objectOut: number, infoOut: number): number {
  // A NULL type accepts any object; a type object must match (STATUS_OBJECT_TYPE_MISMATCH).
  const r = k.io.ob.referenceByHandle(handle, objectType ? k.obTypes.typeOf(objectType) ?? 'Type' : undefined);
  if (!r.value) { k.memory.writeU32(objectOut, 0); return st(k, r.status); }
  k.memory.writeU32(objectOut, r.value.header.body);
  if (infoOut) k.io.at('OBJECT_HANDLE_INFORMATION', infoOut).set('HandleAttributes', r.value.attributes).set('GrantedAccess', r.value.access);
  return 0;
}

function header(k: Kernel, object: number) {
  const h = k.io.ob.fromBody(object);
  if (!h) throw new Error(`0x${(object >>> 0).toString(16)} is not an object body`); // surfaces our own bookkeeping bugs
  return h;
}

export const routines: RoutineTable = {
  ObReferenceObjectByHandle: (k, handle, _access, type, _mode, objectOut, infoOut) => byHandle(k, handle, type, objectOut, infoOut),
  ObReferenceObjectByHandleWithTag: (k, handle, _access, type, _mode, _tag, objectOut, infoOut) => byHandle(k, handle, type, objectOut, infoOut),
  ObReferenceObjectByPointer: (k, object) => { k.io.ob.reference(header(k, object)); return 0; },
  ObReferenceObjectByPointerWithTag: (k, object) => { k.io.ob.reference(header(k, object)); return 0; },
  ObfReferenceObject: (k, object) => { const h = header(k, object); k.io.ob.reference(h); return h.pointerCount; },
  ObfReferenceObjectWithTag: (k, object) => { const h = header(k, object); k.io.ob.reference(h); return h.pointerCount; },
  ObfDereferenceObject: function* (k, object) { const h = header(k, object); yield* k.io.ob.dereference(h); return h.pointerCount; },
  ObfDereferenceObjectWithTag: function* (k, object) { const h = header(k, object); yield* k.io.ob.dereference(h); return h.pointerCount; },
  ObDereferenceObjectDeferDelete: function* (k, object) { yield* k.io.ob.dereference(header(k, object)); },
  ObMakeTemporaryObject: function* (k, object) { yield* k.io.ob.makeTemporary(header(k, object)); },
  ObCloseHandle: function* (k, handle) { return st(k, yield* k.io.ob.close(handle)); },
  ZwClose: function* (k, handle) { return st(k, yield* k.io.ob.close(handle)); },
  NtClose: function* (k, handle) { return st(k, yield* k.io.ob.close(handle)); },
};
