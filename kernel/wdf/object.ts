// The framework object model: every WDFxxx handle names an FxObject with a parent (deleting the parent deletes the
// children), typed context areas from WDF_OBJECT_ATTRIBUTES, EvtCleanupCallback/EvtDestroyCallback and a reference
// count. Deletion runs the children's cleanup before the object's own (as KMDF documents), the children's handles
// staying valid until the parent's cleanup returned; memory goes (EvtDestroyCallback) when the last reference does;
// a child holds a reference on its parent.
import type { Step } from '../ntos/ob/manager.ts';
import { addressOf, handleOf, type Binding, type Framework } from './framework.ts';

export type FxKind =
  | 'WDFDRIVER' | 'WDFDEVICE' | 'WDFQUEUE' | 'WDFREQUEST' | 'WDFMEMORY' | 'WDFTIMER' | 'WDFWORKITEM' | 'WDFDPC'
  | 'WDFSPINLOCK' | 'WDFWAITLOCK' | 'WDFCOLLECTION' | 'WDFKEY' | 'WDFSTRING' | 'WDFOBJECT' | 'WDFFILEOBJECT'
  | 'WDFIOTARGET' | 'WDFLOOKASIDE' | 'WDFCMRESLIST';

/** Bytes of the object's own block in system memory (what the handle encodes). */
const HEADER = 32;

export interface ContextArea { type: number; address: number; size: number }

export class FxObject {
  readonly address: number;
  readonly handle: number;
  parent?: FxObject;
  readonly children = new Set<FxObject>();
  readonly contexts: ContextArea[] = [];
  /** The creation reference plus WdfObjectReference's and every child's. */
  refs = 1;
  state: 'live' | 'disposing' | 'disposed' | 'destroyed' = 'live';
  cleanup = 0;
  destroy = 0;
  syncScope = 0;
  execLevel = 0;
  /** Kind-specific work when the object is deleted (stop a timer, purge a queue), before the children go. */
  onDispose?: () => Step;
  /** Kind-specific release of memory when the object is destroyed. */
  onDestroy?: () => void;
  /** The kind's own record (FxRequest, FxQueue, FxMemory ...). */
  impl?: unknown;
  /** False for objects the driver may not delete itself (a PnP device, a delivered request). */
  driverMayDelete = true;

  constructor(readonly fx: Framework, readonly kind: FxKind, readonly binding: Binding | undefined) {
    this.address = fx.alloc(HEADER, 'FxOb');
    this.handle = handleOf(this.address);
    fx.objects.set(this.handle, this);
  }

  get live(): boolean { return this.state === 'live'; }

  context(type: number): ContextArea | undefined { return this.contexts.find((c) => c.type === type >>> 0); }

  /** Adds a context area of a WDF_OBJECT_CONTEXT_TYPE_INFO (with an optional larger size). */
  addContext(typeInfo: number, override: number): ContextArea {
    const ti = this.fx.at('WDF_OBJECT_CONTEXT_TYPE_INFO', typeInfo);
    const unique = ti.get('UniqueType') || typeInfo;
    const size = Math.max(ti.get('ContextSize'), override);
    const address = this.fx.alloc(size, 'FxCx');
    const c = { type: unique, address, size };
    this.contexts.push(c);
    this.fx.contexts.set(address, this);
    return c;
  }

  setParent(p: FxObject): void {
    this.parent = p;
    p.children.add(this);
    p.refs++;
  }
}

export interface CreateOptions {
  /** The parent when the attributes name none (the driver for most objects, the device for queues). */
  defaultParent?: FxObject;
  /** Objects whose parent is fixed by the framework (a device's parent is the driver). */
  fixedParent?: boolean;
}

/** Reads WDF_OBJECT_ATTRIBUTES (0 = WDF_NO_OBJECT_ATTRIBUTES) into a new object; an NTSTATUS on bad attributes. */
export function createObject(fx: Framework, b: Binding | undefined, kind: FxKind, attributes: number, o: CreateOptions = {}): { status: number; obj?: FxObject } {
  let parent = o.defaultParent;
  let cleanup = 0, destroy = 0, typeInfo = 0, override = 0, scope = 0, level = 0;
  if (attributes) {
    const a = fx.at('WDF_OBJECT_ATTRIBUTES', attributes);
    if (a.get('Size') !== fx.io.size('WDF_OBJECT_ATTRIBUTES')) {
      fx.verifierBreak(b, `WDF_OBJECT_ATTRIBUTES Size ${a.get('Size')}, expected ${fx.io.size('WDF_OBJECT_ATTRIBUTES')}`);
      return { status: fx.st('STATUS_INFO_LENGTH_MISMATCH') };
    }
    cleanup = a.get('EvtCleanupCallback'); destroy = a.get('EvtDestroyCallback');
    typeInfo = a.get('ContextTypeInfo'); override = a.get('ContextSizeOverride');
    scope = a.get('SynchronizationScope'); level = a.get('ExecutionLevel');
    const p = a.get('ParentObject');
    if (p) {
      if (o.fixedParent) return { status: fx.st('STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED') };
      const po = fx.objects.get(p >>> 0);
      if (!po) throw fx.violation(b, 'WDF_INVALID_HANDLE', p >>> 0);
      parent = po;
    }
  }
  const obj = new FxObject(fx, kind, b);
  obj.cleanup = cleanup; obj.destroy = destroy; obj.syncScope = scope; obj.execLevel = level;
  if (typeInfo) obj.addContext(typeInfo, override);
  if (parent) obj.setParent(parent);
  b?.log.add('FxObject::Commit', `${kind} 0x${obj.handle.toString(16).padStart(8, '0')} created${parent ? `, parent ${parent.kind} 0x${parent.handle.toString(16)}` : ''}`);
  return { status: 0, obj };
}

/** A handle as the object it names, or the verifier's WDF_INVALID_HANDLE bugcheck. */
export function objectOf(fx: Framework, b: Binding | undefined, handle: number, ...kinds: FxKind[]): FxObject {
  const o = fx.objects.get(handle >>> 0);
  if (!o || (kinds.length && !kinds.includes(o.kind))) {
    if (handle === 0) throw fx.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
    throw fx.violation(b, 'WDF_INVALID_HANDLE', handle >>> 0);
  }
  return o;
}

/** WdfObjectDelete's work (and the framework's own deletes): cleanup down the tree, then drop the creation reference. */
export function* deleteObject(obj: FxObject): Step {
  if (obj.state !== 'live') return;
  yield* dispose(obj);
  yield* dereference(obj);
}

function* dispose(obj: FxObject): Step {
  if (obj.state !== 'live') return;
  obj.state = 'disposing';
  if (obj.onDispose) yield* obj.onDispose();
  const children = [...obj.children].filter((c) => c.live);
  for (const c of children) yield* dispose(c);
  if (obj.cleanup) yield* obj.fx.call(obj.cleanup, [obj.handle]);
  // The children's handles stay valid through the parent's cleanup (it may still delete one: a no-op now).
  for (const c of children) yield* dereference(c);
  obj.state = 'disposed';
}

export function* dereference(obj: FxObject): Step {
  obj.refs--;
  if (obj.refs > 0 || obj.state === 'destroyed') return;
  obj.state = 'destroyed';
  const fx = obj.fx;
  if (obj.destroy) yield* fx.call(obj.destroy, [obj.handle]);
  obj.onDestroy?.();
  for (const c of obj.contexts) { fx.contexts.delete(c.address); fx.free(c.address); }
  obj.contexts.length = 0;
  fx.objects.delete(obj.handle);
  fx.deleted.set(obj.handle, obj.kind);
  fx.free(obj.address);
  const p = obj.parent;
  if (p) { p.children.delete(obj); yield* dereference(p); }
}

export { addressOf };
