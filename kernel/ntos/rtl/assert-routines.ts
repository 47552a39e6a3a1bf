// RtlAssert: what a Debug build's ASSERT(expr) calls when expr is false. With a kernel debugger attached it prints
// the assertion (expression, source file and line) and asks the debugger WinDbg's "boipt" question through DbgPrompt
// (a GetString debug-IO packet the kd> console shows; the learner's next line is the answer). The answer decides:
// i goes on, o breaks once in nt!DbgBreakPoint on the calling thread (RtlAssert's frame below it, the driver's ASSERT
// line below that; `g` returns from RtlAssert), b breaks and asks again after `g`, p/t end the thread, anything
// else asks again. With no debugger the assertion is not seen and the call returns, as on a Windows system without one.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import type { Thread } from '../../../main/machine/cpu/types.ts';
import { ExceptionCode } from '../../../main/formats/kd/constants.ts';
import { StopKind } from '../../../main/formats/kd/payload.ts';
import { KdStub } from '../kd/stub/stub.ts';

const PROMPT = 'Break repeatedly, break Once, Ignore, terminate Process, or terminate Thread (boipt)? ';
/** RtlAssert's answer buffer: one character and the terminator. */
const ANSWER_MAX = 2;

function answer(k: Kernel, d: KdStub, a: string, t: Thread): void {
  const again = (): void => d.ask(t, PROMPT, ANSWER_MAX, (x, th) => answer(k, d, x, th));
  switch (a.trim().charAt(0).toLowerCase()) {
    case 'i': k.ke.unpark(t); return;
    case 'o': d.stopParked(t, StopKind.Breakpoint, ExceptionCode.BREAKPOINT, ['DbgBreakPoint'], () => k.ke.unpark(t)); return;
    case 'b': d.stopParked(t, StopKind.Breakpoint, ExceptionCode.BREAKPOINT, ['DbgBreakPoint'], again); return;
    // RtlAssert calls ZwTerminateProcess(NtCurrentProcess()) for p and ZwTerminateThread(NtCurrentThread()) for t;
    // the caller here is a system thread, and for it both end the calling thread (STATUS_UNSUCCESSFUL, as RtlAssert passes).
    case 'p': case 't': k.ke.terminateParked(t, k.constant('STATUS_UNSUCCESSFUL')); return;
    default: again();
  }
}

export const assertRoutines: RoutineTable = {
  RtlAssert: (k, expr: number, file: number, line: number, message: number) => {
    const d = k.debugger;
    if (!(d instanceof KdStub) || !d.connected) return;
    const m = k.memory, str = (a: number) => (a ? m.readCString(a, 4096) : '');
    // Not through the Debug Print Filter: an assertion always reaches the debugger.
    k.debugOutput(`\n*** Assertion failed: ${str(message)}${str(expr)}\n***   Source File: ${str(file)}, line ${line >>> 0}\n\n`);
    return d.promptInCall(PROMPT, ANSWER_MAX, (a, t) => answer(k, d, a, t));
  },
};
