// Interlocked lists: sequenced singly linked lists (SLIST_HEADER), spin-lock protected doubly and singly linked
// lists, and lookaside lists (the inline allocate/free in the header use the SLIST; the list's Allocate/Free are
// the pool routines unless the driver gives its own).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import { systemRoutinePointer } from '../rtl/sysroutine.ts';

function sl(k: Kernel) {
  const h = struct(k.layouts, 'SLIST_HEADER');
  return { next: h.field('Next.Next'), depth: h.field('Depth'), seq: h.field('CpuId'), entryNext: struct(k.layouts, 'SINGLE_LIST_ENTRY').field('Next') };
}

export function slistPush(k: Kernel, head: number, entry: number): number {
  const o = sl(k), m = k.memory, first = m.readU32(head + o.next);
  m.writeU32(entry + o.entryNext, first);
  m.writeU32(head + o.next, entry);
  m.writeU16(head + o.depth, (m.readU16(head + o.depth) + 1) & 0xffff);
  m.writeU16(head + o.seq, (m.readU16(head + o.seq) + 1) & 0xffff);
  return first;
}
export function slistPop(k: Kernel, head: number): number {
  const o = sl(k), m = k.memory, first = m.readU32(head + o.next);
  if (!first) return 0;
  m.writeU32(head + o.next, m.readU32(first + o.entryNext));
  m.writeU16(head + o.depth, (m.readU16(head + o.depth) - 1) & 0xffff);
  m.writeU16(head + o.seq, (m.readU16(head + o.seq) + 1) & 0xffff);
  return first;
}
function slistFlush(k: Kernel, head: number): number {
  const o = sl(k), m = k.memory, first = m.readU32(head + o.next);
  m.writeU32(head + o.next, 0); m.writeU16(head + o.depth, 0);
  return first;
}

// LIST_ENTRY: Flink at 0, Blink after it (read from the layout once per call).
function le(k: Kernel) { const s = struct(k.layouts, 'LIST_ENTRY'); return { f: s.field('Flink'), b: s.field('Blink') }; }

function lookaside(k: Kernel) {
  const g = struct(k.layouts, 'GENERAL_LOOKASIDE');
  const f = (n: string) => g.field(n);
  return { size: g.size, depth: f('Depth'), maxDepth: f('MaximumDepth'), type: f('Type'), tag: f('Tag'), bytes: f('Size'), alloc: f('Allocate'), free: f('Free'), list: f('ListHead') };
}

/** Depth Windows starts a lookaside list with (it then tunes it; here it stays). */
const DEFAULT_DEPTH = 4;
const MAXIMUM_DEPTH = 256;

function initLookaside(k: Kernel, l: number, allocate: number, free: number, poolType: number, size: number, tag: number, ex: boolean): void {
  const o = lookaside(k), m = k.memory;
  m.u8.fill(0, l, l + o.size);
  m.writeU16(l + o.depth, DEFAULT_DEPTH);
  m.writeU16(l + o.maxDepth, MAXIMUM_DEPTH);
  m.writeU32(l + o.type, poolType);
  m.writeU32(l + o.tag, tag);
  m.writeU32(l + o.bytes, Math.max(size, struct(k.layouts, 'SINGLE_LIST_ENTRY').size));
  m.writeU32(l + o.alloc, allocate || systemRoutinePointer(k, ex ? 'ExpLookasideAllocateEx' : 'ExAllocatePoolWithTag'));
  m.writeU32(l + o.free, free || systemRoutinePointer(k, ex ? 'ExpLookasideFreeEx' : 'ExFreePool'));
  const e = le(k), link = l + struct(k.layouts, 'GENERAL_LOOKASIDE').field('ListEntry');
  m.writeU32(link + e.f, link); m.writeU32(link + e.b, link);
}

/** Delete: every cached block goes back through the list's Free routine (a driver routine needs a call). */
function* deleteLookaside(k: Kernel, l: number, ex: boolean) {
  const o = lookaside(k);
  const free = k.memory.readU32(l + o.free);
  for (let e = slistFlush(k, l + o.list); e; ) {
    const next = k.memory.readU32(e);
    yield { call: free, args: ex ? [e, l] : [e] };
    e = next;
  }
  return 0;
}

export const listRoutines: RoutineTable = {
  ExpInterlockedPushEntrySList: (k, head: number, entry: number) => slistPush(k, head, entry),
  ExpInterlockedPopEntrySList: (k, head: number) => slistPop(k, head),
  ExpInterlockedFlushSList: (k, head: number) => slistFlush(k, head),

  ExInterlockedInsertHeadList: (k, head: number, entry: number) => {
    const e = le(k), m = k.memory, first = m.readU32(head + e.f);
    m.writeU32(entry + e.f, first); m.writeU32(entry + e.b, head); m.writeU32(first + e.b, entry); m.writeU32(head + e.f, entry);
    return first === head ? 0 : first;
  },
  ExInterlockedInsertTailList: (k, head: number, entry: number) => {
    const e = le(k), m = k.memory, last = m.readU32(head + e.b);
    m.writeU32(entry + e.f, head); m.writeU32(entry + e.b, last); m.writeU32(last + e.f, entry); m.writeU32(head + e.b, entry);
    return last === head ? 0 : last;
  },
  ExInterlockedRemoveHeadList: (k, head: number) => {
    const e = le(k), m = k.memory, first = m.readU32(head + e.f);
    if (first === head) return 0;
    const next = m.readU32(first + e.f);
    m.writeU32(head + e.f, next); m.writeU32(next + e.b, head);
    return first;
  },
  ExInterlockedPopEntryList: (k, head: number) => {
    const m = k.memory, first = m.readU32(head);
    if (first) m.writeU32(head, m.readU32(first));
    return first;
  },
  ExInterlockedPushEntryList: (k, head: number, entry: number) => {
    const m = k.memory, first = m.readU32(head);
    m.writeU32(entry, first); m.writeU32(head, entry);
    return first;
  },
  ExInterlockedAddLargeInteger: (k, result: number, addend: number, increment: number) => {
    const old = k.memory.readU64(addend);
    k.memory.writeU64(addend, old + k.memory.readU64(increment));
    k.memory.writeU64(result, old);
  },
  ExInterlockedAddUlong: (k, addend: number, inc: number) => {
    const old = k.memory.readU32(addend);
    k.memory.writeU32(addend, old + inc);
    return old;
  },

  ExInitializeNPagedLookasideList: (k, l: number, alloc: number, free: number, flags: number, size: number, tag: number) =>
    initLookaside(k, l, alloc, free, (flags & k.constant('POOL_NX_ALLOCATION')) ? k.enumValue('POOL_TYPE', 'NonPagedPoolNx') : k.enumValue('POOL_TYPE', 'NonPagedPool'), size, tag, false),
  ExInitializePagedLookasideList: (k, l: number, alloc: number, free: number, _flags: number, size: number, tag: number) =>
    initLookaside(k, l, alloc, free, k.enumValue('POOL_TYPE', 'PagedPool'), size, tag, false),
  ExInitializeLookasideListEx: (k, l: number, alloc: number, free: number, poolType: number, _flags: number, size: number, tag: number) => {
    initLookaside(k, l, alloc, free, poolType, size, tag, true);
    return 0;
  },
  ExDeleteNPagedLookasideList: (k, l: number) => deleteLookaside(k, l, false),
  ExDeletePagedLookasideList: (k, l: number) => deleteLookaside(k, l, false),
  ExDeleteLookasideListEx: (k, l: number) => deleteLookaside(k, l, true),
  ExFlushLookasideListEx: (k, l: number) => deleteLookaside(k, l, true),
};
