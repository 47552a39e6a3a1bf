// The pool tables the kernel publishes for !poolused and !pool: nt!PoolTrackTable (per tag: allocations, frees
// and bytes in use, nonpaged and paged, as Windows' pool tracking keeps them) and nt!PoolBigPageTable (every
// block the pools hold, live or freed, in address order, with its tag and size: what !pool reads from the pool
// headers of a page on Windows). The layouts are ours; the stub writes them and the host reads them.
import { Reader, Writer } from './bytes.ts';

export const POOL_TRACK_TABLE = 'PoolTrackTable';
export const POOL_BLOCK_TABLE = 'PoolBigPageTable';

export interface TagRecord {
  /** The tag as four characters, low byte first ('Dong'). */
  tag: string;
  nonPagedAllocs: number; nonPagedFrees: number; nonPagedBytes: number;
  pagedAllocs: number; pagedFrees: number; pagedBytes: number;
}

export interface BlockRecord { address: bigint; size: number; tag: string; paged: boolean; free: boolean; owner: string }

export function encodeTags(tags: TagRecord[]): Uint8Array {
  const w = new Writer().u32(tags.length);
  for (const t of tags) {
    w.str(t.tag).u32(t.nonPagedAllocs).u32(t.nonPagedFrees).u64(t.nonPagedBytes).u32(t.pagedAllocs).u32(t.pagedFrees).u64(t.pagedBytes);
  }
  return w.done();
}

export function decodeTags(b: Uint8Array): TagRecord[] {
  const r = new Reader(b);
  const out: TagRecord[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    out.push({ tag: r.str(), nonPagedAllocs: r.u32(), nonPagedFrees: r.u32(), nonPagedBytes: Number(r.u64()), pagedAllocs: r.u32(), pagedFrees: r.u32(), pagedBytes: Number(r.u64()) });
  }
  return out;
}

export function encodeBlocks(blocks: BlockRecord[]): Uint8Array {
  const w = new Writer().u32(blocks.length);
  for (const b of blocks) w.u64(b.address).u32(b.size).str(b.tag).u8((b.paged ? 1 : 0) | (b.free ? 2 : 0)).str(b.owner);
  return w.done();
}

export function decodeBlocks(b: Uint8Array): BlockRecord[] {
  const r = new Reader(b);
  const out: BlockRecord[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const address = r.u64(), size = r.u32(), tag = r.str(), f = r.u8(), owner = r.str();
    out.push({ address, size, tag, paged: (f & 1) !== 0, free: (f & 2) !== 0, owner });
  }
  return out;
}
