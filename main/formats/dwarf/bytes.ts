// A little-endian cursor over one DWARF section: fixed ints, LEB128, C strings.
export class ByteReader {
  private view: DataView;
  pos: number;
  constructor(readonly bytes: Uint8Array, pos = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }
  get done(): boolean { return this.pos >= this.bytes.length; }
  u8(): number { return this.view.getUint8(this.pos++); }
  i8(): number { return this.view.getInt8(this.pos++); }
  u16(): number { const v = this.view.getUint16(this.pos, true); this.pos += 2; return v; }
  i16(): number { const v = this.view.getInt16(this.pos, true); this.pos += 2; return v; }
  u24(): number { const v = this.view.getUint16(this.pos, true) | (this.view.getUint8(this.pos + 2) << 16); this.pos += 3; return v; }
  u32(): number { const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  i32(): number { const v = this.view.getInt32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return v; }
  i64(): bigint { const v = this.view.getBigInt64(this.pos, true); this.pos += 8; return v; }
  /** An 8-byte value as a number when it fits (offsets and sizes always do here). */
  u64n(): number { return Number(this.u64()); }
  uN(size: number): number {
    switch (size) { case 1: return this.u8(); case 2: return this.u16(); case 4: return this.u32(); case 8: return this.u64n(); }
    throw new Error(`unsupported size ${size}`);
  }
  uleb(): number { return Number(this.ulebBig()); }
  ulebBig(): bigint {
    let result = 0n, shift = 0n, b: number;
    do { b = this.u8(); result |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
    return result;
  }
  sleb(): number { return Number(this.slebBig()); }
  slebBig(): bigint {
    let result = 0n, shift = 0n, b: number;
    do { b = this.u8(); result |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  cstr(): string {
    const end = this.bytes.indexOf(0, this.pos);
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, end < 0 ? this.bytes.length : end));
    this.pos = end < 0 ? this.bytes.length : end + 1;
    return s;
  }
  take(n: number): Uint8Array { const b = this.bytes.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  /** A unit's initial length: returns the length and whether the 64-bit DWARF format is in use. */
  initialLength(): { length: number; offsetSize: 4 | 8 } {
    const l = this.u32();
    if (l === 0xffffffff) return { length: this.u64n(), offsetSize: 8 };
    return { length: l, offsetSize: 4 };
  }
}

/** A NUL-terminated string at an offset in a string section. */
export function cstrAt(section: Uint8Array, offset: number): string {
  return new ByteReader(section, offset).cstr();
}
