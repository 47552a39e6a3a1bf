// How the framework handles the IRPs that reach a KMDF device: PnP IRPs drive the device's PnP/power callbacks
// (start: PrepareHardware, D0Entry, SelfManagedIoInit, interfaces on; remove: the reverse, then the device goes),
// create/cleanup/close reach the file object callbacks, and read/write/IOCTL become WDFREQUESTs on a queue.
import { BLOCK, type Thread } from '../../main/machine/cpu/types.ts';
import type { Step } from '../ntos/ob/manager.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { callDriver, currentLocation, nextLocation } from '../ntos/io/irp.ts';
import { fx, type Framework } from './framework.ts';
import { createObject, deleteObject } from './object.ts';
import { enableInterfaces, type FxDevice } from './device.ts';
import { newRequest, requestTypeOf } from './request.ts';

function stack(f: Framework, irp: number) { return f.io.at('IO_STACK_LOCATION', currentLocation(f.io, irp)); }

/** Completes an IRP the framework finishes itself. */
export function* completeIrp(f: Framework, irp: number, status: number, information = 0): Step<number> {
  f.io.at('IRP', irp).set('IoStatus.Status', status).set('IoStatus.Information', information);
  yield* f.io.completeRequest(irp, 0);
  return status;
}

/** IoSkipCurrentIrpStackLocation + IoCallDriver to the device below. */
export function* passDown(f: Framework, dev: FxDevice, irp: number): Step<number> {
  const b = f.io.at('IRP', irp);
  const slSize = f.io.size('IO_STACK_LOCATION');
  b.set('CurrentLocation', (b.get('CurrentLocation') << 24 >> 24) + 1).set('Tail.Overlay.CurrentStackLocation', currentLocation(f.io, irp) + slSize);
  return yield* callDriver(f.io, dev.lower, irp);
}

/** IoCopyCurrentIrpStackLocationToNext + a completion routine that stops completion, IoCallDriver, wait. */
export function* sendDownAndWait(f: Framework, dev: FxDevice, irp: number): Step<number> {
  const io = f.io;
  const cur = currentLocation(io, irp), next = nextLocation(io, irp);
  const completionOffset = io.s.get('IO_STACK_LOCATION').field('CompletionRoutine');
  io.mem.u8.copyWithin(next, cur, cur + completionOffset);
  const n = io.at('IO_STACK_LOCATION', next);
  n.set('Control', 0);
  let done = false;
  let waiter: Thread | null = null;
  const routine = io.kernelPointer(function* () {
    done = true;
    if (waiter?.state === 'blocked') io.k.processor.wake(waiter, 0);
    return io.st('STATUS_MORE_PROCESSING_REQUIRED');
  });
  n.set('CompletionRoutine', routine).set('Context', 0)
    .set('Control', io.c('SL_INVOKE_ON_SUCCESS') | io.c('SL_INVOKE_ON_ERROR') | io.c('SL_INVOKE_ON_CANCEL'));
  yield* callDriver(io, dev.lower, irp);
  while (!done) { waiter = io.k.processor.current; yield BLOCK; }
  io.kernelPointers.delete(routine);
  return io.at('IRP', irp).getI32('IoStatus.Status');
}

/** Wdf01000!FxDevice::DispatchWithLock. */
export function* dispatchIrp(k: Kernel, device: number, irp: number): Step<number> {
  const f = fx(k);
  const io = f.io;
  const dev = f.devices.get(device >>> 0);
  if (!dev) return yield* completeIrp(f, irp, f.st('STATUS_INVALID_DEVICE_REQUEST'));
  const major = stack(f, irp).get('MajorFunction');
  if (major === io.c('IRP_MJ_PNP')) return yield* f.within('FxPkgPnp::Dispatch', () => pnpDispatch(f, dev, irp));
  if (major === io.c('IRP_MJ_POWER')) return yield* f.within('FxPkgPnp::Dispatch', () => powerDispatch(f, dev, irp));
  if (major === io.c('IRP_MJ_CREATE')) return yield* f.within('FxPkgGeneral::Dispatch', () => fileCreate(f, dev, irp));
  if (major === io.c('IRP_MJ_CLEANUP') || major === io.c('IRP_MJ_CLOSE')) return yield* f.within('FxPkgGeneral::Dispatch', () => fileCloseOrCleanup(f, dev, irp, major === io.c('IRP_MJ_CLOSE')));
  const type = requestTypeOf(f, major);
  if (type === undefined) {
    if (dev.filter && dev.lower) return yield* passDown(f, dev, irp);
    return yield* completeIrp(f, irp, f.st('STATUS_INVALID_DEVICE_REQUEST'));
  }
  return yield* f.within('FxPkgIo::Dispatch', () => ioDispatch(f, dev, irp, type));
}

// ---------------------------------------------------------------- PnP

/** Devices whose driver called WdfDeviceSetFailed (answered as PNP_DEVICE_FAILED). */
export const failedDevices = new WeakSet<FxDevice>();

function* pnpDispatch(f: Framework, dev: FxDevice, irp: number): Step<number> {
  const io = f.io;
  const minor = stack(f, irp).get('MinorFunction');
  const is = (n: string) => minor === io.c(n);
  const log = dev.binding.log;
  if (is('IRP_MN_START_DEVICE')) {
    const lower = yield* sendDownAndWait(f, dev, irp);
    if (lower < 0) return yield* completeIrp(f, irp, lower);
    log.add('FxPkgPnp::PnpEventStarting', `WDFDEVICE 0x${dev.obj.handle.toString(16)} starting`);
    const status = yield* startSequence(f, dev);
    if (status < 0) log.error('FxPkgPnp::PnpEventFailed', `start failed 0x${(status >>> 0).toString(16)}`);
    else log.add('FxPkgPnp::PnpEventStarted', `WDFDEVICE 0x${dev.obj.handle.toString(16)} started`);
    return yield* completeIrp(f, irp, status);
  }
  if (is('IRP_MN_QUERY_PNP_DEVICE_STATE')) {
    // WdfDeviceSetFailed's answer: PNP_DEVICE_FAILED, which makes the PnP manager remove the stack (Code 43).
    const b = io.at('IRP', irp);
    if (failedDevices.has(dev)) b.set('IoStatus.Information', b.get('IoStatus.Information') | io.c('PNP_DEVICE_FAILED'));
    b.set('IoStatus.Status', 0);
    return yield* passDown(f, dev, irp);
  }
  if (is('IRP_MN_QUERY_REMOVE_DEVICE')) {
    const s = yield* dev.callback('EvtDeviceQueryRemove', []);
    if (s < 0) return yield* completeIrp(f, irp, s);
    io.at('IRP', irp).set('IoStatus.Status', 0);
    return yield* passDown(f, dev, irp);
  }
  if (is('IRP_MN_SURPRISE_REMOVAL')) {
    yield* dev.callback('EvtDeviceSurpriseRemoval', []);
    if (dev.state === 'started') yield* stopSequence(f, dev);
    io.at('IRP', irp).set('IoStatus.Status', 0);
    return yield* passDown(f, dev, irp);
  }
  if (is('IRP_MN_REMOVE_DEVICE')) {
    if (dev.state === 'started') yield* stopSequence(f, dev);
    log.add('FxPkgPnp::PnpEventRemoved', `WDFDEVICE 0x${dev.obj.handle.toString(16)} removed`);
    io.at('IRP', irp).set('IoStatus.Status', 0);
    const lower = dev.lower;
    const status = yield* passDown(f, dev, irp);
    void lower;
    yield* dev.teardown();
    return status;
  }
  if (is('IRP_MN_QUERY_STOP_DEVICE') || is('IRP_MN_CANCEL_STOP_DEVICE') || is('IRP_MN_CANCEL_REMOVE_DEVICE') || is('IRP_MN_STOP_DEVICE')) {
    io.at('IRP', irp).set('IoStatus.Status', 0);
  }
  return yield* passDown(f, dev, irp);
}

// ---------------------------------------------------------------- power

/**
 * The system power IRP. As the stack's power policy owner the framework answers a shutdown (PowerSystemShutdown)
 * by taking the device out of D0 for the last time: the driver's EvtDeviceD0Exit sees WdfPowerDeviceD3Final (there
 * is no ReleaseHardware: the hardware stays assigned while the machine goes down); then the IRP goes on down.
 */
function* powerDispatch(f: Framework, dev: FxDevice, irp: number): Step<number> {
  const io = f.io;
  const sl = stack(f, irp);
  const shutdown = sl.get('MinorFunction') === io.c('IRP_MN_SET_POWER')
    && sl.get('Parameters.Power.Type') === f.k.enumValue('POWER_STATE_TYPE', 'SystemPowerState')
    && sl.get('Parameters.Power.State') === f.k.enumValue('SYSTEM_POWER_STATE', 'PowerSystemShutdown');
  if (shutdown && !dev.filter && dev.state === 'started') {
    dev.binding.log.add('FxPkgPnp::PowerPolicySendDevicePowerRequest', `WDFDEVICE 0x${dev.obj.handle.toString(16)} to D3Final for system shutdown`);
    yield* powerDownSequence(f, dev);
    dev.state = 'stopped';
  }
  const minor = sl.get('MinorFunction');
  if (minor === io.c('IRP_MN_SET_POWER') || minor === io.c('IRP_MN_QUERY_POWER')) io.at('IRP', irp).set('IoStatus.Status', 0);
  if (dev.lower) return yield* passDown(f, dev, irp);
  return yield* completeIrp(f, irp, 0);
}

/** Out of D0 for good: self-managed I/O suspended, power-managed queues stopped, D0Exit to D3Final. */
function* powerDownSequence(f: Framework, dev: FxDevice): Step {
  const D3Final = f.k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final');
  enableInterfaces(dev, false);
  yield* dev.callback('EvtDeviceSelfManagedIoSuspend', []);
  for (const q of dev.queues) if (q.powerManaged) yield* q.powerOff();
  yield* dev.callback('EvtDeviceD0ExitPreInterruptsDisabled', [D3Final]);
  yield* dev.callback('EvtDeviceD0Exit', [D3Final]);
}

/** The framework's start path: hardware, D0, queues, self-managed I/O, interfaces. */
export function* startSequence(f: Framework, dev: FxDevice): Step<number> {
  const D3Final = f.k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final');
  if (!dev.resources) {
    const raw = createObject(f, dev.binding, 'WDFCMRESLIST', 0, { defaultParent: dev.obj }).obj!;
    const translated = createObject(f, dev.binding, 'WDFCMRESLIST', 0, { defaultParent: dev.obj }).obj!;
    dev.resources = { raw, translated };
  }
  let s = yield* dev.callback('EvtDevicePrepareHardware', [dev.resources.raw.handle, dev.resources.translated.handle]);
  if (s < 0) return s;
  s = yield* dev.callback('EvtDeviceD0Entry', [D3Final]);
  if (s < 0) { yield* dev.callback('EvtDeviceReleaseHardware', [dev.resources.translated.handle]); return s; }
  s = yield* dev.callback('EvtDeviceD0EntryPostInterruptsEnabled', [D3Final]);
  if (s < 0) return s;
  dev.state = 'started';
  for (const q of dev.queues) if (q.powerManaged) q.powerOn();
  s = yield* dev.callback(dev.startedBefore ? 'EvtDeviceSelfManagedIoRestart' : 'EvtDeviceSelfManagedIoInit', []);
  dev.startedBefore = true;
  if (s < 0) return s;
  enableInterfaces(dev, true);
  for (const q of dev.queues) yield* q.dispatchEvents();
  return 0;
}

/** Leaving D0 for good (remove or surprise removal). */
export function* stopSequence(f: Framework, dev: FxDevice): Step {
  yield* powerDownSequence(f, dev);
  if (dev.resources) yield* dev.callback('EvtDeviceReleaseHardware', [dev.resources.translated.handle]);
  yield* dev.callback('EvtDeviceSelfManagedIoFlush', []);
  yield* dev.callback('EvtDeviceSelfManagedIoCleanup', []);
  for (const q of dev.queues) yield* q.purge();
  dev.state = 'stopped';
}

// ---------------------------------------------------------------- files

function* fileCreate(f: Framework, dev: FxDevice, irp: number): Step<number> {
  const fileObject = stack(f, irp).get('FileObject');
  const attrs = dev.file?.attributes ?? 0;
  const r = createObject(f, dev.binding, 'WDFFILEOBJECT', attrs, { defaultParent: dev.obj });
  if (!r.obj) return yield* completeIrp(f, irp, r.status);
  r.obj.driverMayDelete = false;
  if (fileObject) dev.files.set(fileObject, r.obj);
  if (!dev.file?.create) return yield* completeIrp(f, irp, 0);
  const req = newRequest(f, dev, irp, f.k.enumValue('WDF_REQUEST_TYPE', 'WdfRequestTypeCreate'));
  if (!req) return yield* completeIrp(f, irp, f.st('STATUS_INSUFFICIENT_RESOURCES'));
  markPending(f, irp);
  yield* f.invoke('FxFileObjectFileCreate::Invoke', dev.file.create, [dev.obj.handle, req.obj.handle, r.obj.handle]);
  return f.st('STATUS_PENDING');
}

function* fileCloseOrCleanup(f: Framework, dev: FxDevice, irp: number, close: boolean): Step<number> {
  const fileObject = stack(f, irp).get('FileObject');
  const fo = dev.files.get(fileObject);
  if (fo) {
    const cb = close ? dev.file?.close : dev.file?.cleanup;
    if (cb) yield* f.invoke(close ? 'FxFileObjectFileClose::Invoke' : 'FxFileObjectFileCleanup::Invoke', cb, [fo.handle]);
    if (close) {
      dev.files.delete(fileObject);
      fo.driverMayDelete = true;
      if (fo.live) yield* deleteObject(fo);
    } else {
      // Requests of this file still queued are cancelled at cleanup.
      for (const q of dev.queues) yield* q.cancelForFile(fo.handle);
    }
  }
  return yield* completeIrp(f, irp, 0);
}

export function markPending(f: Framework, irp: number): void {
  const s = stack(f, irp);
  s.set('Control', s.get('Control') | f.io.c('SL_PENDING_RETURNED'));
}

// ---------------------------------------------------------------- I/O

function* ioDispatch(f: Framework, dev: FxDevice, irp: number, type: number): Step<number> {
  const queue = dev.dispatch.get(type) ?? dev.defaultQueue;
  if (!queue) {
    // A filter without a queue for this type passes the request down untouched.
    if (dev.filter && dev.lower) return yield* passDown(f, dev, irp);
    dev.binding.log.warn('FxPkgIo::Dispatch', `no queue for request type ${type}, STATUS_INVALID_DEVICE_REQUEST`);
    return yield* completeIrp(f, irp, f.st('STATUS_INVALID_DEVICE_REQUEST'));
  }
  if (dev.state === 'removed') return yield* completeIrp(f, irp, f.st('STATUS_DELETE_PENDING'));
  const req = newRequest(f, dev, irp, type);
  if (!req) return yield* completeIrp(f, irp, f.st('STATUS_INSUFFICIENT_RESOURCES'));
  markPending(f, irp);
  yield* queue.queueRequest(req);
  return f.st('STATUS_PENDING');
}
