// WDFIOTARGET: the device's default I/O target (the next-lower driver in its stack, WdfDeviceGetIoTarget) and
// sending a WDFREQUEST to it. Send-and-forget skips our stack location and passes the IRP on: the request stops
// being the driver's (no completion to do). A synchronous send copies the stack location to the next, sends, and
// waits for the driver below to complete it; the request is then the driver's again to complete
// (WdfRequestGetStatus has what the lower driver said). An asynchronous send returns at once; when the target
// completes the IRP the driver's EvtRequestCompletionRoutine gets the request back (WdfRequestGetCompletionParams).
// Remote targets (WdfIoTargetCreate + WdfIoTargetOpen by name or on an existing device) take synchronous IOCTLs
// (WdfIoTargetSend[Internal]IoctlSynchronously) in IRPs the framework builds.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { callDriver, currentLocation, nextLocation, sendAndWait } from '../ntos/io/irp.ts';
import { buildDeviceIoControlRequest } from '../ntos/io/build.ts';
import { attachedTop } from '../ntos/io/device.ts';
import { ntClose, ntCreateFile } from '../ntos/io/file.ts';
import { mapLockedPages } from '../ntos/io/mdl.ts';
import { memoryOf } from './memory.ts';
import { fx } from './framework.ts';
import { createObject, deleteObject, objectOf } from './object.ts';
import { deviceOf, type FxDevice } from './device.ts';
import { passDown, sendDownAndWait } from './dispatch.ts';
import { completeRequest, requestOf, type FxRequest } from './request.ts';

interface FxIoTarget {
  dev: FxDevice;
  /** The device IRPs go to (the top of the opened stack), 0 while closed. */
  target: number;
  /** A remote target opened by name keeps its file open (a kernel handle) until closed or deleted. */
  file?: { handle: number; object: number };
}
const defaults = new WeakMap<FxDevice, number>();
const formatted = new WeakSet<FxRequest>();

function defaultTarget(k: Kernel, dev: FxDevice): number {
  const have = defaults.get(dev);
  if (have && fx(k).objects.get(have)?.live) return have;
  const r = createObject(fx(k), dev.binding, 'WDFIOTARGET', 0, { defaultParent: dev.obj });
  r.obj!.driverMayDelete = false;
  r.obj!.impl = { dev, target: dev.lower } satisfies FxIoTarget;
  defaults.set(dev, r.obj!.handle);
  return r.obj!.handle;
}

/** IoCopyCurrentIrpStackLocationToNext, as WdfRequestFormatRequestUsingCurrentType does it. */
function formatUsingCurrent(k: Kernel, req: FxRequest): void {
  const io = k.io;
  const cur = currentLocation(io, req.irp), next = nextLocation(io, req.irp);
  const completionOffset = io.s.get('IO_STACK_LOCATION').field('CompletionRoutine');
  io.mem.u8.copyWithin(next, cur, cur + completionOffset);
  io.at('IO_STACK_LOCATION', next).set('Control', 0);
  formatted.add(req);
}

function* send(k: Kernel, g: number, handle: number, targetHandle: number, options: number): Step<number> {
  const f = fx(k);
  const b = f.binding(g);
  const req = requestOf(k, g, handle);
  const t = objectOf(f, b, targetHandle, 'WDFIOTARGET').impl as FxIoTarget;
  const flags = options ? k.io.at('WDF_REQUEST_SEND_OPTIONS', options).get('Flags') : 0;
  const opt = (n: string) => (flags & k.enumValue('WDF_REQUEST_SEND_OPTIONS_FLAGS', n)) !== 0;
  const irp = k.io.at('IRP', req.irp);
  if (!t.target) { irp.set('IoStatus.Status', f.st('STATUS_INVALID_DEVICE_STATE')); return 0; }
  if (opt('WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET')) {
    // The IRP leaves the framework: the WDFREQUEST goes without completing it.
    req.binding.log.add('FxIoTarget::SubmitSendAndForget', `WDFREQUEST 0x${req.obj.handle.toString(16)} sent to 0x${t.target.toString(16)}, forgotten`);
    req.state = 'completed';
    irp.set('CancelRoutine', 0);
    const queue = req.queue;
    queue?.forget(req);
    req.obj.driverMayDelete = true;
    if (req.obj.live) yield* deleteObject(req.obj);
    if (formatted.has(req)) {
      // Formatted already: the next location is filled in; call the driver below with it.
      yield* callDriver(k.io, t.target, req.irp);
    } else {
      yield* passDown(f, t.dev, req.irp);
    }
    if (queue) yield* queue.dispatchEvents();
    return 1;
  }
  if (opt('WDF_REQUEST_SEND_OPTION_SYNCHRONOUS')) {
    if (!formatted.has(req)) formatUsingCurrent(k, req);
    req.binding.log.add('FxIoTarget::SubmitSync', `WDFREQUEST 0x${req.obj.handle.toString(16)} sent to 0x${t.target.toString(16)}`);
    const status = yield* sendDownAndWait(f, t.dev, req.irp);
    formatted.delete(req);
    req.binding.log.add('FxIoTarget::SubmitSync', `WDFREQUEST 0x${req.obj.handle.toString(16)} came back, status 0x${(status >>> 0).toString(16)}`);
    return 1;
  }
  // Asynchronous: the framework's IRP completion routine hands the request back to the driver's
  // EvtRequestCompletionRoutine (or, with none set, completes it with what the target said).
  if (!formatted.has(req)) formatUsingCurrent(k, req);
  formatted.delete(req);
  const io = k.io;
  const routine = io.kernelPointer(function* () {
    io.kernelPointers.delete(routine);
    const status = irp.getI32('IoStatus.Status'), information = irp.get('IoStatus.Information');
    const params = completionParams(k, req, status, information);
    const c = completions.get(req);
    req.binding.log.add('FxRequestBase::CompletionRoutine', `WDFREQUEST 0x${req.obj.handle.toString(16)} came back, status 0x${(status >>> 0).toString(16)}`);
    if (c?.routine) yield* f.invoke('FxRequestBase::CompleteSubmitted', c.routine, [req.obj.handle, targetHandle, params, c.context]);
    else yield* completeRequest(f, req, status, information);
    return io.st('STATUS_MORE_PROCESSING_REQUIRED');
  });
  io.at('IO_STACK_LOCATION', nextLocation(io, req.irp)).set('CompletionRoutine', routine).set('Context', 0)
    .set('Control', io.c('SL_INVOKE_ON_SUCCESS') | io.c('SL_INVOKE_ON_ERROR') | io.c('SL_INVOKE_ON_CANCEL'));
  req.binding.log.add('FxIoTarget::Submit', `WDFREQUEST 0x${req.obj.handle.toString(16)} sent to 0x${t.target.toString(16)}`);
  yield* callDriver(io, t.target, req.irp);
  return 1;
}

/** WdfRequestSetCompletionRoutine's routine and context, and the params the completion filled in. */
const completions = new WeakMap<FxRequest, { routine: number; context: number; params?: number }>();

/** The request's WDF_REQUEST_COMPLETION_PARAMS (framework memory that lives with the request). */
function completionParams(k: Kernel, req: FxRequest, status: number, information: number): number {
  const f = fx(k);
  let c = completions.get(req);
  if (!c) { c = { routine: 0, context: 0 }; completions.set(req, c); }
  if (!c.params) {
    const at = f.alloc(k.io.size('WDF_REQUEST_COMPLETION_PARAMS'), 'FxCP');
    c.params = at;
    const prev = req.obj.onDestroy;
    req.obj.onDestroy = () => { prev?.(); f.free(at); };
  }
  const p = k.io.at('WDF_REQUEST_COMPLETION_PARAMS', c.params);
  k.memory.u8.fill(0, c.params, c.params + k.io.size('WDF_REQUEST_COMPLETION_PARAMS'));
  p.set('Size', k.io.size('WDF_REQUEST_COMPLETION_PARAMS')).set('Type', req.type).set('IoStatus.Status', status).set('IoStatus.Information', information);
  const s = k.io.at('IO_STACK_LOCATION', currentLocation(k.io, req.irp));
  if (req.type === k.enumValue('WDF_REQUEST_TYPE', 'WdfRequestTypeDeviceControl') || req.type === k.enumValue('WDF_REQUEST_TYPE', 'WdfRequestTypeDeviceControlInternal')) {
    p.set('Parameters.Ioctl.IoControlCode', s.get('Parameters.DeviceIoControl.IoControlCode'));
  }
  return c.params;
}

function targetOf(k: Kernel, g: number, handle: number): FxIoTarget {
  const f = fx(k);
  return objectOf(f, f.binding(g), handle, 'WDFIOTARGET').impl as FxIoTarget;
}

function* closeTarget(k: Kernel, t: FxIoTarget): Step {
  if (t.file) { const h = t.file.handle; t.file = undefined; yield* ntClose(k.io, h); }
  t.target = 0;
}

function createTarget(k: Kernel, g: number, device: number, attributes: number, out: number): number {
  const f = fx(k);
  const dev = deviceOf(k, g, device);
  const r = createObject(f, dev.binding, 'WDFIOTARGET', attributes, { defaultParent: dev.obj });
  if (!r.obj) return r.status;
  const t: FxIoTarget = { dev, target: 0 };
  r.obj.impl = t;
  r.obj.onDispose = () => closeTarget(k, t);
  k.memory.writeU32(out, r.obj.handle);
  return 0;
}

/** WdfIoTargetOpen: by name (the file stays open, IRPs go to the top of that device's stack) or an existing device. */
function* openTarget(k: Kernel, g: number, handle: number, params: number): Step<number> {
  const f = fx(k);
  const t = targetOf(k, g, handle);
  const p = k.io.at('WDF_IO_TARGET_OPEN_PARAMS', params);
  const type = p.get('Type');
  const T = (n: string) => k.enumValue('WDF_IO_TARGET_OPEN_TYPE', n);
  yield* closeTarget(k, t);
  if (type === T('WdfIoTargetOpenUseExistingDevice')) {
    t.target = p.get('TargetDeviceObject');
    return t.target ? 0 : f.st('STATUS_INVALID_PARAMETER');
  }
  if (type !== T('WdfIoTargetOpenByName')) return f.st('STATUS_NOT_SUPPORTED');
  const name = k.io.readUnicodeString(params + p.s.field('TargetDeviceName'));
  const r = yield* ntCreateFile(k.io, name, { access: p.get('DesiredAccess'), kernelHandle: true });
  if (!r.file || r.handle === undefined) return r.status;
  t.file = { handle: r.handle, object: r.file.object };
  t.target = attachedTop(k.io, r.file.device.object);
  t.dev.binding.log.add('FxIoTargetRemote::Open', `${name} -> device 0x${t.target.toString(16)}`);
  return 0;
}

/** A WDF_MEMORY_DESCRIPTOR as an address and length (0, 0 for none). */
function described(k: Kernel, g: number, desc: number): { address: number; length: number } {
  if (!desc) return { address: 0, length: 0 };
  const d = k.io.at('WDF_MEMORY_DESCRIPTOR', desc);
  const M = (n: string) => k.enumValue('WDF_MEMORY_DESCRIPTOR_TYPE', n);
  const type = d.get('Type');
  if (type === M('WdfMemoryDescriptorTypeBuffer')) return { address: d.get('u.BufferType.Buffer'), length: d.get('u.BufferType.Length') };
  if (type === M('WdfMemoryDescriptorTypeMdl')) return { address: mapLockedPages(k.io, d.get('u.MdlType.Mdl')), length: d.get('u.MdlType.BufferLength') };
  const f = fx(k);
  const m = memoryOf(f, f.binding(g), d.get('u.HandleType.Memory'));
  const offsets = d.get('u.HandleType.Offsets');
  if (!offsets) return { address: m.buffer, length: m.size };
  const o = k.io.at('WDFMEMORY_OFFSET', offsets);
  const at = o.get('BufferOffset');
  return { address: m.buffer + at, length: o.get('BufferLength') || m.size - at };
}

/** WdfIoTargetSend[Internal]IoctlSynchronously: an IOCTL IRP to the target, waited for; the bytes it returned. */
function* sendIoctl(k: Kernel, g: number, handle: number, code: number, input: number, output: number, bytesOut: number, internal: boolean): Step<number> {
  const f = fx(k);
  const io = k.io;
  const t = targetOf(k, g, handle);
  if (!t.target) return f.st('STATUS_INVALID_DEVICE_STATE');
  const i = described(k, g, input), o = described(k, g, output);
  const iosb = f.alloc(io.size('IO_STATUS_BLOCK'), 'FxIo');
  const irp = buildDeviceIoControlRequest(io, code >>> 0, t.target, i.address, i.length, o.address, o.length, internal, 0, iosb);
  if (!irp) { f.free(iosb); return f.st('STATUS_INSUFFICIENT_RESOURCES'); }
  if (t.file) io.at('IO_STACK_LOCATION', nextLocation(io, irp)).set('FileObject', t.file.object);
  const origin = io.irps.get(irp)!;
  let status = yield* sendAndWait(io, t.target, irp, origin, true);
  status = origin.result?.status ?? status;
  if (bytesOut) k.memory.writeU32(bytesOut, Number(origin.result?.information ?? 0));
  f.free(iosb);
  t.dev.binding.log.add('FxIoTarget::SubmitSync', `IOCTL 0x${(code >>> 0).toString(16)} to 0x${t.target.toString(16)}, status 0x${(status >>> 0).toString(16)}`);
  return status;
}

export const ioTargetRoutines: RoutineTable = {
  WdfDeviceGetIoTarget: (k, g, device) => defaultTarget(k, deviceOf(k, g, device)),
  WdfIoTargetWdmGetTargetDeviceObject: (k, g, target) => (objectOf(fx(k), fx(k).binding(g), target, 'WDFIOTARGET').impl as FxIoTarget).target,
  WdfIoTargetGetDevice: (k, g, target) => (objectOf(fx(k), fx(k).binding(g), target, 'WDFIOTARGET').impl as FxIoTarget).dev.obj.handle,
  WdfIoTargetCreate: (k, g, device, attributes, out) => createTarget(k, g, device, attributes, out),
  WdfIoTargetOpen: (k, g, target, params) => openTarget(k, g, target, params),
  WdfIoTargetClose: (k, g, target) => closeTarget(k, targetOf(k, g, target)),
  WdfIoTargetSendIoctlSynchronously: (k, g, target, _request, code, input, output, _options, bytesOut) => sendIoctl(k, g, target, code, input, output, bytesOut, false),
  WdfIoTargetSendInternalIoctlSynchronously: (k, g, target, _request, code, input, output, _options, bytesOut) => sendIoctl(k, g, target, code, input, output, bytesOut, true),
  WdfRequestFormatRequestUsingCurrentType: (k, g, handle) => { formatUsingCurrent(k, requestOf(k, g, handle)); },
  WdfRequestSend: (k, g, handle, target, options) => send(k, g, handle, target, options),
  WdfRequestSetCompletionRoutine: (k, g, handle, routine, context) => {
    const req = requestOf(k, g, handle);
    const c = completions.get(req);
    if (c) { c.routine = routine; c.context = context; } else completions.set(req, { routine, context });
  },
  WdfRequestGetCompletionParams: (k, g, handle, params) => {
    const req = requestOf(k, g, handle);
    const from = completions.get(req)?.params;
    const size = k.io.size('WDF_REQUEST_COMPLETION_PARAMS');
    if (from) k.memory.u8.copyWithin(params, from, from + size); else k.memory.u8.fill(0, params, params + size);
  },
};
