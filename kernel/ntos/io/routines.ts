// The I/O manager's exports from ntoskrnl.exe (and the memory manager's MDL routines it relies on), bound to the
// kernel's IoManager. Arguments arrive as wasm values: pointers, ULONGs, BOOLEANs and CCHARs as i32.
import { MemoryFault } from '../../../main/machine/memory.ts';
import type { Kernel } from '../kernel.ts';
import type { RoutineTable } from '../routine.ts';
import { attachDevice, attachedTop, createDevice, createSymbolicLink, deleteDevice, deleteSymbolicLink, detachDevice } from './device.ts';
import { acquireCancelSpinLock, allocateIrp, callDriver, cancelIrp, completeRequest, freeIrp, initializeIrp, irpSize, releaseCancelSpinLock } from './irp.ts';
import { buildDeviceIoControlRequest, buildFsdRequest } from './build.ts';
import { allocateMdl, buildMdlForNonPagedPool, freeMdl, mapLockedPages, probeAndLockPages, spanPages, unlockPages } from './mdl.ts';
import { csqInitialize, csqInsertIrp, csqRemoveIrp, csqRemoveNextIrp } from './csq.ts';
import { allocateWorkItem, initializeWorkItem, queueWorkItem } from './workitem.ts';
import { initializeTimer, setTimerRunning } from './timer.ts';
import { allocateErrorLogEntry, freeErrorLogEntry, writeErrorLogEntry } from './errorlog.ts';
import { ntCreateFile, ntClose } from './file.ts';
import { zwFileRoutines } from './zwfile.ts';
import { interruptRoutines } from './interrupt-routines.ts';

const str = (k: Kernel, p: number) => k.io.readUnicodeString(p);
const bool = (v: number) => (v & 0xff) !== 0;

/** ProbeForRead/ProbeForWrite: only user addresses pass; the exception is raised in the caller. */
function probe(k: Kernel, address: number, length: number, alignment: number, write: boolean): void {
  if (length === 0) return;
  if (alignment > 1 && (address & (alignment - 1)) !== 0) throw new MemoryFault(address, write); // STATUS_DATATYPE_MISALIGNMENT on Windows
  if (!k.io.isUserAddress(address >>> 0, length >>> 0)) throw new MemoryFault(address, write);
}

export const routines: RoutineTable = {
  // ---- devices and links
  IoCreateDevice: (k, driver, extSize, name, type, characteristics, exclusive, out) => {
    const r = createDevice(k.io, driver, { extensionSize: extSize >>> 0, name: name ? str(k, name) : undefined, type, characteristics, exclusive: bool(exclusive) });
    k.memory.writeU32(out, r.device ?? 0);
    return r.status;
  },
  IoDeleteDevice: (k, dev) => { deleteDevice(k.io, dev); },
  IoCreateSymbolicLink: (k, link, target) => createSymbolicLink(k.io, str(k, link), str(k, target)),
  IoCreateUnprotectedSymbolicLink: (k, link, target) => createSymbolicLink(k.io, str(k, link), str(k, target)),
  IoDeleteSymbolicLink: (k, link) => deleteSymbolicLink(k.io, str(k, link)),
  IoAttachDeviceToDeviceStack: (k, source, target) => attachDevice(k.io, source, target),
  IoAttachDeviceToDeviceStackSafe: (k, source, target, out) => {
    const to = attachDevice(k.io, source, target);
    k.memory.writeU32(out, to);
    return to ? 0 : k.io.st('STATUS_NO_SUCH_DEVICE');
  },
  IoDetachDevice: (k, lower) => { detachDevice(k.io, lower); },
  IoGetAttachedDeviceReference: (k, dev) => {
    const top = attachedTop(k.io, dev);
    const rec = k.io.devices.get(top);
    if (rec) k.io.ob.reference(rec.header);
    return top;
  },
  IoGetRelatedDeviceObject: (k, file) => {
    const f = k.io.files.get(file >>> 0);
    return f ? attachedTop(k.io, f.device.object) : 0;
  },
  IoGetDeviceObjectPointer: function* (k, name, access, fileOut, deviceOut) {
    const io = k.io;
    const r = yield* ntCreateFile(io, str(k, name), { access, kernelHandle: true });
    if (!r.file || r.handle === undefined) return r.status;
    io.ob.reference(r.file.header);
    yield* ntClose(io, r.handle);
    k.memory.writeU32(fileOut, r.file.object);
    k.memory.writeU32(deviceOut, attachedTop(io, r.file.device.object));
    return 0;
  },
  IoRegisterShutdownNotification: (k, dev) => {
    if (!k.io.shutdownDevices.includes(dev)) k.io.shutdownDevices.push(dev);
    const b = k.io.at('DEVICE_OBJECT', dev);
    b.set('Flags', b.get('Flags') | k.io.c('DO_SHUTDOWN_REGISTERED'));
    return 0;
  },
  IoRegisterLastChanceShutdownNotification: (k, dev) => {
    if (!k.io.lastChanceShutdownDevices.includes(dev)) k.io.lastChanceShutdownDevices.push(dev);
    const b = k.io.at('DEVICE_OBJECT', dev);
    b.set('Flags', b.get('Flags') | k.io.c('DO_SHUTDOWN_REGISTERED'));
    return 0;
  },
  // Takes the device off both lists, as on Windows.
  IoUnregisterShutdownNotification: (k, dev) => {
    for (const list of [k.io.shutdownDevices, k.io.lastChanceShutdownDevices]) {
      const i = list.indexOf(dev);
      if (i >= 0) list.splice(i, 1);
    }
  },
  IoIsWdmVersionAvailable: (_k, major, minor) => ((major & 0xff) < 6 || ((major & 0xff) === 6 && (minor & 0xff) <= 0x30) ? 1 : 0),

  // ---- IRPs
  IofCallDriver: (k, dev, irp) => callDriver(k.io, dev, irp),
  IofCompleteRequest: (k, irp, boost) => completeRequest(k.io, irp, boost),
  IoAllocateIrp: (k, stackSize) => allocateIrp(k.io, stackSize << 24 >> 24),
  IoAllocateIrpEx: (k, _dev, stackSize) => allocateIrp(k.io, stackSize << 24 >> 24),
  IoFreeIrp: (k, irp) => { freeIrp(k.io, irp); },
  IoInitializeIrp: (k, irp, packetSize, stackSize) => { initializeIrp(k.io, irp, packetSize & 0xffff, stackSize << 24 >> 24); },
  IoReuseIrp: (k, irp, status) => {
    const b = k.io.at('IRP', irp);
    const stack = b.get('StackCount'), flags = b.get('AllocationFlags');
    initializeIrp(k.io, irp, irpSize(k.io, stack), stack);
    b.set('AllocationFlags', flags).set('IoStatus.Status', status);
  },
  IoSizeOfIrp: (k, stackSize) => irpSize(k.io, stackSize << 24 >> 24),
  IoBuildDeviceIoControlRequest: (k, code, dev, input, inLen, output, outLen, internal, event, iosb) =>
    buildDeviceIoControlRequest(k.io, code >>> 0, dev, input, inLen >>> 0, output, outLen >>> 0, bool(internal), event, iosb),
  IoBuildSynchronousFsdRequest: (k, major, dev, buffer, length, offset, event, iosb) =>
    buildFsdRequest(k.io, major, dev, buffer, length >>> 0, offset, event, iosb, true),
  IoBuildAsynchronousFsdRequest: (k, major, dev, buffer, length, offset, iosb) =>
    buildFsdRequest(k.io, major, dev, buffer, length >>> 0, offset, 0, iosb, false),
  IoCancelIrp: (k, irp) => cancelIrp(k.io, irp),
  IoAcquireCancelSpinLock: (k, irqlOut) => { k.memory.writeU8(irqlOut, acquireCancelSpinLock(k.io)); },
  IoReleaseCancelSpinLock: (k, irql) => { releaseCancelSpinLock(k.io, irql & 0xff); },

  // ---- MDLs (the memory manager's routines that direct I/O rests on)
  IoAllocateMdl: (k, va, length, secondary, _quota, irp) => allocateMdl(k.io, va, length >>> 0, bool(secondary), irp),
  IoFreeMdl: (k, mdl) => { freeMdl(k.io, mdl); },
  MmBuildMdlForNonPagedPool: (k, mdl) => { buildMdlForNonPagedPool(k.io, mdl); },
  MmProbeAndLockPages: (k, mdl, _mode, operation) => {
    const bad = probeAndLockPages(k.io, mdl, operation !== k.enumValue('LOCK_OPERATION', 'IoReadAccess'));
    if (bad !== undefined) { const b = k.io.at('MDL', mdl); throw new MemoryFault(b.get('StartVa') + b.get('ByteOffset'), false); }
  },
  MmUnlockPages: (k, mdl) => { unlockPages(k.io, mdl); },
  MmMapLockedPagesSpecifyCache: (k, mdl) => mapLockedPages(k.io, mdl),
  MmMapLockedPages: (k, mdl) => mapLockedPages(k.io, mdl),
  MmUnmapLockedPages: (k, _va, mdl) => {
    const b = k.io.at('MDL', mdl);
    b.set('MdlFlags', b.get('MdlFlags') & ~k.io.c('MDL_MAPPED_TO_SYSTEM_VA'));
  },
  MmSizeOfMdl: (k, base, length) => k.io.size('MDL') + 4 * spanPages(base, length >>> 0),
  ProbeForRead: (k, address, length, alignment) => { probe(k, address, length, alignment, false); },
  ProbeForWrite: (k, address, length, alignment) => { probe(k, address, length, alignment, true); },

  // ---- cancel-safe queues
  IoCsqInitialize: (k, csq, ...r: number[]) => csqInitialize(k.io, csq, false, r),
  IoCsqInitializeEx: (k, csq, ...r: number[]) => csqInitialize(k.io, csq, true, r),
  IoCsqInsertIrp: function* (k, csq, irp, context) { yield* csqInsertIrp(k.io, csq, irp, context, 0); },
  IoCsqInsertIrpEx: (k, csq, irp, context, insertContext) => csqInsertIrp(k.io, csq, irp, context, insertContext),
  IoCsqRemoveIrp: (k, csq, context) => csqRemoveIrp(k.io, csq, context),
  IoCsqRemoveNextIrp: (k, csq, peek) => csqRemoveNextIrp(k.io, csq, peek),

  // ---- work items
  IoAllocateWorkItem: (k, dev) => allocateWorkItem(k.io, dev),
  IoFreeWorkItem: (k, item) => { k.io.pool.free(item); },
  IoQueueWorkItem: (k, item, routine, _queue, context) => { queueWorkItem(k.io, item, routine, context, false); },
  IoQueueWorkItemEx: (k, item, routine, _queue, context) => { queueWorkItem(k.io, item, routine, context, true); },
  IoSizeofWorkItem: (k) => k.io.size('IO_WORKITEM'),
  IoInitializeWorkItem: (k, object, item) => { initializeWorkItem(k.io, object, item); },
  IoUninitializeWorkItem: () => {},

  // ---- I/O timer
  IoInitializeTimer: (k, dev, routine, context) => initializeTimer(k.io, dev, routine, context),
  IoStartTimer: (k, dev) => { setTimerRunning(k.io, dev, true); },
  IoStopTimer: (k, dev) => { setTimerRunning(k.io, dev, false); },

  // ---- error log
  IoAllocateErrorLogEntry: (k, object, size) => allocateErrorLogEntry(k.io, object, size & 0xff),
  IoWriteErrorLogEntry: (k, entry) => { writeErrorLogEntry(k.io, entry, k.io.systemTime()); },
  IoFreeErrorLogEntry: (k, entry) => { freeErrorLogEntry(k.io, entry); },

  // ---- file system services (disk files and devices)
  ...zwFileRoutines,

  // ---- interrupts
  ...interruptRoutines,
};
