// UDP datagrams with the pseudo-header checksum.
import { be16, checksum, onesSum, put16, type Ip } from './addr.ts';
import { IPPROTO_UDP, pseudoSum } from './ipv4.ts';

export interface UdpDatagram { srcPort: number; dstPort: number; data: Uint8Array }

export function buildUdp(src: Ip, dst: Ip, d: UdpDatagram): Uint8Array {
  const b = new Uint8Array(8 + d.data.length);
  put16(b, 0, d.srcPort); put16(b, 2, d.dstPort); put16(b, 4, b.length);
  b.set(d.data, 8);
  const c = checksum(b, 0, b.length, pseudoSum(src, dst, IPPROTO_UDP, b.length));
  put16(b, 6, c === 0 ? 0xffff : c);
  return b;
}

export function parseUdp(src: Ip, dst: Ip, b: Uint8Array): UdpDatagram | undefined {
  if (b.length < 8) return undefined;
  const len = be16(b, 4);
  if (len < 8 || len > b.length) return undefined;
  if (be16(b, 6) !== 0 && (~onesSum(b, 0, len, pseudoSum(src, dst, IPPROTO_UDP, len)) & 0xffff) !== 0) return undefined;
  return { srcPort: be16(b, 0), dstPort: be16(b, 2), data: b.subarray(8, len) };
}
