// A variable-length table a publisher keeps in pages of its own: the 16-byte header at the symbol (ntdata-table.ts)
// says where the encoded table lies and how long it is. The pages are reused while the table fits and replaced
// by larger ones when it grows.
import { encodeTableHeader, NT_TABLE_HEADER_SIZE } from '../../../../main/formats/kd/ntdata-table.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Kernel } from '../../kernel.ts';

export const TABLE_HEADER_SIZE = NT_TABLE_HEADER_SIZE;

const spaces = new WeakMap<Kernel, Map<number, { at: number; capacity: number }>>();

/** Write `bytes` as the table whose header is at system-space offset `header`. */
export function writeTable(k: Kernel, header: number, bytes: Uint8Array): void {
  let byHeader = spaces.get(k);
  if (!byHeader) spaces.set(k, byHeader = new Map());
  let s = byHeader.get(header);
  if (!s || s.capacity < bytes.length) {
    if (s) k.pages.release(s.at);
    byHeader.delete(header);
    const capacity = Math.ceil((bytes.length * 1.5 + 1) / 0x1000) * 0x1000;
    const at = k.pages.alloc(capacity);
    if (at === undefined) { k.memory.u8.set(encodeTableHeader({ length: 0, address: 0n }), header); return; }
    byHeader.set(header, s = { at, capacity });
  }
  k.memory.u8.set(bytes, s.at);
  k.memory.u8.set(encodeTableHeader({ length: bytes.length, address: toVA(s.at) }), header);
}
