// A cursor over wasm binary bytes: LEB128 integers, floats, names. Every read is bounds-checked and
// throws WasmFormatError, so a truncated or corrupt image is reported, never read past its end.

export class WasmFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte 0x${offset.toString(16)})`);
    this.name = 'WasmFormatError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  pos: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never { throw new WasmFormatError(message, this.pos); }
  get done(): boolean { return this.pos >= this.end; }

  private need(n: number): void { if (this.pos + n > this.end) this.fail('unexpected end of data'); }

  u8(): number { this.need(1); return this.bytes[this.pos++]!; }

  u32(): number {
    let result = 0, shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28 && (b & 0x70) !== 0) this.fail('u32 LEB128 out of range');
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) this.fail('u32 LEB128 too long');
    }
  }

  s32(): number {
    let result = 0, shift = 0, b: number;
    do {
      b = this.u8();
      if (shift === 28) {
        // The last byte holds 4 value bits; the rest must be the sign extension.
        const top = b & 0x78;
        if ((b & 0x80) !== 0 || (top !== 0 && top !== 0x78)) this.fail('s32 LEB128 out of range');
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) !== 0);
    if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }

  s64(): bigint {
    let result = 0n, shift = 0n, b: number;
    do {
      b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 70n) this.fail('s64 LEB128 too long');
    } while ((b & 0x80) !== 0);
    if (shift < 64n && (b & 0x40) !== 0) result |= -1n << shift;
    return BigInt.asIntN(64, result);
  }

  /** A signed 33-bit LEB (block types): small negatives are value types, non-negatives type indices. */
  s33(): number {
    let result = 0, mul = 1, b: number;
    do {
      b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (mul > 2 ** 35) this.fail('s33 LEB128 too long');
    } while ((b & 0x80) !== 0);
    if ((b & 0x40) !== 0) result -= mul;
    return result;
  }

  f32(): number { this.need(4); const v = this.view.getFloat32(this.pos, true); this.pos += 4; return v; }
  f64(): number { this.need(8); const v = this.view.getFloat64(this.pos, true); this.pos += 8; return v; }

  bytesN(n: number): Uint8Array { this.need(n); const b = this.bytes.subarray(this.pos, this.pos + n); this.pos += n; return b; }

  name(): string {
    const n = this.u32();
    try { return utf8.decode(this.bytesN(n)); } catch (e) {
      if (e instanceof WasmFormatError) throw e;
      return this.fail('malformed UTF-8 name');
    }
  }

  vec<T>(item: () => T): T[] {
    const n = this.u32();
    if (n > this.end - this.pos) this.fail('vector length exceeds data');
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }
}
