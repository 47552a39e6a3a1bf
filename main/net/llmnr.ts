// Name resolution on the local link, LLMNR-style: a DNS-format query for an A record multicast to 224.0.0.252
// UDP 5355; the machine that owns the name answers by unicast. This is how `ping MyTestComputer` finds a target
// with no DNS server (Windows also falls back to NetBIOS; one mechanism is enough here).
import { be16, be32, parseIp, put16, put32, type Ip } from './addr.ts';

export const LLMNR_PORT = 5355;
export const LLMNR_GROUP: Ip = parseIp('224.0.0.252');
export const LLMNR_TTL_S = 30;

export interface NameMessage { id: number; response: boolean; name: string; address?: Ip }

function encodeName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.').filter(Boolean)) {
    const bytes = [...Buffer.from(label, 'utf8')].slice(0, 63);
    out.push(bytes.length, ...bytes);
  }
  out.push(0);
  return out;
}

export function buildNameMessage(m: NameMessage): Uint8Array {
  const q = encodeName(m.name);
  const answer = m.response && m.address !== undefined;
  const b = new Uint8Array(12 + q.length + 4 + (answer ? 16 : 0));
  put16(b, 0, m.id); put16(b, 2, m.response ? 0x8000 : 0); put16(b, 4, 1); put16(b, 6, answer ? 1 : 0);
  b.set(q, 12);
  let o = 12 + q.length;
  put16(b, o, 1); put16(b, o + 2, 1); o += 4;
  if (answer) {
    put16(b, o, 0xc00c); put16(b, o + 2, 1); put16(b, o + 4, 1); put32(b, o + 6, LLMNR_TTL_S); put16(b, o + 10, 4);
    put32(b, o + 12, m.address!);
  }
  return b;
}

export function parseNameMessage(b: Uint8Array): NameMessage | undefined {
  if (b.length < 12 || be16(b, 4) !== 1) return undefined;
  const labels: string[] = [];
  let o = 12;
  while (o < b.length && b[o] !== 0) {
    const n = b[o]!;
    if (n > 63 || o + 1 + n > b.length) return undefined;
    labels.push(Buffer.from(b.subarray(o + 1, o + 1 + n)).toString('utf8'));
    o += 1 + n;
  }
  o += 1 + 4;
  if (o > b.length) return undefined;
  const response = (be16(b, 2) & 0x8000) !== 0;
  const m: NameMessage = { id: be16(b, 0), response, name: labels.join('.') };
  if (response && be16(b, 6) >= 1 && o + 16 <= b.length && be16(b, o + 2) === 1 && be16(b, o + 10) === 4) m.address = be32(b, o + 12);
  return m;
}
