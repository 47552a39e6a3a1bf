// The wasm binary decoder shared by the loader, the processor, the symbols and the toolchain checks.
export { ByteReader, WasmFormatError } from './reader.ts';
export { decodeModule, funcTypeOf } from './module.ts';
export { decodeBody } from './code.ts';
export { Op, opInfo, opName } from './opcodes.ts';
export type { OpInfo, Imm } from './opcodes.ts';
export * from './types.ts';
