// The build's view of a linked image — imports, exports, function names, custom sections, and which function bodies
// call which functions (for the linker's "referenced in function" message) — over the one wasm decoder
// (main/formats/wasm), plus the one thing the decoder does not do: appending a custom section.
import { decodeModule, Op, type Export, type FuncBody } from '../../formats/wasm/index.ts';

export interface WasmImport { module: string; name: string; kind: 'func' | 'table' | 'memory' | 'global'; funcIndex?: number }
export type WasmExport = Export;
export interface WasmImage {
  imports: WasmImport[];
  exports: WasmExport[];
  importedFuncs: number;                // function indices below this are imports
  functionNames: Map<number, string>;   // from the `name` section
  customSections: Map<string, Uint8Array[]>;
  codeBodies: FuncBody[];               // one per defined function, in index order after the imports
}

export function readWasm(bytes: Uint8Array): WasmImage {
  const m = decodeModule(bytes);
  let funcs = 0;
  const imports = m.imports.map((i): WasmImport => ({ module: i.module, name: i.name, kind: i.kind, ...(i.kind === 'func' ? { funcIndex: funcs++ } : {}) }));
  const customSections = new Map<string, Uint8Array[]>();
  for (const c of m.customs) customSections.set(c.name, [...(customSections.get(c.name) ?? []), c.bytes]);
  return { imports, exports: m.exports, importedFuncs: funcs, functionNames: m.names?.functions ?? new Map(), customSections, codeBodies: m.bodies };
}

/** Function indices a code body calls directly (`call`; the decoder refuses tail calls, which clang does not emit here). */
export function directCalls(body: FuncBody): number[] {
  return body.code.filter((i) => i.op === Op.call).map((i) => i.a);
}

/** The name of a function by index, or a placeholder as the linker would show. */
export function functionName(img: WasmImage, index: number): string {
  return img.functionNames.get(index) ?? `function[${index}]`;
}

/** Append a custom section (an image's own header data, such as the entry point or WPP message formats). */
export function appendCustomSection(bytes: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const content = [...uleb(nameBytes.length), ...nameBytes];
  const size = content.length + payload.length;
  const head = Uint8Array.from([0, ...uleb(size), ...content]);
  const out = new Uint8Array(bytes.length + head.length + payload.length);
  out.set(bytes); out.set(head, bytes.length); out.set(payload, bytes.length + head.length);
  return out;
}

function uleb(n: number): number[] {
  const o: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n);
  return o;
}
