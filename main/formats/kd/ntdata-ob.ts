// The object directory tree the kernel publishes at nt!ObpRootDirectoryObject for !object: every directory
// reachable from the root (\, \Device, \Driver, \GLOBAL?? …) with its entries. Named objects' bodies are real
// blocks in system memory (DEVICE_OBJECT, DRIVER_OBJECT …); directories and symbolic links get a small block
// of their own so each has an address. The layout is ours; the stub writes it and the host reads it.
import { Reader, Writer } from './bytes.ts';

export const OBP_ROOT_DIRECTORY_OBJECT = 'ObpRootDirectoryObject';

export interface ObjectRecord {
  address: bigint;
  /** The type object's address and the type's name (Directory, Device, SymbolicLink …). */
  typeAddress: bigint; type: string;
  name: string;
  /** Index of the directory holding it in the table (-1 for the root). */
  parent: number;
  pointerCount: number; handleCount: number;
  /** A symbolic link's target. */
  target?: string;
}

export function encodeObjects(objs: ObjectRecord[]): Uint8Array {
  const w = new Writer().u32(objs.length);
  for (const o of objs) {
    w.u64(o.address).u64(o.typeAddress).str(o.type).str(o.name).u32(o.parent).u32(o.pointerCount).u32(o.handleCount).str(o.target ?? '');
  }
  return w.done();
}

export function decodeObjects(b: Uint8Array): ObjectRecord[] {
  const r = new Reader(b);
  const out: ObjectRecord[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const o: ObjectRecord = { address: r.u64(), typeAddress: r.u64(), type: r.str(), name: r.str(), parent: r.u32() | 0, pointerCount: r.u32(), handleCount: r.u32() };
    const target = r.str();
    if (o.type === 'SymbolicLink') o.target = target;
    out.push(o);
  }
  return out;
}

/** The object directory's hash bucket of a name (37 buckets; the name hashed upper-cased, as the object manager does). */
export function directoryHash(name: string): number {
  let h = 0;
  for (const c of name.toUpperCase()) h = ((h + (h << 1) + (h >>> 1)) + c.charCodeAt(0)) >>> 0;
  return h % 37;
}
