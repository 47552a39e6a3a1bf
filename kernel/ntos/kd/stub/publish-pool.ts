// The pool publisher: nt!PoolTrackTable (usage per tag, for !poolused) and nt!PoolBigPageTable (every block the
// pools know, live or freed, in address order, for !pool), from the executive's pool records (ntdata-pool.ts).
import { encodeBlocks, encodeTags, POOL_BLOCK_TABLE, POOL_TRACK_TABLE, type BlockRecord } from '../../../../main/formats/kd/ntdata-pool.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import { tagText } from '../../ex/pool.ts';
import { POOL_GRANULE } from '../../ex/arena.ts';
import type { Kernel } from '../../kernel.ts';
import type { KdPublisher } from './publishers.ts';
import { TABLE_HEADER_SIZE, writeTable } from './publish-table.ts';

/** Freed blocks kept in the table (the most recent): enough for !pool on a block just freed, bounded for a long run. */
const MAX_FREED = 4096;

function refresh(k: Kernel, at: (name: string) => number): void {
  writeTable(k, at(POOL_TRACK_TABLE), encodeTags(k.pool.usageByTag()));
  const blocks: BlockRecord[] = k.pool.allBlocks(MAX_FREED).map(({ block: b, free }) => ({
    address: toVA(b.address), size: Math.max(POOL_GRANULE, Math.ceil(b.size / POOL_GRANULE) * POOL_GRANULE), tag: tagText(b.tag), paged: b.paged, free, owner: b.owner ?? '',
  }));
  writeTable(k, at(POOL_BLOCK_TABLE), encodeBlocks(blocks));
}

export const poolPublisher: KdPublisher = {
  file: 'ntoskrnl.exe',
  symbols: [{ name: POOL_TRACK_TABLE, size: TABLE_HEADER_SIZE }, { name: POOL_BLOCK_TABLE, size: TABLE_HEADER_SIZE }],
  refresh,
};
