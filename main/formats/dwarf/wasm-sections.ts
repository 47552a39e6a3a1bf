// The few wasm facts the symbol reader needs: DWARF custom sections, where the code section's payload
// starts (wasm DWARF addresses are offsets into it), each function body's range and the name section.
// Kept tiny on purpose; the full decoder lives in main/formats/wasm.
import { ByteReader } from './bytes.ts';
import { DwarfSections } from './info.ts';

export interface WasmFunctionBody { index: number; start: number; end: number } // code-payload offsets
export interface WasmDebugView {
  sections: DwarfSections;
  /** File offset of the code section's payload (the byte after its size). */
  codePayloadOffset: number;
  importedFunctionCount: number;
  /** Names of imported globals in global-index order (e.g. __stack_pointer, __memory_base, __table_base). */
  globalImports: string[];
  bodies: WasmFunctionBody[];
  /** Function index → name from the "name" custom section. */
  functionNames: Map<number, string>;
  /** Exported function names by function index. */
  exports: Map<number, string[]>;
}

export function readWasmDebugView(bytes: Uint8Array): WasmDebugView {
  const r = new ByteReader(bytes);
  if (r.u32() !== 0x6d736100) throw new Error('not a wasm module');
  r.u32();
  const custom: Record<string, Uint8Array> = {};
  let codePayloadOffset = -1, importedFunctionCount = 0;
  const globalImports: string[] = [];
  const bodies: WasmFunctionBody[] = [];
  const functionNames = new Map<number, string>();
  const exports = new Map<number, string[]>();
  while (!r.done) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.pos, end = start + size;
    if (id === 0) {
      const name = new TextDecoder().decode(r.take(r.uleb()));
      custom[name] = bytes.subarray(r.pos, end);
    } else if (id === 2) { // imports: count the functions so body i is function importedCount + i
      for (let n = r.uleb(); n > 0; n--) {
        r.take(r.uleb());
        const field = new TextDecoder().decode(r.take(r.uleb()));
        const kind = r.u8();
        if (kind === 0) { importedFunctionCount++; r.uleb(); }
        else if (kind === 1) { r.u8(); limits(r); }
        else if (kind === 2) limits(r);
        else if (kind === 3) { r.u8(); r.u8(); globalImports.push(field); }
        else if (kind === 4) { r.u8(); r.uleb(); }
      }
    } else if (id === 7) {
      for (let n = r.uleb(); n > 0; n--) {
        const name = new TextDecoder().decode(r.take(r.uleb()));
        const kind = r.u8(), index = r.uleb();
        if (kind === 0) exports.set(index, [...(exports.get(index) ?? []), name]);
      }
    } else if (id === 10) {
      codePayloadOffset = start;
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        const bodySize = r.uleb();
        bodies.push({ index: importedFunctionCount + i, start: r.pos - start, end: r.pos - start + bodySize });
        r.pos += bodySize;
      }
    }
    r.pos = end;
  }
  if (custom.name) readNames(custom.name, functionNames);
  const s = (n: string) => custom[n];
  return {
    sections: {
      info: s('.debug_info') ?? new Uint8Array(), abbrev: s('.debug_abbrev') ?? new Uint8Array(),
      str: s('.debug_str'), line_str: s('.debug_line_str'), str_offsets: s('.debug_str_offsets'), addr: s('.debug_addr'),
      rnglists: s('.debug_rnglists'), loclists: s('.debug_loclists'), line: s('.debug_line'),
    },
    codePayloadOffset, importedFunctionCount, globalImports, bodies, functionNames, exports,
  };
}

function limits(r: ByteReader): void { const f = r.u8(); r.uleb(); if (f & 1) r.uleb(); }

function readNames(sec: Uint8Array, out: Map<number, string>): void {
  const r = new ByteReader(sec);
  while (!r.done) {
    const id = r.u8(), size = r.uleb(), end = r.pos + size;
    if (id === 1) {
      for (let n = r.uleb(); n > 0; n--) { const idx = r.uleb(); out.set(idx, new TextDecoder().decode(r.take(r.uleb()))); }
    }
    r.pos = end;
  }
}
