// The bridge between the machine's run loop and the kernel's scheduler: the machine hands out slices of ticks, the
// kernel runs its threads for at most that many cycles. The kernel's clock (cycles since its boot) is kept equal
// to the machine's ticks since the kernel started, so idle time the machine slept through reaches kernel timers;
// when every thread waits, a machine sleeper is armed at the kernel's next deadline to wake the loop again.
import type { Machine, SliceResult, SliceRunner } from '../../main/machine/machine.ts';
import { ticksToMs } from '../../main/machine/devices/device.ts';
import type { Kernel } from '../ntos/kernel.ts';

export class KernelSliceRunner implements SliceRunner {
  /** Machine tick at which the kernel's cycle 0 lies. */
  private readonly base: number;
  private armedAt = Infinity;

  constructor(private readonly m: Machine, private readonly k: Kernel) {
    this.base = m.ticks - k.ke.now();
  }

  /** Instructions the kernel's processor executed since the kernel started (idle time not counted). */
  instructions(): number { return this.k.ke.executed(); }

  /** Machine time now, in kernel cycles. */
  kernelNow(): number { return this.m.ticks - this.base; }

  /** Let the kernel's clock catch up with idle machine time (fires due timers). */
  catchUp(): void {
    const now = this.kernelNow();
    if (now > this.k.ke.now()) this.k.ke.advanceTo(now);
  }

  runSlice(budget: number): SliceResult {
    const k = this.k;
    if (k.bugCheck) return { executed: 0, idle: true };
    this.catchUp();
    const c0 = k.ke.now();
    k.run({ maxCycles: budget, idle: 'return' });
    const executed = Math.max(0, k.ke.now() - c0);
    const busy = !k.bugCheck && !k.debugger?.holding() && (k.threads.some((t) => t.state === 'ready') || k.ke.interrupts.pending());
    if (!busy) this.armWake();
    return { executed: Math.min(executed, budget), idle: !busy && executed < budget };
  }

  /** A machine sleeper at the kernel's next timer, so an idle machine wakes for it. */
  armWake(): void {
    const d = this.k.nextDeadline();
    if (d === undefined) return;
    const at = this.base + d;
    if (at >= this.armedAt && this.armedAt > this.m.ticks) return;
    this.armedAt = at;
    void this.m.sleep(Math.max(0, ticksToMs(at - this.m.ticks))).then(() => {
      if (this.armedAt === at) this.armedAt = Infinity;
      this.m.kick();
    });
  }
}
