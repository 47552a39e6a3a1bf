// What the executive keeps on each processor Thread (Thread.context): its KTHREAD/ETHREAD body, and for the
// processor's DPC "thread" the DPC being retired, so the debugger can show DPC frames as such.
import type { Thread } from '../../../main/machine/cpu/types.ts';

export interface KeThread {
  /** ETHREAD body address (its KTHREAD is at offset 0); 0 until ps gives the thread an object. */
  ethread: number;
  /** EPROCESS of the owning process. */
  eprocess: number;
  /** Client id: the thread's id (the process id is the process's). */
  threadId: number;
  processId: number;
  /** Set on the DPC context: the KDPC and its routine (a function table index). */
  dpc?: { kdpc: number; routine: number };
  /** Set on the interrupt context: the interrupt line whose ISRs run. */
  interrupt?: number;
  /** A system thread's start routine and context (PsCreateSystemThread). */
  start?: { routine: number; context: number };
  /** Notify routines already told about this thread's creation. */
  announced?: boolean;
  /** KTHREAD's ContextSwitches and WaitTime (the tick of its last wait or switch-in), for the debugger's !thread. */
  contextSwitches?: number;
  waitStartTick?: number;
  /** A user thread's TEB (an address in its process's space). */
  teb?: number;
}

export function keThread(t: Thread): KeThread | undefined {
  return t.context as KeThread | undefined;
}

export function isDpcContext(t: Thread | null | undefined): boolean {
  return !!t && keThread(t)?.dpc !== undefined;
}
