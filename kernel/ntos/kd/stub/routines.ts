// Breakpoint routines the KD stub implements: DbgBreakPoint and DbgBreakPointWithStatus stop the calling thread
// inside the call, at nt!DbgBreakPoint's int 3 (nothing happens when no debugger is attached). kernel/exports.ts
// lists this table under ntoskrnl.exe so drivers can import them.
import type { RoutineTable } from '../../routine.ts';
import type { Kernel } from '../../kernel.ts';
import { ExceptionCode } from '../../../../main/formats/kd/constants.ts';
import { StopKind } from '../../../../main/formats/kd/payload.ts';
import { KdStub } from './stub.ts';

function breakpoint(k: Kernel) {
  return k.debugger instanceof KdStub ? k.debugger.stopInCall(StopKind.Breakpoint, ExceptionCode.BREAKPOINT) : undefined;
}

export const routines: RoutineTable = {
  DbgBreakPoint: (k) => breakpoint(k),
  DbgBreakPointWithStatus: (k) => breakpoint(k),
};
