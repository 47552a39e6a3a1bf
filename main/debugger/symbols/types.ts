// The C type model the debugger shows (`dt`, `dv`, `??`), built from DWARF type DIEs.
// Objects may be cyclic (a struct holding a pointer to itself); they are built once per DIE and shared.
import { DW_AT, DW_ATE, DW_TAG } from '../../formats/dwarf/constants.ts';
import { Die } from '../../formats/dwarf/info.ts';

export type BaseEncoding = 'signed' | 'unsigned' | 'float' | 'bool' | 'char' | 'uchar' | 'wchar' | 'address';

export interface Member {
  name: string | undefined;      // undefined for an anonymous struct/union member
  /** Byte offset; for a bitfield, the offset of its storage unit (the declared type's size). */
  offset: number;
  type: CType;
  /** Bitfields only: bit position inside the storage unit and width in bits. */
  bitOffset?: number;
  bitSize?: number;
}
export interface Enumerator { name: string; value: bigint }

export type CType =
  | { kind: 'void' }
  | { kind: 'base'; name: string; size: number; encoding: BaseEncoding }
  | { kind: 'pointer'; size: number; target: CType }
  | { kind: 'struct' | 'union'; name: string | undefined; size: number; members: Member[]; declaration: boolean }
  | { kind: 'enum'; name: string | undefined; size: number; underlying: CType | undefined; enumerators: Enumerator[] }
  | { kind: 'typedef'; name: string; target: CType }
  | { kind: 'array'; element: CType; counts: number[]; size: number }
  | { kind: 'function'; returns: CType; params: CType[]; variadic: boolean }
  | { kind: 'const' | 'volatile' | 'restrict' | 'atomic'; target: CType };

export type StructType = Extract<CType, { kind: 'struct' | 'union' }>;
export type EnumType = Extract<CType, { kind: 'enum' }>;
export const VOID: CType = { kind: 'void' };

/** Strip typedefs and qualifiers. */
export function resolved(t: CType): CType {
  while (t.kind === 'typedef' || t.kind === 'const' || t.kind === 'volatile' || t.kind === 'restrict' || t.kind === 'atomic') t = t.target;
  return t;
}

export function sizeOf(t: CType): number {
  const r = resolved(t);
  switch (r.kind) {
    case 'void': case 'function': return 0;
    case 'base': case 'pointer': case 'struct': case 'union': case 'enum': case 'array': return r.size;
    default: return 0;
  }
}

/** The C spelling of a type ("struct _FOO *", "int [8]", "unsigned long"). */
export function cName(t: CType): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'base': return t.name;
    case 'typedef': return t.name;
    case 'struct': case 'union': return `${t.kind} ${t.name ?? '<unnamed-tag>'}`;
    case 'enum': return `enum ${t.name ?? '<unnamed-tag>'}`;
    case 'pointer': {
      const inner = cName(t.target);
      return t.target.kind === 'function' ? inner.replace('(*)', '(**)') : `${inner} *`;
    }
    case 'array': return `${cName(t.element)} ${t.counts.map((c) => `[${c}]`).join('')}`;
    case 'function': return `${cName(t.returns)} (*)(${t.params.map(cName).join(', ')}${t.variadic ? ', ...' : ''})`;
    default: return `${t.kind} ${cName(t.target)}`;
  }
}

function encodingOf(die: Die): BaseEncoding {
  const e = die.num(DW_AT.encoding);
  const name = die.name ?? '';
  switch (e) {
    case DW_ATE.float: case DW_ATE.complex_float: return 'float';
    case DW_ATE.boolean: return 'bool';
    case DW_ATE.signed_char: return 'char';
    case DW_ATE.unsigned_char: return 'uchar';
    case DW_ATE.UTF: return 'wchar';
    case DW_ATE.address: return 'address';
    case DW_ATE.unsigned: return name === 'wchar_t' ? 'wchar' : 'unsigned';
    default: return name === 'wchar_t' ? 'wchar' : 'signed';
  }
}

/** Builds (and caches) CType objects for type DIEs of one image. */
export class TypeBuilder {
  private cache = new Map<number, CType>();
  /** Type DIEs being built, outermost first: a type may refer back to itself only through a struct or union. */
  private building: { offset: number; aggregate: boolean }[] = [];

  of(die: Die | undefined): CType {
    if (!die) return VOID;
    // Damaged DWARF can make a typedef, pointer or qualifier its own target; left in, `resolved` would never end.
    const k = this.building.findIndex((b) => b.offset === die.offset);
    if (k >= 0 && !this.building.slice(k).some((b) => b.aggregate)) return VOID;
    const hit = this.cache.get(die.offset);
    if (hit) return hit;
    const aggregate = die.tag === DW_TAG.structure_type || die.tag === DW_TAG.union_type || die.tag === DW_TAG.class_type;
    this.building.push({ offset: die.offset, aggregate });
    try { return this.build(die); } finally { this.building.pop(); }
  }

  private build(die: Die): CType {
    switch (die.tag) {
      case DW_TAG.base_type: return this.put(die, { kind: 'base', name: die.name ?? '?', size: die.num(DW_AT.byte_size) ?? 0, encoding: encodingOf(die) });
      case DW_TAG.unspecified_type: return this.put(die, VOID);
      case DW_TAG.pointer_type: case DW_TAG.reference_type: {
        const t: CType = { kind: 'pointer', size: die.num(DW_AT.byte_size) ?? die.unit.addressSize, target: VOID };
        this.put(die, t);
        t.target = this.of(die.ref(DW_AT.type));
        return t;
      }
      case DW_TAG.typedef: {
        const t: CType = { kind: 'typedef', name: die.name ?? '?', target: VOID };
        this.put(die, t);
        t.target = this.of(die.ref(DW_AT.type));
        return t;
      }
      case DW_TAG.const_type: case DW_TAG.volatile_type: case DW_TAG.restrict_type: case DW_TAG.atomic_type: {
        const kind = die.tag === DW_TAG.const_type ? 'const' : die.tag === DW_TAG.volatile_type ? 'volatile' : die.tag === DW_TAG.restrict_type ? 'restrict' : 'atomic';
        const t: CType = { kind, target: VOID };
        this.put(die, t);
        t.target = this.of(die.ref(DW_AT.type));
        return t;
      }
      case DW_TAG.structure_type: case DW_TAG.union_type: case DW_TAG.class_type: {
        const t: CType = { kind: die.tag === DW_TAG.union_type ? 'union' : 'struct', name: die.name, size: die.num(DW_AT.byte_size) ?? 0, members: [], declaration: die.flag(DW_AT.declaration) };
        this.put(die, t);
        for (const c of die.children) if (c.tag === DW_TAG.member) t.members.push(this.member(c));
        return t;
      }
      case DW_TAG.enumeration_type: {
        const t: CType = { kind: 'enum', name: die.name, size: die.num(DW_AT.byte_size) ?? 4, underlying: undefined, enumerators: [] };
        this.put(die, t);
        if (die.has(DW_AT.type)) t.underlying = this.of(die.ref(DW_AT.type));
        for (const c of die.children) if (c.tag === DW_TAG.enumerator) t.enumerators.push({ name: c.name ?? '?', value: c.big(DW_AT.const_value) ?? 0n });
        return t;
      }
      case DW_TAG.array_type: {
        const t: CType = { kind: 'array', element: VOID, counts: [], size: 0 };
        this.put(die, t);
        t.element = this.of(die.ref(DW_AT.type));
        for (const c of die.children) {
          if (c.tag !== DW_TAG.subrange_type) continue;
          const count = c.num(DW_AT.count);
          const upper = c.num(DW_AT.upper_bound);
          t.counts.push(count ?? (upper !== undefined ? upper - (c.num(DW_AT.lower_bound) ?? 0) + 1 : 0));
        }
        t.size = die.num(DW_AT.byte_size) ?? t.counts.reduce((a, b) => a * b, sizeOf(t.element));
        return t;
      }
      case DW_TAG.subroutine_type: {
        const t: CType = { kind: 'function', returns: VOID, params: [], variadic: false };
        this.put(die, t);
        t.returns = this.of(die.ref(DW_AT.type));
        for (const c of die.children) {
          if (c.tag === DW_TAG.formal_parameter) t.params.push(this.of(c.ref(DW_AT.type)));
          else if (c.tag === DW_TAG.unspecified_parameters) t.variadic = true;
        }
        return t;
      }
    }
    return this.put(die, VOID);
  }

  private put(die: Die, t: CType): CType { this.cache.set(die.offset, t); return t; }

  private member(c: Die): Member {
    const type = this.of(c.ref(DW_AT.type));
    const bitSize = c.num(DW_AT.bit_size);
    if (bitSize === undefined) return { name: c.name, offset: c.num(DW_AT.data_member_location) ?? 0, type };
    // Bitfield: report the declared type's storage unit that holds it, and the position inside that unit.
    const unit = Math.max(1, sizeOf(type));
    let bit = c.num(DW_AT.data_bit_offset);
    if (bit === undefined) bit = (c.num(DW_AT.data_member_location) ?? 0) * 8; // clang's DWARF 5 always gives data_bit_offset
    const offset = Math.floor(bit / (unit * 8)) * unit;
    return { name: c.name, offset, type, bitOffset: bit - offset * 8, bitSize };
  }
}
