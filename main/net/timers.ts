// Deadlines for a network stack. The stack never reads a clock of its own: whoever drives it (the host with wall
// time, a machine with its instruction clock) asks for the next deadline and calls `run` when it is reached.

export class Timers {
  private readonly list = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;

  /** A deadline was added: whoever drives the stack must look at next() again (a TCP timer armed from an
   *  application call, e.g. the FIN of end(), would otherwise wait for some unrelated wake-up). */
  onAdd: () => void = () => {};

  add(at: number, fn: () => void): number { const id = ++this.seq; this.list.set(id, { at, fn }); this.onAdd(); return id; }
  cancel(id: number | undefined): void { if (id !== undefined) this.list.delete(id); }
  next(): number | undefined {
    let m: number | undefined;
    for (const t of this.list.values()) if (m === undefined || t.at < m) m = t.at;
    return m;
  }
  /** Fire every timer due at `now`, earliest first (timers added while firing run if already due). */
  run(now: number): void {
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.list) if (e[1].at <= now && (!best || e[1].at < best[1].at)) best = e;
      if (!best) return;
      this.list.delete(best[0]);
      best[1].fn();
    }
  }
  clear(): void { this.list.clear(); }
}
