// The machine's one system address space: a fixed-size linear memory shared by every kernel image, with the first
// 64 KiB never mapped (so NULL dereferences fault) and a page allocator for images and thread stacks.
// Learners see 64-bit kernel addresses: VA = SYSTEM_VA_BASE + offset.

export const SYSTEM_VA_BASE = 0xfffff801_00000000n;
export const PAGE_SIZE = 0x1000;
/** Accesses below this offset fault, as the first 64 KiB of a Windows address space is never mapped. */
export const NULL_GUARD = 0x10000;
export const DEFAULT_MEMORY_SIZE = 64 * 1024 * 1024;

/** Thrown by checked host-side accesses; the processor turns it into STATUS_ACCESS_VIOLATION. */
export class MemoryFault extends Error {
  constructor(readonly address: number, readonly write: boolean) {
    super(`access violation ${write ? 'writing' : 'reading'} 0x${address.toString(16)}`);
    this.name = 'MemoryFault';
  }
}

export class SystemMemory {
  readonly buffer: ArrayBuffer;
  readonly size: number;
  readonly u8: Uint8Array; readonly i8: Int8Array; readonly u16: Uint16Array; readonly i16: Int16Array;
  readonly i32: Int32Array; readonly u32: Uint32Array; readonly i64: BigInt64Array; readonly f32: Float32Array; readonly f64: Float64Array;
  readonly dv: DataView;

  constructor(size = DEFAULT_MEMORY_SIZE) {
    if (size % 65536 !== 0 || size <= NULL_GUARD || size > 2 ** 31) throw new RangeError('memory size must be a multiple of 64 KiB, above 64 KiB and at most 2 GiB');
    this.size = size;
    this.buffer = new ArrayBuffer(size);
    this.u8 = new Uint8Array(this.buffer); this.i8 = new Int8Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer); this.i16 = new Int16Array(this.buffer);
    this.i32 = new Int32Array(this.buffer); this.u32 = new Uint32Array(this.buffer); this.i64 = new BigInt64Array(this.buffer);
    this.f32 = new Float32Array(this.buffer); this.f64 = new Float64Array(this.buffer);
    this.dv = new DataView(this.buffer);
  }

  /** Whether [offset, offset+length) is mapped (past the NULL guard, inside the memory). */
  isMapped(offset: number, length = 1): boolean {
    return Number.isInteger(offset) && offset >= NULL_GUARD && length >= 0 && offset + length <= this.size;
  }
  check(offset: number, length: number, write: boolean): void {
    if (!this.isMapped(offset, length)) throw new MemoryFault(offset < NULL_GUARD || !Number.isInteger(offset) ? offset : Math.max(offset, this.size), write);
  }

  /** Checked accessors for host routines (faults become access violations in the calling thread). */
  read(offset: number, length: number): Uint8Array { this.check(offset, length, false); return this.u8.slice(offset, offset + length); }
  write(offset: number, data: Uint8Array): void { this.check(offset, data.length, true); this.u8.set(data, offset); }
  readU8(o: number): number { this.check(o, 1, false); return this.u8[o]!; }
  readU16(o: number): number { this.check(o, 2, false); return this.dv.getUint16(o, true); }
  readU32(o: number): number { this.check(o, 4, false); return this.dv.getUint32(o, true); }
  readI32(o: number): number { this.check(o, 4, false); return this.dv.getInt32(o, true); }
  readU64(o: number): bigint { this.check(o, 8, false); return this.dv.getBigUint64(o, true); }
  writeU8(o: number, v: number): void { this.check(o, 1, true); this.u8[o] = v; }
  writeU16(o: number, v: number): void { this.check(o, 2, true); this.dv.setUint16(o, v, true); }
  writeU32(o: number, v: number): void { this.check(o, 4, true); this.dv.setUint32(o, v >>> 0, true); }
  writeU64(o: number, v: bigint): void { this.check(o, 8, true); this.dv.setBigUint64(o, BigInt.asUintN(64, v), true); }
  /** A NUL-terminated 8-bit string (at most `max` bytes). */
  readCString(o: number, max = 4096): string {
    let s = '';
    for (let i = 0; i < max; i++) { const c = this.readU8(o + i); if (c === 0) break; s += String.fromCharCode(c); }
    return s;
  }
  /** A NUL-terminated UTF-16 string (at most `max` characters). */
  readWString(o: number, max = 4096): string {
    let s = '';
    for (let i = 0; i < max; i++) { const c = this.readU16(o + 2 * i); if (c === 0) break; s += String.fromCharCode(c); }
    return s;
  }
}

/** 64-bit kernel VA of a system-space offset. */
export function toVA(offset: number): bigint { return SYSTEM_VA_BASE + BigInt(offset >>> 0); }
/** System-space offset of a VA, or undefined if the VA is not in system space. */
export function fromVA(va: bigint): number | undefined {
  const o = va - SYSTEM_VA_BASE;
  return o >= 0n && o < 0x1_0000_0000n ? Number(o) : undefined;
}
/** The debugger's 64-bit address format: fffff801`12340000. */
export function formatVA(va: bigint): string {
  const h = BigInt.asUintN(64, va).toString(16).padStart(16, '0');
  return `${h.slice(0, 8)}\`${h.slice(8)}`;
}

/**
 * First-fit page allocator over [start, end) of system space. Used for image mappings and thread stacks;
 * the executive's pools take their own regions from it.
 */
export class PageAllocator {
  private free: { start: number; size: number }[];
  private readonly used = new Map<number, number>();

  constructor(readonly start: number, readonly end: number) {
    if (start % PAGE_SIZE || end % PAGE_SIZE || end <= start) throw new RangeError('allocator range must be page aligned');
    this.free = [{ start, size: end - start }];
  }

  /** Allocate `size` bytes (rounded up to pages); undefined when no range is large enough. */
  alloc(size: number, align = PAGE_SIZE): number | undefined {
    const n = Math.max(PAGE_SIZE, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i]!;
      const a = Math.ceil(f.start / align) * align;
      if (a + n > f.start + f.size) continue;
      const before = { start: f.start, size: a - f.start }, after = { start: a + n, size: f.start + f.size - a - n };
      this.free.splice(i, 1, ...[before, after].filter((r) => r.size > 0));
      this.used.set(a, n);
      return a;
    }
    return undefined;
  }

  /** Size of the allocation at `start`, if any. */
  sizeOf(start: number): number | undefined { return this.used.get(start); }

  release(start: number): boolean {
    const n = this.used.get(start);
    if (n === undefined) return false;
    this.used.delete(start);
    this.free.push({ start, size: n });
    this.free.sort((a, b) => a.start - b.start);
    const merged: { start: number; size: number }[] = [];
    for (const f of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.start + last.size === f.start) last.size += f.size; else merged.push({ ...f });
    }
    this.free = merged;
    return true;
  }

  /** Allocations in address order (for state out and diagnostics). */
  allocations(): { start: number; size: number }[] {
    return [...this.used].map(([start, size]) => ({ start, size })).sort((a, b) => a.start - b.start);
  }
}
