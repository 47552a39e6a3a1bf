// TCP segment headers (20 bytes; the only option sent is the MSS on SYN).
import { be16, be32, checksum, onesSum, put16, put32, type Ip } from './addr.ts';
import { IPPROTO_TCP, pseudoSum } from './ipv4.ts';

export const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

export interface Segment { srcPort: number; dstPort: number; seq: number; ack: number; flags: number; window: number; mss?: number; data: Uint8Array }

export function buildSegment(src: Ip, dst: Ip, s: Segment): Uint8Array {
  const hl = s.mss !== undefined ? 24 : 20;
  const b = new Uint8Array(hl + s.data.length);
  put16(b, 0, s.srcPort); put16(b, 2, s.dstPort); put32(b, 4, s.seq >>> 0); put32(b, 8, s.ack >>> 0);
  b[12] = (hl / 4) << 4; b[13] = s.flags; put16(b, 14, Math.min(0xffff, s.window));
  if (s.mss !== undefined) { b[20] = 2; b[21] = 4; put16(b, 22, s.mss); }
  b.set(s.data, hl);
  put16(b, 16, checksum(b, 0, b.length, pseudoSum(src, dst, IPPROTO_TCP, b.length)));
  return b;
}

export function parseSegment(src: Ip, dst: Ip, b: Uint8Array): Segment | undefined {
  if (b.length < 20) return undefined;
  const hl = (b[12]! >> 4) * 4;
  if (hl < 20 || hl > b.length) return undefined;
  if ((~onesSum(b, 0, b.length, pseudoSum(src, dst, IPPROTO_TCP, b.length)) & 0xffff) !== 0) return undefined;
  let mss: number | undefined;
  for (let o = 20; o < hl;) {
    const kind = b[o]!;
    if (kind === 0) break;
    if (kind === 1) { o++; continue; }
    const len = b[o + 1] ?? 0;
    if (len < 2) break;
    if (kind === 2 && len === 4) mss = be16(b, o + 2);
    o += len;
  }
  return { srcPort: be16(b, 0), dstPort: be16(b, 2), seq: be32(b, 4), ack: be32(b, 8), flags: b[13]!, window: be16(b, 14), mss, data: b.subarray(hl) };
}
