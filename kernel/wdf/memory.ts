// WDFMEMORY: a buffer with a size, either the framework's (WdfMemoryCreate, freed with the object) or someone
// else's (a request's buffer, WdfMemoryCreatePreallocated). Copies are bounds-checked as KMDF checks them.
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { fx, type Binding, type Framework } from './framework.ts';
import { createObject, objectOf, type FxObject } from './object.ts';

export interface FxMemory { obj: FxObject; buffer: number; size: number; owned: boolean }

/** A pool tag as its four characters ('ohcE' in C source is "Echo" in memory). */
export function tagText(tag: number): string {
  return String.fromCharCode(tag & 0xff, (tag >>> 8) & 0xff, (tag >>> 16) & 0xff, (tag >>> 24) & 0xff);
}

export function memoryOf(f: Framework, b: Binding | undefined, handle: number): FxMemory {
  return objectOf(f, b, handle, 'WDFMEMORY').impl as FxMemory;
}

/** A WDFMEMORY over an existing buffer, parented to `parent` (a request's input or output buffer). */
export function wrapBuffer(f: Framework, b: Binding | undefined, parent: FxObject, buffer: number, size: number): FxMemory {
  const obj = createObject(f, b, 'WDFMEMORY', 0, { defaultParent: parent }).obj!;
  obj.driverMayDelete = false;
  const m: FxMemory = { obj, buffer, size, owned: false };
  obj.impl = m;
  return m;
}

/** A WDFMEMORY with its own buffer from the pool (parent: the attributes', else `parent`, else the driver). */
export function newMemory(f: Framework, b: Binding | undefined, attributes: number, size: number, tag: number, parent?: FxObject): { status: number; memory?: FxMemory } {
  const r = createObject(f, b, 'WDFMEMORY', attributes, { defaultParent: parent ?? b?.driver?.obj });
  if (!r.obj) return { status: r.status };
  const buffer = f.umdf ? f.alloc(size) : f.k.io.pool.allocate(size, tagText(tag || b?.driver?.tag || 0x6d447846));
  if (buffer === undefined) return { status: f.st('STATUS_INSUFFICIENT_RESOURCES') };
  const m: FxMemory = { obj: r.obj, buffer, size, owned: true };
  r.obj.impl = m;
  r.obj.onDestroy = () => f.free(buffer);
  return { status: 0, memory: m };
}

function memoryCreate(k: Kernel, g: number, attributes: number, _poolType: number, tag: number, size: number, out: number, bufferOut: number): number {
  const f = fx(k);
  const b = f.binding(g);
  if (!out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  if (!size) return f.st('STATUS_INVALID_PARAMETER');
  const r = newMemory(f, b, attributes, size, tag);
  if (!r.memory) return r.status;
  f.mem.writeU32(out, r.memory.obj.handle);
  if (bufferOut) f.mem.writeU32(bufferOut, r.memory.buffer);
  return 0;
}

function copy(k: Kernel, g: number, handle: number, offset: number, other: number, count: number, toMemory: boolean): number {
  const f = fx(k);
  const m = memoryOf(f, f.binding(g), handle);
  if (!other) throw f.violation(f.binding(g), 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  if (offset + count > m.size) return f.st('STATUS_INVALID_BUFFER_SIZE');
  const mem = f.mem;
  if (toMemory) mem.u8.copyWithin(m.buffer + offset, other, other + count);
  else mem.u8.copyWithin(other, m.buffer + offset, m.buffer + offset + count);
  return 0;
}

export const memoryRoutines: RoutineTable = {
  WdfMemoryCreate: (k, g, attributes, poolType, tag, size, out, bufferOut) => memoryCreate(k, g, attributes, poolType, tag >>> 0, size >>> 0, out, bufferOut),
  WdfMemoryCreatePreallocated: (k, g, attributes, buffer, size, out) => {
    const f = fx(k);
    const b = f.binding(g);
    if (!buffer || !size) return f.st('STATUS_INVALID_PARAMETER');
    const r = createObject(f, b, 'WDFMEMORY', attributes, { defaultParent: b?.driver?.obj });
    if (!r.obj) return r.status;
    r.obj.impl = { obj: r.obj, buffer, size: size >>> 0, owned: false } satisfies FxMemory;
    f.mem.writeU32(out, r.obj.handle);
    return 0;
  },
  WdfMemoryGetBuffer: (k, g, handle, sizeOut) => {
    const f = fx(k);
    const m = memoryOf(f, f.binding(g), handle);
    if (sizeOut) f.mem.writeU32(sizeOut, m.size);
    return m.buffer;
  },
  WdfMemoryAssignBuffer: (k, g, handle, buffer, size) => {
    const f = fx(k);
    const m = memoryOf(f, f.binding(g), handle);
    if (m.owned) return f.st('STATUS_INVALID_DEVICE_REQUEST');
    m.buffer = buffer; m.size = size >>> 0;
    return 0;
  },
  // Source memory → driver buffer.
  WdfMemoryCopyToBuffer: (k, g, handle, offset, buffer, count) => copy(k, g, handle, offset >>> 0, buffer, count >>> 0, false),
  // Driver buffer → destination memory.
  WdfMemoryCopyFromBuffer: (k, g, handle, offset, buffer, count) => copy(k, g, handle, offset >>> 0, buffer, count >>> 0, true),
};
