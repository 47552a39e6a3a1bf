// IRPs: allocation, IofCallDriver (down the stack to the driver's MajorFunction) and IofCompleteRequest (back up
// through completion routines, then the originator's work: buffered copy-back, IO_STATUS_BLOCK, event, wake),
// cancellation and the cancel spin lock. Checks follow Windows with Driver Verifier's I/O verification on.
import { BLOCK } from '../../../main/machine/cpu/types.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import type { Step } from '../ob/manager.ts';
import type { IoManager, IrpOrigin } from './iomgr.ts';
import { freeMdlChain } from './mdl.ts';
import { traceIrp } from './trace.ts';

const DISPATCH_LEVEL = 2;

export function irpSize(io: IoManager, stackSize: number): number {
  return io.size('IRP') + stackSize * io.size('IO_STACK_LOCATION');
}

/** IoInitializeIrp: a zeroed packet whose current location is one past the last stack location. */
export function initializeIrp(io: IoManager, irp: number, packetSize: number, stackSize: number): void {
  io.mem.u8.fill(0, irp, irp + packetSize);
  const b = io.at('IRP', irp);
  b.set('Type', io.c('IO_TYPE_IRP')).set('Size', packetSize).set('StackCount', stackSize).set('CurrentLocation', stackSize + 1)
    .set('Tail.Overlay.CurrentStackLocation', irp + io.size('IRP') + stackSize * io.size('IO_STACK_LOCATION'));
  const t = b.addr('ThreadListEntry');
  io.at('LIST_ENTRY', t).set('Flink', t).set('Blink', t);
}

export function allocateIrp(io: IoManager, stackSize: number): number {
  const n = Math.max(1, stackSize);
  const size = irpSize(io, n);
  const irp = io.alloc(size, 'Irp ');
  initializeIrp(io, irp, size, n);
  io.liveIrps.add(irp);
  return irp;
}

export function freeIrp(io: IoManager, irp: number): void {
  const b = io.at('IRP', irp);
  if (io.verifier && b.get('Type') !== io.c('IO_TYPE_IRP')) {
    throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [1n, BigInt(irp), 0n, 0n]);
  }
  b.set('Type', 0);
  io.liveIrps.delete(irp);
  io.pool.free(irp);
}

/** The stack location `index` (1-based, as CurrentLocation counts). */
export function stackLocation(io: IoManager, irp: number, index: number): number {
  return irp + io.size('IRP') + (index - 1) * io.size('IO_STACK_LOCATION');
}

export function currentLocation(io: IoManager, irp: number): number {
  return io.at('IRP', irp).get('Tail.Overlay.CurrentStackLocation');
}

/** The location the next IoCallDriver makes current (what IoGetNextIrpStackLocation returns). */
export function nextLocation(io: IoManager, irp: number): number {
  return currentLocation(io, irp) - io.size('IO_STACK_LOCATION');
}

/** IofCallDriver: make the next location current and call the driver's dispatch routine for its major function. */
export function* callDriver(io: IoManager, device: number, irp: number): Step<number> {
  const b = io.at('IRP', irp);
  if (io.verifier) {
    if (io.irql > DISPATCH_LEVEL) throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [0x10n, BigInt(io.irql), 0n, 0n]);
    if (b.get('Type') !== io.c('IO_TYPE_IRP')) throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [3n, BigInt(irp), 0n, 0n]);
    if (!io.devices.has(device >>> 0)) throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [4n, BigInt(device >>> 0), 0n, 0n]);
  }
  const loc = (b.get('CurrentLocation') << 24 >> 24) - 1;
  b.set('CurrentLocation', loc);
  if (loc <= 0) throw new BugCheck('NO_MORE_IRP_STACK_LOCATIONS', [BigInt(irp), 0n, 0n, 0n]);
  const sl = currentLocation(io, irp) - io.size('IO_STACK_LOCATION');
  b.set('Tail.Overlay.CurrentStackLocation', sl);
  const s = io.at('IO_STACK_LOCATION', sl);
  s.set('DeviceObject', device);
  const driver = io.at('DEVICE_OBJECT', device).get('DriverObject');
  const mf = io.at('DRIVER_OBJECT', driver).s.info('MajorFunction');
  const routine = io.mem.readU32(driver + mf.offset + s.get('MajorFunction') * (mf.elementSize ?? 4));
  const before = io.irql;
  traceIrp(io, device, irp, sl, 'call');
  const status = yield* io.callPointer(routine, [device, irp]);
  if (status === io.st('STATUS_PENDING')) traceIrp(io, device, irp, sl, 'pending');
  if (io.verifier && io.irql !== before) {
    throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [5n, BigInt(device >>> 0), BigInt(before), BigInt(io.irql)]);
  }
  return status;
}

/** IofCompleteRequest. */
export function* completeRequest(io: IoManager, irp: number, _boost: number): Step {
  const b = io.at('IRP', irp);
  const stackCount = b.get('StackCount') << 24 >> 24;
  if (b.get('Type') !== io.c('IO_TYPE_IRP') || (b.get('CurrentLocation') << 24 >> 24) > stackCount + 1) {
    throw new BugCheck('MULTIPLE_IRP_COMPLETE_REQUESTS', [BigInt(irp), 0n, 0n, 0n], io.k.caller); // the driver that completed it again
  }
  let status = b.getI32('IoStatus.Status');
  if (io.verifier) {
    if (status === io.st('STATUS_PENDING') || status === -1) {
      throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [6n, BigInt(status >>> 0), BigInt(irp), 0n]);
    }
    const cancel = b.get('CancelRoutine');
    if (cancel) throw new BugCheck('DRIVER_VERIFIER_IOMANAGER_VIOLATION', [7n, BigInt(cancel), BigInt(irp), 0n]);
  }
  const slSize = io.size('IO_STACK_LOCATION');
  const SL_PENDING_RETURNED = io.c('SL_PENDING_RETURNED');
  const onSuccess = io.c('SL_INVOKE_ON_SUCCESS'), onError = io.c('SL_INVOKE_ON_ERROR'), onCancel = io.c('SL_INVOKE_ON_CANCEL');
  const MORE = io.st('STATUS_MORE_PROCESSING_REQUIRED');
  // Walk up: each location's completion routine (set by the driver above it) runs with the upper device.
  for (;;) {
    const loc = b.get('CurrentLocation') << 24 >> 24;
    const sp = b.get('Tail.Overlay.CurrentStackLocation');
    b.set('CurrentLocation', loc + 1).set('Tail.Overlay.CurrentStackLocation', sp + slSize);
    if (loc + 1 > stackCount + 1) break;
    const s = io.at('IO_STACK_LOCATION', sp);
    const control = s.get('Control');
    b.set('PendingReturned', control & SL_PENDING_RETURNED ? 1 : 0);
    status = b.getI32('IoStatus.Status');
    const routine = s.get('CompletionRoutine'), context = s.get('Context');
    traceIrp(io, s.get('DeviceObject'), irp, sp, 'complete', status, loc === stackCount);
    const invoke = routine && ((status >= 0 && control & onSuccess) || (status < 0 && control & onError) || (b.get('Cancel') && control & onCancel));
    io.mem.u8.fill(0, sp, sp + slSize); // IopClearStackLocation
    if (invoke) {
      const upper = loc + 1 === stackCount + 1 ? 0 : io.at('IO_STACK_LOCATION', sp + slSize).get('DeviceObject');
      const r = yield* io.callPointer(routine, [upper, irp, context]);
      if (r === MORE) return;
    } else if (b.get('PendingReturned') && loc + 1 <= stackCount) {
      const up = io.at('IO_STACK_LOCATION', sp + slSize);
      up.set('Control', up.get('Control') | SL_PENDING_RETURNED); // IoMarkIrpPending for the driver above
    }
  }
  const origin = io.irps.get(irp);
  if (origin) finishOriginated(io, irp, origin);
}

/** The originator's side of completion (NT's IopCompleteRequest, run inline instead of as a kernel APC). */
function finishOriginated(io: IoManager, irp: number, origin: IrpOrigin): void {
  const b = io.at('IRP', irp);
  const status = b.getI32('IoStatus.Status');
  const information = b.get('IoStatus.Information');
  const flags = b.get('Flags');
  if (flags & io.c('IRP_BUFFERED_IO')) {
    const sys = b.get('AssociatedIrp.SystemBuffer');
    if (origin.copyBack && flags & io.c('IRP_INPUT_OPERATION') && status >= 0 && sys) {
      const n = Math.min(information, origin.copyBack.max);
      io.mem.u8.copyWithin(origin.copyBack.to, sys, sys + n);
    }
    if (flags & io.c('IRP_DEALLOCATE_BUFFER') && sys) { io.pool.free(sys); b.set('AssociatedIrp.SystemBuffer', 0); }
  }
  freeMdlChain(io, b.get('MdlAddress'));
  b.set('MdlAddress', 0);
  if (origin.userIosb) io.at('IO_STATUS_BLOCK', origin.userIosb).set('Status', status).set('Information', information);
  if (origin.file) {
    const f = io.at('FILE_OBJECT', origin.file.object);
    f.set('FinalStatus', status);
    if (origin.file.synchronous) io.at('KEVENT', f.addr('Event')).set('Header.SignalState', 1);
  }
  origin.result = { status, information };
  io.irps.delete(irp);
  if (origin.kind !== 'asynchronous-fsd') freeIrp(io, irp);
  if (origin.userEvent) io.setEvent(origin.userEvent);
  if (origin.waiter?.state === 'blocked') io.k.processor.wake(origin.waiter, 0);
  origin.onComplete?.(status, information);
}

/** Sends an IRP the I/O manager built; waits (blocking the current thread) when `wait` and the driver pends it. */
export function* sendAndWait(io: IoManager, device: number, irp: number, origin: IrpOrigin, wait: boolean): Step<number> {
  io.irps.set(irp, origin);
  const status = yield* callDriver(io, device, irp);
  if (status !== io.st('STATUS_PENDING')) return origin.result ? origin.result.status : status;
  if (!wait) return status;
  while (!origin.result) {
    if (origin.cancelOnExit && !origin.cancelSent) { origin.cancelSent = true; yield* cancelIrp(io, irp); continue; }
    origin.waiter = io.k.processor.current ?? undefined;
    yield BLOCK;
  }
  return origin.result.status;
}

// ---------------------------------------------------------------- cancellation

export function acquireCancelSpinLock(io: IoManager): number {
  const old = io.irql;
  if (old > DISPATCH_LEVEL) throw new BugCheck('IRQL_NOT_GREATER_OR_EQUAL', [BigInt(old), BigInt(DISPATCH_LEVEL), 0n, 0n]);
  io.irql = DISPATCH_LEVEL;
  io.cancelLockHeld = true;
  return old;
}

export function releaseCancelSpinLock(io: IoManager, irql: number): void {
  io.cancelLockHeld = false;
  io.irql = irql;
}

/** IoCancelIrp: mark the IRP cancelled and call its cancel routine (which releases the cancel spin lock). */
export function* cancelIrp(io: IoManager, irp: number): Step<number> {
  const old = acquireCancelSpinLock(io);
  const b = io.at('IRP', irp);
  b.set('Cancel', 1);
  const routine = b.get('CancelRoutine');
  b.set('CancelRoutine', 0);
  if (!routine) { releaseCancelSpinLock(io, old); return 0; }
  b.set('CancelIrql', old);
  const device = io.at('IO_STACK_LOCATION', currentLocation(io, irp)).get('DeviceObject');
  yield* io.callPointer(routine, [device, irp]);
  return 1;
}
