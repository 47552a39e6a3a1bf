// WUDFRd.sys, the UMDF reflector: the kernel-mode function driver of every UMDF device stack (the INF's AddService
// WUDFRd). Its AddDevice creates the device object the kernel knows the device by, starts a WUDFHost.exe for the
// stack's UMDF service (the INF's .Wdf UmdfService, whose DLL setup recorded) and has the host add the device;
// PnP start and removal are reflected to the host the same way. If the host process ends while the device runs
// (a crash in the driver), the device is reported failed: Device Manager shows Code 43, the system runs on.
import type { Step } from '../../ntos/ob/manager.ts';
import type { Kernel } from '../../ntos/kernel.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import { BLOCK, type Thread } from '../../../main/machine/cpu/types.ts';
import { hostPointer } from '../../ntos/io/pnp/frames.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { attachDevice, createDevice, deleteDevice, detachDevice } from '../../ntos/io/device.ts';
import { callDriver, currentLocation, nextLocation } from '../../ntos/io/irp.ts';
import { mapLockedPages } from '../../ntos/io/mdl.ts';
import { um } from '../usermode.ts';
import { DriverHost } from './host.ts';
import { trampolineImage } from './image.ts';
import { registerInboxImage } from '../../ntos/io/inbox.ts';

export const REFLECTOR_IMAGE = 'WUDFRd.sys';
/** Where setup records a UMDF service's DLL and framework version (the INF's UmdfService install section). */
export const WUDF_SERVICES_KEY = '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\WUDF\\Services';

interface RdDevice { fdo: number; lower: number; pdo: number; host: DriverHost; started: boolean }
const devices = new WeakMap<Kernel, Map<number, RdDevice>>();
function rd(k: Kernel): Map<number, RdDevice> { let m = devices.get(k); if (!m) { m = new Map(); devices.set(k, m); } return m; }

let image: Uint8Array | undefined;
/** The reflector's image (in-box): its DriverEntry is WUDFRd.sys!RdDriverEntry below. */
export function reflectorImage(): Uint8Array {
  return image ??= trampolineImage({ module: REFLECTOR_IMAGE, routine: 'RdDriverEntry', entry: 'DriverEntry', params: 2, name: REFLECTOR_IMAGE });
}

registerInboxImage(REFLECTOR_IMAGE, reflectorImage);

const I32x2_I32 = { params: [0x7f, 0x7f], results: [0x7f] };

function driverEntry(k: Kernel, driverObject: number): number {
  const io = k.io, drv = io.at('DRIVER_OBJECT', driverObject);
  io.at('DRIVER_EXTENSION', drv.get('DriverExtension')).set('AddDevice',
    hostPointer(k, 'WUDFRd!RdDriver::AddDevice', I32x2_I32, (_c, d: number, pdo: number) => addDevice(k, d, pdo)));
  const dispatch = hostPointer(k, 'WUDFRd!RdDevice::Dispatch', I32x2_I32, (_c, dev: number, irp: number) => dispatchIrp(k, dev, irp));
  const mf = drv.s.info('MajorFunction');
  for (let i = 0; i < (mf.count ?? 0); i++) k.memory.writeU32(driverObject + mf.offset + i * (mf.elementSize ?? 4), dispatch);
  drv.set('DriverUnload', hostPointer(k, 'WUDFRd!RdDriver::Unload', { params: [0x7f], results: [] }, () => 0));
  drv.set('Flags', drv.get('Flags') & ~io.c('DRVO_LEGACY_DRIVER'));
  return 0;
}

/** The UMDF service of a device and its DLL, as setup recorded them. */
function driverDll(k: Kernel, pdo: number): { service: string; ntPath: string } | undefined {
  const m = pnp(k), node = m.nodeOfDevice(pdo);
  const service = node && m.enumKey(node)?.value('UmdfService')?.data;
  if (typeof service !== 'string' || !service) return undefined;
  const path = k.registry.open(`${WUDF_SERVICES_KEY}\\${service}`)?.value('ImagePath')?.data;
  return typeof path === 'string' ? { service, ntPath: path } : undefined;
}

function* addDevice(k: Kernel, driverObject: number, pdo: number): Step<number> {
  const io = k.io;
  const dll = driverDll(k, pdo);
  if (!dll) return io.st('STATUS_OBJECT_NAME_NOT_FOUND');
  const bytes = io.readFile(dll.ntPath);
  if (!bytes) return io.st('STATUS_OBJECT_NAME_NOT_FOUND');
  const c = createDevice(io, driverObject, { extensionSize: 0, type: k.constant('FILE_DEVICE_UNKNOWN'), characteristics: k.constant('FILE_DEVICE_SECURE_OPEN'), exclusive: false });
  if (!c.device) return c.status;
  const fdo = c.device;
  const lower = attachDevice(io, fdo, pdo);
  if (!lower) { deleteDevice(io, fdo); return io.st('STATUS_NO_SUCH_DEVICE'); }
  const fail = (status: number) => { detachDevice(io, lower); deleteDevice(io, fdo); return status; };
  const host = new DriverHost(k, um(k), { service: dll.service, name: dll.ntPath.slice(dll.ntPath.lastIndexOf('\\') + 1), path: dll.ntPath, bytes });
  host.fdos.set(pdo >>> 0, fdo);
  let status = yield* host.started();
  if (status >= 0) status = yield* host.request({ kind: 'add', pdo });
  if (status < 0) { um(k).terminate(host.process, status >>> 0); return fail(status); }
  const d: RdDevice = { fdo, lower, pdo: pdo >>> 0, host, started: false };
  rd(k).set(fdo, d);
  // The host ending on its own (a crash in the driver) while the device runs: the device has failed.
  host.process.onExit.push(() => { if (d.started) { d.started = false; pnp(k).reportFailed(pdo); } });
  const dob = io.at('DEVICE_OBJECT', fdo);
  dob.set('Flags', (dob.get('Flags') | io.c('DO_BUFFERED_IO')) & ~io.c('DO_DEVICE_INITIALIZING'));
  return 0;
}

function* complete(k: Kernel, irp: number, status: number): Step<number> {
  k.io.at('IRP', irp).set('IoStatus.Status', status).set('IoStatus.Information', 0);
  yield* k.io.completeRequest(irp, 0);
  return status;
}

/** IoSkipCurrentIrpStackLocation + IoCallDriver. */
function* passDown(k: Kernel, d: RdDevice, irp: number): Step<number> {
  const io = k.io, b = io.at('IRP', irp);
  b.set('CurrentLocation', (b.get('CurrentLocation') << 24 >> 24) + 1).set('Tail.Overlay.CurrentStackLocation', currentLocation(io, irp) + io.size('IO_STACK_LOCATION'));
  return yield* callDriver(io, d.lower, irp);
}

/** The start IRP goes down first (the bus driver starts the PDO), with a completion routine that keeps it. */
function* startLowerAndWait(k: Kernel, d: RdDevice, irp: number): Step<number> {
  const io = k.io, cur = currentLocation(io, irp), next = nextLocation(io, irp);
  io.mem.u8.copyWithin(next, cur, cur + io.s.get('IO_STACK_LOCATION').field('CompletionRoutine'));
  let done = false, waiter: Thread | null = null;
  const routine = io.kernelPointer(function* () {
    done = true;
    if (waiter?.state === 'blocked') k.processor.wake(waiter, 0);
    return io.st('STATUS_MORE_PROCESSING_REQUIRED');
  }, 'RdDevice::StartCompletion');
  io.at('IO_STACK_LOCATION', next).set('CompletionRoutine', routine).set('Context', 0)
    .set('Control', io.c('SL_INVOKE_ON_SUCCESS') | io.c('SL_INVOKE_ON_ERROR') | io.c('SL_INVOKE_ON_CANCEL'));
  yield* callDriver(io, d.lower, irp);
  while (!done) { waiter = k.processor.current; yield BLOCK; }
  io.releaseKernelPointer(routine);
  return io.at('IRP', irp).getI32('IoStatus.Status');
}

function* dispatchIrp(k: Kernel, device: number, irp: number): Step<number> {
  const io = k.io, d = rd(k).get(device >>> 0);
  const s = io.at('IO_STACK_LOCATION', currentLocation(io, irp));
  const major = s.get('MajorFunction'), minor = s.get('MinorFunction');
  if (!d) return yield* complete(k, irp, io.st('STATUS_NO_SUCH_DEVICE'));
  if (major === io.c('IRP_MJ_PNP')) {
    if (minor === io.c('IRP_MN_START_DEVICE')) {
      const lower = yield* startLowerAndWait(k, d, irp);
      if (lower < 0) return yield* complete(k, irp, lower);
      const status = yield* d.host.request({ kind: 'start', pdo: d.pdo });
      d.started = status >= 0;
      return yield* complete(k, irp, status);
    }
    if (minor === io.c('IRP_MN_REMOVE_DEVICE') || minor === io.c('IRP_MN_SURPRISE_REMOVAL')) {
      d.started = false;
      if (d.host.alive) { yield* d.host.request({ kind: 'remove', pdo: d.pdo }); um(k).terminate(d.host.process, 0); }
      io.at('IRP', irp).set('IoStatus.Status', 0);
      const status = yield* passDown(k, d, irp);
      if (minor === io.c('IRP_MN_REMOVE_DEVICE')) { rd(k).delete(d.fdo); detachDevice(io, d.lower); deleteDevice(io, d.fdo); }
      return status;
    }
    io.at('IRP', irp).set('IoStatus.Status', 0);
    return yield* passDown(k, d, irp);
  }
  if (major === io.c('IRP_MJ_POWER') || major === io.c('IRP_MJ_SYSTEM_CONTROL')) return yield* passDown(k, d, irp);
  if (major === io.c('IRP_MJ_CREATE') || major === io.c('IRP_MJ_CLOSE') || major === io.c('IRP_MJ_CLEANUP')) {
    return yield* complete(k, irp, d.host.alive ? 0 : io.st('STATUS_DEVICE_NOT_CONNECTED'));
  }
  if (major === io.c('IRP_MJ_READ') || major === io.c('IRP_MJ_WRITE') || major === io.c('IRP_MJ_DEVICE_CONTROL')) return yield* reflectIo(k, d, irp, major);
  return yield* complete(k, irp, io.st('STATUS_INVALID_DEVICE_REQUEST'));
}

/**
 * Read, write and IOCTL requests go to the host with a copy of their input; the output comes back into the IRP's
 * buffers as the I/O manager placed them (the reflector's device does buffered I/O; IOCTLs by their method).
 * The caller's thread is free meanwhile: overlapped I/O to a UMDF device pends as to any other.
 */
function* reflectIo(k: Kernel, d: RdDevice, irp: number, major: number): Step<number> {
  const io = k.io, b = io.at('IRP', irp), s = io.at('IO_STACK_LOCATION', currentLocation(io, irp));
  const sys = b.get('AssociatedIrp.SystemBuffer');
  const bytes = (at: number, n: number) => (at && n ? k.memory.read(at, n) : new Uint8Array(0));
  let code = 0, input: Uint8Array, outputLength: number, out: () => number;
  if (major === io.c('IRP_MJ_READ')) { input = new Uint8Array(0); outputLength = s.get('Parameters.Read.Length'); out = () => sys; }
  else if (major === io.c('IRP_MJ_WRITE')) { input = bytes(sys, s.get('Parameters.Write.Length')); outputLength = 0; out = () => 0; }
  else {
    code = s.get('Parameters.DeviceIoControl.IoControlCode');
    const method = code & 3, inLen = s.get('Parameters.DeviceIoControl.InputBufferLength');
    outputLength = s.get('Parameters.DeviceIoControl.OutputBufferLength');
    input = bytes(method === io.c('METHOD_NEITHER') ? s.get('Parameters.DeviceIoControl.Type3InputBuffer') : sys, inLen);
    out = () => {
      if (method === io.c('METHOD_BUFFERED')) return sys;
      if (method === io.c('METHOD_NEITHER')) return b.get('UserBuffer');
      const mdl = b.get('MdlAddress');
      return mdl ? mapLockedPages(io, mdl) : 0;
    };
  }
  // The IRP stays pending while the host has it (the driver may complete it much later, e.g. from a timer); the
  // reflector completes it on a system thread when the host answers.
  s.set('Control', s.get('Control') | io.c('SL_PENDING_RETURNED'));
  d.host.post({ kind: 'io', pdo: d.pdo, major, code, input, outputLength }, (r) => {
    io.startSystemThread('WUDFRd!RdIoCompletion', function* () {
      const to = r.output.length ? out() : 0;
      if (to) k.memory.u8.set(r.output, to);
      b.set('IoStatus.Status', r.status).set('IoStatus.Information', r.status >= 0 ? r.information : 0);
      yield* io.completeRequest(irp, 0);
      return 0;
    });
  });
  return io.st('STATUS_PENDING');
}

/** WUDFRd.sys's one export: the entry its image's DriverEntry calls. */
export const reflectorRoutines: RoutineTable = {
  RdDriverEntry: (k, driverObject: number) => driverEntry(k, driverObject),
};
