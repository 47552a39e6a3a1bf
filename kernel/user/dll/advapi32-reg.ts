// advapi32.dll's registry calls: RegOpenKeyEx, RegCreateKeyEx, RegQueryValueEx, RegSetValueEx, RegDeleteValue,
// RegDeleteKey, RegEnumKeyEx, RegCloseKey (W and A). An HKEY is a handle to a Key object in the process's handle
// table, made by the configuration manager's services behind the system-call gate (as NtOpenKey/NtCreateKey make
// them); the predefined HKEY_* values name the hive roots. The result is the Win32 error itself (LSTATUS), with
// ERROR_MORE_DATA and the needed size when the caller's buffer is short.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { RegKey, RegValue } from '../../ntos/cm/registry.ts';
import { REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ } from '../../ntos/cm/registry.ts';
import { encodeValue, decodeValue } from '../../ntos/cm/values.ts';
import { keyAccess, keyOfHandle, openKeyHandle } from '../../ntos/cm/keys.ts';
import type { UserThread } from '../process.ts';
import { user } from './routine.ts';
import { cstr, wstr } from './umem.ts';

/** The predefined keys (winreg.h's HKEY_* handle values) and the registry paths they stand for. */
const PREDEFINED: Record<number, string> = {
  0x80000000: 'HKLM\\SOFTWARE\\Classes', 0x80000001: 'HKU\\.DEFAULT', 0x80000002: 'HKLM', 0x80000003: 'HKU',
  0x80000005: 'HKLM\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current',
};

type Chars = 'W' | 'A';
const text = (t: UserThread, at: number, cs: Chars) => (at ? (cs === 'W' ? wstr(t.process.memory, at) : cstr(t.process.memory, at)) : '');
const E = (t: UserThread, n: string) => t.process.mode.c(n);

/** The key a handle refers to (predefined or opened) and the access it grants; or the error. */
function keyOf(t: UserThread, h: number): { key?: RegKey; access: number; error: number } {
  const k = t.process.mode.k;
  const path = PREDEFINED[h >>> 0];
  if (path !== undefined) {
    const key = path === 'HKU\\.DEFAULT' ? k.registry.create(path) : k.registry.open(path);
    return key ? { key, access: keyAccess(k, k.constant('KEY_ALL_ACCESS')), error: 0 } : { access: 0, error: E(t, 'ERROR_FILE_NOT_FOUND') };
  }
  const r = keyOfHandle(k, h >>> 0);
  if (r.status === 'STATUS_KEY_DELETED') return { access: 0, error: E(t, 'ERROR_KEY_DELETED') };
  if (!r.key) return { access: 0, error: E(t, 'ERROR_INVALID_HANDLE') };
  return { key: r.key, access: r.access ?? 0, error: 0 };
}

function lookup(parent: RegKey, sub: string): RegKey | undefined {
  let key: RegKey | undefined = parent;
  for (const p of sub.split('\\').filter(Boolean)) { key = key.subkey(p); if (!key || key.deleted) return undefined; }
  return key;
}

/** Runs `work` on the thread's kernel half (the handle table is the process's there): NtOpenKey, NtSetValueKey... */
function* kernel<T>(t: UserThread, service: string, work: () => T) {
  // eslint-disable-next-line require-yield
  return yield* t.process.mode.syscall(t, service, function* () { return work(); });
}

function* openKey(t: UserThread, h: number, subAt: number, sam: number, out: number, cs: Chars) {
  const sub = text(t, subAt, cs);
  return yield* kernel(t, 'NtOpenKeyEx', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    const key = lookup(p.key, sub);
    if (!key) return E(t, 'ERROR_FILE_NOT_FOUND');
    const k = t.process.mode.k;
    t.process.memory.writeU32(out, openKeyHandle(k, key, keyAccess(k, sam), false));
    return 0;
  });
}

function* createKey(t: UserThread, h: number, subAt: number, sam: number, out: number, dispositionOut: number, cs: Chars) {
  const sub = text(t, subAt, cs);
  return yield* kernel(t, 'NtCreateKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    const k = t.process.mode.k;
    const existing = lookup(p.key, sub);
    if (!existing && !(p.access & k.constant('KEY_CREATE_SUB_KEY'))) return E(t, 'ERROR_ACCESS_DENIED');
    const key = existing ?? k.registry.create(`\\${[p.key.path, ...sub.split('\\').filter(Boolean)].join('\\')}`);
    t.process.memory.writeU32(out, openKeyHandle(k, key, keyAccess(k, sam), false));
    if (dispositionOut) t.process.memory.writeU32(dispositionOut, k.constant(existing ? 'REG_OPENED_EXISTING_KEY' : 'REG_CREATED_NEW_KEY'));
    return 0;
  });
}

const isText = (type: number) => type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ;

/** A value's bytes as the W or A call returns them (strings in the caller's character set, NUL-terminated). */
function valueBytes(v: RegValue, cs: Chars): Uint8Array {
  if (cs === 'W' || !isText(v.type)) return encodeValue(v.type, v.data);
  const s = Array.isArray(v.data) ? `${v.data.join('\0')}\0\0` : typeof v.data === 'string' ? `${v.data}\0` : undefined;
  return s === undefined ? encodeValue(v.type, v.data) : new Uint8Array([...s].map((c) => c.charCodeAt(0) & 0xff));
}

function* queryValue(t: UserThread, h: number, nameAt: number, typeOut: number, data: number, sizeInOut: number, cs: Chars) {
  const name = text(t, nameAt, cs);
  return yield* kernel(t, 'NtQueryValueKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    if (!(p.access & t.process.mode.k.constant('KEY_QUERY_VALUE'))) return E(t, 'ERROR_ACCESS_DENIED');
    const v = p.key.value(name);
    if (!v) return E(t, 'ERROR_FILE_NOT_FOUND');
    if (data && !sizeInOut) return E(t, 'ERROR_INVALID_PARAMETER');
    const m = t.process.memory, bytes = valueBytes(v, cs);
    if (typeOut) m.writeU32(typeOut, v.type);
    if (!sizeInOut) return 0;
    const room = m.readU32(sizeInOut);
    m.writeU32(sizeInOut, bytes.length);
    if (!data) return 0;
    if (room < bytes.length) return E(t, 'ERROR_MORE_DATA');
    m.write(data, bytes);
    return 0;
  });
}

function* setValue(t: UserThread, h: number, nameAt: number, type: number, data: number, size: number, cs: Chars) {
  const name = text(t, nameAt, cs);
  const raw = data && size ? t.process.memory.read(data, size) : new Uint8Array(0);
  return yield* kernel(t, 'NtSetValueKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    if (!(p.access & t.process.mode.k.constant('KEY_SET_VALUE'))) return E(t, 'ERROR_ACCESS_DENIED');
    let value = decodeValue(type, raw);
    // An A call's strings are single-byte: widen them as RegSetValueExA does.
    if (cs === 'A' && isText(type)) {
      const s = [...raw].map((b) => String.fromCharCode(b)).join('');
      value = type === REG_MULTI_SZ ? s.split('\0').filter((x, i, all) => x || i < all.length - 2) : s.replace(/\0+$/, '');
    }
    p.key.setValue(name, type, value);
    return 0;
  });
}

function* deleteValue(t: UserThread, h: number, nameAt: number, cs: Chars) {
  const name = text(t, nameAt, cs);
  return yield* kernel(t, 'NtDeleteValueKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    if (!(p.access & t.process.mode.k.constant('KEY_SET_VALUE'))) return E(t, 'ERROR_ACCESS_DENIED');
    return p.key.deleteValue(name) ? 0 : E(t, 'ERROR_FILE_NOT_FOUND');
  });
}

function* deleteKey(t: UserThread, h: number, subAt: number, cs: Chars) {
  const sub = text(t, subAt, cs);
  return yield* kernel(t, 'NtDeleteKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    const key = lookup(p.key, sub);
    if (!key || !key.parent) return E(t, 'ERROR_FILE_NOT_FOUND');
    // RegDeleteKey removes a key without subkeys only.
    if (key.subkeys.size) return E(t, 'ERROR_ACCESS_DENIED');
    t.process.mode.k.registry.delete(`\\${key.path}`);
    return 0;
  });
}

function* enumKey(t: UserThread, h: number, index: number, nameOut: number, charsInOut: number, cs: Chars) {
  return yield* kernel(t, 'NtEnumerateKey', () => {
    const p = keyOf(t, h);
    if (!p.key) return p.error;
    const sub = [...p.key.subkeys.values()][index >>> 0];
    if (!sub) return E(t, 'ERROR_NO_MORE_ITEMS');
    const m = t.process.memory, room = m.readU32(charsInOut);
    if (room <= sub.name.length) return E(t, 'ERROR_MORE_DATA');
    const bytes = cs === 'W' ? encodeValue(REG_SZ, sub.name) : new Uint8Array([...`${sub.name}\0`].map((c) => c.charCodeAt(0) & 0xff));
    m.write(nameOut, bytes);
    m.writeU32(charsInOut, sub.name.length);
    return 0;
  });
}

function* closeKey(t: UserThread, h: number) {
  if (PREDEFINED[h >>> 0] !== undefined) return 0;
  const st = yield* t.process.mode.syscall(t, 'NtClose', () => t.process.mode.k.io.ob.close(h >>> 0));
  return st === 'STATUS_SUCCESS' ? 0 : E(t, 'ERROR_INVALID_HANDLE');
}

export const registryRoutines: RoutineTable = {
  RegOpenKeyExW: user((t, h, sub, _opt, sam, out) => openKey(t, h, sub, sam, out, 'W')),
  RegOpenKeyExA: user((t, h, sub, _opt, sam, out) => openKey(t, h, sub, sam, out, 'A')),
  RegCreateKeyExW: user((t, h, sub, _r, _cls, _o, sam, _sa, out, disp) => createKey(t, h, sub, sam, out, disp, 'W')),
  RegCreateKeyExA: user((t, h, sub, _r, _cls, _o, sam, _sa, out, disp) => createKey(t, h, sub, sam, out, disp, 'A')),
  RegQueryValueExW: user((t, h, name, _r, type, data, size) => queryValue(t, h, name, type, data, size, 'W')),
  RegQueryValueExA: user((t, h, name, _r, type, data, size) => queryValue(t, h, name, type, data, size, 'A')),
  RegSetValueExW: user((t, h, name, _r, type, data, size) => setValue(t, h, name, type, data, size, 'W')),
  RegSetValueExA: user((t, h, name, _r, type, data, size) => setValue(t, h, name, type, data, size, 'A')),
  RegDeleteValueW: user((t, h, name) => deleteValue(t, h, name, 'W')),
  RegDeleteValueA: user((t, h, name) => deleteValue(t, h, name, 'A')),
  RegDeleteKeyW: user((t, h, sub) => deleteKey(t, h, sub, 'W')),
  RegDeleteKeyA: user((t, h, sub) => deleteKey(t, h, sub, 'A')),
  RegEnumKeyExW: user((t, h, i, name, chars) => enumKey(t, h, i, name, chars, 'W')),
  RegEnumKeyExA: user((t, h, i, name, chars) => enumKey(t, h, i, name, chars, 'A')),
  RegCloseKey: user((t, h) => closeKey(t, h)),
};
