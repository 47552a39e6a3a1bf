// Work items (IoAllocateWorkItem/IoQueueWorkItem): the routine runs at PASSIVE_LEVEL on a system worker thread,
// with a reference on the device object held while it is queued, so the driver cannot unload under it.
import type { IoManager } from './iomgr.ts';

export function initializeWorkItem(io: IoManager, ioObject: number, item: number): void {
  io.at('IO_WORKITEM', item).zero().set('IoObject', ioObject);
}

export function allocateWorkItem(io: IoManager, device: number): number {
  if (!io.devices.has(device >>> 0)) return 0;
  const item = io.alloc(io.size('IO_WORKITEM'), 'IoWk');
  initializeWorkItem(io, device, item);
  return item;
}

/** IoQueueWorkItem(Ex): `ex` routines get (IoObject, Context, IoWorkItem), classic ones (DeviceObject, Context). */
export function queueWorkItem(io: IoManager, item: number, routine: number, context: number, ex: boolean): void {
  const w = io.at('IO_WORKITEM', item).set('Routine', routine).set('Context', context).set('Type', ex ? 1 : 0);
  const object = w.get('IoObject');
  const dev = io.devices.get(object);
  const header = dev?.header ?? io.ob.fromBody(object);
  if (header) io.ob.reference(header);
  io.pendingWorkItems.add(item);
  io.startSystemThread('IopProcessWorkItem', function* () {
    io.pendingWorkItems.delete(item);
    yield* io.callPointer(routine, ex ? [object, context, item] : [object, context]);
    if (header) yield* io.ob.dereference(header);
    return 0;
  }, 'ExpWorkerThread');
}
