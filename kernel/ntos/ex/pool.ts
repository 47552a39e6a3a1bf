// The executive's pools: nonpaged and paged pool, each an arena of system space, with a record per allocation
// (tag, pool type, size, owning image) so `!pool`, `!poolused` and the verifier's leak check can be answered.
// Freed blocks are remembered until reused, so a second free is told apart from a bad address.
import type { PageAllocator, SystemMemory } from '../../../main/machine/memory.ts';
import { Arena, POOL_GRANULE } from './arena.ts';

export const PAGE = 0x1000;

export interface PoolBlock {
  address: number;
  /** Bytes the caller asked for. */
  size: number;
  tag: number;
  paged: boolean;
  /** POOL_TYPE as given (or derived from POOL_FLAG_*). */
  poolType: number;
  /** Image whose code allocated it (module name, e.g. "DongLpt"); undefined for the kernel's own. */
  owner?: string;
}

export interface TagUsage { tag: string; nonPagedAllocs: number; nonPagedFrees: number; nonPagedBytes: number; pagedAllocs: number; pagedFrees: number; pagedBytes: number }

/** A pool tag as !poolused prints it: four characters, low byte first ('Dong' allocated as 'gnoD'). */
export function tagText(tag: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) { const c = (tag >>> (8 * i)) & 0xff; s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ' '; }
  return s;
}
export function tagValue(text: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v |= (text.charCodeAt(i) & 0xff || 0x20) << (8 * i);
  return v >>> 0;
}

export type FreeResult =
  | { ok: true; block: PoolBlock }
  | { ok: false; why: 'double-free'; block: PoolBlock }
  | { ok: false; why: 'wrong-tag'; block: PoolBlock }
  | { ok: false; why: 'not-pool' };

export class Pool {
  readonly nonPaged: Arena;
  readonly paged: Arena;
  private readonly live = new Map<number, PoolBlock>();
  private readonly freed = new Map<number, PoolBlock>();
  private readonly usage = new Map<number, TagUsage>();
  /** Live paged blocks (the paged-pool check at DISPATCH_LEVEL is armed only when there are some). */
  pagedLive = 0;

  constructor(private readonly memory: SystemMemory, pages: PageAllocator, sizes: { nonPaged: number; paged: number }) {
    const np = pages.alloc(sizes.nonPaged), pp = pages.alloc(sizes.paged);
    if (np === undefined || pp === undefined) throw new Error('system space too small for the pools');
    this.nonPaged = new Arena(np, np + sizes.nonPaged);
    this.paged = new Arena(pp, pp + sizes.paged);
  }

  /** Allocate a block; large blocks are page aligned, as the big-pool allocator gives them. */
  allocateBlock(size: number, tag: number, o: { paged: boolean; poolType: number; zero: boolean; owner?: string; cacheAligned?: boolean }): number | undefined {
    const arena = o.paged ? this.paged : this.nonPaged;
    const align = size >= PAGE ? PAGE : o.cacheAligned ? 64 : POOL_GRANULE;
    const address = arena.alloc(Math.max(size, 1), align);
    if (address === undefined) return undefined;
    // Memory fresh from the pool is not zero on Windows; fill it with a pattern so uninitialized use shows.
    this.memory.u8.fill(o.zero ? 0 : 0xcd, address, address + arena.sizeOf(address)!);
    const b: PoolBlock = { address, size, tag: tag >>> 0, paged: o.paged, poolType: o.poolType, owner: o.owner };
    this.live.set(address, b);
    if (o.paged) this.pagedLive++;
    for (const [a, f] of this.freed) if (a >= address && a < address + arena.sizeOf(address)!) this.freed.delete(a);
    const u = this.usageOf(b.tag);
    if (o.paged) { u.pagedAllocs++; u.pagedBytes += size; } else { u.nonPagedAllocs++; u.nonPagedBytes += size; }
    return address;
  }

  /** Free a block; `tag` (when given) must match the allocation's, as ExFreePoolWithTag checks. */
  freeBlock(address: number, tag?: number): FreeResult {
    const b = this.live.get(address);
    if (!b) {
      const f = this.freed.get(address);
      return f ? { ok: false, why: 'double-free', block: f } : { ok: false, why: 'not-pool' };
    }
    if (tag !== undefined && (tag >>> 0) !== b.tag) return { ok: false, why: 'wrong-tag', block: b };
    const arena = b.paged ? this.paged : this.nonPaged;
    const n = arena.sizeOf(address)!;
    arena.release(address);
    this.memory.u8.fill(0, address, address + n);
    this.live.delete(address);
    if (b.paged) this.pagedLive--;
    this.freed.set(address, b);
    const u = this.usageOf(b.tag);
    if (b.paged) { u.pagedFrees++; u.pagedBytes -= b.size; } else { u.nonPagedFrees++; u.nonPagedBytes -= b.size; }
    return { ok: true, block: b };
  }

  private usageOf(tag: number): TagUsage {
    let u = this.usage.get(tag);
    if (!u) { u = { tag: tagText(tag), nonPagedAllocs: 0, nonPagedFrees: 0, nonPagedBytes: 0, pagedAllocs: 0, pagedFrees: 0, pagedBytes: 0 }; this.usage.set(tag, u); }
    return u;
  }

  // ---- the kernel's own allocations (the IoPool interface other components use) ----

  /** Zeroed nonpaged memory for a kernel structure, or undefined when the pool is exhausted. */
  allocate(size: number, tag: string): number | undefined {
    return this.allocateBlock(size, tagValue(tag), { paged: false, poolType: 0, zero: true });
  }
  /** Like allocate, for structures the kernel cannot do without. */
  allocateSystem(size: number, tag: string): number {
    const a = this.allocate(size, tag);
    if (a === undefined) throw new Error('nonpaged pool exhausted');
    return a;
  }
  free(address: number): void {
    const r = this.freeBlock(address);
    if (!r.ok) throw new Error(`pool: 0x${address.toString(16)} is not an allocated block`);
  }
  outstanding(): { address: number; size: number; tag: string }[] {
    return this.blocks().map((b) => ({ address: b.address, size: b.size, tag: tagText(b.tag) }));
  }

  // ---- queries (the debugger's !pool / !poolused, the verifier) ----

  /** The live block at exactly `address`. */
  block(address: number): PoolBlock | undefined { return this.live.get(address); }

  /** The live or freed block containing `address` (what !pool answers), with its state. */
  find(address: number): { block: PoolBlock; free: boolean } | undefined {
    for (const [map, free] of [[this.live, false], [this.freed, true]] as const) {
      for (const b of map.values()) if (address >= b.address && address < b.address + Math.max(b.size, 1)) return { block: b, free };
    }
    return undefined;
  }

  /** Every live block and the `maxFreed` most recently freed ones (until reused), by address: what !pool walks. */
  allBlocks(maxFreed = Infinity): { block: PoolBlock; free: boolean }[] {
    const freed = [...this.freed.values()];
    const all = [...[...this.live.values()].map((block) => ({ block, free: false })), ...freed.slice(Math.max(0, freed.length - maxFreed)).map((block) => ({ block, free: true }))];
    return all.sort((a, b) => a.block.address - b.block.address);
  }

  /** Every live block, by address. */
  blocks(): PoolBlock[] { return [...this.live.values()].sort((a, b) => a.address - b.address); }

  /** Per-tag usage, as !poolused reports it. */
  usageByTag(): TagUsage[] { return [...this.usage.values()].map((u) => ({ ...u })); }

  /** Live allocations made by an image (module name, case-insensitive). */
  outstandingOf(owner: string): PoolBlock[] {
    const o = owner.toLowerCase();
    return this.blocks().filter((b) => b.owner?.toLowerCase() === o);
  }

  isPaged(address: number): boolean { return this.paged.contains(address); }
  isPool(address: number): boolean { return this.paged.contains(address) || this.nonPaged.contains(address); }
}
