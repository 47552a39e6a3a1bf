// The object manager's services over the namespace: creating objects whose bodies live in system memory,
// handles (the kernel table and one table per process), references by handle and by pointer, and closing.
// Closing and dereferencing can reach driver code (a file object's last handle sends IRP_MJ_CLEANUP, its last
// reference IRP_MJ_CLOSE), so those services are generators that yield the calls to the processor.
import type { HostRequest } from '../../../main/machine/cpu/types.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { HandleTable, KERNEL_HANDLE_BIT, type HandleEntry } from './handles.ts';
import type { ObjectHeader, ObjectNamespace, ObjectTypeName } from './namespace.ts';

export type Step<T = void> = Generator<HostRequest, T, any>;

/** The System process's id, as on Windows. */
export const SYSTEM_PROCESS_ID = 4;

export interface CreateObjectOptions {
  /** Full path to insert the object under (named objects), e.g. `\Device\DongLpt0`. */
  name?: string;
  permanent?: boolean;
  onDelete?: (h: ObjectHeader) => void;
  closeProcedure?: ObjectHeader['closeProcedure'];
  deleteProcedure?: ObjectHeader['deleteProcedure'];
}

export type ObResult<T> = { status: 'STATUS_SUCCESS'; value: T } | { status: string; value?: undefined };

export class ObjectManager {
  /** ObpKernelHandleTable: handles created with OBJ_KERNEL_HANDLE, valid in any process context. */
  readonly kernelTable = new HandleTable('System', true);
  private readonly tables = new Map<number, HandleTable>();
  /** The current process (the ps component replaces this; until then everything runs in System). */
  currentProcessId: () => number = () => SYSTEM_PROCESS_ID;

  constructor(readonly ns: ObjectNamespace) {}

  /** A process's handle table (created on first use; dropped with deleteProcessTable). */
  processTable(pid: number): HandleTable {
    let t = this.tables.get(pid);
    if (!t) { t = new HandleTable(pid === SYSTEM_PROCESS_ID ? 'System' : `process ${pid}`); this.tables.set(pid, t); }
    return t;
  }

  deleteProcessTable(pid: number): void { this.tables.delete(pid); }

  /** The table a handle value belongs to in the current process context. */
  tableFor(handle: number): HandleTable {
    return ((handle >>> 0) & KERNEL_HANDLE_BIT) !== 0 ? this.kernelTable : this.processTable(this.currentProcessId());
  }

  /** ObCreateObject (+ ObInsertObject's naming): a header with one reference held by the creator. */
  createObject(type: ObjectTypeName, body: number, o: CreateObjectOptions = {}): ObResult<ObjectHeader> {
    const h: ObjectHeader = {
      type, body, pointerCount: 1, handleCount: 0, permanent: o.permanent ?? false,
      onDelete: o.onDelete, closeProcedure: o.closeProcedure, deleteProcedure: o.deleteProcedure,
    };
    if (o.name !== undefined) {
      const s = this.ns.insert(o.name, h);
      if (s !== 'STATUS_SUCCESS') return { status: s };
    }
    this.ns.track(h);
    return { status: 'STATUS_SUCCESS', value: h };
  }

  /** The header of an object body (a pointer a driver holds), if it is an object. */
  fromBody(body: number): ObjectHeader | undefined { return this.ns.byBody.get(body >>> 0); }

  /** Opens a handle to an object (the handle counts as a use; the caller keeps its own reference). */
  insertHandle(h: ObjectHeader, access: number, kernelHandle: boolean, attributes = 0): number {
    const table = kernelHandle ? this.kernelTable : this.processTable(this.currentProcessId());
    h.handleCount++;
    return table.insert({ header: h, access, attributes });
  }

  /** ObReferenceObjectByHandle's lookup: the entry, or why not. */
  referenceByHandle(handle: number, type?: ObjectTypeName): ObResult<HandleEntry> {
    const e = this.tableFor(handle).get(handle);
    if (!e) return { status: 'STATUS_INVALID_HANDLE' };
    if (type && e.header.type !== type) return { status: 'STATUS_OBJECT_TYPE_MISMATCH' };
    e.header.pointerCount++;
    return { status: 'STATUS_SUCCESS', value: e };
  }

  reference(h: ObjectHeader): void { h.pointerCount++; }

  /** ObDereferenceObject: the last reference runs the type's delete procedure, then frees the body. */
  *dereference(h: ObjectHeader): Step {
    if (h.pointerCount <= 0) throw new BugCheck('REFERENCE_BY_POINTER', [0n, BigInt(h.body), 1n, BigInt(h.pointerCount)]);
    h.pointerCount--;
    yield* this.maybeDelete(h);
  }

  /** NtClose/ZwClose: the last handle runs the close procedure; the handle's use ends. */
  *close(handle: number): Step<string> {
    const table = this.tableFor(handle);
    const e = table.remove(handle);
    if (!e) return 'STATUS_INVALID_HANDLE';
    const h = e.header;
    h.handleCount--;
    if (h.handleCount === 0 && h.closeProcedure) { const g = h.closeProcedure(h); if (g) yield* g; }
    yield* this.maybeDelete(h);
    return 'STATUS_SUCCESS';
  }

  /** ObMakeTemporaryObject: the name goes when the last reference does. */
  *makeTemporary(h: ObjectHeader): Step {
    h.permanent = false;
    yield* this.maybeDelete(h);
  }

  private *maybeDelete(h: ObjectHeader): Step {
    if (h.pointerCount > 0 || h.handleCount > 0 || h.permanent || h.deleting) return;
    h.deleting = true;
    if (h.deleteProcedure) { const g = h.deleteProcedure(h); if (g) yield* g; }
    this.ns.maybeDelete(h);
  }

  /** Every handle of every table (for leak checks and `!handle`). */
  handleCount(): number {
    let n = this.kernelTable.count;
    for (const t of this.tables.values()) n += t.count;
    return n;
  }
}

/** Runs a step that must not call out (used where a synchronous caller needs the effect now). */
export function runToEnd<T>(g: Step<T>): T {
  const r = g.next();
  if (!r.done) throw new Error('object manager step needed to call driver code from a synchronous context');
  return r.value;
}
