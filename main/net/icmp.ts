// ICMP echo request/reply and destination unreachable.
import { be16, checksum, put16 } from './addr.ts';

export const ICMP_ECHO_REPLY = 0, ICMP_UNREACHABLE = 3, ICMP_ECHO_REQUEST = 8;
export const UNREACH_HOST = 1, UNREACH_PORT = 3;

export interface IcmpMessage { type: number; code: number; rest: number; data: Uint8Array }

export function buildIcmp(m: IcmpMessage): Uint8Array {
  const b = new Uint8Array(8 + m.data.length);
  b[0] = m.type; b[1] = m.code;
  b[4] = m.rest >>> 24; b[5] = (m.rest >>> 16) & 255; b[6] = (m.rest >>> 8) & 255; b[7] = m.rest & 255;
  b.set(m.data, 8);
  put16(b, 2, checksum(b));
  return b;
}

export function parseIcmp(b: Uint8Array): IcmpMessage | undefined {
  if (b.length < 8 || checksum(b) !== 0) return undefined;
  return { type: b[0]!, code: b[1]!, rest: ((be16(b, 4) << 16) | be16(b, 6)) >>> 0, data: b.subarray(8) };
}

/** The 32 bytes Windows' ping sends: the alphabet a..w, then again from a. */
export function windowsPingPayload(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = 0x61 + (i % 23);
  return b;
}
