// The header of a table the kernel publishes in nt's data for a debugger extension (nt!PsActiveProcessHead,
// nt!ObpRootDirectoryObject, nt!PoolTrackTable …): the symbol's address holds the byte count of the encoded table
// and the VA where it lies. The stub rewrites both each time it stops the target; the host reads the header,
// then the table, with ReadVirtualMemory. Each area's table has its own codec (ntdata-ps.ts, ntdata-ob.ts …).
export const NT_TABLE_HEADER_SIZE = 16;

export interface NtTableHeader { length: number; address: bigint }

export function encodeTableHeader(h: NtTableHeader): Uint8Array {
  const out = new Uint8Array(NT_TABLE_HEADER_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, h.length, true);
  dv.setBigUint64(8, h.address, true);
  return out;
}

export function decodeTableHeader(b: Uint8Array): NtTableHeader | undefined {
  if (b.length < NT_TABLE_HEADER_SIZE) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, NT_TABLE_HEADER_SIZE);
  return { length: dv.getUint32(0, true), address: dv.getBigUint64(8, true) };
}
