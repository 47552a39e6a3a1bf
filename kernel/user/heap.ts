// A process heap (GetProcessHeap, HeapAlloc, malloc): first-fit blocks over one region of the process's memory.
// Bookkeeping stays in TypeScript (not in the heap's own memory), so a buffer overrun in the program cannot
// corrupt the allocator; blocks are 16-byte aligned as the x64 heap aligns them.
const ALIGN = 16;

export class Heap {
  /** Free runs [start, size) in address order; allocated blocks by address with their requested size. */
  private free: { start: number; size: number }[];
  private readonly blocks = new Map<number, { size: number; span: number }>();

  constructor(readonly start: number, readonly end: number) {
    this.free = [{ start, size: end - start }];
  }

  alloc(size: number): number | undefined {
    const span = Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i]!;
      if (f.size < span) continue;
      const at = f.start;
      if (f.size === span) this.free.splice(i, 1); else { f.start += span; f.size -= span; }
      this.blocks.set(at, { size, span });
      return at;
    }
    return undefined;
  }

  /** Frees a block; false when `at` is not a block of this heap (a double free or a wild pointer). */
  release(at: number): boolean {
    const b = this.blocks.get(at);
    if (!b) return false;
    this.blocks.delete(at);
    let i = this.free.findIndex((f) => f.start > at);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { start: at, size: b.span });
    // Coalesce with neighbours.
    const next = this.free[i + 1];
    if (next && at + b.span === next.start) { this.free[i]!.size += next.size; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === at) { prev.size += this.free[i]!.size; this.free.splice(i, 1); }
    return true;
  }

  /** The size the caller asked for (HeapSize, _msize), or undefined for a pointer that is not a block. */
  sizeOf(at: number): number | undefined { return this.blocks.get(at)?.size; }

  /** Bytes in use (tasklist's "Mem Usage" counts these with the image and stacks). */
  get used(): number { let n = 0; for (const b of this.blocks.values()) n += b.span; return n; }
}
