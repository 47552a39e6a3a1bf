// The lab's virtual Ethernet switch: a learning switch on MAC addresses. Frames cross it asynchronously (a wire
// has latency); frames still on the way to or from a port that is unplugged are lost, as on a real cable.
import { isMulticastMac, macKey } from '../net/addr.ts';

export interface SwitchPort {
  readonly id: string;
  deliver(frame: Uint8Array): void;
  setLink(up: boolean): void;
}

export class EthernetSwitch {
  private readonly ports = new Map<string, SwitchPort>();
  private readonly table = new Map<string, string>(); // MAC → port id
  private queue: { to: string; frame: Uint8Array }[] = [];
  private flushing = false;
  /** Fault injection for tests and lab scenarios: return true to drop a frame. */
  lose: ((frame: Uint8Array, from: string) => boolean) | null = null;
  readonly counters = { forwarded: 0, flooded: 0, dropped: 0 };

  plug(p: SwitchPort): void {
    this.ports.set(p.id, p);
    p.setLink(true);
  }

  unplug(id: string): void {
    const p = this.ports.get(id);
    if (!p) return;
    this.ports.delete(id);
    for (const [mac, port] of this.table) if (port === id) this.table.delete(mac);
    const before = this.queue.length;
    this.queue = this.queue.filter((q) => q.to !== id);
    this.counters.dropped += before - this.queue.length;
    p.setLink(false);
  }

  isPlugged(id: string): boolean { return this.ports.has(id); }

  /** A frame from a port's adapter. */
  input(from: string, frame: Uint8Array): void {
    if (!this.ports.has(from) || frame.length < 14) { this.counters.dropped++; return; }
    if (this.lose?.(frame, from)) { this.counters.dropped++; return; }
    const src = frame.subarray(6, 12), dst = frame.subarray(0, 6);
    if (!isMulticastMac(src)) this.table.set(macKey(src), from);
    const out = isMulticastMac(dst) ? undefined : this.table.get(macKey(dst));
    if (out !== undefined && this.ports.has(out)) {
      if (out !== from) { this.queue.push({ to: out, frame }); this.counters.forwarded++; }
    } else {
      for (const id of this.ports.keys()) if (id !== from) this.queue.push({ to: id, frame });
      this.counters.flooded++;
    }
    if (!this.flushing) { this.flushing = true; setImmediate(() => this.flush()); }
  }

  private flush(): void {
    this.flushing = false;
    const q = this.queue;
    this.queue = [];
    for (const { to, frame } of q) this.ports.get(to)?.deliver(frame);
  }

  /** The learned MAC address table (port per MAC). */
  macTable(): { mac: string; port: string }[] { return [...this.table].map(([mac, port]) => ({ mac, port })); }
}
