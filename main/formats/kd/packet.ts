// KD packets on the wire: a 16-byte header (leader, type, byte count, id, checksum of the data), the data, and a
// trailing 0xAA for data packets. The parser takes a byte stream (KDCOM) or datagrams (KDNET) and yields packets,
// break-in bytes and malformed packets (so the port can ask for a resend).
import {
  BREAKIN_PACKET_BYTE, CONTROL_PACKET_LEADER, CONTROL_PACKET_LEADER_BYTE, HEADER_SIZE, PACKET_LEADER, PACKET_LEADER_BYTE,
  PACKET_MAX_SIZE, PACKET_TRAILING_BYTE,
} from './constants.ts';

export interface Packet { control: boolean; type: number; id: number; data: Uint8Array }

export function checksum(data: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s = (s + data[i]!) >>> 0;
  return s;
}

export function encodePacket(p: Packet): Uint8Array {
  const n = p.control ? 0 : p.data.length;
  if (n > PACKET_MAX_SIZE) throw new RangeError(`KD packet data of ${n} bytes exceeds PACKET_MAX_SIZE`);
  const out = new Uint8Array(HEADER_SIZE + n + (p.control ? 0 : 1));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, p.control ? CONTROL_PACKET_LEADER : PACKET_LEADER, true);
  dv.setUint16(4, p.type, true);
  dv.setUint16(6, n, true);
  dv.setUint32(8, p.id >>> 0, true);
  dv.setUint32(12, p.control ? 0 : checksum(p.data), true);
  if (!p.control) { out.set(p.data, HEADER_SIZE); out[HEADER_SIZE + n] = PACKET_TRAILING_BYTE; }
  return out;
}

export type ParsedItem =
  | { kind: 'packet'; packet: Packet }
  | { kind: 'break-in' }
  /** A data packet whose checksum, trailer or size is wrong: the receiver asks for a resend. */
  | { kind: 'bad'; why: string };

/** Incremental parser: feed bytes, get packets. Bytes outside a packet are skipped (line noise), except 0x62. */
export class PacketParser {
  private buf = new Uint8Array(0);

  feed(bytes: Uint8Array): ParsedItem[] {
    const joined = new Uint8Array(this.buf.length + bytes.length);
    joined.set(this.buf); joined.set(bytes, this.buf.length);
    const out: ParsedItem[] = [];
    let i = 0;
    while (i < joined.length) {
      const b = joined[i]!;
      if (b !== PACKET_LEADER_BYTE && b !== CONTROL_PACKET_LEADER_BYTE) {
        if (b === BREAKIN_PACKET_BYTE) out.push({ kind: 'break-in' });
        i++;
        continue;
      }
      // A leader is four equal bytes; fewer is noise (or a leader still arriving).
      let run = 0;
      while (run < 4 && i + run < joined.length && joined[i + run] === b) run++;
      if (run < 4) { if (i + run >= joined.length) break; i += run; continue; }
      if (joined.length - i < HEADER_SIZE) break;
      const dv = new DataView(joined.buffer, joined.byteOffset + i, HEADER_SIZE);
      const control = b === CONTROL_PACKET_LEADER_BYTE;
      const type = dv.getUint16(4, true), count = dv.getUint16(6, true), id = dv.getUint32(8, true), sum = dv.getUint32(12, true);
      if (control) { out.push({ kind: 'packet', packet: { control, type, id, data: new Uint8Array(0) } }); i += HEADER_SIZE; continue; }
      if (count > PACKET_MAX_SIZE) { out.push({ kind: 'bad', why: 'byte count too large' }); i += 4; continue; }
      if (joined.length - i < HEADER_SIZE + count + 1) break;
      const data = joined.slice(i + HEADER_SIZE, i + HEADER_SIZE + count);
      const trailer = joined[i + HEADER_SIZE + count];
      if (trailer !== PACKET_TRAILING_BYTE) { out.push({ kind: 'bad', why: 'missing trailing byte' }); i += 4; continue; }
      if (checksum(data) !== sum) { out.push({ kind: 'bad', why: 'checksum mismatch' }); i += HEADER_SIZE + count + 1; continue; }
      out.push({ kind: 'packet', packet: { control, type, id, data } });
      i += HEADER_SIZE + count + 1;
    }
    this.buf = joined.slice(i);
    return out;
  }

  reset(): void { this.buf = new Uint8Array(0); }
}
