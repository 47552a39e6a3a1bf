// The wasm facts the symbol reader needs, taken from the shared decoder (main/formats/wasm): the DWARF custom
// sections, each function body's range in the code payload (wasm DWARF addresses are offsets into it),
// the imported globals (PIC data locations read __memory_base) and function names for code without DWARF.
import { decodeModule, type WasmModule } from '../wasm/index.ts';
import { DwarfSections } from './info.ts';

export interface WasmFunctionBody { index: number; start: number; end: number } // code-payload offsets
export interface WasmDebugView {
  sections: DwarfSections;
  /** File offset of the code section's payload (the byte after its size). */
  codePayloadOffset: number;
  importedFunctionCount: number;
  /** Names of imported globals in global-index order (e.g. __stack_pointer, __memory_base, __table_base). */
  globalImports: string[];
  /** Function bodies: `start` is where DWARF puts the function (its locals declaration), `end` its last byte + 1. */
  bodies: WasmFunctionBody[];
  /** Function index → name from the "name" custom section. */
  functionNames: Map<number, string>;
  /** Exported function names by function index. */
  exports: Map<number, string[]>;
}

/** Read the debug view of an image, from its bytes or from a module the caller already decoded. */
export function readWasmDebugView(image: Uint8Array | WasmModule): WasmDebugView {
  const m = image instanceof Uint8Array ? decodeModule(image) : image;
  const custom = (n: string) => m.customs.find((c) => c.name === n)?.bytes;
  const exports = new Map<number, string[]>();
  for (const e of m.exports) if (e.kind === 'func') exports.set(e.index, [...(exports.get(e.index) ?? []), e.name]);
  return {
    sections: {
      info: custom('.debug_info') ?? new Uint8Array(), abbrev: custom('.debug_abbrev') ?? new Uint8Array(),
      str: custom('.debug_str'), line_str: custom('.debug_line_str'), str_offsets: custom('.debug_str_offsets'),
      addr: custom('.debug_addr'), rnglists: custom('.debug_rnglists'), loclists: custom('.debug_loclists'), line: custom('.debug_line'),
    },
    codePayloadOffset: m.codeFileOffset,
    importedFunctionCount: m.importedFuncs,
    globalImports: m.imports.filter((i) => i.kind === 'global').map((i) => i.name),
    bodies: m.bodies.map((b, i) => ({ index: m.importedFuncs + i, start: b.codeStart, end: b.end })),
    functionNames: m.names?.functions ?? new Map(),
    exports,
  };
}
