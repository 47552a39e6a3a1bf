// The shapes a decoded wasm module is made of.

/** Value types by their binary code. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
export type ValType = number;

export function valTypeName(t: ValType): string {
  switch (t) {
    case 0x7f: return 'i32'; case 0x7e: return 'i64'; case 0x7d: return 'f32'; case 0x7c: return 'f64';
    case 0x7b: return 'v128'; case 0x70: return 'funcref'; case 0x6f: return 'externref';
    default: return `type(0x${t.toString(16)})`;
  }
}

export interface FuncType { params: ValType[]; results: ValType[] }
export interface Limits { min: number; max?: number }
export interface GlobalType { type: ValType; mutable: boolean }

export type ImportDesc =
  | { kind: 'func'; type: number }
  | { kind: 'table'; elemType: ValType; limits: Limits }
  | { kind: 'memory'; limits: Limits }
  | { kind: 'global'; type: GlobalType };
export type Import = { module: string; name: string } & ImportDesc;

export type ExternKind = 'func' | 'table' | 'memory' | 'global';
export interface Export { name: string; kind: ExternKind; index: number }

/** A constant expression (global initialisers, segment offsets): the one instruction before `end`. */
export type ConstExpr =
  | { op: 'i32.const'; value: number } | { op: 'i64.const'; value: bigint }
  | { op: 'f32.const'; value: number } | { op: 'f64.const'; value: number }
  | { op: 'global.get'; index: number } | { op: 'ref.null' } | { op: 'ref.func'; index: number };

export interface Global { type: GlobalType; init: ConstExpr }
export interface Table { elemType: ValType; limits: Limits }

export interface ElemSegment { mode: 'active' | 'passive' | 'declarative'; table: number; offset?: ConstExpr; funcs: (number | null)[] }
export interface DataSegment { mode: 'active' | 'passive'; memory: number; offset?: ConstExpr; bytes: Uint8Array }

/**
 * One decoded instruction. Immediates by kind: a = first (label depth, index, align, block type, const i32...),
 * b = second (memarg offset, table index), v = i64/f32/f64 constant, t = br_table targets (last = default),
 * types = select's explicit types. `off` is the offset within the code section payload (the DWARF address space).
 */
export interface Instr { op: number; a: number; b: number; v: number | bigint; t: number[] | null; off: number }

export interface FuncBody {
  /** Declared locals (not the parameters), expanded: one type per local. */
  locals: ValType[];
  code: Instr[];
  /** Payload-relative offsets of the body: [start of size field, start of locals, end). */
  start: number; codeStart: number; end: number;
}

export interface CustomSection { name: string; start: number; bytes: Uint8Array }

export interface DylinkInfo {
  memorySize: number; memoryAlign: number; tableSize: number; tableAlign: number;
  neededDynlibs: string[];
  exportInfo: { name: string; flags: number }[];
  importInfo: { module: string; name: string; flags: number }[];
}

export interface NameInfo { module?: string; functions: Map<number, string>; locals: Map<number, Map<number, string>>; globals: Map<number, string> }

export interface WasmModule {
  types: FuncType[];
  imports: Import[];
  /** Type index of each function defined in the module (not imports). */
  funcTypes: number[];
  tables: Table[];
  memories: Limits[];
  globals: Global[];
  exports: Export[];
  start?: number;
  elems: ElemSegment[];
  datas: DataSegment[];
  dataCount?: number;
  bodies: FuncBody[];
  customs: CustomSection[];
  dylink?: DylinkInfo;
  names?: NameInfo;
  /** The code section's payload (after its size), as copied into system space by the loader. */
  code: Uint8Array;
  /** File offset of the code payload. */
  codeFileOffset: number;
  /** Counts of imported items, which come first in each index space. */
  importedFuncs: number; importedGlobals: number; importedTables: number; importedMemories: number;
}
