// WDFREQUEST: the framework's wrapper of an IRP. Buffers come from the IRP as the device's I/O type and the
// IOCTL's method place them; completion checks what KMDF's verifier checks (a request completed twice is a stale
// handle: 0x10D/0x5; Information longer than a read's buffer: 0x10D/0x6/0x4), then completes the IRP and lets the
// queue present the next request. Cancellation goes through the IRP's cancel routine to EvtRequestCancel.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { mapLockedPages } from '../ntos/io/mdl.ts';
import { releaseCancelSpinLock } from '../ntos/io/irp.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { fx, type Binding, type Framework } from './framework.ts';
import { createObject, deleteObject, objectOf, type FxObject } from './object.ts';
import { wrapBuffer, type FxMemory } from './memory.ts';
import type { FxDevice } from './device.ts';
import type { FxQueue } from './queue.ts';

export class FxRequest {
  queue?: FxQueue;
  state: 'new' | 'queued' | 'presented' | 'completed' = 'new';
  information = 0;
  cancelCallback = 0;
  /** Marked cancelable by the driver (WdfRequestMarkCancelable[Ex]). */
  cancelable = false;
  input?: FxMemory;
  output?: FxMemory;
  constructor(readonly obj: FxObject, readonly irp: number, readonly dev: FxDevice, readonly type: number) {}
  get binding(): Binding { return this.dev.binding; }
}

const requestsByIrp = new WeakMap<Framework, Map<number, FxRequest>>();
export function requestOfIrp(f: Framework, irp: number): FxRequest | undefined { return requestsByIrp.get(f)?.get(irp >>> 0); }

/** WDF_REQUEST_TYPE of an IRP major function the queues take (read, write, IOCTLs), else undefined. */
export function requestTypeOf(f: Framework, major: number): number | undefined {
  const t = f.k.layouts.enums['WDF_REQUEST_TYPE']!;
  const io = f.io;
  if (major === io.c('IRP_MJ_READ')) return t['WdfRequestTypeRead'];
  if (major === io.c('IRP_MJ_WRITE')) return t['WdfRequestTypeWrite'];
  if (major === io.c('IRP_MJ_DEVICE_CONTROL')) return t['WdfRequestTypeDeviceControl'];
  if (major === io.c('IRP_MJ_INTERNAL_DEVICE_CONTROL')) return t['WdfRequestTypeDeviceControlInternal'];
  return undefined;
}

/** A request object for an IRP that reached the device, with the device's request attributes. */
export function newRequest(f: Framework, dev: FxDevice, irp: number, type: number): FxRequest | undefined {
  const r = createObject(f, dev.binding, 'WDFREQUEST', 0, { defaultParent: dev.obj });
  if (!r.obj) return undefined;
  const ra = dev.requestAttributes;
  if (ra) {
    r.obj.cleanup = ra.cleanup; r.obj.destroy = ra.destroy;
    if (ra.typeInfo) r.obj.addContext(ra.typeInfo, ra.override);
  }
  r.obj.driverMayDelete = false;
  const req = new FxRequest(r.obj, irp, dev, type);
  r.obj.impl = req;
  let m = requestsByIrp.get(f);
  if (!m) { m = new Map(); requestsByIrp.set(f, m); }
  m.set(irp, req);
  r.obj.onDestroy = () => { m!.delete(irp); };
  return req;
}

export function requestOf(k: Kernel, g: number, handle: number): FxRequest {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFREQUEST').impl as FxRequest;
}

function sl(f: Framework, req: FxRequest) { return f.stackAt(req.irp); }

interface Buffer { address: number; length: number }

/** Where the request's data is: input (write, IOCTL in) and output (read, IOCTL out), as KMDF finds them. */
function buffers(f: Framework, req: FxRequest): { input?: Buffer; output?: Buffer; neither?: boolean } {
  const io = f.io;
  const irp = f.irpAt(req.irp);
  const s = sl(f, req);
  const t = f.k.layouts.enums['WDF_REQUEST_TYPE']!;
  const flags = io.at('DEVICE_OBJECT', req.dev.wdm).get('Flags');
  // A host's copy of an IRP has no MDL: the direct buffer's copy is at UserBuffer.
  const viaMdl = () => { if (f.umdf) return irp.get('UserBuffer'); const mdl = irp.get('MdlAddress'); return mdl ? mapLockedPages(io, mdl) : 0; };
  const data = () => (flags & io.c('DO_BUFFERED_IO') ? irp.get('AssociatedIrp.SystemBuffer') : flags & io.c('DO_DIRECT_IO') ? viaMdl() : irp.get('UserBuffer'));
  if (req.type === t['WdfRequestTypeRead']) return { output: { address: data(), length: s.get('Parameters.Read.Length') } };
  if (req.type === t['WdfRequestTypeWrite']) return { input: { address: data(), length: s.get('Parameters.Write.Length') } };
  if (req.type === t['WdfRequestTypeDeviceControl'] || req.type === t['WdfRequestTypeDeviceControlInternal']) {
    const code = s.get('Parameters.DeviceIoControl.IoControlCode');
    const inLen = s.get('Parameters.DeviceIoControl.InputBufferLength'), outLen = s.get('Parameters.DeviceIoControl.OutputBufferLength');
    const method = code & 3;
    const sys = irp.get('AssociatedIrp.SystemBuffer');
    if (method === io.c('METHOD_BUFFERED')) return { input: { address: sys, length: inLen }, output: { address: sys, length: outLen } };
    if (method === io.c('METHOD_NEITHER')) return { neither: true };
    return { input: { address: sys, length: inLen }, output: { address: viaMdl(), length: outLen } };
  }
  return {};
}

function retrieve(k: Kernel, g: number, handle: number, which: 'input' | 'output', min: number, bufferOut: number, lengthOut: number): number {
  const f = fx(k);
  const req = requestOf(k, g, handle);
  const bufs = buffers(f, req);
  if (bufs.neither) return f.st('STATUS_INVALID_DEVICE_REQUEST');
  const b = bufs[which];
  if (!b) return f.st('STATUS_INVALID_DEVICE_REQUEST');
  if (!b.length || !b.address) return f.st('STATUS_BUFFER_TOO_SMALL');
  if (b.length < min) return f.st('STATUS_BUFFER_TOO_SMALL');
  if (bufferOut) f.mem.writeU32(bufferOut, b.address);
  if (lengthOut) f.mem.writeU32(lengthOut, b.length);
  return 0;
}

function retrieveMemory(k: Kernel, g: number, handle: number, which: 'input' | 'output', out: number): number {
  const f = fx(k);
  const req = requestOf(k, g, handle);
  const bufs = buffers(f, req);
  if (bufs.neither) return f.st('STATUS_INVALID_DEVICE_REQUEST');
  const b = bufs[which];
  if (!b) return f.st('STATUS_INVALID_DEVICE_REQUEST');
  if (!b.length || !b.address) return f.st('STATUS_BUFFER_TOO_SMALL');
  const m = req[which] ??= wrapBuffer(f, req.binding, req.obj, b.address, b.length);
  f.mem.writeU32(out, m.obj.handle);
  return 0;
}

/** WdfRequestComplete[WithInformation]: verifier checks, the IRP completes, the queue moves on, the object goes. */
export function* completeRequest(f: Framework, req: FxRequest, status: number, information = req.information): Step {
  const io = f.io;
  const b = req.binding;
  const t = f.k.layouts.enums['WDF_REQUEST_TYPE']!;
  if (req.state === 'completed') throw f.violation(b, 'WDF_INVALID_HANDLE', req.obj.handle);
  const irp = f.irpAt(req.irp);
  if (b.verifier && status >= 0 && (req.type === t['WdfRequestTypeRead'] || req.type === t['WdfRequestTypeDeviceControl'])) {
    const out = buffers(f, req).output;
    if (out && information > out.length) {
      const data = f.alloc(io.size('WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH_DATA'), 'FxVf');
      f.at('WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH_DATA', data).set('Request', req.obj.handle).set('Irp', req.irp)
        .set('OutputBufferLength', out.length).set('Information', information).set('MajorFunction', sl(f, req).get('MajorFunction'));
      throw f.violation(b, 'WDF_REQUEST_FATAL_ERROR', f.k.enumValue('WDF_REQUEST_FATAL_ERROR_CODES', 'WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH'), data, 0);
    }
  }
  req.state = 'completed';
  irp.set('CancelRoutine', 0);
  irp.set('IoStatus.Status', status).set('IoStatus.Information', information);
  b.log.add('FxRequest::CompleteInternal', `WDFREQUEST 0x${req.obj.handle.toString(16)} completed, status 0x${(status >>> 0).toString(16)}, information ${information}`);
  const queue = req.queue;
  queue?.forget(req);
  yield* f.completeIrp(req.irp);
  req.obj.driverMayDelete = true;
  if (req.obj.live) yield* deleteObject(req.obj);
  if (queue) yield* queue.dispatchEvents();
}

/** Wdf01000!FxRequest::_FxCancelRoutine: the IRP's cancel routine while the driver holds a cancelable request. */
function cancelRoutinePointer(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxRequestBase::_FxCancelRoutine', { params: [0x7f, 0x7f], results: [] }, function* (_ctx, _dev: number, irp: number) {
    const f = fx(k);
    const io = f.io;
    releaseCancelSpinLock(io, io.at('IRP', irp).get('CancelIrql'));
    const req = requestOfIrp(f, irp);
    if (!req || req.state === 'completed') return;
    if (req.state === 'queued' && req.queue) { yield* req.queue.cancelQueued(req); return; }
    if (req.cancelable && req.cancelCallback) {
      req.cancelable = false;
      req.binding.log.add('FxRequest::Cancel', `WDFREQUEST 0x${req.obj.handle.toString(16)} cancelled`);
      const cb = req.cancelCallback;
      if (req.queue) yield* req.queue.withLock(() => f.invoke('FxRequestCancelCallback::Invoke', cb, [req.obj.handle]));
      else yield* f.invoke('FxRequestCancelCallback::Invoke', cb, [req.obj.handle]);
    }
  });
}

/** While a request waits on a queue, cancelling its IRP takes it off the queue. */
export function setQueuedCancel(f: Framework, req: FxRequest, on: boolean): void {
  f.irpAt(req.irp).set('CancelRoutine', on ? cancelRoutinePointer(f.k) : 0);
}

function* markCancelable(k: Kernel, g: number, handle: number, callback: number, ex: boolean): Step<number> {
  const f = fx(k);
  const req = requestOf(k, g, handle);
  if (!callback) throw f.violation(req.binding, 'WDF_REQUEST_FATAL_ERROR', 0, 0);
  const irp = f.irpAt(req.irp);
  req.cancelCallback = callback;
  if (irp.get('Cancel')) {
    if (ex) return f.st('STATUS_CANCELLED');
    // Already cancelled: the non-Ex form calls the driver's cancel routine at once.
    yield* f.invoke('FxRequestCancelCallback::Invoke', callback, [req.obj.handle]);
    return 0;
  }
  req.cancelable = true;
  irp.set('CancelRoutine', cancelRoutinePointer(k));
  return 0;
}

function unmarkCancelable(k: Kernel, g: number, handle: number): number {
  const f = fx(k);
  const req = requestOf(k, g, handle);
  const irp = f.irpAt(req.irp);
  if (!req.cancelable) return irp.get('Cancel') ? f.st('STATUS_CANCELLED') : 0;
  req.cancelable = false;
  // IoCancelIrp took the routine already: the cancel callback is running or about to; it completes the request.
  if (!irp.get('CancelRoutine')) return f.st('STATUS_CANCELLED');
  irp.set('CancelRoutine', 0);
  return 0;
}

function getParameters(k: Kernel, g: number, handle: number, params: number): void {
  const f = fx(k);
  const req = requestOf(k, g, handle);
  const p = f.at('WDF_REQUEST_PARAMETERS', params);
  const s = sl(f, req);
  const size = f.io.size('WDF_REQUEST_PARAMETERS');
  f.mem.u8.fill(0, params, params + size);
  p.set('Size', size).set('Type', req.type).set('MinorFunction', s.get('MinorFunction'));
  // The Parameters union has the stack location's layout for the types a queue sees.
  const t = f.k.layouts.enums['WDF_REQUEST_TYPE']!;
  if (req.type === t['WdfRequestTypeRead']) p.set('Parameters.Read.Length', s.get('Parameters.Read.Length')).set('Parameters.Read.Key', s.get('Parameters.Read.Key')).set('Parameters.Read.DeviceOffset', s.get64('Parameters.Read.ByteOffset'));
  else if (req.type === t['WdfRequestTypeWrite']) p.set('Parameters.Write.Length', s.get('Parameters.Write.Length')).set('Parameters.Write.Key', s.get('Parameters.Write.Key')).set('Parameters.Write.DeviceOffset', s.get64('Parameters.Write.ByteOffset'));
  else if (req.type === t['WdfRequestTypeDeviceControl'] || req.type === t['WdfRequestTypeDeviceControlInternal']) {
    p.set('Parameters.DeviceIoControl.OutputBufferLength', s.get('Parameters.DeviceIoControl.OutputBufferLength'))
      .set('Parameters.DeviceIoControl.InputBufferLength', s.get('Parameters.DeviceIoControl.InputBufferLength'))
      .set('Parameters.DeviceIoControl.IoControlCode', s.get('Parameters.DeviceIoControl.IoControlCode'))
      .set('Parameters.DeviceIoControl.Type3InputBuffer', s.get('Parameters.DeviceIoControl.Type3InputBuffer'));
  }
}

export const requestRoutines: RoutineTable = {
  WdfRequestComplete: (k, g, handle, status) => { const r = requestOf(k, g, handle); return completeRequest(fx(k), r, status | 0); },
  WdfRequestCompleteWithInformation: (k, g, handle, status, info) => { const r = requestOf(k, g, handle); return completeRequest(fx(k), r, status | 0, info >>> 0); },
  WdfRequestCompleteWithPriorityBoost: (k, g, handle, status) => { const r = requestOf(k, g, handle); return completeRequest(fx(k), r, status | 0); },
  WdfRequestSetInformation: (k, g, handle, info) => { requestOf(k, g, handle).information = info >>> 0; },
  WdfRequestGetInformation: (k, g, handle) => requestOf(k, g, handle).information,
  WdfRequestGetStatus: (k, g, handle) => fx(k).irpAt(requestOf(k, g, handle).irp).getI32('IoStatus.Status'),
  WdfRequestGetParameters: (k, g, handle, params) => getParameters(k, g, handle, params),
  WdfRequestRetrieveInputBuffer: (k, g, handle, min, buf, len) => retrieve(k, g, handle, 'input', min >>> 0, buf, len),
  WdfRequestRetrieveOutputBuffer: (k, g, handle, min, buf, len) => retrieve(k, g, handle, 'output', min >>> 0, buf, len),
  WdfRequestRetrieveInputMemory: (k, g, handle, out) => retrieveMemory(k, g, handle, 'input', out),
  WdfRequestRetrieveOutputMemory: (k, g, handle, out) => retrieveMemory(k, g, handle, 'output', out),
  WdfRequestRetrieveInputWdmMdl: (k, g, handle, out) => { const r = requestOf(k, g, handle); const mdl = fx(k).io.at('IRP', r.irp).get('MdlAddress'); k.memory.writeU32(out, mdl); return mdl ? 0 : fx(k).st('STATUS_BUFFER_TOO_SMALL'); },
  WdfRequestRetrieveOutputWdmMdl: (k, g, handle, out) => { const r = requestOf(k, g, handle); const mdl = fx(k).io.at('IRP', r.irp).get('MdlAddress'); k.memory.writeU32(out, mdl); return mdl ? 0 : fx(k).st('STATUS_BUFFER_TOO_SMALL'); },
  WdfRequestRetrieveUnsafeUserInputBuffer: (k, g, handle, _min, buf, len) => {
    const f = fx(k); const r = requestOf(k, g, handle); const s = sl(f, r);
    f.mem.writeU32(buf, s.get('Parameters.DeviceIoControl.Type3InputBuffer'));
    if (len) f.mem.writeU32(len, s.get('Parameters.DeviceIoControl.InputBufferLength'));
    return 0;
  },
  WdfRequestRetrieveUnsafeUserOutputBuffer: (k, g, handle, _min, buf, len) => {
    const f = fx(k); const r = requestOf(k, g, handle); const s = sl(f, r);
    f.mem.writeU32(buf, f.irpAt(r.irp).get('UserBuffer'));
    if (len) f.mem.writeU32(len, s.get('Parameters.DeviceIoControl.OutputBufferLength'));
    return 0;
  },
  WdfRequestMarkCancelable: (k, g, handle, cb) => markCancelable(k, g, handle, cb, false),
  WdfRequestMarkCancelableEx: (k, g, handle, cb) => markCancelable(k, g, handle, cb, true),
  WdfRequestUnmarkCancelable: (k, g, handle) => unmarkCancelable(k, g, handle),
  WdfRequestIsCanceled: (k, g, handle) => fx(k).irpAt(requestOf(k, g, handle).irp).get('Cancel') ? 1 : 0,
  WdfRequestGetIoQueue: (k, g, handle) => requestOf(k, g, handle).queue?.obj.handle ?? 0,
  WdfRequestGetFileObject: (k, g, handle) => {
    const f = fx(k); const r = requestOf(k, g, handle);
    return r.dev.files.get(sl(f, r).get('FileObject'))?.handle ?? 0;
  },
  WdfRequestWdmGetIrp: (k, g, handle) => requestOf(k, g, handle).irp,
  WdfRequestGetRequestorMode: (k, g, handle) => fx(k).irpAt(requestOf(k, g, handle).irp).get('RequestorMode'),
  WdfRequestIsFrom32BitProcess: () => 0,
  WdfRequestGetRequestorProcessId: (k) => fx(k).io.ob.currentProcessId(),
  WdfRequestForwardToIoQueue: (k, g, handle, queue) => {
    const f = fx(k);
    const r = requestOf(k, g, handle);
    const q = objectOf(f, f.binding(g), queue, 'WDFQUEUE').impl as FxQueue;
    if (q.dev !== r.dev) return f.st('STATUS_INVALID_DEVICE_REQUEST');
    if (r.state !== 'presented') return f.st('STATUS_INVALID_DEVICE_STATE');
    return (function* () { r.queue?.forget(r); const from = r.queue; yield* q.queueRequest(r); if (from) yield* from.dispatchEvents(); return 0; })();
  },
  WdfRequestRequeue: (k, g, handle) => {
    const r = requestOf(k, g, handle);
    const q = r.queue;
    if (!q || r.state !== 'presented') return fx(k).st('STATUS_INVALID_DEVICE_STATE');
    return (function* () { q.forget(r); yield* q.queueRequest(r, true); return 0; })();
  },
  WdfRequestStopAcknowledge: (k, g, handle, requeue) => {
    const r = requestOf(k, g, handle);
    const q = r.queue;
    if (q && requeue & 0xff) return (function* () { q.forget(r); yield* q.queueRequest(r, true); })();
    return undefined;
  },
};
