// Key objects: what a registry handle refers to. Each open key is an object of type Key with a small body in
// nonpaged pool (drivers only ever hold the handle); the body maps to the configuration manager's RegKey.
// Paths are the object manager's: \Registry\Machine\..., or relative to a RootDirectory key handle.
import type { Kernel } from '../kernel.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import { Registry, RegKey } from './registry.ts';

export interface KeyObject { key: RegKey; header: ObjectHeader }

const KEY_BODY_SIZE = 16;
const objects = new WeakMap<Kernel, Map<number, KeyObject>>();

function table(k: Kernel): Map<number, KeyObject> {
  let t = objects.get(k);
  if (!t) { t = new Map(); objects.set(k, t); }
  return t;
}

/** A new handle to `key` (the object lives while a handle or reference does). */
export function openKeyHandle(k: Kernel, key: RegKey, access: number, kernelHandle: boolean): number {
  const body = k.pool.allocate(KEY_BODY_SIZE, 'CMKy');
  if (body === undefined) throw new Error('pool exhausted');
  const t = table(k);
  const header = k.io.ob.createObject('Key', body, { onDelete: () => { t.delete(body); k.pool.free(body); } }).value!;
  t.set(body, { key, header });
  const handle = k.io.ob.insertHandle(header, access, kernelHandle);
  header.pointerCount--; // the handle keeps the object
  return handle;
}

/** The key behind a handle and the access it grants, or the status to fail with. */
export function keyOfHandle(k: Kernel, handle: number): { status: string; key?: RegKey; access?: number } {
  const e = k.io.ob.tableFor(handle).get(handle);
  if (!e) return { status: 'STATUS_INVALID_HANDLE' };
  if (e.header.type !== 'Key') return { status: 'STATUS_OBJECT_TYPE_MISMATCH' };
  const o = table(k).get(e.header.body);
  if (!o) return { status: 'STATUS_INVALID_HANDLE' };
  if (o.key.deleted) return { status: 'STATUS_KEY_DELETED', key: o.key, access: e.access };
  return { status: 'STATUS_SUCCESS', key: o.key, access: e.access };
}

/** Generic rights mapped to the key-specific ones, as the Key object type's generic mapping does. */
export function keyAccess(k: Kernel, desired: number): number {
  let a = desired >>> 0;
  const c = (n: string) => k.constant(n) >>> 0;
  if (a & c('GENERIC_READ')) a |= c('KEY_READ');
  if (a & c('GENERIC_WRITE')) a |= c('KEY_WRITE');
  if (a & c('GENERIC_EXECUTE')) a |= c('KEY_READ');
  if (a & (c('GENERIC_ALL') | c('MAXIMUM_ALLOWED'))) a |= c('KEY_ALL_ACCESS');
  return a >>> 0;
}

/** Splits an object path under \Registry into the parent key path and the last component. */
export function resolveKeyPath(k: Kernel, root: RegKey | undefined, name: string): { status: string; parts?: string[] } {
  if (!root) {
    if (!name.startsWith('\\')) return { status: 'STATUS_OBJECT_PATH_SYNTAX_BAD' };
    const parts = name.split('\\').filter((p) => p.length > 0);
    if ((parts[0] ?? '').toUpperCase() !== 'REGISTRY') return { status: 'STATUS_OBJECT_NAME_NOT_FOUND' };
    return { status: 'STATUS_SUCCESS', parts: parts.slice(1) };
  }
  if (name.startsWith('\\')) return { status: 'STATUS_OBJECT_PATH_SYNTAX_BAD' };
  return { status: 'STATUS_SUCCESS', parts: [...Registry.normalize(root.path), ...name.split('\\').filter((p) => p.length > 0)] };
}

/** Walks `parts` from the registry root; undefined when a component is missing or deleted. */
export function walk(reg: Registry, parts: string[]): RegKey | undefined {
  let key: RegKey | undefined = reg.root;
  for (const p of parts) {
    key = key.subkey(p);
    if (!key || key.deleted) return undefined;
  }
  return key;
}
