// Ethernet II frames: destination MAC, source MAC, EtherType, payload (no FCS: the virtual wire does not corrupt).
import { be16, put16 } from './addr.ts';

export const ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_ARP = 0x0806;
export const ETH_HEADER = 14, ETH_MIN_FRAME = 60, ETH_MTU = 1500;

export interface EthFrame { dst: Uint8Array; src: Uint8Array; type: number; payload: Uint8Array }

export function buildFrame(dst: Uint8Array, src: Uint8Array, type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(Math.max(ETH_MIN_FRAME, ETH_HEADER + payload.length)); // short frames are padded
  f.set(dst, 0); f.set(src, 6); put16(f, 12, type); f.set(payload, ETH_HEADER);
  return f;
}

export function parseFrame(f: Uint8Array): EthFrame | undefined {
  if (f.length < ETH_HEADER) return undefined;
  return { dst: f.subarray(0, 6), src: f.subarray(6, 12), type: be16(f, 12), payload: f.subarray(ETH_HEADER) };
}
