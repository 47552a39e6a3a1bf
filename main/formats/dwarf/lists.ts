// .debug_rnglists and .debug_loclists (DWARF 5): address ranges of a DIE, and location lists of a variable.
import { ByteReader } from './bytes.ts';
import { DW_AT, DW_FORM, DW_LLE, DW_RLE } from './constants.ts';
import { Die, isConstantForm, Unit } from './info.ts';

export interface Range { lo: number; hi: number }
export interface LocationEntry { lo: number; hi: number; expr: Uint8Array; isDefault?: boolean }

/** Offset in the list section for a DW_FORM_rnglistx / loclistx index (relative to the unit's base). */
function listOffset(section: Uint8Array, unit: Unit, base: number, form: number, value: number): number {
  if (form === DW_FORM.rnglistx || form === DW_FORM.loclistx) {
    return base + new ByteReader(section, base + value * unit.offsetSize).uN(unit.offsetSize);
  }
  return value;
}

function unitBase(unit: Unit): number { return unit.root.num(DW_AT.low_pc) ?? 0; }

/** Address ranges covered by a DIE: low_pc/high_pc or DW_AT_ranges. */
export function dieRanges(die: Die): Range[] {
  const lo = die.num(DW_AT.low_pc);
  if (lo !== undefined && die.has(DW_AT.high_pc)) {
    const hi = die.num(DW_AT.high_pc)!;
    return [{ lo, hi: isConstantForm(die.form(DW_AT.high_pc)) ? lo + hi : hi }];
  }
  const raw = die.attrs.get(DW_AT.ranges);
  const sec = die.unit.dwarf.sections.rnglists;
  if (!raw || !sec || typeof raw.value !== 'number') return lo !== undefined ? [{ lo, hi: lo }] : [];
  const unit = die.unit;
  const r = new ByteReader(sec, listOffset(sec, unit, unit.rnglistsBase, raw.form, raw.value));
  const out: Range[] = [];
  let base = unitBase(unit);
  const as = unit.addressSize;
  for (;;) {
    const kind = r.u8();
    if (kind === DW_RLE.end_of_list) break;
    switch (kind) {
      case DW_RLE.base_addressx: base = unit.address(r.uleb()); break;
      case DW_RLE.startx_endx: { const a = unit.address(r.uleb()); out.push({ lo: a, hi: unit.address(r.uleb()) }); break; }
      case DW_RLE.startx_length: { const a = unit.address(r.uleb()); out.push({ lo: a, hi: a + r.uleb() }); break; }
      case DW_RLE.offset_pair: { const a = r.uleb(); out.push({ lo: base + a, hi: base + r.uleb() }); break; }
      case DW_RLE.base_address: base = r.uN(as); break;
      case DW_RLE.start_end: { const a = r.uN(as); out.push({ lo: a, hi: r.uN(as) }); break; }
      case DW_RLE.start_length: { const a = r.uN(as); out.push({ lo: a, hi: a + r.uleb() }); break; }
      default: throw new Error(`bad DW_RLE ${kind}`);
    }
  }
  return out.filter((x) => x.hi > x.lo);
}

/**
 * The location of a variable: one entry covering everything for an exprloc, or the entries of a
 * location list (the variable lives in different places over different code ranges).
 */
export function dieLocation(die: Die, at: number = DW_AT.location): LocationEntry[] | undefined {
  const raw = die.attrs.get(at);
  if (!raw) return undefined;
  if (raw.value instanceof Uint8Array) return [{ lo: 0, hi: 0xffffffff, expr: raw.value, isDefault: true }];
  const sec = die.unit.dwarf.sections.loclists;
  if (!sec || typeof raw.value !== 'number') return undefined;
  const unit = die.unit;
  const r = new ByteReader(sec, listOffset(sec, unit, unit.loclistsBase, raw.form, raw.value));
  const out: LocationEntry[] = [];
  let base = unitBase(unit);
  const as = unit.addressSize;
  const expr = () => r.take(r.uleb());
  for (;;) {
    const kind = r.u8();
    if (kind === DW_LLE.end_of_list) break;
    switch (kind) {
      case DW_LLE.base_addressx: base = unit.address(r.uleb()); break;
      case DW_LLE.startx_endx: { const lo = unit.address(r.uleb()); const hi = unit.address(r.uleb()); out.push({ lo, hi, expr: expr() }); break; }
      case DW_LLE.startx_length: { const lo = unit.address(r.uleb()); const hi = lo + r.uleb(); out.push({ lo, hi, expr: expr() }); break; }
      case DW_LLE.offset_pair: { const lo = base + r.uleb(); const hi = base + r.uleb(); out.push({ lo, hi, expr: expr() }); break; }
      case DW_LLE.default_location: out.push({ lo: 0, hi: 0xffffffff, expr: expr(), isDefault: true }); break;
      case DW_LLE.base_address: base = r.uN(as); break;
      case DW_LLE.start_end: { const lo = r.uN(as); const hi = r.uN(as); out.push({ lo, hi, expr: expr() }); break; }
      case DW_LLE.start_length: { const lo = r.uN(as); const hi = lo + r.uleb(); out.push({ lo, hi, expr: expr() }); break; }
      default: throw new Error(`bad DW_LLE ${kind}`);
    }
  }
  return out;
}
