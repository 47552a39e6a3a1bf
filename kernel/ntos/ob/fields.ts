// Reading and writing members of structures in system memory by their C member paths, with offsets and sizes
// from the layout table (never typed here): body(k, 'IRP', irp).set('IoStatus.Status', status).
import type { SystemMemory } from '../../../main/machine/memory.ts';
import type { Layouts } from '../../layout/layouts.ts';
import { struct, type StructAccessor } from '../../layout/access.ts';

export class Body {
  constructor(readonly mem: SystemMemory, readonly s: StructAccessor, readonly at: number) {}

  /** Address of a member. */
  addr(path: string): number { return this.at + this.s.field(path); }

  /** A member as a number (integers up to 32 bits, pointers) or bigint (64-bit members). */
  get(path: string): number {
    const f = this.s.info(path);
    const a = this.at + f.offset;
    let v: number;
    switch (f.size) {
      case 1: v = this.mem.readU8(a); break;
      case 2: v = this.mem.readU16(a); break;
      case 4: v = this.mem.readU32(a); break;
      case 8: v = Number(BigInt.asUintN(53, this.mem.readU64(a))); break;
      default: throw new Error(`${this.s.name}.${path} is ${f.size} bytes, not a scalar`);
    }
    if (f.bitSize !== undefined) v = (v >>> (f.bitOffset ?? 0)) & ((1 << f.bitSize) - 1);
    return v;
  }

  /** A signed 32-bit member (NTSTATUS, LONG). */
  getI32(path: string): number { return this.get(path) | 0; }

  get64(path: string): bigint { return this.mem.readU64(this.addr(path)); }

  set(path: string, value: number | bigint): this {
    const f = this.s.info(path);
    const a = this.at + f.offset;
    if (f.bitSize !== undefined) {
      const mask = ((1 << f.bitSize) - 1) << (f.bitOffset ?? 0);
      const old = f.size === 1 ? this.mem.readU8(a) : f.size === 2 ? this.mem.readU16(a) : this.mem.readU32(a);
      const nv = (old & ~mask) | ((Number(value) << (f.bitOffset ?? 0)) & mask);
      if (f.size === 1) this.mem.writeU8(a, nv); else if (f.size === 2) this.mem.writeU16(a, nv); else this.mem.writeU32(a, nv);
      return this;
    }
    switch (f.size) {
      case 1: this.mem.writeU8(a, Number(value) & 0xff); break;
      case 2: this.mem.writeU16(a, Number(value) & 0xffff); break;
      case 4: this.mem.writeU32(a, Number(BigInt.asUintN(32, BigInt(value)))); break;
      case 8: this.mem.writeU64(a, BigInt(value)); break;
      default: throw new Error(`${this.s.name}.${path} is ${f.size} bytes, not a scalar`);
    }
    return this;
  }

  zero(): this { this.mem.u8.fill(0, this.at, this.at + this.s.size); return this; }
}

/** Accessors by structure name, cached per layout table. */
export class Structs {
  private readonly cache = new Map<string, StructAccessor>();
  constructor(readonly layouts: Layouts, readonly mem: SystemMemory) {}
  get(name: string): StructAccessor {
    let s = this.cache.get(name);
    if (!s) { s = struct(this.layouts, name); this.cache.set(name, s); }
    return s;
  }
  size(name: string): number { return this.get(name).size; }
  at(name: string, address: number): Body { return new Body(this.mem, this.get(name), address); }
}
