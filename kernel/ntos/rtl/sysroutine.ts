// Function pointers to kernel routines: MmGetSystemRoutineAddress, and the default Allocate/Free of lookaside
// lists. A C function pointer is a slot in the system function table; the slot holds a host function bound to the
// routine. wasm checks the signature at every indirect call, so each routine's pointer has its C prototype's
// signature: from SIGNATURES below (the prototypes drivers commonly take the address of), else all-i32 by arity.
import type { FuncType } from '../../../main/formats/wasm/index.ts';
import type { Kernel } from '../kernel.ts';
import type { RoutineImpl } from '../routine.ts';
import { moduleRoutines } from '../../exports.ts';
import { allocate, free } from '../ex/pool-routines.ts';
import { TableAllocator } from '../mm/loader/table.ts';

const I32 = 0x7f, I64 = 0x7e;
type Sig = string; // "r(p,p,...)": i = i32, j = i64, v = void

/** Prototypes of routines drivers take the address of (wasm32: pointers/ULONG/BOOLEAN are i32, LONGLONG i64). */
const SIGNATURES: Record<string, Sig> = {
  ExAllocatePoolWithTag: 'i(iii)', ExFreePool: 'v(i)', ExFreePoolWithTag: 'v(ii)', ExAllocatePool2: 'i(jii)',
  ExpLookasideAllocateEx: 'i(iiii)', ExpLookasideFreeEx: 'v(ii)',
  KeQueryPerformanceCounter: 'v(ii)', KeQuerySystemTimePrecise: 'v(i)', KeQuerySystemTime: 'v(i)', KeQueryInterruptTime: 'j()',
  KeQueryInterruptTimePrecise: 'j(i)', KeQueryUnbiasedInterruptTime: 'j()', KeGetCurrentIrql: 'i()', KeGetCurrentThread: 'i()',
  KeSetEvent: 'i(iii)', KeInitializeEvent: 'v(iii)', KeStallExecutionProcessor: 'v(i)', RtlGetVersion: 'i(i)',
  RtlIsNtDdiVersionAvailable: 'i(i)', PsGetCurrentProcessId: 'i()', PsGetCurrentThreadId: 'i()', IoGetCurrentProcess: 'i()',
  ExAllocateTimer: 'i(iii)', ExSetTimer: 'i(ijji)', ExDeleteTimer: 'i(iiii)', ExCancelTimer: 'i(ii)',
  KeQueryActiveProcessorCountEx: 'i(i)', KeGetCurrentProcessorNumberEx: 'i(i)', DbgPrint: 'i(ii)', DbgPrintEx: 'i(iiii)',
  MmGetSystemRoutineAddress: 'i(i)', MmIsAddressValid: 'i(i)', KeQueryTickCount: 'v(i)', KeQueryTimeIncrement: 'i()',
};

/** Kernel-internal routines that have pointers but are not exports. */
const INTERNAL: Record<string, RoutineImpl> = {
  ExpLookasideAllocateEx: (k, type: number, size: number, tag: number) =>
    allocate(k, { size, tag, poolType: type, paged: (type & k.enumValue('POOL_TYPE', 'PagedPool')) !== 0, zero: false, raise: false, cacheAligned: false }),
  ExpLookasideFreeEx: (k, p: number) => free(k, p),
};

function typeOf(sig: Sig): FuncType {
  const m = /^([ijv])\(([ij]*)\)$/.exec(sig)!;
  const t = (c: string) => (c === 'j' ? I64 : I32);
  return { params: [...m[2]!].map(t), results: m[1] === 'v' ? [] : [t(m[1]!)] } as FuncType;
}

/** The routine behind a name in ntoskrnl.exe or HAL.dll (or our internal ones). */
export function findSystemRoutine(name: string): RoutineImpl | undefined {
  // Own entries only: MmGetSystemRoutineAddress(L"constructor") must not hand a driver a JS function.
  if (Object.hasOwn(INTERNAL, name)) return INTERNAL[name];
  for (const mod of ['ntoskrnl.exe', 'hal.dll']) for (const t of moduleRoutines(mod) ?? []) if (Object.hasOwn(t, name)) return t[name];
  return undefined;
}

const slots = new WeakMap<Kernel, { tables: TableAllocator; byName: Map<string, number> }>();

/** A function pointer (table index) for a system routine; 0 when no such routine exists. */
export function systemRoutinePointer(k: Kernel, name: string): number {
  let s = slots.get(k);
  if (!s) {
    // Table slots come from the loader's allocator so images and these pointers never overlap.
    const tables = (k.loader as unknown as { tables: TableAllocator }).tables;
    s = { tables, byName: new Map() };
    slots.set(k, s);
  }
  const known = s.byName.get(name);
  if (known) return known;
  const impl = findSystemRoutine(name);
  if (!impl) return 0;
  const sig = SIGNATURES[name] ?? `i(${'i'.repeat(Math.max(0, impl.length - 1))})`;
  const f = k.processor.hostFunc(`nt!${name}`, typeOf(sig), (_ctx, ...args) => impl(k, ...args));
  const slot = s.tables.alloc(1);
  k.processor.table[slot] = f;
  s.byName.set(name, slot);
  return slot;
}
