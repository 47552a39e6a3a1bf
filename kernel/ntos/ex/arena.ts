// A first-fit allocator over one region of system space, at 16-byte granularity (the pool's block size on x64).
// Free ranges are kept sorted and merged, so fragmentation stays visible but bounded.

export const POOL_GRANULE = 16;

export class Arena {
  private free: { start: number; size: number }[];
  private readonly used = new Map<number, number>();

  constructor(readonly start: number, readonly end: number) {
    this.free = [{ start, size: end - start }];
  }

  contains(address: number): boolean { return address >= this.start && address < this.end; }

  /** Allocate `size` bytes aligned to `align` (a power of two, at least 16); undefined when nothing fits. */
  alloc(size: number, align = POOL_GRANULE): number | undefined {
    const n = Math.max(POOL_GRANULE, Math.ceil(size / POOL_GRANULE) * POOL_GRANULE);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i]!;
      const a = Math.ceil(f.start / align) * align;
      if (a + n > f.start + f.size) continue;
      const pieces = [{ start: f.start, size: a - f.start }, { start: a + n, size: f.start + f.size - a - n }].filter((r) => r.size > 0);
      this.free.splice(i, 1, ...pieces);
      this.used.set(a, n);
      return a;
    }
    return undefined;
  }

  /** Bytes reserved for the block at `address` (its size rounded up), if it is allocated. */
  sizeOf(address: number): number | undefined { return this.used.get(address); }

  release(address: number): boolean {
    const n = this.used.get(address);
    if (n === undefined) return false;
    this.used.delete(address);
    let i = this.free.findIndex((f) => f.start > address);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { start: address, size: n });
    // Merge with the neighbours.
    const next = this.free[i + 1];
    if (next && address + n === next.start) { this.free[i]!.size += next.size; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === address) { prev.size += this.free[i]!.size; this.free.splice(i, 1); }
    return true;
  }

  bytesFree(): number { return this.free.reduce((s, f) => s + f.size, 0); }
}
