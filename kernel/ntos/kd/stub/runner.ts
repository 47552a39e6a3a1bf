// Drives a kernel the way the machine worker does: slices of scheduling while the KD stub is not holding the
// target, yielding to the event loop between slices so the debug cable is serviced. (The machine engine has its
// own loop; this one serves tests and single-process setups.)
import type { Kernel } from '../../kernel.ts';

export class TargetRunner {
  private timer?: NodeJS.Timeout | NodeJS.Immediate;
  private running = false;
  constructor(readonly kernel: Kernel, private readonly slice = 200_000) {}

  start(): void { if (!this.running) { this.running = true; this.schedule(true); } }
  stop(): void {
    this.running = false;
    if (this.timer) { clearTimeout(this.timer as NodeJS.Timeout); clearImmediate(this.timer as NodeJS.Immediate); }
  }
  /** Run again now (the stub resumed, a thread became ready). */
  poke(): void { if (this.running) { this.stop(); this.running = true; this.schedule(true); } }

  private schedule(busy: boolean): void {
    this.timer = busy ? setImmediate(this.loop) : setTimeout(this.loop, 2);
  }

  private readonly loop = (): void => {
    if (!this.running) return;
    const k = this.kernel;
    let busy = false;
    if (!k.bugCheck && !k.debugger?.holding()) {
      // Bounded by `until` rather than maxCycles: a leftover budget smaller than one check point's weight makes no
      // progress in the processor, and the dispatcher would retry it forever.
      const stopAt = k.processor.cycles + this.slice;
      k.run({ until: () => k.processor.cycles >= stopAt, idle: 'return' });
      busy = !k.debugger?.holding() && k.threads.some((t) => t.state === 'ready');
    }
    this.schedule(busy);
  };
}
