// KD datagrams larger than an Ethernet frame carries (a 4000-byte memory read sealed for KDNET) go over UDP in
// pieces: each piece has a small header (message id, index, count) and the receiver delivers the datagram once all
// pieces of one id arrived. A lost piece loses the datagram; the KD port's resend covers it.
export const FRAGMENT_PAYLOAD = 1400;
const HEAD = 6; // 'K' 'F' id:u16 index:u8 count:u8

export class Fragmenter {
  private nextId = 0;
  split(d: Uint8Array): Uint8Array[] {
    const id = this.nextId = (this.nextId + 1) & 0xffff;
    const count = Math.max(1, Math.ceil(d.length / FRAGMENT_PAYLOAD));
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const body = d.subarray(i * FRAGMENT_PAYLOAD, (i + 1) * FRAGMENT_PAYLOAD);
      const f = new Uint8Array(HEAD + body.length);
      f.set([0x4b, 0x46, id >> 8, id & 0xff, i, count]);
      f.set(body, HEAD);
      out.push(f);
    }
    return out;
  }
}

export class Reassembler {
  private id = -1;
  private parts: (Uint8Array | undefined)[] = [];
  /** The whole datagram when `f` completes one; undefined while pieces are missing or `f` is not a fragment. */
  add(f: Uint8Array): Uint8Array | undefined {
    if (f.length < HEAD || f[0] !== 0x4b || f[1] !== 0x46) return undefined;
    const id = (f[2]! << 8) | f[3]!, index = f[4]!, count = f[5]!;
    if (count === 0 || index >= count) return undefined;
    if (id !== this.id || this.parts.length !== count) { this.id = id; this.parts = new Array(count).fill(undefined); }
    this.parts[index] = f.slice(HEAD);
    if (this.parts.some((p) => !p)) return undefined;
    const total = this.parts.reduce((n, p) => n + p!.length, 0);
    const whole = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) { whole.set(p!, at); at += p!.length; }
    this.id = -1; this.parts = [];
    return whole;
  }
}
