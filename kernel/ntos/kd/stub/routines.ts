// Breakpoint routines the KD stub implements: DbgBreakPoint and DbgBreakPointWithStatus stop the calling thread
// in the debugger (nothing happens when no debugger is attached). kernel/exports.ts lists this table under
// ntoskrnl.exe so drivers can import them.
import type { RoutineTable } from '../../routine.ts';
import { KdStub } from './stub.ts';

export const routines: RoutineTable = {
  DbgBreakPoint: (k) => { if (k.debugger instanceof KdStub) k.debugger.breakpointCall(); },
  DbgBreakPointWithStatus: (k) => { if (k.debugger instanceof KdStub) k.debugger.breakpointCall(); },
};
