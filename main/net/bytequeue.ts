// A FIFO of bytes kept as chunks (TCP send and receive buffers).

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // bytes already consumed from chunks[0]
  length = 0;

  push(b: Uint8Array): void { if (b.length) { this.chunks.push(b); this.length += b.length; } }

  /** Copy of `len` bytes starting `offset` bytes into the queue. */
  peek(offset: number, len: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(len, this.length - offset)));
    let skip = this.head + offset, w = 0;
    for (const c of this.chunks) {
      if (w >= out.length) break;
      if (skip >= c.length) { skip -= c.length; continue; }
      const n = Math.min(c.length - skip, out.length - w);
      out.set(c.subarray(skip, skip + n), w);
      w += n; skip = 0;
    }
    return out;
  }

  drop(n: number): void {
    n = Math.min(n, this.length);
    this.length -= n;
    while (n > 0) {
      const c = this.chunks[0]!, left = c.length - this.head;
      if (n < left) { this.head += n; return; }
      n -= left; this.chunks.shift(); this.head = 0;
    }
  }

  take(max: number): Uint8Array { const b = this.peek(0, max); this.drop(b.length); return b; }
}
