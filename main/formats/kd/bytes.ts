// Little-endian writer and reader for KD payloads.
export class Writer {
  private buf = new Uint8Array(256);
  private dv = new DataView(this.buf.buffer);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    b.set(this.buf); this.buf = b; this.dv = new DataView(b.buffer);
  }
  u8(v: number): this { this.room(1); this.dv.setUint8(this.length, v); this.length += 1; return this; }
  u16(v: number): this { this.room(2); this.dv.setUint16(this.length, v, true); this.length += 2; return this; }
  u32(v: number): this { this.room(4); this.dv.setUint32(this.length, v >>> 0, true); this.length += 4; return this; }
  u64(v: bigint | number): this { this.room(8); this.dv.setBigUint64(this.length, BigInt.asUintN(64, BigInt(v)), true); this.length += 8; return this; }
  f64(v: number): this { this.room(8); this.dv.setFloat64(this.length, v, true); this.length += 8; return this; }
  bytes(b: Uint8Array): this { this.room(b.length); this.buf.set(b, this.length); this.length += b.length; return this; }
  /** A length-prefixed UTF-8 string. */
  str(s: string): this { const b = new TextEncoder().encode(s); this.u16(b.length); return this.bytes(b); }
  done(): Uint8Array { return this.buf.slice(0, this.length); }
}

export class Reader {
  private readonly dv: DataView;
  pos = 0;
  constructor(readonly data: Uint8Array) { this.dv = new DataView(data.buffer, data.byteOffset, data.byteLength); }
  get left(): number { return this.data.length - this.pos; }
  private need(n: number): void { if (this.pos + n > this.data.length) throw new RangeError('KD payload is truncated'); }
  u8(): number { this.need(1); return this.dv.getUint8(this.pos++); }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.dv.getBigUint64(this.pos, true); this.pos += 8; return v; }
  f64(): number { this.need(8); const v = this.dv.getFloat64(this.pos, true); this.pos += 8; return v; }
  bytes(n: number): Uint8Array { this.need(n); const b = this.data.slice(this.pos, this.pos + n); this.pos += n; return b; }
  str(): string { const n = this.u16(); return new TextDecoder().decode(this.bytes(n)); }
  rest(): Uint8Array { return this.bytes(this.left); }
}
