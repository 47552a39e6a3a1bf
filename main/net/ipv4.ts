// IPv4 headers (20 bytes, no options, no fragmentation: the don't-fragment bit is set and payloads fit the MTU).
import { be16, be32, checksum, put16, put32, type Ip } from './addr.ts';

export const IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17;
export const DEFAULT_TTL = 128; // Windows' default

export interface IpPacket { src: Ip; dst: Ip; protocol: number; ttl: number; id: number; payload: Uint8Array }

export function buildIp(p: IpPacket): Uint8Array {
  const b = new Uint8Array(20 + p.payload.length);
  b[0] = 0x45; put16(b, 2, b.length); put16(b, 4, p.id & 0xffff); put16(b, 6, 0x4000);
  b[8] = p.ttl; b[9] = p.protocol; put32(b, 12, p.src); put32(b, 16, p.dst);
  put16(b, 10, checksum(b, 0, 20));
  b.set(p.payload, 20);
  return b;
}

export function parseIp(b: Uint8Array): IpPacket | undefined {
  if (b.length < 20 || b[0]! >> 4 !== 4) return undefined;
  const ihl = (b[0]! & 15) * 4, total = be16(b, 2);
  if (ihl < 20 || total < ihl || total > b.length || checksum(b, 0, ihl) !== 0) return undefined;
  if (be16(b, 6) & 0x3fff) return undefined; // fragments are not reassembled
  return { src: be32(b, 12), dst: be32(b, 16), protocol: b[9]!, ttl: b[8]!, id: be16(b, 4), payload: b.subarray(ihl, total) };
}

/** Sum of the pseudo-header TCP and UDP checksums cover. */
export function pseudoSum(src: Ip, dst: Ip, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
