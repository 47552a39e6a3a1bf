// Handle tables: a process's handles to objects (each entry holds the object's header and the granted access).
// Handle values are multiples of 4, the lowest free one is reused first, as NT's handle tables hand them out.
// Kernel handles (OBJ_KERNEL_HANDLE) live in the System process's kernel table and carry the top bit, so a
// kernel handle reads 0xffffffff8000xxxx when sign-extended to 64 bits, as on x64 Windows.
import type { ObjectHeader } from './namespace.ts';

export const KERNEL_HANDLE_BIT = 0x80000000;

export interface HandleEntry {
  readonly header: ObjectHeader;
  readonly access: number;
  /** OBJ_INHERIT and friends, as given at creation. */
  readonly attributes: number;
}

export class HandleTable {
  private readonly entries = new Map<number, HandleEntry>();

  /** `kernel`: the kernel handle table (values carry KERNEL_HANDLE_BIT). */
  constructor(readonly owner: string, readonly kernel = false) {}

  insert(e: HandleEntry): number {
    let v = 4;
    while (this.entries.has(v)) v += 4;
    this.entries.set(v, e);
    return (this.kernel ? (v | KERNEL_HANDLE_BIT) : v) >>> 0;
  }

  private key(handle: number): number | undefined {
    const h = handle >>> 0;
    if ((h & 3) !== 0 || h === 0) return undefined;
    if (this.kernel !== ((h & KERNEL_HANDLE_BIT) !== 0)) return undefined;
    return h & ~KERNEL_HANDLE_BIT;
  }

  get(handle: number): HandleEntry | undefined {
    const k = this.key(handle);
    return k === undefined ? undefined : this.entries.get(k);
  }

  remove(handle: number): HandleEntry | undefined {
    const k = this.key(handle);
    if (k === undefined) return undefined;
    const e = this.entries.get(k);
    if (e) this.entries.delete(k);
    return e;
  }

  get count(): number { return this.entries.size; }

  /** Entries in handle order (for `!handle`). */
  list(): { handle: number; entry: HandleEntry }[] {
    return [...this.entries].sort((a, b) => a[0] - b[0])
      .map(([v, entry]) => ({ handle: (this.kernel ? (v | KERNEL_HANDLE_BIT) : v) >>> 0, entry }));
  }
}

export function isKernelHandle(handle: number): boolean { return ((handle >>> 0) & KERNEL_HANDLE_BIT) !== 0 && (handle >>> 0) !== 0xffffffff; }
