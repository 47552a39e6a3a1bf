// Object type objects and the ntoskrnl variables that point to them (IoFileObjectType, PsProcessType ...).
// A driver imports such a variable (POBJECT_TYPE *) and passes *IoFileObjectType to ObReferenceObjectByHandle,
// which then checks the handle's object against that type. OBJECT_TYPE stays opaque: its body is a small block
// of nonpaged pool whose address identifies the type.
import type { Kernel } from '../kernel.ts';
import type { ObjectTypeName } from './namespace.ts';

/** Exported variable → the object type it names. */
export const TYPE_EXPORTS: Readonly<Record<string, ObjectTypeName>> = {
  IoFileObjectType: 'File', IoDeviceObjectType: 'Device', IoDriverObjectType: 'Driver', ExEventObjectType: 'Event',
  ExSemaphoreObjectType: 'Semaphore', PsProcessType: 'Process', PsThreadType: 'Thread', CmKeyObjectType: 'Key',
};

export class ObjectTypes {
  private readonly byBody = new Map<number, ObjectTypeName>();

  /** Boot: one type object per exported type, each behind its variable; returns name → variable address. */
  constructor(k: Kernel) {
    for (const [variable, type] of Object.entries(TYPE_EXPORTS)) {
      const body = k.pool.allocateSystem(16, 'ObjT');
      // The exported variable holds the address of the kernel's POBJECT_TYPE cell, which holds the type.
      const variable_ = k.pool.allocateSystem(8, 'ObjT'), cell = variable_ + 4;
      k.memory.writeU32(variable_, cell);
      k.memory.writeU32(cell, body);
      k.ob.track({ type: 'Type', name: type, body, pointerCount: 1, handleCount: 0, permanent: true });
      this.byBody.set(body, type);
      k.dataExports.set(variable, variable_);
    }
  }

  /** The type a POBJECT_TYPE argument names; undefined for NULL or an address that is no type object. */
  typeOf(objectType: number): ObjectTypeName | undefined { return this.byBody.get(objectType >>> 0); }
}
