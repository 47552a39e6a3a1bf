// The configuration manager's system services drivers call (ntoskrnl's Zw*Key family) over the machine's Registry:
// handles to key objects, values read in the KEY_VALUE_*_INFORMATION shapes of our headers, the real statuses
// (STATUS_OBJECT_NAME_NOT_FOUND, STATUS_BUFFER_OVERFLOW / _TOO_SMALL with the needed length, STATUS_NO_MORE_ENTRIES,
// STATUS_KEY_DELETED, STATUS_ACCESS_DENIED without the right access).
import type { Kernel } from '../kernel.ts';
import type { RoutineTable } from '../routine.ts';
import { unicodeText } from '../rtl/strings.ts';
import type { RegKey, RegValue } from './registry.ts';
import { encodeValue, decodeValue } from './values.ts';
import { keyAccess, keyOfHandle, openKeyHandle, resolveKeyPath, walk } from './keys.ts';

const st = (k: Kernel, n: string) => k.constant(n) | 0;

/** The object attributes a key service names: root key (if any), name, OBJ_KERNEL_HANDLE. */
function attributes(k: Kernel, oa: number): { status: string; parts?: string[]; kernelHandle: boolean } {
  const b = k.io.at('OBJECT_ATTRIBUTES', oa);
  const kernelHandle = (b.get('Attributes') & k.constant('OBJ_KERNEL_HANDLE')) !== 0;
  const rootHandle = b.get('RootDirectory');
  let root: RegKey | undefined;
  if (rootHandle) {
    const r = keyOfHandle(k, rootHandle);
    if (!r.key || r.status !== 'STATUS_SUCCESS') return { status: r.status, kernelHandle };
    root = r.key;
  }
  const nameAt = b.get('ObjectName');
  const name = nameAt ? unicodeText(k, nameAt) : '';
  const p = resolveKeyPath(k, root, name);
  return { ...p, kernelHandle };
}

/** Handles from kernel-mode callers without OBJ_KERNEL_HANDLE go to the current process's table, as on Windows. */
function openKey(k: Kernel, out: number, desired: number, oa: number): number {
  const a = attributes(k, oa);
  if (!a.parts) return st(k, a.status);
  const key = walk(k.registry, a.parts);
  if (!key) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
  k.memory.writeU32(out, openKeyHandle(k, key, keyAccess(k, desired), a.kernelHandle));
  return 0;
}

function createKey(k: Kernel, out: number, desired: number, oa: number, dispositionOut: number): number {
  const a = attributes(k, oa);
  if (!a.parts) return st(k, a.status);
  if (a.parts.length === 0) return st(k, 'STATUS_ACCESS_DENIED');
  const parent = walk(k.registry, a.parts.slice(0, -1));
  if (!parent) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
  const last = a.parts[a.parts.length - 1]!;
  let key = parent.subkey(last);
  const created = !key;
  if (!key) key = k.registry.create(`\\REGISTRY\\${[...a.parts].join('\\')}`);
  k.memory.writeU32(out, openKeyHandle(k, key, keyAccess(k, desired), a.kernelHandle));
  if (dispositionOut) k.memory.writeU32(dispositionOut, k.constant(created ? 'REG_CREATED_NEW_KEY' : 'REG_OPENED_EXISTING_KEY'));
  return 0;
}

/** The key of a handle, requiring `right` (a KEY_* constant name) when given. */
function handleKey(k: Kernel, handle: number, right?: string): { status: number; key?: RegKey } {
  const r = keyOfHandle(k, handle);
  if (r.status !== 'STATUS_SUCCESS' || !r.key) return { status: st(k, r.status) };
  if (right && ((r.access ?? 0) & k.constant(right)) === 0) return { status: st(k, 'STATUS_ACCESS_DENIED') };
  return { status: 0, key: r.key };
}

function wideBytes(text: string): Uint8Array {
  const b = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) { b[2 * i] = text.charCodeAt(i) & 0xff; b[2 * i + 1] = text.charCodeAt(i) >>> 8; }
  return b;
}

/**
 * Writes one information record: the fixed members, then `tail` pieces at their offsets. Too small for the fixed
 * part is STATUS_BUFFER_TOO_SMALL; too small for the whole record STATUS_BUFFER_OVERFLOW with the fixed part
 * filled. ResultLength is always the length the whole record needs.
 */
function writeRecord(k: Kernel, struct: string, fixedEnd: string, fields: Record<string, number | bigint>,
  tail: { at: number; bytes: Uint8Array }[], buf: number, length: number, resultOut: number): number {
  const s = k.io.s.get(struct);
  const fixed = s.field(fixedEnd);
  const need = Math.max(fixed, ...tail.map((t) => t.at + t.bytes.length));
  k.memory.writeU32(resultOut, need);
  if (length < fixed) return st(k, 'STATUS_BUFFER_TOO_SMALL');
  const b = k.io.at(struct, buf);
  for (const [f, v] of Object.entries(fields)) b.set(f, v);
  if (length < need) return st(k, 'STATUS_BUFFER_OVERFLOW');
  for (const t of tail) k.memory.u8.set(t.bytes, buf + t.at);
  return 0;
}

function valueInfo(k: Kernel, v: RegValue, cls: number, buf: number, length: number, resultOut: number): number {
  const name = wideBytes(v.name);
  const data = encodeValue(v.type, v.data);
  const C = (m: string) => k.enumValue('KEY_VALUE_INFORMATION_CLASS', m);
  if (cls === C('KeyValueBasicInformation')) {
    const at = k.io.s.get('KEY_VALUE_BASIC_INFORMATION').field('Name');
    return writeRecord(k, 'KEY_VALUE_BASIC_INFORMATION', 'Name', { TitleIndex: 0, Type: v.type, NameLength: name.length }, [{ at, bytes: name }], buf, length, resultOut);
  }
  if (cls === C('KeyValuePartialInformation') || cls === C('KeyValuePartialInformationAlign64')) {
    const at = k.io.s.get('KEY_VALUE_PARTIAL_INFORMATION').field('Data');
    return writeRecord(k, 'KEY_VALUE_PARTIAL_INFORMATION', 'Data', { TitleIndex: 0, Type: v.type, DataLength: data.length }, [{ at, bytes: data }], buf, length, resultOut);
  }
  if (cls === C('KeyValueFullInformation') || cls === C('KeyValueFullInformationAlign64')) {
    const nameAt = k.io.s.get('KEY_VALUE_FULL_INFORMATION').field('Name');
    const align = cls === C('KeyValueFullInformation') ? 4 : 8;
    const dataAt = data.length ? (nameAt + name.length + align - 1) & ~(align - 1) : 0;
    return writeRecord(k, 'KEY_VALUE_FULL_INFORMATION', 'Name',
      { TitleIndex: 0, Type: v.type, DataOffset: dataAt, DataLength: data.length, NameLength: name.length },
      [{ at: nameAt, bytes: name }, ...(data.length ? [{ at: dataAt, bytes: data }] : [])], buf, length, resultOut);
  }
  return st(k, 'STATUS_INVALID_PARAMETER');
}

function subkeysInOrder(key: RegKey): RegKey[] {
  return [...key.subkeys.values()].sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : a.name.toUpperCase() > b.name.toUpperCase() ? 1 : 0));
}

function keyInfo(k: Kernel, key: RegKey, cls: number, buf: number, length: number, resultOut: number): number {
  const C = (m: string) => k.enumValue('KEY_INFORMATION_CLASS', m);
  const time = k.clock.systemTime();
  const name = wideBytes(key.name);
  if (cls === C('KeyBasicInformation')) {
    const at = k.io.s.get('KEY_BASIC_INFORMATION').field('Name');
    return writeRecord(k, 'KEY_BASIC_INFORMATION', 'Name', { LastWriteTime: time, TitleIndex: 0, NameLength: name.length }, [{ at, bytes: name }], buf, length, resultOut);
  }
  if (cls === C('KeyNodeInformation')) {
    const at = k.io.s.get('KEY_NODE_INFORMATION').field('Name');
    return writeRecord(k, 'KEY_NODE_INFORMATION', 'Name', { LastWriteTime: time, TitleIndex: 0, ClassOffset: 0xffffffff, ClassLength: 0, NameLength: name.length }, [{ at, bytes: name }], buf, length, resultOut);
  }
  if (cls === C('KeyFullInformation')) {
    const subs = [...key.subkeys.values()], vals = [...key.values.values()];
    return writeRecord(k, 'KEY_FULL_INFORMATION', 'Class', {
      LastWriteTime: time, TitleIndex: 0, ClassOffset: 0xffffffff, ClassLength: 0, SubKeys: subs.length,
      MaxNameLen: Math.max(0, ...subs.map((s) => s.name.length * 2)), MaxClassLen: 0, Values: vals.length,
      MaxValueNameLen: Math.max(0, ...vals.map((v) => v.name.length * 2)),
      MaxValueDataLen: Math.max(0, ...vals.map((v) => encodeValue(v.type, v.data).length)),
    }, [], buf, length, resultOut);
  }
  return st(k, 'STATUS_INVALID_PARAMETER');
}

function readBytes(k: Kernel, at: number, n: number): Uint8Array { return k.memory.u8.slice(at, at + n); }

export const cmRoutines: RoutineTable = {
  ZwOpenKey: (k, out, access, oa) => openKey(k, out, access, oa),
  ZwOpenKeyEx: (k, out, access, oa) => openKey(k, out, access, oa),
  ZwCreateKey: (k, out, access, oa, _title, _cls, _options, disposition) => createKey(k, out, access, oa, disposition),
  ZwQueryValueKey: (k, h, nameAt, cls, buf, length, resultOut) => {
    const r = handleKey(k, h, 'KEY_QUERY_VALUE');
    if (!r.key) return r.status;
    const v = r.key.value(nameAt ? unicodeText(k, nameAt) : '');
    if (!v) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
    return valueInfo(k, v, cls >>> 0, buf, length >>> 0, resultOut);
  },
  ZwEnumerateValueKey: (k, h, index, cls, buf, length, resultOut) => {
    const r = handleKey(k, h, 'KEY_QUERY_VALUE');
    if (!r.key) return r.status;
    const v = [...r.key.values.values()][index >>> 0];
    if (!v) return st(k, 'STATUS_NO_MORE_ENTRIES');
    return valueInfo(k, v, cls >>> 0, buf, length >>> 0, resultOut);
  },
  ZwEnumerateKey: (k, h, index, cls, buf, length, resultOut) => {
    const r = handleKey(k, h, 'KEY_ENUMERATE_SUB_KEYS');
    if (!r.key) return r.status;
    const sub = subkeysInOrder(r.key)[index >>> 0];
    if (!sub) return st(k, 'STATUS_NO_MORE_ENTRIES');
    return keyInfo(k, sub, cls >>> 0, buf, length >>> 0, resultOut);
  },
  ZwQueryKey: (k, h, cls, buf, length, resultOut) => {
    const r = handleKey(k, h);
    if (!r.key) return r.status;
    return keyInfo(k, r.key, cls >>> 0, buf, length >>> 0, resultOut);
  },
  ZwSetValueKey: (k, h, nameAt, _title, type, data, size) => {
    const r = handleKey(k, h, 'KEY_SET_VALUE');
    if (!r.key) return r.status;
    r.key.setValue(nameAt ? unicodeText(k, nameAt) : '', type >>> 0, decodeValue(type >>> 0, readBytes(k, data, size >>> 0)));
    return 0;
  },
  ZwDeleteValueKey: (k, h, nameAt) => {
    const r = handleKey(k, h, 'KEY_SET_VALUE');
    if (!r.key) return r.status;
    return r.key.deleteValue(nameAt ? unicodeText(k, nameAt) : '') ? 0 : st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
  },
  ZwDeleteKey: (k, h) => {
    const r = handleKey(k, h, 'DELETE');
    if (!r.key) return r.status;
    // A key with subkeys cannot be deleted (STATUS_CANNOT_DELETE), nor can the roots.
    if (r.key.subkeys.size > 0 || !r.key.parent?.parent) return st(k, 'STATUS_CANNOT_DELETE');
    k.registry.delete(`\\${r.key.path}`);
    return 0;
  },
  ZwFlushKey: (k, h) => {
    const r = handleKey(k, h);
    if (!r.key) return r.status;
    k.registry.flush?.();
    return 0;
  },
};

