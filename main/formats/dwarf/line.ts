// .debug_line: the line-number program (DWARF 4 and 5 headers) run into a table of rows.
import { ByteReader, cstrAt } from './bytes.ts';
import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS } from './constants.ts';
import { DwarfSections } from './info.ts';

export interface LineRow {
  address: number; file: number; line: number; column: number;
  isStmt: boolean; prologueEnd: boolean; endSequence: boolean;
}
export interface LineTable { files: string[]; rows: LineRow[] }

function joinPath(dir: string, name: string): string {
  if (!dir || name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\')) return name;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : dir + sep + name;
}

export function parseLineTable(sections: DwarfSections, offset: number, addressSize: number, compDir = ''): LineTable {
  const sec = sections.line!;
  const r = new ByteReader(sec, offset);
  const { length, offsetSize } = r.initialLength();
  const end = r.pos + length;
  const version = r.u16();
  if (version >= 5) { r.u8(); r.u8(); } // address_size, segment_selector_size
  const headerLength = r.uN(offsetSize);
  const programStart = r.pos + headerLength;
  const minInst = r.u8();
  if (version >= 4) r.u8(); // maximum_operations_per_instruction (1 outside VLIW)
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = r.i8();
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  const stdLengths: number[] = [];
  for (let i = 1; i < opcodeBase; i++) stdLengths.push(r.u8());

  const files: string[] = [];
  if (version >= 5) {
    const readEntries = (): Array<Map<number, string | number>> => {
      const formatCount = r.u8();
      const formats: Array<[number, number]> = [];
      for (let i = 0; i < formatCount; i++) formats.push([r.uleb(), r.uleb()]);
      const count = r.uleb();
      if (count > sec.length) throw new Error(`line table header lists ${count} entries, more than its section can hold`);
      const out: Array<Map<number, string | number>> = [];
      for (let i = 0; i < count; i++) {
        const e = new Map<number, string | number>();
        for (const [ct, form] of formats) e.set(ct, readForm(r, form, offsetSize, sections));
        out.push(e);
      }
      return out;
    };
    const dirs = readEntries().map((e) => String(e.get(DW_LNCT.path) ?? ''));
    for (const f of readEntries()) {
      const dir = dirs[Number(f.get(DW_LNCT.directory_index) ?? 0)] ?? '';
      files.push(joinPath(dir, String(f.get(DW_LNCT.path) ?? '')));
    }
  } else {
    const dirs = [compDir];
    for (let s = r.cstr(); s; s = r.cstr()) dirs.push(s);
    files.push(''); // DWARF 4 file numbers start at 1
    for (let s = r.cstr(); s; s = r.cstr()) {
      const d = r.uleb(); r.uleb(); r.uleb();
      files.push(joinPath(dirs[d] ?? '', s));
    }
  }

  r.pos = programStart;
  const rows: LineRow[] = [];
  const reset = () => ({ address: 0, file: 1, line: 1, column: 0, isStmt: defaultIsStmt, prologueEnd: false, endSequence: false });
  let s = reset();
  const emit = () => { rows.push({ ...s }); s.prologueEnd = false; };
  while (r.pos < end) {
    const op = r.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      s.address += Math.floor(adj / lineRange) * minInst;
      s.line += lineBase + (adj % lineRange);
      emit();
    } else if (op === 0) {
      const len = r.uleb();
      const next = r.pos + len;
      const ext = r.u8();
      if (ext === DW_LNE.end_sequence) { s.endSequence = true; emit(); s = reset(); }
      else if (ext === DW_LNE.set_address) s.address = r.uN(addressSize);
      r.pos = next;
    } else {
      switch (op) {
        case DW_LNS.copy: emit(); break;
        case DW_LNS.advance_pc: s.address += r.uleb() * minInst; break;
        case DW_LNS.advance_line: s.line += r.sleb(); break;
        case DW_LNS.set_file: s.file = r.uleb(); break;
        case DW_LNS.set_column: s.column = r.uleb(); break;
        case DW_LNS.negate_stmt: s.isStmt = !s.isStmt; break;
        case DW_LNS.set_basic_block: break;
        case DW_LNS.const_add_pc: s.address += Math.floor((255 - opcodeBase) / lineRange) * minInst; break;
        case DW_LNS.fixed_advance_pc: s.address += r.u16(); break;
        case DW_LNS.set_prologue_end: s.prologueEnd = true; break;
        default: for (let i = 0; i < stdLengths[op - 1]; i++) r.uleb(); // set_epilogue_begin, set_isa, unknown
      }
    }
  }
  return { files, rows };
}

function readForm(r: ByteReader, form: number, offsetSize: number, s: DwarfSections): string | number {
  switch (form) {
    case DW_FORM.string: return r.cstr();
    case DW_FORM.line_strp: return s.line_str ? cstrAt(s.line_str, r.uN(offsetSize)) : '';
    case DW_FORM.strp: return s.str ? cstrAt(s.str, r.uN(offsetSize)) : '';
    case DW_FORM.udata: return r.uleb();
    case DW_FORM.data1: return r.u8();
    case DW_FORM.data2: return r.u16();
    case DW_FORM.data4: return r.u32();
    case DW_FORM.data8: return r.u64n();
    case DW_FORM.data16: r.take(16); return 0;
    case DW_FORM.block: r.take(r.uleb()); return 0;
  }
  throw new Error(`unsupported line-table form 0x${form.toString(16)}`);
}
