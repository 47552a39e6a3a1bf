// WDFKEY: registry keys as framework objects. WdfDriverOpenParametersRegistryKey (the service's Parameters key,
// created on first open as KMDF does), WdfDeviceOpenRegistryKey / WdfFdoInitOpenRegistryKey (the keys
// IoOpenDeviceRegistryKey opens: the hardware key Enum\<instance>\Device Parameters, or the software key), and the
// WdfRegistry* routines that open, read and write values through the key. Each WDFKEY holds a kernel handle
// (WdfRegistryWdmGetHandle) that closes with the object.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { REG_DWORD, REG_EXPAND_SZ, REG_SZ, type RegData, type RegKey } from '../ntos/cm/registry.ts';
import { encodeValue, decodeValue } from '../ntos/cm/values.ts';
import { keyAccess, openKeyHandle } from '../ntos/cm/keys.ts';
import { readCounted, unicodeText, writeCounted } from '../ntos/rtl/strings.ts';
import { deviceKeyPath } from '../ntos/io/pnp/routines.ts';
import { fx, type Binding } from './framework.ts';
import { createObject, deleteObject, objectOf, type FxObject } from './object.ts';
import { deviceOf } from './device.ts';

interface FxKey { key: RegKey; handle: number; access: number }

function keyOf(k: Kernel, g: number, handle: number): FxKey {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFKEY').impl as FxKey;
}

/** A WDFKEY over `key` (parent: the attributes' or `parent`), written to `out`. */
function newKey(k: Kernel, b: Binding | undefined, key: RegKey, desired: number, attributes: number, parent: FxObject | undefined, out: number): number {
  const f = fx(k);
  const r = createObject(f, b, 'WDFKEY', attributes, { defaultParent: parent });
  if (!r.obj) return r.status;
  const access = keyAccess(k, desired);
  const handle = openKeyHandle(k, key, access, true);
  const obj = r.obj;
  obj.impl = { key, handle, access } satisfies FxKey;
  obj.onDispose = function* (): Step { yield* k.io.ob.close(handle); };
  k.memory.writeU32(out, obj.handle);
  return 0;
}

function allowed(k: Kernel, key: FxKey, right: string): boolean { return (key.access & k.constant(right)) !== 0; }

/** A value read into the caller's buffer as ZwQueryValueKey's data part would be. */
function queryValue(k: Kernel, g: number, handle: number, nameAt: number, length: number, buffer: number, lengthOut: number, typeOut: number): number {
  const f = fx(k);
  const key = keyOf(k, g, handle);
  if (!allowed(k, key, 'KEY_QUERY_VALUE')) return f.st('STATUS_ACCESS_DENIED');
  const v = key.key.value(unicodeText(k, nameAt));
  if (!v) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
  const data = encodeValue(v.type, v.data);
  if (lengthOut) k.memory.writeU32(lengthOut, data.length);
  if (typeOut) k.memory.writeU32(typeOut, v.type);
  if (!buffer || length >>> 0 < data.length) return f.st('STATUS_BUFFER_OVERFLOW');
  k.memory.u8.set(data, buffer);
  return 0;
}

function assign(k: Kernel, g: number, handle: number, nameAt: number, type: number, data: RegData): number {
  const f = fx(k);
  const key = keyOf(k, g, handle);
  if (!allowed(k, key, 'KEY_SET_VALUE')) return f.st('STATUS_ACCESS_DENIED');
  key.key.setValue(unicodeText(k, nameAt), type, data);
  return 0;
}

function openSubkey(k: Kernel, g: number, parent: number, nameAt: number, desired: number, attributes: number, out: number, create: boolean, dispositionOut = 0): number {
  const f = fx(k);
  const b = f.binding(g);
  const name = unicodeText(k, nameAt);
  let base: string;
  if (parent) base = keyOf(k, g, parent).key.path;
  else if (name.startsWith('\\')) base = '';
  else return f.st('STATUS_OBJECT_PATH_SYNTAX_BAD');
  const path = base ? `${base}\\${name}` : name;
  let key = k.registry.open(path);
  const created = !key;
  if (!key) {
    if (!create) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
    key = k.registry.create(path);
  }
  if (dispositionOut) k.memory.writeU32(dispositionOut, k.constant(created ? 'REG_CREATED_NEW_KEY' : 'REG_OPENED_EXISTING_KEY'));
  return newKey(k, b, key, desired, attributes, b?.driver?.obj, out);
}

export const registryRoutines: RoutineTable = {
  WdfDriverOpenParametersRegistryKey: (k, g, driver, desired, attributes, out) => {
    const f = fx(k);
    const b = f.binding(g);
    const d = objectOf(f, b, driver, 'WDFDRIVER').binding!.driver!;
    return newKey(k, b, k.registry.create(`${d.registryPath}\\Parameters`), desired, attributes, d.obj, out);
  },
  WdfDeviceOpenRegistryKey: (k, g, device, type, desired, attributes, out) => {
    const dev = deviceOf(k, g, device);
    const r = dev.control ? { status: 'STATUS_INVALID_DEVICE_REQUEST' } : deviceKeyPath(k, dev.pdo, type);
    if (!r.path) return fx(k).st(r.status!);
    return newKey(k, dev.binding, k.registry.create(r.path), desired, attributes, dev.obj, out);
  },
  /** The same keys from EvtDriverDeviceAdd before WdfDeviceCreate (parent: the driver). */
  WdfFdoInitOpenRegistryKey: (k, g, init, type, desired, attributes, out) => {
    const f = fx(k);
    const i = f.deviceInits.get(init >>> 0);
    if (!i) throw f.violation(f.binding(g), init ? 'WDF_INVALID_HANDLE' : 'WDF_REQUIRED_PARAMETER_IS_NULL', init >>> 0);
    const r = deviceKeyPath(k, i.pdo, type);
    if (!r.path) return f.st(r.status!);
    return newKey(k, i.binding, k.registry.create(r.path), desired, attributes, i.binding.driver?.obj, out);
  },
  WdfRegistryOpenKey: (k, g, parent, name, desired, attributes, out) => openSubkey(k, g, parent, name, desired, attributes, out, false),
  WdfRegistryCreateKey: (k, g, parent, name, desired, _options, disposition, attributes, out) => openSubkey(k, g, parent, name, desired, attributes, out, true, disposition),
  WdfRegistryClose: (k, g, handle) => {
    const f = fx(k);
    return deleteObject(objectOf(f, f.binding(g), handle, 'WDFKEY'));
  },
  WdfRegistryWdmGetHandle: (k, g, handle) => keyOf(k, g, handle).handle,
  WdfRegistryRemoveValue: (k, g, handle, nameAt) => {
    const f = fx(k);
    const key = keyOf(k, g, handle);
    if (!allowed(k, key, 'KEY_SET_VALUE')) return f.st('STATUS_ACCESS_DENIED');
    return key.key.deleteValue(unicodeText(k, nameAt)) ? 0 : f.st('STATUS_OBJECT_NAME_NOT_FOUND');
  },
  WdfRegistryQueryValue: (k, g, handle, nameAt, length, buffer, lengthOut, typeOut) => queryValue(k, g, handle, nameAt, length, buffer, lengthOut, typeOut),
  WdfRegistryQueryULong: (k, g, handle, nameAt, out) => {
    const f = fx(k);
    const key = keyOf(k, g, handle);
    if (!allowed(k, key, 'KEY_QUERY_VALUE')) return f.st('STATUS_ACCESS_DENIED');
    const v = key.key.value(unicodeText(k, nameAt));
    if (!v) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
    if (v.type !== REG_DWORD) return f.st('STATUS_OBJECT_TYPE_MISMATCH');
    k.memory.writeU32(out, Number(v.data) >>> 0);
    return 0;
  },
  /** The value into the caller's UNICODE_STRING (its MaximumLength); the length it needs in ValueByteLength. */
  WdfRegistryQueryUnicodeString: (k, g, handle, nameAt, lengthOut, str) => {
    const f = fx(k);
    const key = keyOf(k, g, handle);
    if (!allowed(k, key, 'KEY_QUERY_VALUE')) return f.st('STATUS_ACCESS_DENIED');
    const v = key.key.value(unicodeText(k, nameAt));
    if (!v) return f.st('STATUS_OBJECT_NAME_NOT_FOUND');
    if (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ) return f.st('STATUS_OBJECT_TYPE_MISMATCH');
    const text = String(v.data);
    const bytes = text.length * 2;
    if (lengthOut) k.memory.writeU16(lengthOut, bytes);
    if (!str) return 0;
    const c = readCounted(k, str);
    if (c.max < bytes) return f.st('STATUS_BUFFER_OVERFLOW');
    for (let i = 0; i < text.length; i++) k.memory.writeU16(c.buffer + 2 * i, text.charCodeAt(i));
    writeCounted(k, str, { length: bytes });
    return 0;
  },
  WdfRegistryAssignValue: (k, g, handle, nameAt, type, length, value) => assign(k, g, handle, nameAt, type, decodeValue(type, k.memory.u8.slice(value, value + (length >>> 0)))),
  WdfRegistryAssignULong: (k, g, handle, nameAt, value) => assign(k, g, handle, nameAt, REG_DWORD, value >>> 0),
  WdfRegistryAssignUnicodeString: (k, g, handle, nameAt, value) => assign(k, g, handle, nameAt, REG_SZ, unicodeText(k, value)),
};
