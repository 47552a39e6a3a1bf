// Device properties through the framework: WdfDeviceQueryProperty / WdfDeviceAllocAndQueryProperty on a device,
// WdfFdoInitQueryProperty / WdfFdoInitAllocAndQueryProperty in EvtDriverDeviceAdd before the device exists. The
// values are IoGetDeviceProperty's (kernel/ntos/io/pnp/routines.ts).
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { deviceProperty } from '../ntos/io/pnp/routines.ts';
import { fx, type Binding } from './framework.ts';
import { deviceOf } from './device.ts';
import { newMemory } from './memory.ts';
import type { FxObject } from './object.ts';

function query(k: Kernel, pdo: number, which: number, length: number, buffer: number, resultOut: number): number {
  const f = fx(k);
  const b = deviceProperty(k, pdo, which);
  if (!b) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
  if (resultOut) k.memory.writeU32(resultOut, b.length);
  if (length >>> 0 < b.length) return f.st('STATUS_BUFFER_TOO_SMALL');
  k.memory.u8.set(b, buffer);
  return 0;
}

function allocAndQuery(k: Kernel, b: Binding, parent: FxObject | undefined, pdo: number, which: number, attributes: number, out: number): number {
  const f = fx(k);
  const bytes = deviceProperty(k, pdo, which);
  if (!bytes) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
  const m = newMemory(f, b, attributes, bytes.length, 0, parent);
  if (!m.memory) return m.status;
  k.memory.u8.set(bytes, m.memory.buffer);
  k.memory.writeU32(out, m.memory.obj.handle);
  return 0;
}

function initPdo(k: Kernel, g: number, init: number): { pdo: number; binding: Binding } {
  const f = fx(k);
  const i = f.deviceInits.get(init >>> 0);
  if (!i) throw f.violation(f.binding(g), init ? 'WDF_INVALID_HANDLE' : 'WDF_REQUIRED_PARAMETER_IS_NULL', init >>> 0);
  return { pdo: i.pdo, binding: i.binding };
}

export const propertyRoutines: RoutineTable = {
  WdfDeviceQueryProperty: (k, g, device, which, length, buffer, resultOut) => query(k, deviceOf(k, g, device).pdo, which, length, buffer, resultOut),
  WdfDeviceAllocAndQueryProperty: (k, g, device, which, _poolType, attributes, out) => {
    const dev = deviceOf(k, g, device);
    return allocAndQuery(k, dev.binding, dev.obj, dev.pdo, which, attributes, out);
  },
  WdfFdoInitQueryProperty: (k, g, init, which, length, buffer, resultOut) => query(k, initPdo(k, g, init).pdo, which, length, buffer, resultOut),
  WdfFdoInitAllocAndQueryProperty: (k, g, init, which, _poolType, attributes, out) => {
    const i = initPdo(k, g, init);
    return allocAndQuery(k, i.binding, i.binding.driver?.obj, i.pdo, which, attributes, out);
  },
};
