// What carries KD bytes between host and target: a byte stream (KDCOM over a serial cable) or datagrams (KDNET over
// UDP). Both sides see a KdLink. memoryPipe() is an in-memory cable with fault injection for tests and for running
// both sides in one process until the machines' cables are wired in.

export interface KdLink {
  /** 'stream': bytes may arrive split or joined (serial); 'datagram': each send arrives whole or not at all (UDP). */
  readonly mode: 'stream' | 'datagram';
  send(bytes: Uint8Array): void;
  /** One receiver per link end; a later call replaces it. */
  onReceive(cb: (bytes: Uint8Array) => void): void;
  close(): void;
}

export interface FaultPlan {
  /** Called for every chunk about to travel a→b or b→a: 'drop' loses it, 'corrupt' flips one byte, a number delays it (ms). */
  decide?: (dir: 'a->b' | 'b->a', bytes: Uint8Array, n: number) => 'pass' | 'drop' | 'corrupt' | number;
  /** Base delay for every chunk (ms); 0 delivers on the next macrotask. */
  delayMs?: number;
  /** Stream mode: split chunks into pieces of at most this many bytes (a serial line delivers a few bytes at a time). */
  chunk?: number;
}

class PipeEnd implements KdLink {
  rx?: (b: Uint8Array) => void;
  peer!: PipeEnd;
  closed = false;
  sent = 0;
  constructor(readonly mode: 'stream' | 'datagram', private readonly dir: 'a->b' | 'b->a', private readonly plan: FaultPlan) {}
  onReceive(cb: (bytes: Uint8Array) => void): void { this.rx = cb; }
  close(): void { this.closed = true; this.peer.closed = true; }
  send(bytes: Uint8Array): void {
    if (this.closed) return;
    const pieces: Uint8Array[] = [];
    const step = this.mode === 'stream' && this.plan.chunk ? this.plan.chunk : bytes.length || 1;
    for (let i = 0; i < bytes.length; i += step) pieces.push(bytes.slice(i, i + step));
    for (let p of pieces) {
      const verdict = this.plan.decide?.(this.dir, p, this.sent++) ?? 'pass';
      if (verdict === 'drop') continue;
      if (verdict === 'corrupt') { p = p.slice(); p[Math.floor(p.length / 2)] ^= 0x5a; }
      const delay = (this.plan.delayMs ?? 0) + (typeof verdict === 'number' ? verdict : 0);
      const peer = this.peer;
      setTimeout(() => { if (!peer.closed) peer.rx?.(p); }, delay);
    }
  }
}

/** Two connected link ends (a: host side by convention, b: target side). */
export function memoryPipe(mode: 'stream' | 'datagram', plan: FaultPlan = {}): [KdLink, KdLink] {
  const a = new PipeEnd(mode, 'a->b', plan), b = new PipeEnd(mode, 'b->a', plan);
  a.peer = b; b.peer = a;
  return [a, b];
}
