// RtlAssert: what a Debug build's ASSERT(expr) calls when expr is false. With a kernel debugger attached it prints
// the assertion (expression, source file and line, then the "boipt" prompt) and breaks in nt!DbgBreakPoint on the
// calling thread, RtlAssert's frame below it and the driver's ASSERT line below that; `g` returns from RtlAssert.
// With no debugger the assertion is not seen and the call returns, as on a Windows system without one.
import type { RoutineTable } from '../routine.ts';
import { ExceptionCode } from '../../../main/formats/kd/constants.ts';
import { StopKind } from '../../../main/formats/kd/payload.ts';
import { KdStub } from '../kd/stub/stub.ts';

/** RtlAssert's question. KD's prompt channel (DbgPrompt) is not there yet: the stub takes the answer as 'o',
 *  break once (a `g` goes on past the assertion), and the transcript shows that answer as WinDbg echoes it. */
const PROMPT = 'Break repeatedly, break Once, Ignore, terminate Process, or terminate Thread (boipt)? ';

export const assertRoutines: RoutineTable = {
  RtlAssert: (k, expr: number, file: number, line: number, message: number) => {
    const d = k.debugger;
    if (!(d instanceof KdStub) || !d.connected) return;
    const m = k.memory, str = (a: number) => (a ? m.readCString(a, 4096) : '');
    // Not through the Debug Print Filter: an assertion always reaches the debugger.
    k.debugOutput(`\n*** Assertion failed: ${str(message)}${str(expr)}\n***   Source File: ${str(file)}, line ${line >>> 0}\n\n${PROMPT}o\n`);
    return d.stopInCall(StopKind.Breakpoint, ExceptionCode.BREAKPOINT, { above: ['DbgBreakPoint'] });
  },
};
