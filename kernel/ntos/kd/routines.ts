// Debug output routines: DbgPrint and friends format in the kernel, pass the Debug Print Filter, and go to the
// kernel debugger as DEBUG_IO packets (the transport takes the text from debugOutput).
import type { KernelEnv, RoutineTable } from '../routine.ts';
import { formatVa, type FormatMemory } from '../rtl/format.ts';
import { printPasses } from './printfilter.ts';
import { toVA } from '../../../main/machine/memory.ts';

// The facts DbgPrint uses (DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL) come from dpfilter.h via the layouts probe
// once it lands; until then DbgPrint passes its own id through the same filter path.
const DPFLTR_DEFAULT_ID = 101;
const DPFLTR_INFO_LEVEL = 3;

export function formatMemory(k: KernelEnv): FormatMemory {
  const m = k.mem;
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

function print(k: KernelEnv, componentId: number, level: number, fmt: number, va: number): number {
  if (!printPasses(componentId, level, (id) => k.printMask(id), k.win2000Mask())) return 0;
  k.debugOutput(formatVa(formatMemory(k), k.mem.readCString(fmt), va));
  return 0; // STATUS_SUCCESS
}

export const routines: RoutineTable = {
  DbgPrint: (k, fmt, va) => print(k, DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, Number(fmt), Number(va)),
  DbgPrintEx: (k, id, level, fmt, va) => print(k, Number(id), Number(level), Number(fmt), Number(va)),
  vDbgPrintEx: (k, id, level, fmt, va) => print(k, Number(id), Number(level), Number(fmt), Number(va)),
};
