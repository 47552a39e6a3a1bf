// WDFQUEUE: requests wait here until the queue presents them to the driver: sequential (one at a time), parallel
// (as they come) or manual (the driver retrieves them). Power-managed queues dispatch only while the device is in
// D0. A queue (or device) synchronization scope serializes the queue's callbacks, its requests' cancel routines and
// AutomaticSerialization timers/work items with one lock, taken at DISPATCH_LEVEL as KMDF's spin lock is.
import { BLOCK, type Thread } from '../../main/machine/cpu/types.ts';
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { fx, type Framework } from './framework.ts';
import { createObject, objectOf, type FxObject } from './object.ts';
import { deviceOf, type FxDevice } from './device.ts';
import { completeRequest, setQueuedCancel, type FxRequest } from './request.ts';

const DISPATCH_LEVEL = 2;

/** A synchronization lock shared by the objects in one scope. */
export class SyncLock {
  owner: Thread | null = null;
  depth = 0;
  readonly waiters: Thread[] = [];
}

export class FxQueue {
  readonly pending: FxRequest[] = [];
  readonly driverOwned = new Set<FxRequest>();
  started = false;
  /** Stopped by the driver (WdfIoQueueStop): power changes do not restart it. */
  driverStopped = false;
  accepting = true;
  private dispatching = false;
  private idleWaiters: Thread[] = [];
  lock?: SyncLock;

  constructor(readonly f: Framework, readonly obj: FxObject, readonly dev: FxDevice, readonly dispatchType: 'sequential' | 'parallel' | 'manual',
    readonly powerManaged: boolean, readonly allowZeroLength: boolean, readonly callbacks: Record<string, number>, readonly isDefault: boolean) {}

  get k(): Kernel { return this.f.k; }

  /** Runs `body` holding the queue's synchronization lock (if it has one) at DISPATCH_LEVEL. */
  *withLock(body: () => Step<number>): Step<number> {
    const lock = this.lock;
    if (!lock) return yield* body();
    const P = this.k.processor;
    const me = P.current;
    if (lock.owner && lock.owner !== me) {
      while (lock.owner) { if (me) lock.waiters.push(me); yield BLOCK; }
    }
    lock.owner = me; lock.depth++;
    const old = P.irql;
    if (old < DISPATCH_LEVEL) P.irql = DISPATCH_LEVEL;
    try { return yield* body(); } finally {
      P.irql = old;
      if (--lock.depth === 0) {
        lock.owner = null;
        const w = lock.waiters.shift();
        if (w?.state === 'blocked') P.wake(w, 0);
      }
    }
  }

  forget(req: FxRequest): void {
    this.driverOwned.delete(req);
    const i = this.pending.indexOf(req);
    if (i >= 0) this.pending.splice(i, 1);
    if (!this.driverOwned.size) for (const w of this.idleWaiters.splice(0)) if (w.state === 'blocked') this.k.processor.wake(w, 0);
  }

  /** A request arrives (from the device's dispatch, a forward or a requeue). */
  *queueRequest(req: FxRequest, front = false): Step {
    const io = this.f.io;
    const t = this.k.layouts.enums['WDF_REQUEST_TYPE']!;
    if (!this.accepting) { yield* completeRequest(this.f, req, this.f.st('STATUS_INVALID_DEVICE_STATE'), 0); return; }
    if (!this.allowZeroLength && (req.type === t['WdfRequestTypeRead'] || req.type === t['WdfRequestTypeWrite'])) {
      const s = this.f.stackAt(req.irp);
      if (s.get(req.type === t['WdfRequestTypeRead'] ? 'Parameters.Read.Length' : 'Parameters.Write.Length') === 0) {
        yield* completeRequest(this.f, req, 0, 0);
        return;
      }
    }
    req.queue = this;
    req.state = 'queued';
    if (front) this.pending.unshift(req); else this.pending.push(req);
    setQueuedCancel(this.f, req, true);
    yield* this.dispatchEvents();
  }

  private canPresent(): boolean {
    if (this.dispatchType === 'manual' || !this.started || !this.pending.length) return false;
    if (this.dispatchType === 'sequential' && this.driverOwned.size) return false;
    return !(this.lock?.owner && this.lock.owner !== this.k.processor.current);
  }

  /** Presents waiting requests while the dispatch type and the queue's state allow (FxIoQueue::DispatchEvents). */
  *dispatchEvents(): Step {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.canPresent()) {
        const req = this.pending.shift()!;
        setQueuedCancel(this.f, req, false);
        // A request cancelled while it waited is finished here instead of being presented.
        if (this.f.irpAt(req.irp).get('Cancel')) { yield* completeRequest(this.f, req, this.f.st('STATUS_CANCELLED'), 0); continue; }
        req.state = 'presented';
        this.driverOwned.add(req);
        yield* this.f.within('FxIoQueue::DispatchRequestToDriver', () => this.withLock(() => this.present(req)));
      }
    } finally { this.dispatching = false; }
  }

  private *present(req: FxRequest): Step<number> {
    const f = this.f;
    const io = f.io;
    const t = this.k.layouts.enums['WDF_REQUEST_TYPE']!;
    const s = f.stackAt(req.irp);
    const c = this.callbacks;
    const q = this.obj.handle, r = req.obj.handle;
    this.dev.binding.log.add('FxIoQueue::DispatchRequestToDriver', `WDFQUEUE 0x${q.toString(16)} presents WDFREQUEST 0x${r.toString(16)}`);
    if (req.type === t['WdfRequestTypeRead'] && c['EvtIoRead']) return yield* f.invoke('FxIoQueueIoRead::Invoke', c['EvtIoRead'], [q, r, s.get('Parameters.Read.Length')]);
    if (req.type === t['WdfRequestTypeWrite'] && c['EvtIoWrite']) return yield* f.invoke('FxIoQueueIoWrite::Invoke', c['EvtIoWrite'], [q, r, s.get('Parameters.Write.Length')]);
    const ioctl = req.type === t['WdfRequestTypeDeviceControl'] ? c['EvtIoDeviceControl'] : req.type === t['WdfRequestTypeDeviceControlInternal'] ? c['EvtIoInternalDeviceControl'] : 0;
    if (ioctl) {
      return yield* f.invoke(req.type === t['WdfRequestTypeDeviceControl'] ? 'FxIoQueueIoDeviceControl::Invoke' : 'FxIoQueueIoInternalDeviceControl::Invoke', ioctl,
        [q, r, s.get('Parameters.DeviceIoControl.OutputBufferLength'), s.get('Parameters.DeviceIoControl.InputBufferLength'), s.get('Parameters.DeviceIoControl.IoControlCode')]);
    }
    if (c['EvtIoDefault']) return yield* f.invoke('FxIoQueueIoDefault::Invoke', c['EvtIoDefault'], [q, r]);
    // No callback for this type: KMDF fails the request.
    yield* completeRequest(f, req, f.st('STATUS_INVALID_DEVICE_REQUEST'), 0);
    return 0;
  }

  powerOn(): void { if (!this.driverStopped) this.started = true; }
  *powerOff(): Step { this.started = false; yield* []; }

  *start(): Step { this.driverStopped = false; this.accepting = true; this.started = true; yield* this.dispatchEvents(); }
  stop(): void { this.driverStopped = true; this.started = false; }

  /** Waits until the driver owns no request of this queue (WdfIoQueueStopSynchronously, drains). */
  *waitIdle(): Step {
    while (this.driverOwned.size) {
      const me = this.k.processor.current;
      if (!me) return;
      this.idleWaiters.push(me);
      yield BLOCK;
    }
  }

  /** A waiting request whose IRP is cancelled: off the queue, EvtIoCanceledOnQueue or STATUS_CANCELLED. */
  *cancelQueued(req: FxRequest): Step {
    const i = this.pending.indexOf(req);
    if (i < 0) return;
    this.pending.splice(i, 1);
    const cb = this.callbacks['EvtIoCanceledOnQueue'];
    req.state = 'presented';
    this.driverOwned.add(req);
    if (cb) yield* this.withLock(() => this.f.invoke('FxIoQueueIoCanceledOnQueue::Invoke', cb, [this.obj.handle, req.obj.handle]));
    else yield* completeRequest(this.f, req, this.f.st('STATUS_CANCELLED'), 0);
  }

  /** Requests of a file being cleaned up are cancelled. */
  *cancelForFile(fileHandle: number): Step {
    for (const req of [...this.pending]) {
      const io = this.f.io;
      const fo = this.f.stackAt(req.irp).get('FileObject');
      if (this.dev.files.get(fo)?.handle === fileHandle) yield* this.cancelQueued(req);
    }
  }

  /** Stops accepting; waiting requests complete with STATUS_CANCELLED (WdfIoQueuePurge, device removal). */
  *purge(): Step {
    this.accepting = false;
    for (const req of this.pending.splice(0)) {
      setQueuedCancel(this.f, req, false);
      req.state = 'presented';
      this.driverOwned.add(req);
      yield* completeRequest(this.f, req, this.f.st('STATUS_CANCELLED'), 0);
    }
  }
}

export function queueOf(k: Kernel, g: number, handle: number): FxQueue {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFQUEUE').impl as FxQueue;
}

const CALLBACKS = ['EvtIoDefault', 'EvtIoRead', 'EvtIoWrite', 'EvtIoDeviceControl', 'EvtIoInternalDeviceControl', 'EvtIoStop', 'EvtIoResume', 'EvtIoCanceledOnQueue'];

function* queueCreate(k: Kernel, g: number, device: number, config: number, attributes: number, out: number): Step<number> {
  const f = fx(k);
  const b = f.binding(g);
  const dev = deviceOf(k, g, device);
  if (!config) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const c = fx(k).at('WDF_IO_QUEUE_CONFIG', config);
  if (c.get('Size') !== k.io.size('WDF_IO_QUEUE_CONFIG')) return f.st('STATUS_INFO_LENGTH_MISMATCH');
  const types = k.layouts.enums['WDF_IO_QUEUE_DISPATCH_TYPE']!;
  const dt = c.get('DispatchType');
  const dispatchType = dt === types['WdfIoQueueDispatchSequential'] ? 'sequential' : dt === types['WdfIoQueueDispatchParallel'] ? 'parallel' : dt === types['WdfIoQueueDispatchManual'] ? 'manual' : undefined;
  if (!dispatchType) return f.st('STATUS_INVALID_PARAMETER');
  const isDefault = c.get('DefaultQueue') !== 0;
  if (isDefault && dev.defaultQueue) {
    f.verifierBreak(b, 'a default queue already exists for this device');
    return f.st('STATUS_WDF_BUSY');
  }
  const callbacks: Record<string, number> = {};
  for (const n of CALLBACKS) { const p = c.get(n); if (p) callbacks[n] = p; }
  if (dispatchType !== 'manual' && isDefault && !Object.keys(callbacks).some((n) => /^EvtIo(Default|Read|Write|DeviceControl|InternalDeviceControl)$/.test(n))) {
    b?.log.error('FxIoQueue::Initialize', 'a default queue with no request callbacks, STATUS_WDF_NO_CALLBACK');
    return f.st('STATUS_WDF_NO_CALLBACK');
  }
  const tri = k.layouts.enums['WDF_TRI_STATE']!;
  const pm = c.get('PowerManaged');
  const powerManaged = pm === tri['WdfUseDefault'] ? !dev.control : pm === tri['WdfTrue'];
  const r = createObject(f, b, 'WDFQUEUE', attributes, { defaultParent: dev.obj });
  if (!r.obj) return r.status;
  const q = new FxQueue(f, r.obj, dev, dispatchType, powerManaged, c.get('AllowZeroLengthRequests') !== 0, callbacks, isDefault);
  r.obj.impl = q;
  const scopes = k.layouts.enums['WDF_SYNCHRONIZATION_SCOPE']!;
  if (r.obj.syncScope === scopes['WdfSynchronizationScopeQueue']) q.lock = new SyncLock();
  else if (r.obj.syncScope === scopes['WdfSynchronizationScopeDevice'] || (r.obj.syncScope === scopes['WdfSynchronizationScopeInheritFromParent'] && dev.obj.syncScope === scopes['WdfSynchronizationScopeDevice'])) {
    q.lock = (dev as FxDevice & { lock?: SyncLock }).lock ??= new SyncLock();
  }
  dev.queues.push(q);
  if (isDefault) dev.defaultQueue = q;
  if (!powerManaged || dev.state === 'started') q.started = true;
  r.obj.onDispose = function* () {
    yield* q.purge();
    const i = dev.queues.indexOf(q);
    if (i >= 0) dev.queues.splice(i, 1);
    if (dev.defaultQueue === q) dev.defaultQueue = undefined;
    for (const [t, x] of dev.dispatch) if (x === q) dev.dispatch.delete(t);
  };
  if (out) fx(k).mem.writeU32(out, r.obj.handle);
  b?.log.add('FxIoQueue::Initialize', `WDFQUEUE 0x${r.obj.handle.toString(16)} ${dispatchType}${isDefault ? ' default' : ''}${powerManaged ? ' power-managed' : ''}`);
  yield* [];
  return 0;
}

function retrieveNext(k: Kernel, g: number, handle: number, out: number, file = 0): number {
  const f = fx(k);
  const q = queueOf(k, g, handle);
  if (q.dispatchType !== 'manual' && !(q.dispatchType === 'sequential' && !q.driverOwned.size)) {
    // KMDF allows retrieval from manual queues (and from a sequential queue while idle).
    if (q.dispatchType === 'parallel') return f.st('STATUS_INVALID_DEVICE_REQUEST');
  }
  if (!q.started && q.powerManaged) return f.st('STATUS_WDF_PAUSED');
  const io = f.io;
  const i = q.pending.findIndex((r) => !file || q.dev.files.get(f.stackAt(r.irp).get('FileObject'))?.handle === file);
  if (i < 0) return f.st('STATUS_NO_MORE_ENTRIES');
  const req = q.pending.splice(i, 1)[0]!;
  setQueuedCancel(f, req, false);
  req.state = 'presented';
  q.driverOwned.add(req);
  fx(k).mem.writeU32(out, req.obj.handle);
  return 0;
}

export const queueRoutines: RoutineTable = {
  WdfIoQueueCreate: (k, g, device, config, attributes, out) => queueCreate(k, g, device, config, attributes, out),
  WdfIoQueueStart: (k, g, handle) => queueOf(k, g, handle).start(),
  WdfIoQueueStop: (k, g, handle, cb, ctx) => {
    const q = queueOf(k, g, handle);
    q.stop();
    if (cb) return (function* () { yield* q.waitIdle(); yield* fx(k).call(cb, [q.obj.handle, ctx]); })();
    return undefined;
  },
  WdfIoQueueStopSynchronously: (k, g, handle) => { const q = queueOf(k, g, handle); q.stop(); return q.waitIdle(); },
  WdfIoQueueDrainSynchronously: (k, g, handle) => { const q = queueOf(k, g, handle); q.accepting = false; return (function* () { while (q.pending.length || q.driverOwned.size) { yield* q.dispatchEvents(); yield* q.waitIdle(); if (!q.started) break; } })(); },
  WdfIoQueuePurgeSynchronously: (k, g, handle) => { const q = queueOf(k, g, handle); return (function* () { yield* q.purge(); yield* q.waitIdle(); })(); },
  WdfIoQueuePurge: (k, g, handle, cb, ctx) => { const q = queueOf(k, g, handle); return (function* () { yield* q.purge(); if (cb) { yield* q.waitIdle(); yield* fx(k).call(cb, [q.obj.handle, ctx]); } })(); },
  WdfIoQueueStopAndPurgeSynchronously: (k, g, handle) => { const q = queueOf(k, g, handle); q.stop(); return (function* () { yield* q.purge(); yield* q.waitIdle(); })(); },
  WdfIoQueueGetDevice: (k, g, handle) => queueOf(k, g, handle).dev.obj.handle,
  WdfIoQueueGetState: (k, g, handle, queued, driver) => {
    const q = queueOf(k, g, handle);
    if (queued) fx(k).mem.writeU32(queued, q.pending.length);
    if (driver) fx(k).mem.writeU32(driver, q.driverOwned.size);
    const s = k.layouts.enums['WDF_IO_QUEUE_STATE']!;
    let st = 0;
    if (q.accepting) st |= s['WdfIoQueueAcceptRequests'] ?? 1;
    if (q.started) st |= s['WdfIoQueueDispatchRequests'] ?? 2;
    if (!q.pending.length) st |= s['WdfIoQueueNoRequests'] ?? 4;
    if (!q.driverOwned.size) st |= s['WdfIoQueueDriverNoRequests'] ?? 8;
    return st;
  },
  WdfIoQueueRetrieveNextRequest: (k, g, handle, out) => retrieveNext(k, g, handle, out),
  WdfIoQueueRetrieveRequestByFileObject: (k, g, handle, file, out) => retrieveNext(k, g, handle, out, file),
  WdfDeviceConfigureRequestDispatching: (k, g, device, queue, type) => {
    const f = fx(k);
    const dev = deviceOf(k, g, device);
    const q = queueOf(k, g, queue);
    if (q.dev !== dev) return f.st('STATUS_INVALID_PARAMETER');
    if (dev.dispatch.has(type)) return f.st('STATUS_WDF_BUSY');
    dev.dispatch.set(type, q);
    return 0;
  },
};
