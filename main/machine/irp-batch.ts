// The worker's buffer between the kernel's IRP trace and the host: bounded (a flood of I/O drops the oldest rows and
// counts them), sent as one message every ~100 ms while a watch is on, nothing at all otherwise.
import type { FromMachine, IrpTraceEvent } from './protocol.ts';

const LIMIT = 2000;
const EVERY_MS = 100;

export class IrpBatch {
  private events: IrpTraceEvent[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly post: (m: FromMachine) => void) {}

  readonly sink = (e: IrpTraceEvent): void => {
    if (this.events.length >= LIMIT) { this.events.shift(); this.dropped++; }
    this.events.push(e);
  };

  /** Start (watching) or stop sending; stopping sends what is left. */
  set(watching: boolean): void {
    if (watching && !this.timer) this.timer = setInterval(() => this.flush(), EVERY_MS);
    if (!watching && this.timer) { clearInterval(this.timer); this.timer = undefined; this.flush(); }
  }

  flush(): void {
    if (!this.events.length && !this.dropped) return;
    this.post({ t: 'irp-trace', events: this.events, dropped: this.dropped });
    this.events = []; this.dropped = 0;
  }
}
