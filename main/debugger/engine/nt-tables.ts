// The variable-length tables the stub publishes in nt's data (ntdata-table.ts headers): processes and threads,
// the object namespace, pool tags and blocks. Read only through ReadVirtualMemory, like any target memory.
import { decodeTableHeader, NT_TABLE_HEADER_SIZE } from '../../formats/kd/ntdata-table.ts';
import { decodeProcesses, PS_ACTIVE_PROCESS_HEAD, type ProcessRecord } from '../../formats/kd/ntdata-ps.ts';
import { decodeObjects, OBP_ROOT_DIRECTORY_OBJECT, type ObjectRecord } from '../../formats/kd/ntdata-ob.ts';
import { decodeBlocks, decodeTags, POOL_BLOCK_TABLE, POOL_TRACK_TABLE, type BlockRecord, type TagRecord } from '../../formats/kd/ntdata-pool.ts';
import type { KdSession } from './session.ts';

/** What WinDbg says when nt's symbols do not lead to the data an extension needs. */
export const BAD_NT_SYMBOLS = 'NT symbols are incorrect, please fix symbols';

async function readTable(s: KdSession, symbol: string): Promise<Uint8Array | undefined> {
  const at = s.resolveName(`nt!${symbol}`);
  if (at === undefined) return undefined;
  const h = decodeTableHeader((await s.memory.read(at, NT_TABLE_HEADER_SIZE)) ?? new Uint8Array(0));
  if (!h || !h.address || !h.length) return undefined;
  const b = await s.memory.read(h.address, h.length);
  return b && b.length === h.length ? b : undefined;
}

export async function readProcesses(s: KdSession): Promise<ProcessRecord[] | undefined> {
  const b = await readTable(s, PS_ACTIVE_PROCESS_HEAD);
  return b && decodeProcesses(b);
}
export async function readObjects(s: KdSession): Promise<ObjectRecord[] | undefined> {
  const b = await readTable(s, OBP_ROOT_DIRECTORY_OBJECT);
  return b && decodeObjects(b);
}
export async function readPoolTags(s: KdSession): Promise<TagRecord[] | undefined> {
  const b = await readTable(s, POOL_TRACK_TABLE);
  return b && decodeTags(b);
}
export async function readPoolBlocks(s: KdSession): Promise<BlockRecord[] | undefined> {
  const b = await readTable(s, POOL_BLOCK_TABLE);
  return b && decodeBlocks(b);
}
