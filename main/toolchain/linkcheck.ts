// The link check MSVC's linker does and wasm-ld (with --unresolved-symbols=import-dynamic) does not: every import
// must name a module our target system has and a routine that module exports, else LNK2019 at build time.
import { moduleExports } from '../../kernel/exports.ts';
import { readWasm, directCalls, functionName, type WasmImage } from './wasm/read.ts';

export interface LinkError { code: 'LNK2019' | 'LNK2001'; symbol: string; caller?: string; module: string; message: string }

/** Imports every PIC image has; the loader provides them. */
const LOADER_IMPORTS = new Set(['memory', '__indirect_function_table', '__stack_pointer', '__memory_base', '__table_base']);

/** Check an image's imports against the export tables of the modules named. */
export function checkImports(image: Uint8Array | WasmImage, lookup: (module: string) => ReadonlySet<string> | undefined = moduleExports): LinkError[] {
  const img = image instanceof Uint8Array ? readWasm(image) : image;
  const bad = new Map<number, { symbol: string; module: string }>();
  const errors: LinkError[] = [];
  for (const imp of img.imports) {
    if (imp.module === 'env' && LOADER_IMPORTS.has(imp.name)) continue;
    if (imp.module.startsWith('GOT.')) continue;
    const table = imp.module === 'env' ? undefined : lookup(imp.module);
    if (table?.has(imp.name)) continue;
    if (imp.kind === 'func' && imp.funcIndex !== undefined) bad.set(imp.funcIndex, { symbol: imp.name, module: imp.module });
    else errors.push({ code: 'LNK2001', symbol: imp.name, module: imp.module, message: `unresolved external symbol ${imp.name}` });
  }
  if (bad.size === 0) return errors;
  // Name the first function whose body calls each unresolved import, as MSVC does.
  const callers = new Map<number, string>();
  img.codeBodies.forEach((body, i) => {
    for (const callee of directCalls(body)) {
      if (bad.has(callee) && !callers.has(callee)) callers.set(callee, functionName(img, img.importedFuncs + i));
    }
  });
  for (const [idx, { symbol, module }] of bad) {
    const caller = callers.get(idx);
    errors.push(caller
      ? { code: 'LNK2019', symbol, caller, module, message: `unresolved external symbol ${symbol} referenced in function ${caller}` }
      : { code: 'LNK2001', symbol, module, message: `unresolved external symbol ${symbol}` });
  }
  return errors;
}
