// Where the I/O manager's objects (driver and device objects, IRPs, file objects, MDLs, name buffers) get their
// nonpaged memory. The executive's pool (kernel/ntos/ex) is the real allocator; until the kernel offers one, this
// small first-fit heap over pages from system space stands in. Every block keeps its tag so leaks show by tag.
import type { PageAllocator, SystemMemory } from '../../../main/machine/memory.ts';

/** What the I/O manager needs from a pool. */
export interface IoPool {
  /** Zeroed nonpaged memory, or undefined when none is left. */
  allocate(size: number, tag: string): number | undefined;
  free(address: number): void;
  /** Live blocks (for leak checks): address, size, tag. */
  outstanding(): { address: number; size: number; tag: string }[];
}

const CHUNK = 64 * 1024;
const ALIGN = 16;

export class FallbackPool implements IoPool {
  private readonly free_: { start: number; size: number }[] = [];
  private readonly live = new Map<number, { size: number; tag: string }>();

  constructor(private readonly mem: SystemMemory, private readonly pages: PageAllocator) {}

  allocate(size: number, tag: string): number | undefined {
    const n = Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
    let i = this.free_.findIndex((f) => f.size >= n);
    if (i < 0) {
      const want = Math.max(CHUNK, Math.ceil(n / CHUNK) * CHUNK);
      const at = this.pages.alloc(want);
      if (at === undefined) return undefined;
      this.free_.push({ start: at, size: want });
      i = this.free_.length - 1;
    }
    const f = this.free_[i]!;
    const address = f.start;
    f.start += n; f.size -= n;
    if (f.size === 0) this.free_.splice(i, 1);
    this.live.set(address, { size: n, tag });
    this.mem.u8.fill(0, address, address + n);
    return address;
  }

  free(address: number): void {
    const b = this.live.get(address);
    if (!b) throw new Error(`pool: 0x${address.toString(16)} is not an allocated block`);
    this.live.delete(address);
    this.mem.u8.fill(0, address, address + b.size); // freed memory reads as zero (a stale IRP has Type 0)
    this.free_.push({ start: address, size: b.size });
  }

  outstanding(): { address: number; size: number; tag: string }[] {
    return [...this.live].map(([address, b]) => ({ address, ...b }));
  }
}
