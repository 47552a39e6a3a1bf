// The same image run natively by V8 (WebAssembly.instantiate with a real Memory and Table): the reference our
// processor is checked against (differential tests) and measured against (bench).

import { decodeModule } from '../../formats/wasm/index.ts';

export interface NativeImage {
  exports: Record<string, (...a: any[]) => any>;
  memory: WebAssembly.Memory;
  memoryBase: number;
  stackPointer: WebAssembly.Global;
}

/**
 * Instantiate a PIC image natively: memory of `pages` 64 KiB pages, data at `memoryBase`, stack top at `stackTop`.
 * `host` supplies function imports by name (any module); missing ones trap when called.
 */
export async function instantiateNative(bytes: Uint8Array, host: Record<string, (...a: any[]) => any> = {},
  o: { pages?: number; memoryBase?: number; stackTop?: number } = {}): Promise<NativeImage> {
  const m = decodeModule(bytes);
  const pages = o.pages ?? 256;
  const memoryBase = o.memoryBase ?? 0x100000;
  const memory = new WebAssembly.Memory({ initial: pages });
  const tableSize = (m.dylink?.tableSize ?? 0) + 1 + m.imports.filter((i) => i.module === 'GOT.func').length;
  const table = new WebAssembly.Table({ initial: tableSize, element: 'anyfunc' });
  const stackPointer = new WebAssembly.Global({ value: 'i32', mutable: true }, o.stackTop ?? memoryBase - 16);
  const imports: Record<string, Record<string, unknown>> = {};
  const gotFunc: { name: string; g: WebAssembly.Global }[] = [];
  const gotMem: { name: string; g: WebAssembly.Global }[] = [];
  let nextSlot = 1 + (m.dylink?.tableSize ?? 0);
  for (const i of m.imports) {
    const mod = (imports[i.module] ??= {});
    if (i.kind === 'memory') mod[i.name] = memory;
    else if (i.kind === 'table') mod[i.name] = table;
    else if (i.kind === 'global') {
      if (i.name === '__stack_pointer') mod[i.name] = stackPointer;
      else if (i.name === '__memory_base') mod[i.name] = new WebAssembly.Global({ value: 'i32', mutable: false }, memoryBase);
      else if (i.name === '__table_base') mod[i.name] = new WebAssembly.Global({ value: 'i32', mutable: false }, 1);
      else {
        const g = new WebAssembly.Global({ value: 'i32', mutable: i.type.mutable }, 0);
        (i.module === 'GOT.func' ? gotFunc : gotMem).push({ name: i.name, g });
        mod[i.name] = g;
      }
    } else mod[i.name] = host[i.name] ?? (() => { throw new Error(`native: no host function ${i.name}`); });
  }
  const { instance } = (await WebAssembly.instantiate(bytes as BufferSource, imports as WebAssembly.Imports)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
  const ex = instance.exports as Record<string, any>;
  for (const { name, g } of gotFunc) { table.set(nextSlot, ex[name]); g.value = nextSlot++; }
  for (const { name, g } of gotMem) if (ex[name] instanceof WebAssembly.Global) g.value = memoryBase + (ex[name] as WebAssembly.Global).value;
  ex.__wasm_apply_data_relocs?.();
  ex.__wasm_call_ctors?.();
  return { exports: ex, memory, memoryBase, stackPointer };
}
