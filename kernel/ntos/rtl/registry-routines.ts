// Rtl's registry helpers (RtlQueryRegistryValues, RtlWriteRegistryValue, RtlDeleteRegistryValue,
// RtlCheckRegistryKey, RtlCreateRegistryKey) over the configuration manager: paths relative to RTL_REGISTRY_*
// roots, query tables in the RTL_QUERY_REGISTRY_TABLE layout of our headers, the DIRECT, REQUIRED, DEFAULT,
// SUBKEY/TOPKEY, NOEXPAND and callback forms drivers use to read their Parameters key in DriverEntry.
import type { Kernel } from '../kernel.ts';
import type { RoutineTable } from '../routine.ts';
import type { Step } from '../ob/manager.ts';
import { allocate, free } from '../ex/pool-routines.ts';
import { tagValue } from '../ex/pool.ts';
import { REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_SZ, Registry, type RegKey } from '../cm/registry.ts';
import { decodeValue, encodeValue } from '../cm/values.ts';
import { keyOfHandle } from '../cm/keys.ts';
import { readCounted, wideLength, writeCounted } from './strings.ts';

const st = (k: Kernel, n: string) => k.constant(n) | 0;
const ROOTS: Record<string, string> = {
  RTL_REGISTRY_ABSOLUTE: '',
  RTL_REGISTRY_SERVICES: '\\Registry\\Machine\\System\\CurrentControlSet\\Services',
  RTL_REGISTRY_CONTROL: '\\Registry\\Machine\\System\\CurrentControlSet\\Control',
  RTL_REGISTRY_WINDOWS_NT: '\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion',
  RTL_REGISTRY_DEVICEMAP: '\\Registry\\Machine\\Hardware\\DeviceMap',
  RTL_REGISTRY_USER: '\\Registry\\User\\.Default',
};

function wideAt(k: Kernel, p: number): string {
  const n = wideLength(k, p, 0x8000) ?? 0;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(k.memory.readU16(p + 2 * i));
  return s;
}

/** The key RelativeTo + Path name (RTL_REGISTRY_HANDLE: Path is a key handle), or the status. */
function keyOf(k: Kernel, relativeTo: number, path: number, create: boolean): { status: number; key?: RegKey } {
  if (relativeTo & k.constant('RTL_REGISTRY_HANDLE')) {
    const r = keyOfHandle(k, path);
    return r.key && r.status === 'STATUS_SUCCESS' ? { status: 0, key: r.key } : { status: st(k, r.status) };
  }
  const base = (relativeTo & ~(k.constant('RTL_REGISTRY_OPTIONAL') >>> 0)) >>> 0;
  const root = Object.keys(ROOTS).find((n) => k.constant(n) === base);
  if (root === undefined) return { status: st(k, 'STATUS_INVALID_PARAMETER') };
  const rel = path ? wideAt(k, path) : '';
  if (root === 'RTL_REGISTRY_ABSOLUTE' && !rel.startsWith('\\')) return { status: st(k, 'STATUS_OBJECT_PATH_SYNTAX_BAD') };
  const full = root === 'RTL_REGISTRY_ABSOLUTE' ? rel : `${ROOTS[root]}\\${rel}`;
  const parts = Registry.normalize(full);
  let key = k.registry.open(full);
  if (!key && create) {
    // One level is created, as ZwCreateKey does; a missing parent is still STATUS_OBJECT_NAME_NOT_FOUND.
    const parent = k.registry.open(`\\REGISTRY\\${parts.slice(0, -1).join('\\')}`);
    if (parent) key = k.registry.create(`\\REGISTRY\\${parts.join('\\')}`);
  }
  return key ? { status: 0, key } : { status: st(k, 'STATUS_OBJECT_NAME_NOT_FOUND') };
}

/** Pool the caller owns (DIRECT strings with no buffer: the driver frees them with RtlFreeUnicodeString). */
function callerPool(k: Kernel, size: number): number {
  return allocate(k, { size, tag: tagValue('RtlQ'), poolType: k.enumValue('POOL_TYPE', 'PagedPool'), paged: true, zero: true, raise: false, cacheAligned: false });
}

/** REG_EXPAND_SZ as RtlQueryRegistryValues expands it (the environment drivers see has SystemRoot). */
function expand(text: string): string {
  return text.replace(/%SystemRoot%/gi, 'C:\\Windows').replace(/%windir%/gi, 'C:\\Windows');
}

/** DIRECT: store into EntryContext: a UNICODE_STRING for strings, the bytes for 4 bytes or less, else a sized buffer. */
function storeDirect(k: Kernel, ctx: number, type: number, data: Uint8Array): number {
  if (type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ) {
    const s = readCounted(k, ctx);
    const len = data.length >= 2 && type !== REG_MULTI_SZ ? data.length - 2 : data.length;
    if (!s.buffer) {
      const buf = callerPool(k, data.length);
      if (!buf) return st(k, 'STATUS_NO_MEMORY');
      k.memory.u8.set(data, buf);
      writeCounted(k, ctx, { buffer: buf, length: len, max: data.length });
      return 0;
    }
    if (s.max < data.length) return st(k, 'STATUS_BUFFER_TOO_SMALL');
    k.memory.u8.set(data, s.buffer);
    writeCounted(k, ctx, { length: len });
    return 0;
  }
  if (data.length <= 4) { k.memory.u8.set(data, ctx); return 0; }
  // Larger data: EntryContext begins with a LONG whose negative value is the buffer's size; the data replaces it.
  const size = k.memory.readU32(ctx) | 0;
  if (size >= 0 || -size < data.length) return st(k, 'STATUS_BUFFER_TOO_SMALL');
  k.memory.u8.set(data, ctx);
  return 0;
}

/** Calls the table entry's routine (or stores DIRECT) for one value: the name, type and bytes it is given. */
function* deliver(k: Kernel, entry: number, name: string, type: number, data: Uint8Array, context: number, noExpand: boolean): Step<number> {
  const e = k.io.at('RTL_QUERY_REGISTRY_TABLE', entry);
  const flags = e.get('Flags');
  if (type === REG_EXPAND_SZ && !noExpand) { data = encodeValue(REG_SZ, expand(String(decodeValue(type, data)))); type = REG_SZ; }
  if (flags & k.constant('RTL_QUERY_REGISTRY_DIRECT')) return storeDirect(k, e.get('EntryContext'), type, data);
  // Callback form: a REG_MULTI_SZ is handed over one string at a time unless NOEXPAND.
  const pieces: [number, Uint8Array][] = type === REG_MULTI_SZ && !noExpand
    ? (decodeValue(type, data) as string[]).map((s) => [REG_SZ, encodeValue(REG_SZ, s)])
    : [[type, data]];
  for (const [t, bytes] of pieces) {
    const nameBuf = callerPool(k, name.length * 2 + 2);
    const dataBuf = bytes.length ? callerPool(k, bytes.length) : 0;
    for (let i = 0; i < name.length; i++) k.memory.writeU16(nameBuf + 2 * i, name.charCodeAt(i));
    if (dataBuf) k.memory.u8.set(bytes, dataBuf);
    let status: number;
    try {
      status = yield* k.io.callPointer(e.get('QueryRoutine'), [nameBuf, t, dataBuf, bytes.length, context, e.get('EntryContext')]);
    } finally {
      free(k, nameBuf);
      if (dataBuf) free(k, dataBuf);
    }
    if (status < 0) return status;
  }
  return 0;
}

/** Default data for a missing value: DefaultLength 0 for strings means up to the NUL. */
function defaultData(k: Kernel, entry: number): { type: number; data: Uint8Array } | undefined {
  const e = k.io.at('RTL_QUERY_REGISTRY_TABLE', entry);
  const type = e.get('DefaultType');
  if (type === REG_NONE) return undefined;
  const p = e.get('DefaultData');
  let n = e.get('DefaultLength');
  if (n === 0 && (type === REG_SZ || type === REG_EXPAND_SZ)) n = ((wideLength(k, p, 0x8000) ?? 0) + 1) * 2;
  return { type, data: k.memory.u8.slice(p, p + n) };
}

function* queryValues(k: Kernel, relativeTo: number, path: number, table: number, context: number): Step<number> {
  const top = keyOf(k, relativeTo, path, false);
  if (!top.key) return (relativeTo & k.constant('RTL_REGISTRY_OPTIONAL')) ? 0 : top.status;
  const size = k.io.size('RTL_QUERY_REGISTRY_TABLE');
  const F = (n: string) => k.constant(n);
  let key: RegKey | undefined = top.key;
  for (let entry = table; ; entry += size) {
    const e = k.io.at('RTL_QUERY_REGISTRY_TABLE', entry);
    const routine = e.get('QueryRoutine'), flags = e.get('Flags'), nameAt = e.get('Name');
    // The table ends at the first entry with neither a routine nor a named SUBKEY/DIRECT entry.
    if (!routine && !(flags & (F('RTL_QUERY_REGISTRY_SUBKEY') | F('RTL_QUERY_REGISTRY_DIRECT')) && nameAt)) break;
    const name = nameAt ? wideAt(k, nameAt) : undefined;
    if (flags & F('RTL_QUERY_REGISTRY_TOPKEY')) key = top.key;
    if (flags & F('RTL_QUERY_REGISTRY_SUBKEY') && name !== undefined) {
      key = top.key.subkey(name);
      if (!key) { if (flags & F('RTL_QUERY_REGISTRY_REQUIRED')) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND'); continue; }
      if (!routine) continue;
    }
    if (!key) continue;
    const noExpand = (flags & F('RTL_QUERY_REGISTRY_NOEXPAND')) !== 0;
    const subkeyEntry = (flags & F('RTL_QUERY_REGISTRY_SUBKEY')) !== 0;
    if (name === undefined || subkeyEntry) {
      // No value name: every value of the key, in order, goes to the routine.
      for (const v of [...key.values.values()]) {
        const s = yield* deliver(k, entry, v.name, v.type, encodeValue(v.type, v.data), context, noExpand);
        if (s < 0) return s;
      }
      continue;
    }
    const v = key.value(name);
    if (!v) {
      if (flags & F('RTL_QUERY_REGISTRY_REQUIRED')) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
      const d = defaultData(k, entry);
      if (d) { const s = yield* deliver(k, entry, name, d.type, d.data, context, noExpand); if (s < 0) return s; }
      continue;
    }
    if (flags & F('RTL_QUERY_REGISTRY_TYPECHECK')) {
      const want = e.get('DefaultType') >>> F('RTL_QUERY_REGISTRY_TYPECHECK_SHIFT');
      if (want !== v.type) return st(k, 'STATUS_OBJECT_TYPE_MISMATCH');
    }
    const s = yield* deliver(k, entry, v.name, v.type, encodeValue(v.type, v.data), context, noExpand);
    if (s < 0) return s;
    if (flags & F('RTL_QUERY_REGISTRY_DELETE')) key.deleteValue(name);
  }
  return 0;
}

export const registryRoutines: RoutineTable = {
  RtlQueryRegistryValues: function* (k, relativeTo, path, table, context) { return yield* queryValues(k, relativeTo >>> 0, path, table, context); },
  RtlQueryRegistryValuesEx: function* (k, relativeTo, path, table, context) { return yield* queryValues(k, relativeTo >>> 0, path, table, context); },
  RtlWriteRegistryValue: (k, relativeTo, path, nameAt, type, data, length) => {
    const r = keyOf(k, relativeTo >>> 0, path, true);
    if (!r.key) return r.status;
    r.key.setValue(nameAt ? wideAt(k, nameAt) : '', type >>> 0, decodeValue(type >>> 0, k.memory.u8.slice(data, data + (length >>> 0))));
    return 0;
  },
  RtlDeleteRegistryValue: (k, relativeTo, path, nameAt) => {
    const r = keyOf(k, relativeTo >>> 0, path, false);
    if (!r.key) return r.status;
    return r.key.deleteValue(wideAt(k, nameAt)) ? 0 : st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
  },
  RtlCheckRegistryKey: (k, relativeTo, path) => keyOf(k, relativeTo >>> 0, path, false).status,
  RtlCreateRegistryKey: (k, relativeTo, path) => keyOf(k, relativeTo >>> 0, path, true).status,
};
