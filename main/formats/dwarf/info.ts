// .debug_abbrev + .debug_info: compilation units as trees of DIEs, with attribute values resolved through
// the unit's string-offsets, address, range-list and location-list bases (DWARF 4 and 5 unit headers).
import { ByteReader, cstrAt } from './bytes.ts';
import { DW_AT, DW_FORM } from './constants.ts';

export interface DwarfSections {
  info: Uint8Array; abbrev: Uint8Array;
  str?: Uint8Array; line_str?: Uint8Array; str_offsets?: Uint8Array; addr?: Uint8Array;
  rnglists?: Uint8Array; loclists?: Uint8Array; line?: Uint8Array;
}

interface AbbrevAttr { at: number; form: number; implicit?: number }
interface Abbrev { tag: number; hasChildren: boolean; attrs: AbbrevAttr[] }

function parseAbbrevs(section: Uint8Array, offset: number): Map<number, Abbrev> {
  const r = new ByteReader(section, offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const at = r.uleb(), form = r.uleb();
      if (at === 0 && form === 0) break;
      attrs.push(form === DW_FORM.implicit_const ? { at, form, implicit: r.sleb() } : { at, form });
    }
    table.set(code, { tag, hasChildren, attrs });
  }
  return table;
}

/** A raw attribute: its form and the value as read (indexes such as strx/addrx are resolved on access). */
export interface RawAttr { form: number; value: number | bigint | string | boolean | Uint8Array }

export class Die {
  readonly children: Die[] = [];
  constructor(readonly unit: Unit, readonly offset: number, readonly tag: number,
    readonly attrs: Map<number, RawAttr>, readonly parent: Die | undefined) {}

  has(at: number): boolean { return this.attrs.has(at); }
  /** String-valued attribute (DW_AT_name, ...). */
  str(at: number): string | undefined {
    const a = this.attrs.get(at);
    return a === undefined ? undefined : this.unit.resolveString(a);
  }
  /** Integer constant, address (addr/addrx resolved) or section offset. */
  num(at: number): number | undefined {
    const a = this.attrs.get(at);
    if (a === undefined) return undefined;
    const v = this.unit.resolveNumber(a);
    return typeof v === 'bigint' ? Number(v) : v;
  }
  /** A constant that may not fit a double (enumerator values, const_value). */
  big(at: number): bigint | undefined {
    const a = this.attrs.get(at);
    if (a === undefined) return undefined;
    if (a.form === DW_FORM.data16 || a.value instanceof Uint8Array) return undefined;
    const v = this.unit.resolveNumber(a);
    return typeof v === 'bigint' ? v : BigInt(v);
  }
  flag(at: number): boolean { const a = this.attrs.get(at); return a !== undefined && a.value !== false && a.value !== 0; }
  /** Expression block (exprloc / block forms). */
  block(at: number): Uint8Array | undefined {
    const a = this.attrs.get(at);
    return a && a.value instanceof Uint8Array ? a.value : undefined;
  }
  /** The DIE a reference attribute points at. */
  ref(at: number): Die | undefined {
    const a = this.attrs.get(at);
    if (!a || typeof a.value !== 'number') return undefined;
    return this.unit.dwarf.dieAt(a.value);
  }
  form(at: number): number | undefined { return this.attrs.get(at)?.form; }
  get name(): string | undefined { return this.str(DW_AT.name); }
}

const REF_FORMS: ReadonlySet<number> = new Set([DW_FORM.ref1, DW_FORM.ref2, DW_FORM.ref4, DW_FORM.ref8, DW_FORM.ref_udata]);
const STRX_FORMS: ReadonlySet<number> = new Set([DW_FORM.strx, DW_FORM.strx1, DW_FORM.strx2, DW_FORM.strx3, DW_FORM.strx4]);
const ADDRX_FORMS: ReadonlySet<number> = new Set([DW_FORM.addrx, DW_FORM.addrx1, DW_FORM.addrx2, DW_FORM.addrx3, DW_FORM.addrx4]);

export class Unit {
  root!: Die;
  strOffsetsBase = 8;
  addrBase = 8;
  rnglistsBase = 12;
  loclistsBase = 12;
  constructor(readonly dwarf: DwarfInfo, readonly offset: number, readonly version: number,
    readonly addressSize: number, readonly offsetSize: 4 | 8) {}

  resolveString(a: RawAttr): string | undefined {
    const s = this.dwarf.sections;
    if (typeof a.value === 'string') return a.value;
    if (typeof a.value !== 'number') return undefined;
    if (a.form === DW_FORM.strp) return s.str ? cstrAt(s.str, a.value) : undefined;
    if (a.form === DW_FORM.line_strp) return s.line_str ? cstrAt(s.line_str, a.value) : undefined;
    if (STRX_FORMS.has(a.form)) {
      if (!s.str_offsets || !s.str) return undefined;
      const r = new ByteReader(s.str_offsets, this.strOffsetsBase + a.value * this.offsetSize);
      return cstrAt(s.str, r.uN(this.offsetSize));
    }
    return undefined;
  }
  resolveNumber(a: RawAttr): number | bigint {
    if (ADDRX_FORMS.has(a.form)) return this.address(a.value as number);
    if (typeof a.value === 'number' || typeof a.value === 'bigint') return a.value;
    if (typeof a.value === 'boolean') return a.value ? 1 : 0;
    throw new Error(`attribute form 0x${a.form.toString(16)} is not a number`);
  }
  /** Entry `index` of this unit's .debug_addr table. */
  address(index: number): number {
    const addr = this.dwarf.sections.addr;
    if (!addr) throw new Error('.debug_addr missing');
    return new ByteReader(addr, this.addrBase + index * this.addressSize).uN(this.addressSize);
  }
}

/** Why a damaged section could not be read, in words (a read past the end is a DataView RangeError). */
export function damage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return /outside the bounds|out of range|Invalid typed array length/i.test(m) ? 'it reads past the end of its section' : m;
}

export class DwarfInfo {
  readonly units: Unit[] = [];
  /** Units that could not be read whole: what was read before the damage is kept. */
  readonly problems: string[] = [];
  private byOffset = new Map<number, Die>();
  constructor(readonly sections: DwarfSections) {
    const r = new ByteReader(sections.info);
    while (!r.done) {
      const start = r.pos;
      let end = sections.info.length;
      try {
        end = this.parseUnit(r);
      } catch (e) {
        this.problems.push(`.debug_info unit at 0x${start.toString(16)} is damaged: ${damage(e)}`);
        // Go on with the next unit when this one's length is believable; otherwise nothing after it can be found.
        try { const l = new ByteReader(sections.info, start).initialLength(); end = start + (l.offsetSize === 8 ? 12 : 4) + l.length; } catch { /* stop */ }
      }
      if (!(end > start)) break;
      r.pos = end;
    }
  }
  dieAt(offset: number): Die | undefined { return this.byOffset.get(offset); }

  /** Read one unit into `units` (as far as it goes before any damage); returns the offset of the next unit. */
  private parseUnit(r: ByteReader): number {
    const start = r.pos;
    const { length, offsetSize } = r.initialLength();
    const end = r.pos + length;
    const version = r.u16();
    let addressSize: number, abbrevOffset: number;
    if (version >= 5) {
      const unitType = r.u8();
      addressSize = r.u8();
      abbrevOffset = r.uN(offsetSize);
      if (unitType === 2 || unitType === 6) { r.u64(); r.uN(offsetSize); } // type units: signature + type offset
      else if (unitType === 4 || unitType === 5) r.u64(); // skeleton / split: dwo id
    } else {
      abbrevOffset = r.uN(offsetSize);
      addressSize = r.u8();
    }
    const unit = new Unit(this, start, version, addressSize, offsetSize);
    this.units.push(unit);
    const abbrevs = parseAbbrevs(this.sections.abbrev, abbrevOffset);
    const stack: Die[] = [];
    while (r.pos < end) {
      const offset = r.pos;
      const code = r.uleb();
      if (code === 0) { stack.pop(); continue; }
      const ab = abbrevs.get(code);
      if (!ab) throw new Error(`bad abbreviation ${code} at 0x${offset.toString(16)}`);
      const attrs = new Map<number, RawAttr>();
      for (const a of ab.attrs) attrs.set(a.at, this.readAttr(r, unit, a.form, a.implicit));
      const parent = stack[stack.length - 1];
      const die = new Die(unit, offset, ab.tag, attrs, parent);
      this.byOffset.set(offset, die);
      if (parent) parent.children.push(die);
      else {
        unit.root = die;
        // The bases must be known before any indexed attribute is resolved.
        const base = (at: number) => { const v = attrs.get(at)?.value; return typeof v === 'number' ? v : undefined; };
        unit.strOffsetsBase = base(DW_AT.str_offsets_base) ?? unit.strOffsetsBase;
        unit.addrBase = base(DW_AT.addr_base) ?? unit.addrBase;
        unit.rnglistsBase = base(DW_AT.rnglists_base) ?? unit.rnglistsBase;
        unit.loclistsBase = base(DW_AT.loclists_base) ?? unit.loclistsBase;
      }
      if (ab.hasChildren) stack.push(die);
      if (!parent && !ab.hasChildren) break;
    }
    return end;
  }

  private readAttr(r: ByteReader, unit: Unit, form: number, implicit?: number): RawAttr {
    const F = DW_FORM;
    const os = unit.offsetSize;
    const v = (value: RawAttr['value']): RawAttr => ({ form, value });
    switch (form) {
      case F.addr: return v(r.uN(unit.addressSize));
      case F.data1: return v(r.u8());
      case F.data2: return v(r.u16());
      case F.data4: return v(r.u32());
      case F.data8: { const b = r.u64(); return v(b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b); }
      case F.data16: return v(r.take(16));
      case F.sdata: { const b = r.slebBig(); return v(b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b); }
      case F.udata: { const b = r.ulebBig(); return v(b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b); }
      case F.string: return v(r.cstr());
      case F.strp: case F.line_strp: case F.sec_offset: case F.strp_sup: return v(r.uN(os));
      case F.strx: case F.addrx: case F.loclistx: case F.rnglistx: return v(r.uleb());
      case F.strx1: case F.addrx1: return v(r.u8());
      case F.strx2: case F.addrx2: return v(r.u16());
      case F.strx3: case F.addrx3: return v(r.u24());
      case F.strx4: case F.addrx4: return v(r.u32());
      case F.flag: return v(r.u8() !== 0);
      case F.flag_present: return v(true);
      case F.implicit_const: return v(implicit ?? 0);
      case F.ref1: return v(unit.offset + r.u8());
      case F.ref2: return v(unit.offset + r.u16());
      case F.ref4: return v(unit.offset + r.u32());
      case F.ref8: return v(unit.offset + r.u64n());
      case F.ref_udata: return v(unit.offset + r.uleb());
      case F.ref_addr: return v(r.uN(unit.version <= 2 ? unit.addressSize : os));
      case F.ref_sig8: return v(r.u64());
      case F.ref_sup4: return v(r.u32());
      case F.ref_sup8: return v(r.u64n());
      case F.exprloc: case F.block: return v(r.take(r.uleb()));
      case F.block1: return v(r.take(r.u8()));
      case F.block2: return v(r.take(r.u16()));
      case F.block4: return v(r.take(r.u32()));
      case F.indirect: return this.readAttr(r, unit, r.uleb());
    }
    throw new Error(`unknown DW_FORM 0x${form.toString(16)}`);
  }
}

/** Whether an attribute of this form is a constant (as opposed to an address, reference or block). */
export function isConstantForm(form: number | undefined): boolean {
  return form === DW_FORM.data1 || form === DW_FORM.data2 || form === DW_FORM.data4 || form === DW_FORM.data8 ||
    form === DW_FORM.sdata || form === DW_FORM.udata || form === DW_FORM.implicit_const;
}
