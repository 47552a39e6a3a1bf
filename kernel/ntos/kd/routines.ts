// Debug output routines: DbgPrint and friends format in the kernel, pass the Debug Print Filter, and go to the
// kernel debugger as DEBUG_IO packets (the transport takes the text from Kernel.debugOutput).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { formatVa, type FormatMemory } from '../rtl/format.ts';
import { toVA } from '../../../main/machine/memory.ts';
import { NtException } from '../ke/raise.ts';
import { StopKind } from '../../../main/formats/kd/payload.ts';
import { KdStub } from './stub/stub.ts';

export function formatMemory(k: Kernel): FormatMemory {
  const m = k.memory;
  return {
    u8: (a) => m.readU8(a), u16: (a) => m.readU16(a), u32: (a) => m.readU32(a), u64: (a) => m.readU64(a),
    f64: (a) => { m.check(a, 8, false); return m.dv.getFloat64(a, true); },
    cstr: (a, max) => m.readCString(a, max), wstr: (a, max) => m.readWString(a, max),
    countedString: (a, wide) => {
      const len = m.readU16(a);
      const buf = m.readU32(a + 4);
      return wide ? m.readWString(buf, len / 2) : m.readCString(buf, len);
    },
    pointer: (v) => toVA(v),
  };
}

function print(k: Kernel, componentId: number, level: number, fmt: number, va: number): number {
  if (!k.printFilter.passes(componentId, level)) return 0;
  k.debugOutput(formatVa(formatMemory(k), k.memory.readCString(fmt), va));
  return 0; // STATUS_SUCCESS
}

export const routines: RoutineTable = {
  // DbgPrint is DbgPrintEx for the default component at INFO level, so it is filtered out until a mask allows it.
  DbgPrint: (k, fmt, va) => print(k, k.enumValue('DPFLTR_TYPE', 'DPFLTR_DEFAULT_ID'), k.constant('DPFLTR_INFO_LEVEL'), fmt, va),
  DbgPrintEx: (k, id, level, fmt, va) => print(k, id, level, fmt, va),
  vDbgPrintEx: (k, id, level, fmt, va) => print(k, id, level, fmt, va),
  // NT_ASSERT's failure path (int 2c on x64): STATUS_ASSERTION_FAILURE raised in the caller. An attached debugger
  // stops there first (`Assertion failure - code c0000420 (first chance)`, at the driver's own line) and its `g`
  // goes on past the assertion, as WinDbg handles asrt by default; with no debugger, unhandled, it stops the system.
  DbgRaiseAssertionFailure: (k) => {
    const status = k.constant('STATUS_ASSERTION_FAILURE');
    const held = k.debugger instanceof KdStub ? k.debugger.stopInCall(StopKind.Assertion, status, { atCaller: true }) : undefined;
    if (held === undefined) throw new NtException(status);
    return held;
  },
  // Asks the transport whether a debugger host is there now, updates KD_DEBUGGER_NOT_PRESENT and returns it.
  KdRefreshDebuggerNotPresent: (k) => (k.variables.refreshDebugger() ? 1 : 0),
};
