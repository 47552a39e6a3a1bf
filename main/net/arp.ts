// ARP for IPv4 over Ethernet: request/reply packets and the neighbour cache (`arp -a`'s table).
import { be16, be32, put16, put32, type Ip } from './addr.ts';

export const ARP_REQUEST = 1, ARP_REPLY = 2;
export interface ArpPacket { op: number; senderMac: Uint8Array; senderIp: Ip; targetMac: Uint8Array; targetIp: Ip }

export function buildArp(p: ArpPacket): Uint8Array {
  const b = new Uint8Array(28);
  put16(b, 0, 1); put16(b, 2, 0x0800); b[4] = 6; b[5] = 4; put16(b, 6, p.op);
  b.set(p.senderMac, 8); put32(b, 14, p.senderIp); b.set(p.targetMac, 18); put32(b, 24, p.targetIp);
  return b;
}

export function parseArp(b: Uint8Array): ArpPacket | undefined {
  if (b.length < 28 || be16(b, 0) !== 1 || be16(b, 2) !== 0x0800 || b[4] !== 6 || b[5] !== 4) return undefined;
  return { op: be16(b, 6), senderMac: b.slice(8, 14), senderIp: be32(b, 14), targetMac: b.slice(18, 24), targetIp: be32(b, 24) };
}

export interface ArpEntry { ip: Ip; mac: Uint8Array; expires: number }

/** Learned neighbours; entries are reachable for a while (Windows keeps them 15-45 s; we use 30 s), then re-resolved. */
export class ArpCache {
  static readonly LIFETIME_MS = 30_000;
  private readonly map = new Map<Ip, ArpEntry>();
  lookup(ip: Ip, now: number): Uint8Array | undefined {
    const e = this.map.get(ip);
    if (!e) return undefined;
    if (e.expires <= now) { this.map.delete(ip); return undefined; }
    return e.mac;
  }
  learn(ip: Ip, mac: Uint8Array, now: number): void { this.map.set(ip, { ip, mac: mac.slice(), expires: now + ArpCache.LIFETIME_MS }); }
  entries(now: number): ArpEntry[] { return [...this.map.values()].filter((e) => e.expires > now); }
  clear(): void { this.map.clear(); }
}
