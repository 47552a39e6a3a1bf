// Cancel-safe IRP queues (IoCsq*): the driver supplies the queue and its lock; the I/O manager owns the cancel
// logic. Every insert installs the kernel's own cancel routine (IopCsqCancelRoutine), which takes the IRP out of
// the driver's queue and hands it to the driver's CsqCompleteCanceledIrp.
import type { Step } from '../ob/manager.ts';
import { CANCEL_TYPE, type IoManager } from './iomgr.ts';
import { releaseCancelSpinLock } from './irp.ts';

function csqFields(io: IoManager, csq: number) { return io.at('IO_CSQ', csq); }

/** The DriverContext[3] slot the queue uses to find its way back from an IRP. */
function slot(io: IoManager, irp: number): number {
  const f = io.at('IRP', irp).s.info('Tail.Overlay.DriverContext');
  return irp + f.offset + 3 * (f.elementSize ?? 4);
}

export function csqInitialize(io: IoManager, csq: number, ex: boolean, routines: number[]): number {
  const [insert, remove, peek, acquire, release, completeCanceled] = routines as [number, number, number, number, number, number];
  csqFields(io, csq).set('Type', io.c(ex ? 'IO_TYPE_CSQ_EX' : 'IO_TYPE_CSQ')).set('CsqInsertIrp', insert).set('CsqRemoveIrp', remove)
    .set('CsqPeekNextIrp', peek).set('CsqAcquireLock', acquire).set('CsqReleaseLock', release)
    .set('CsqCompleteCanceledIrp', completeCanceled).set('ReservePointer', 0);
  return 0;
}

function* lock(io: IoManager, csq: number): Step<number> {
  const cell = io.alloc(8, 'CsqL');
  yield* io.callPointer(csqFields(io, csq).get('CsqAcquireLock'), [csq, cell]);
  const irql = io.mem.readU8(cell);
  io.pool.free(cell);
  return irql;
}

function* unlock(io: IoManager, csq: number, irql: number): Step {
  yield* io.callPointer(csqFields(io, csq).get('CsqReleaseLock'), [csq, irql]);
}

function swapCancelRoutine(io: IoManager, irp: number, value: number): number {
  const b = io.at('IRP', irp);
  const old = b.get('CancelRoutine');
  b.set('CancelRoutine', value);
  return old;
}

/** IopCsqCancelRoutine, as a pointer drivers' IRPs carry while queued. */
export function csqCancelRoutine(io: IoManager): number {
  return io.kernelPointer(function* (_device: number, irp: number) {
    releaseCancelSpinLock(io, io.at('IRP', irp).get('CancelIrql'));
    const back = io.mem.readU32(slot(io, irp));
    let csq = back, context = 0;
    if (io.mem.readU32(back) === io.c('IO_TYPE_CSQ_IRP_CONTEXT')) { context = back; csq = io.at('IO_CSQ_IRP_CONTEXT', back).get('Csq'); }
    const irql = yield* lock(io, csq);
    yield* io.callPointer(csqFields(io, csq).get('CsqRemoveIrp'), [csq, irp]);
    if (context) io.at('IO_CSQ_IRP_CONTEXT', context).set('Irp', 0);
    io.mem.writeU32(slot(io, irp), 0);
    yield* unlock(io, csq, irql);
    yield* io.callPointer(csqFields(io, csq).get('CsqCompleteCanceledIrp'), [csq, irp]);
  }, 'IopCsqCancelRoutine', CANCEL_TYPE);
}

/** IoCsqInsertIrp(Ex): insert, mark pending, arm the cancel routine; an IRP already cancelled completes at once. */
export function* csqInsertIrp(io: IoManager, csq: number, irp: number, context: number, insertContext: number): Step<number> {
  const q = csqFields(io, csq);
  const irql = yield* lock(io, csq);
  if (q.get('Type') === io.c('IO_TYPE_CSQ_EX')) {
    const s = yield* io.callPointer(q.get('CsqInsertIrp'), [csq, irp, insertContext]);
    if (s !== 0) { yield* unlock(io, csq, irql); return s; }
  } else {
    yield* io.callPointer(q.get('CsqInsertIrp'), [csq, irp]);
  }
  const sl = io.at('IO_STACK_LOCATION', io.at('IRP', irp).get('Tail.Overlay.CurrentStackLocation'));
  sl.set('Control', sl.get('Control') | io.c('SL_PENDING_RETURNED')); // IoMarkIrpPending
  if (context) {
    io.at('IO_CSQ_IRP_CONTEXT', context).set('Type', io.c('IO_TYPE_CSQ_IRP_CONTEXT')).set('Irp', irp).set('Csq', csq);
    io.mem.writeU32(slot(io, irp), context);
  } else io.mem.writeU32(slot(io, irp), csq);
  swapCancelRoutine(io, irp, io.csqCancel);
  if (io.at('IRP', irp).get('Cancel') && swapCancelRoutine(io, irp, 0)) {
    yield* io.callPointer(q.get('CsqRemoveIrp'), [csq, irp]);
    if (context) io.at('IO_CSQ_IRP_CONTEXT', context).set('Irp', 0);
    yield* unlock(io, csq, irql);
    yield* io.callPointer(q.get('CsqCompleteCanceledIrp'), [csq, irp]);
    return 0;
  }
  yield* unlock(io, csq, irql);
  return 0;
}

/** IoCsqRemoveIrp: the IRP a context names, unless it is already being cancelled. */
export function* csqRemoveIrp(io: IoManager, csq: number, context: number): Step<number> {
  const irql = yield* lock(io, csq);
  const c = io.at('IO_CSQ_IRP_CONTEXT', context);
  let irp = c.get('Irp');
  if (irp) {
    if (swapCancelRoutine(io, irp, 0)) {
      yield* io.callPointer(csqFields(io, csq).get('CsqRemoveIrp'), [csq, irp]);
      c.set('Irp', 0);
      io.mem.writeU32(slot(io, irp), 0);
    } else irp = 0;
  }
  yield* unlock(io, csq, irql);
  return irp;
}

/** IoCsqRemoveNextIrp: the first IRP the driver's peek routine offers that is not being cancelled. */
export function* csqRemoveNextIrp(io: IoManager, csq: number, peekContext: number): Step<number> {
  const q = csqFields(io, csq);
  const irql = yield* lock(io, csq);
  let irp = (yield* io.callPointer(q.get('CsqPeekNextIrp'), [csq, 0, peekContext])) >>> 0;
  while (irp) {
    if (swapCancelRoutine(io, irp, 0)) {
      yield* io.callPointer(q.get('CsqRemoveIrp'), [csq, irp]);
      const back = io.mem.readU32(slot(io, irp));
      if (back && io.mem.readU32(back) === io.c('IO_TYPE_CSQ_IRP_CONTEXT')) io.at('IO_CSQ_IRP_CONTEXT', back).set('Irp', 0);
      io.mem.writeU32(slot(io, irp), 0);
      break;
    }
    irp = (yield* io.callPointer(q.get('CsqPeekNextIrp'), [csq, irp, peekContext])) >>> 0;
  }
  yield* unlock(io, csq, irql);
  return irp;
}
