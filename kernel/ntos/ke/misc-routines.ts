// The rest of ke: bug checks and their callbacks, the current thread, processors, priorities, FP state, device queues.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from './bugcheck.ts';
import { BUGCHECK_NAMES } from './bugcodes.ts';
import { struct } from '../../layout/access.ts';

/** The bugcheck's symbolic name for a code, from the constants the probe captured (else the hex code). */
export function bugCheckName(k: Kernel, code: number): string {
  for (const name of BUGCHECK_NAMES) if (k.layouts.constants[name] === code >>> 0) return name;
  return `0x${(code >>> 0).toString(16).toUpperCase()}`;
}

const u64 = (v: number) => BigInt(v >>> 0);

/** A driver's KeBugCheckEx: the four parameters are ULONG_PTR (32-bit here) and shown as the driver passed them. */
function bugCheck(k: Kernel, code: number, p1: number, p2: number, p3: number, p4: number): never {
  throw new BugCheck(bugCheckName(k, code), [u64(p1), u64(p2), u64(p3), u64(p4)], k.caller);
}

function listInit(k: Kernel, head: number) { k.memory.writeU32(head, head); k.memory.writeU32(head + 4, head); }
function listInsertTail(k: Kernel, head: number, e: number) {
  const m = k.memory, prev = m.readU32(head + 4);
  m.writeU32(e, head); m.writeU32(e + 4, prev); m.writeU32(prev, e); m.writeU32(head + 4, e);
}
function listRemove(k: Kernel, e: number) {
  const m = k.memory, next = m.readU32(e), prev = m.readU32(e + 4);
  m.writeU32(prev, next); m.writeU32(next + 4, prev);
}

function deviceQueue(k: Kernel) {
  const q = struct(k.layouts, 'KDEVICE_QUEUE'), e = struct(k.layouts, 'KDEVICE_QUEUE_ENTRY');
  return { head: q.field('DeviceListHead'), busy: q.field('Busy'), size: q.size, type: q.field('Type'), qsize: q.field('Size'),
    link: e.field('DeviceListEntry'), key: e.field('SortKey'), inserted: e.field('Inserted') };
}

export const miscRoutines: RoutineTable = {
  KeBugCheckEx: (k, code: number, p1: number, p2: number, p3: number, p4: number) => bugCheck(k, code, p1, p2, p3, p4),
  KeBugCheck: (k, code: number) => bugCheck(k, code, 0, 0, 0, 0),
  KeRegisterBugCheckCallback: (k, record: number, routine: number, buffer: number, length: number, component: number) =>
    (k.bugCheckCallbacks.register(record, routine, buffer, length, component) ? 1 : 0),
  KeDeregisterBugCheckCallback: (k, record: number) => (k.bugCheckCallbacks.deregister(record) ? 1 : 0),
  KeRegisterBugCheckReasonCallback: (k, record: number, routine: number, reason: number, component: number) =>
    (k.bugCheckCallbacks.registerReason(record, routine, reason, component) ? 1 : 0),
  KeDeregisterBugCheckReasonCallback: (k, record: number) => (k.bugCheckCallbacks.deregister(record) ? 1 : 0),

  KeGetCurrentThread: (k) => k.ps.currentThreadObject(),
  KeQueryPriorityThread: () => 8,
  KeSetPriorityThread: (_k, _t: number, _p: number) => 8,
  KeGetCurrentProcessorNumber: () => 0,
  KeGetCurrentProcessorNumberEx: (k, pn: number) => { if (pn) k.memory.u8.fill(0, pn, pn + struct(k.layouts, 'PROCESSOR_NUMBER').size); return 0; },
  KeQueryActiveProcessorCount: (k, affinity: number) => { if (affinity) k.memory.writeU32(affinity, 1); return 1; },
  KeQueryActiveProcessorCountEx: () => 1,
  KeQueryMaximumProcessorCount: () => 1,
  KeQueryMaximumProcessorCountEx: () => 1,
  KeQueryActiveGroupCount: () => 1,
  KeQueryActiveProcessors: () => 1,
  KeGetProcessorNumberFromIndex: (k, index: number, pn: number) => {
    if (index !== 0) return k.constant('STATUS_INVALID_PARAMETER');
    k.memory.u8.fill(0, pn, pn + struct(k.layouts, 'PROCESSOR_NUMBER').size);
    return 0;
  },
  KeGetProcessorIndexFromNumber: () => 0,
  KeSetSystemAffinityThread: () => {},
  KeSetSystemAffinityThreadEx: () => 1,
  KeRevertToUserAffinityThread: () => {},
  KeRevertToUserAffinityThreadEx: () => {},
  KeIpiGenericCall: function* (k, routine: number, context: number) {
    // One processor: the worker runs once, at IPI_LEVEL, on the calling thread.
    const old = k.processor.irql;
    k.processor.irql = k.constant('IPI_LEVEL');
    const r: number = yield { call: routine, args: [context] };
    k.processor.irql = old;
    return r;
  },
  KeGetRecommendedSharedDataAlignment: () => 64,

  // Floating point and extended state: wasm has no lazily saved FPU state, so saving always succeeds.
  KeSaveFloatingPointState: () => 0,
  KeRestoreFloatingPointState: () => 0,
  KeSaveExtendedProcessorState: (k, _mask: bigint, save: number) => { if (save) k.memory.writeU32(save + struct(k.layouts, 'XSTATE_SAVE').field('Thread'), k.ps.currentThreadObject()); return 0; },
  KeRestoreExtendedProcessorState: () => {},

  // Device queues, for classic StartIo drivers.
  KeInitializeDeviceQueue: (k, q: number) => {
    const d = deviceQueue(k);
    k.memory.writeU16(q + d.type, k.enumValue('KOBJECTS', 'DeviceQueueObject'));
    k.memory.writeU16(q + d.qsize, d.size);
    listInit(k, q + d.head);
    k.memory.writeU8(q + d.busy, 0);
  },
  KeInsertDeviceQueue: (k, q: number, e: number) => {
    const d = deviceQueue(k);
    if (!k.memory.readU8(q + d.busy)) { k.memory.writeU8(q + d.busy, 1); k.memory.writeU8(e + d.inserted, 0); return 0; }
    listInsertTail(k, q + d.head, e + d.link); k.memory.writeU8(e + d.inserted, 1); return 1;
  },
  KeInsertByKeyDeviceQueue: (k, q: number, e: number, key: number) => {
    const d = deviceQueue(k), m = k.memory;
    m.writeU32(e + d.key, key);
    if (!m.readU8(q + d.busy)) { m.writeU8(q + d.busy, 1); m.writeU8(e + d.inserted, 0); return 0; }
    const head = q + d.head;
    let at = m.readU32(head);
    while (at !== head && m.readU32(at - d.link + d.key) <= key >>> 0) at = m.readU32(at);
    listInsertTail(k, at, e + d.link); // before `at`
    m.writeU8(e + d.inserted, 1);
    return 1;
  },
  KeRemoveDeviceQueue: (k, q: number) => {
    const d = deviceQueue(k), m = k.memory, head = q + d.head, first = m.readU32(head);
    if (first === head) { m.writeU8(q + d.busy, 0); return 0; }
    listRemove(k, first);
    const e = first - d.link;
    m.writeU8(e + d.inserted, 0);
    return e;
  },
  KeRemoveByKeyDeviceQueue: (k, q: number, key: number) => {
    const d = deviceQueue(k), m = k.memory, head = q + d.head;
    let at = m.readU32(head);
    if (at === head) { m.writeU8(q + d.busy, 0); return 0; }
    while (at !== head && m.readU32(at - d.link + d.key) < key >>> 0) at = m.readU32(at);
    if (at === head) at = m.readU32(head);
    listRemove(k, at);
    m.writeU8(at - d.link + d.inserted, 0);
    return at - d.link;
  },
  KeRemoveEntryDeviceQueue: (k, q: number, e: number) => {
    const d = deviceQueue(k);
    if (!k.memory.readU8(e + d.inserted)) return 0;
    listRemove(k, e + d.link); k.memory.writeU8(e + d.inserted, 0); return 1;
  },
};
