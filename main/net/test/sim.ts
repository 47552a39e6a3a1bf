// Test plumbing: stacks on one simulated segment with a virtual clock that jumps to the next deadline when no frame
// is in flight, so retransmission timeouts cost no wall time. Frames can be dropped by a loss function.
import { parseIp } from '../addr.ts';
import { NetStack, type NetConfig } from '../stack.ts';

export class SimLan {
  now = 0;
  readonly stacks: NetStack[] = [];
  private queue: { to: NetStack; frame: Uint8Array }[] = [];
  /** Return true to drop the frame. */
  lose: (frame: Uint8Array, from: NetStack) => boolean = () => false;
  cut = false;

  add(name: string, ip: string, mac: number, extra: Partial<NetConfig> = {}): NetStack {
    const s = new NetStack({ name, ip: parseIp(ip), netmask: parseIp('255.255.255.0'), mac: new Uint8Array([0, 0x15, 0x5d, 0, 0, mac]), ...extra }, () => this.now);
    s.send = (frame) => {
      if (this.cut || this.lose(frame, s)) return;
      for (const to of this.stacks) if (to !== s) this.queue.push({ to, frame: frame.slice() });
    };
    this.stacks.push(s);
    return s;
  }

  /** Run until `p` settles (or virtual time passes `limitMs`). */
  async run<T>(p: Promise<T>, limitMs = 600_000): Promise<T> {
    let done = false;
    const out = p.finally(() => { done = true; });
    out.catch(() => {}); // the caller sees the rejection through the returned promise
    const end = this.now + limitMs;
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      if (this.queue.length) {
        const q = this.queue; this.queue = [];
        for (const { to, frame } of q) to.receive(frame);
        continue;
      }
      const next = Math.min(...this.stacks.map((s) => s.nextDeadline() ?? Infinity));
      if (next === Infinity || next > end) throw new Error(`simulation stalled at ${this.now} ms`);
      this.now = Math.max(this.now, next);
      for (const s of this.stacks) s.poll();
    }
    return out;
  }
}
