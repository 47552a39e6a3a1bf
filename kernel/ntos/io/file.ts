// File objects and the I/O system services (NtCreateFile, NtReadFile, NtWriteFile, NtDeviceIoControlFile,
// NtClose): open a device by name through the namespace, build the IRP the way the device asks (buffered, direct
// or neither I/O; for IOCTLs the method in the code), send it, and wait when the file is synchronous.
// Callers' buffers are in system space for now; `copyIn`/`copyOut` are where the user address space plugs in.
import type { Step } from '../ob/manager.ts';
import { stampIssuingThread } from './threadio.ts';
import type { DeviceRecord, FileRecord, IoManager, IrpOrigin } from './iomgr.ts';
import { attachedTop, initEvent } from './device.ts';
import { allocateIrp, cancelIrp, freeIrp, nextLocation, sendAndWait } from './irp.ts';
import { allocateMdl, probeAndLockPages } from './mdl.ts';

export interface OpenOptions {
  access?: number;
  shareAccess?: number;
  /** FILE_FLAG_OVERLAPPED's opposite: the services wait for pending IRPs (FO_SYNCHRONOUS_IO). Default true. */
  synchronous?: boolean;
  /** OBJ_KERNEL_HANDLE. */
  kernelHandle?: boolean;
  /** KernelMode (0) or UserMode (1), as the IRP's RequestorMode tells the driver. */
  requestorMode?: number;
}

export interface IoRequest {
  /** KEVENT to set and IO_STATUS_BLOCK to fill when the IRP completes (overlapped callers). */
  event?: number;
  iosb?: number;
  /** Offset for read/write (LARGE_INTEGER ByteOffset). */
  offset?: bigint;
}

export interface IoOutcome { status: number; information: number; origin?: IrpOrigin }

function irpBody(io: IoManager, irp: number) { return io.at('IRP', irp); }

/** Sends an IRP_MJ_CLEANUP or IRP_MJ_CLOSE for a file object and waits for it. */
function* fileIrp(io: IoManager, file: FileRecord, major: string): Step<number> {
  const top = attachedTop(io, file.device.object);
  const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
  const b = irpBody(io, irp);
  b.set('Tail.Overlay.OriginalFileObject', file.object).set('Flags', major === 'IRP_MJ_CLOSE' ? io.c('IRP_CLOSE_OPERATION') | io.c('IRP_SYNCHRONOUS_API') : io.c('IRP_SYNCHRONOUS_API'));
  const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
  sl.set('MajorFunction', io.c(major)).set('FileObject', file.object);
  return yield* sendAndWait(io, top, irp, { kind: 'service', file }, true);
}

function createFileObject(io: IoManager, dev: DeviceRecord, remaining: string, synchronous: boolean): FileRecord {
  const size = io.size('FILE_OBJECT');
  const fo = io.alloc(size, 'File');
  const f = io.at('FILE_OBJECT', fo);
  f.set('Type', io.c('IO_TYPE_FILE')).set('Size', size).set('DeviceObject', dev.object)
    .set('Flags', synchronous ? io.c('FO_SYNCHRONOUS_IO') : 0);
  initEvent(io, f.addr('Lock'), 'EventSynchronizationObject', false);
  initEvent(io, f.addr('Event'), 'EventNotificationObject', false);
  const list = f.addr('IrpList');
  io.at('LIST_ENTRY', list).set('Flink', list).set('Blink', list);
  if (remaining) io.writeUnicodeString(f.addr('FileName'), '\\' + remaining, 'FNam');
  const r = io.ob.createObject('File', fo);
  const header = r.value!;
  const rec: FileRecord = { object: fo, header, device: dev, synchronous };
  let opened = false;
  header.closeProcedure = function* () {
    if (!opened) return;
    yield* fileIrp(io, rec, 'IRP_MJ_CLEANUP');
    f.set('Flags', f.get('Flags') | io.c('FO_CLEANUP_COMPLETE'));
  };
  header.deleteProcedure = function* () {
    if (opened) yield* fileIrp(io, rec, 'IRP_MJ_CLOSE');
  };
  header.onDelete = () => {
    io.files.delete(fo);
    if (f.get('FileName.Buffer')) io.freeUnicodeStringBuffer(f.addr('FileName'));
    io.pool.free(fo);
    if (opened) dev.opens--;
    dereferenceDevice(io, dev);
  };
  (rec as FileRecord & { markOpened: () => void }).markOpened = () => { opened = true; dev.opens++; };
  io.files.set(fo, rec);
  io.ob.reference(dev.header);
  return rec;
}

function dereferenceDevice(io: IoManager, dev: DeviceRecord): void {
  const g = io.ob.dereference(dev.header);
  for (let r = g.next(); !r.done; r = g.next()) { /* devices have no delete procedure */ }
}

/** NtCreateFile/NtOpenFile on a device path (\??\DongLpt1, \Device\DongLpt0). */
export function* ntCreateFile(io: IoManager, path: string, o: OpenOptions = {}): Step<{ status: number; handle?: number; file?: FileRecord }> {
  const r = io.k.ob.lookup(path);
  if (r.status !== 'STATUS_SUCCESS' || !r.header) return { status: io.st(r.status) };
  const dev = r.header.type === 'Device' ? io.devices.get(r.header.body) : undefined;
  if (!dev) return { status: io.st('STATUS_OBJECT_TYPE_MISMATCH') };
  if (dev.deletePending || dev.driver.state === 'unloading') return { status: io.st('STATUS_DELETE_PENDING') };
  const flags = io.at('DEVICE_OBJECT', dev.object).get('Flags');
  if (flags & io.c('DO_DEVICE_INITIALIZING')) return { status: io.st('STATUS_NO_SUCH_DEVICE') };
  if (dev.exclusive && dev.opens > 0) return { status: io.st('STATUS_ACCESS_DENIED') };
  const file = createFileObject(io, dev, r.remaining ?? '', o.synchronous ?? true);
  const top = attachedTop(io, dev.object);
  const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
  const b = irpBody(io, irp);
  b.set('Tail.Overlay.OriginalFileObject', file.object).set('RequestorMode', o.requestorMode ?? 0)
    .set('Flags', io.c('IRP_CREATE_OPERATION') | io.c('IRP_SYNCHRONOUS_API'));
  const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
  sl.set('MajorFunction', io.c('IRP_MJ_CREATE')).set('FileObject', file.object)
    .set('Parameters.Create.Options', (io.c('FILE_OPEN') << 24) | io.c('FILE_NON_DIRECTORY_FILE'))
    .set('Parameters.Create.ShareAccess', o.shareAccess ?? 0);
  const status = yield* sendAndWait(io, top, irp, { kind: 'service', file }, true);
  if (status < 0) {
    yield* io.ob.dereference(file.header);
    return { status };
  }
  (file as FileRecord & { markOpened: () => void }).markOpened();
  const handle = io.ob.insertHandle(file.header, o.access ?? 0, o.kernelHandle ?? false);
  file.header.pointerCount--; // the handle now keeps the object
  return { status, handle, file };
}

/** The file object behind a handle, referenced for the duration of a service. */
function fileOf(io: IoManager, handle: number): { status: number; file?: FileRecord } {
  const r = io.ob.referenceByHandle(handle, 'File');
  if (!r.value) return { status: io.st(r.status) };
  return { status: 0, file: io.files.get(r.value.header.body) };
}

function* withFile(io: IoManager, handle: number, body: (f: FileRecord) => Step<IoOutcome>): Step<IoOutcome> {
  const r = fileOf(io, handle);
  if (!r.file) return { status: r.status, information: 0 };
  try { return yield* body(r.file); } finally { releaseServiceReference(io, r.file); }
}

function releaseServiceReference(io: IoManager, f: FileRecord): void {
  // The service's own reference: never the last one while the handle is open.
  if (f.header.pointerCount > 0) f.header.pointerCount--;
}

/** Sends a built IRP for a service and handles synchronous/overlapped completion. */
function* issue(io: IoManager, file: FileRecord, irp: number, origin: IrpOrigin, req: IoRequest): Step<IoOutcome> {
  origin.userIosb = req.iosb;
  origin.userEvent = req.event;
  origin.thread = stampIssuingThread(io, irp);
  const top = attachedTop(io, file.device.object);
  const status = yield* sendAndWait(io, top, irp, origin, file.synchronous);
  if (origin.result) return { status: origin.result.status, information: origin.result.information, origin };
  return { status, information: 0, origin };
}

/** NtReadFile / NtWriteFile. */
export function* ntReadWrite(io: IoManager, handle: number, write: boolean, buffer: number, length: number, req: IoRequest = {}, requestorMode = 0): Step<IoOutcome> {
  return yield* withFile(io, handle, function* (file) {
    const top = attachedTop(io, file.device.object);
    const d = io.at('DEVICE_OBJECT', top);
    const irp = allocateIrp(io, d.get('StackSize'));
    const b = irpBody(io, irp);
    const origin: IrpOrigin = { kind: 'service', file };
    let flags = io.c('IRP_SYNCHRONOUS_API') | (write ? io.c('IRP_WRITE_OPERATION') : io.c('IRP_READ_OPERATION'));
    b.set('UserBuffer', buffer).set('RequestorMode', requestorMode).set('Tail.Overlay.OriginalFileObject', file.object);
    const devFlags = d.get('Flags');
    if (devFlags & io.c('DO_BUFFERED_IO')) {
      const sys = length ? io.alloc(length, 'IoBf') : 0;
      if (write && length) io.mem.u8.copyWithin(sys, buffer, buffer + length);
      b.set('AssociatedIrp.SystemBuffer', sys);
      flags |= io.c('IRP_BUFFERED_IO') | io.c('IRP_DEALLOCATE_BUFFER') | (write ? 0 : io.c('IRP_INPUT_OPERATION'));
      if (!write) origin.copyBack = { to: buffer, max: length };
    } else if (devFlags & io.c('DO_DIRECT_IO') && length) {
      const mdl = allocateMdl(io, buffer, length, false, irp);
      const bad = probeAndLockPages(io, mdl, !write);
      if (bad !== undefined) { freeIrpAndMdl(io, irp); return { status: bad, information: 0 }; }
    }
    b.set('Flags', flags);
    const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
    sl.set('MajorFunction', io.c(write ? 'IRP_MJ_WRITE' : 'IRP_MJ_READ')).set('FileObject', file.object)
      .set(write ? 'Parameters.Write.Length' : 'Parameters.Read.Length', length)
      .set(write ? 'Parameters.Write.ByteOffset' : 'Parameters.Read.ByteOffset', req.offset ?? 0n);
    return yield* issue(io, file, irp, origin, req);
  });
}

function freeIrpAndMdl(io: IoManager, irp: number): void {
  const m = io.at('IRP', irp).get('MdlAddress');
  if (m) io.pool.free(m), io.mdls.delete(m);
  freeIrp(io, irp);
}

/** NtDeviceIoControlFile / NtInternalDeviceIoControlFile... (internal: IRP_MJ_INTERNAL_DEVICE_CONTROL). */
export function* ntDeviceIoControlFile(io: IoManager, handle: number, code: number, input: number, inputLength: number,
  output: number, outputLength: number, req: IoRequest = {}, requestorMode = 0, internal = false): Step<IoOutcome> {
  return yield* withFile(io, handle, function* (file) {
    const top = attachedTop(io, file.device.object);
    const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
    const b = irpBody(io, irp);
    const origin: IrpOrigin = { kind: 'service', file };
    b.set('RequestorMode', requestorMode).set('Tail.Overlay.OriginalFileObject', file.object).set('UserBuffer', output);
    const built = buildIoctlBuffers(io, irp, code, input, inputLength, output, outputLength);
    if (built !== undefined) { freeIrpAndMdl(io, irp); return { status: built, information: 0 }; }
    if (b.get('Flags') & io.c('IRP_INPUT_OPERATION')) origin.copyBack = { to: output, max: outputLength };
    b.set('Flags', b.get('Flags') | io.c('IRP_SYNCHRONOUS_API'));
    const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
    sl.set('MajorFunction', io.c(internal ? 'IRP_MJ_INTERNAL_DEVICE_CONTROL' : 'IRP_MJ_DEVICE_CONTROL')).set('FileObject', file.object)
      .set('Parameters.DeviceIoControl.IoControlCode', code)
      .set('Parameters.DeviceIoControl.InputBufferLength', inputLength)
      .set('Parameters.DeviceIoControl.OutputBufferLength', outputLength);
    return yield* issue(io, file, irp, origin, req);
  });
}

/**
 * The IOCTL buffers by transfer method (shared with IoBuildDeviceIoControlRequest): METHOD_BUFFERED one system
 * buffer both ways; IN/OUT_DIRECT the input buffered and the output locked in an MDL; NEITHER the raw pointers.
 * Returns a status when the output buffer cannot be locked.
 */
export function buildIoctlBuffers(io: IoManager, irp: number, code: number, input: number, inputLength: number, output: number, outputLength: number): number | undefined {
  const b = io.at('IRP', irp);
  const method = code & 3;
  const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
  let flags = b.get('Flags');
  if (method === io.c('METHOD_BUFFERED')) {
    const n = Math.max(inputLength, outputLength);
    const sys = n ? io.alloc(n, 'IoBf') : 0;
    if (inputLength) io.mem.u8.copyWithin(sys, input, input + inputLength);
    b.set('AssociatedIrp.SystemBuffer', sys);
    flags |= io.c('IRP_BUFFERED_IO') | io.c('IRP_DEALLOCATE_BUFFER') | (outputLength ? io.c('IRP_INPUT_OPERATION') : 0);
  } else if (method === io.c('METHOD_NEITHER')) {
    sl.set('Parameters.DeviceIoControl.Type3InputBuffer', input);
  } else {
    if (inputLength) {
      const sys = io.alloc(inputLength, 'IoBf');
      io.mem.u8.copyWithin(sys, input, input + inputLength);
      b.set('AssociatedIrp.SystemBuffer', sys);
      flags |= io.c('IRP_BUFFERED_IO') | io.c('IRP_DEALLOCATE_BUFFER');
    }
    if (outputLength) {
      const mdl = allocateMdl(io, output, outputLength, false, irp);
      const bad = probeAndLockPages(io, mdl, method === io.c('METHOD_OUT_DIRECT'));
      if (bad !== undefined) { b.set('Flags', flags); return bad; }
    }
  }
  b.set('Flags', flags);
  b.set('UserBuffer', output);
  return undefined;
}

/** NtClose: the handle goes; the last handle sends IRP_MJ_CLEANUP, the last reference IRP_MJ_CLOSE. */
export function* ntClose(io: IoManager, handle: number): Step<number> {
  return io.st(yield* io.ob.close(handle));
}

/** NtCancelIoFile: cancel the IRPs this file has pending (the driver's cancel routines run). */
export function* ntCancelIoFile(io: IoManager, handle: number): Step<number> {
  const r = fileOf(io, handle);
  if (!r.file) return r.status;
  for (const [irp, origin] of [...io.irps]) if (origin.file === r.file) yield* cancelIrp(io, irp);
  releaseServiceReference(io, r.file);
  return 0;
}

