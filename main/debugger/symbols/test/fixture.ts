// Builds small C programs into linked PIC images with real clang, and runs them in V8 with a memory we own.
import { clang, compileFlags, Configuration, linkFlags, Tree } from '../../../toolchain/clang.ts';

export async function buildImage(source: string, config: Configuration, exports: string[]): Promise<Uint8Array> {
  const c = await clang([...compileFlags('wdm', config, false), '-c', '/src/driver.c', '-o', '/out/driver.o'],
    { src: { 'driver.c': source }, inc: {}, out: {} });
  if (!c.ok) throw new Error(`compile failed:\n${c.stderr}`);
  const obj = (c.files.out as Tree)['driver.o'] as Uint8Array;
  const l = await clang([...linkFlags(exports), '/out/driver.o', '-o', '/out/driver.sys'], { out: { 'driver.o': obj } });
  if (!l.ok) throw new Error(`link failed:\n${l.stderr}`);
  return (l.files.out as Tree)['driver.sys'] as Uint8Array;
}

export interface Running {
  memory: WebAssembly.Memory;
  stackPointer: WebAssembly.Global;
  memoryBase: number;
  exports: Record<string, (...a: number[]) => number>;
  read(address: number, size: number): Uint8Array;
}

/** Instantiate an image with its data at `memoryBase`; `env` supplies the functions it imports. */
export function instantiate(image: Uint8Array, memoryBase: number, env: Record<string, (...a: number[]) => number | void> = {}): Running {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const stackPointer = new WebAssembly.Global({ value: 'i32', mutable: true }, 4 * 65536 - 16);
  const i32 = (v: number) => new WebAssembly.Global({ value: 'i32', mutable: false }, v);
  const mod = new WebAssembly.Module(image as BufferSource);
  const instance = new WebAssembly.Instance(mod, {
    env: { memory, __stack_pointer: stackPointer, __memory_base: i32(memoryBase), __table_base: i32(0),
      __indirect_function_table: new WebAssembly.Table({ initial: 8, element: 'anyfunc' }), ...env },
  });
  const exports = instance.exports as unknown as Running['exports'];
  (instance.exports.__wasm_apply_data_relocs as (() => void) | undefined)?.();
  return { memory, stackPointer, memoryBase, exports, read: (a, n) => new Uint8Array(memory.buffer, a, n).slice() };
}

/** 1-based line of the first source line containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in source`);
  return i + 1;
}
