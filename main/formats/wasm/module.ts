// Decoding a whole wasm module: every standard section, custom sections, dylink.0 and the name section.
// decodeModule throws WasmFormatError on anything malformed; callers turn that into the Windows status.

import { ByteReader } from './reader.ts';
import { decodeBody } from './code.ts';
import type {
  ConstExpr, CustomSection, DataSegment, DylinkInfo, ElemSegment, Export, ExternKind, FuncBody, FuncType, Global,
  GlobalType, Import, Limits, NameInfo, Table, WasmModule,
} from './types.ts';

const MAGIC = 0x6d736100;

function limits(r: ByteReader): Limits {
  const flag = r.u8();
  if (flag > 1) r.fail(`unsupported limits flag ${flag}`);
  const min = r.u32();
  return flag === 1 ? { min, max: r.u32() } : { min };
}

function globalType(r: ByteReader): GlobalType {
  const type = r.u8();
  const m = r.u8();
  if (m > 1) r.fail('bad global mutability');
  return { type, mutable: m === 1 };
}

function constExpr(r: ByteReader): ConstExpr {
  const op = r.u8();
  let e: ConstExpr;
  switch (op) {
    case 0x41: e = { op: 'i32.const', value: r.s32() }; break;
    case 0x42: e = { op: 'i64.const', value: r.s64() }; break;
    case 0x43: e = { op: 'f32.const', value: r.f32() }; break;
    case 0x44: e = { op: 'f64.const', value: r.f64() }; break;
    case 0x23: e = { op: 'global.get', index: r.u32() }; break;
    case 0xd0: r.u8(); e = { op: 'ref.null' }; break;
    case 0xd2: e = { op: 'ref.func', index: r.u32() }; break;
    default: r.fail(`unsupported constant expression opcode 0x${op.toString(16)}`);
  }
  if (r.u8() !== 0x0b) r.fail('constant expression must be a single instruction');
  return e;
}

function funcType(r: ByteReader): FuncType {
  if (r.u8() !== 0x60) r.fail('function type must start with 0x60');
  return { params: r.vec(() => r.u8()), results: r.vec(() => r.u8()) };
}

function importEntry(r: ByteReader): Import {
  const module = r.name(), name = r.name();
  const kind = r.u8();
  switch (kind) {
    case 0: return { module, name, kind: 'func', type: r.u32() };
    case 1: { const elemType = r.u8(); return { module, name, kind: 'table', elemType, limits: limits(r) }; }
    case 2: return { module, name, kind: 'memory', limits: limits(r) };
    case 3: return { module, name, kind: 'global', type: globalType(r) };
    default: return r.fail(`unknown import kind ${kind}`);
  }
}

const exportKinds: ExternKind[] = ['func', 'table', 'memory', 'global'];

function elemSegment(r: ByteReader): ElemSegment {
  const flags = r.u32();
  if (flags > 7) r.fail(`bad element segment flags ${flags}`);
  const passiveOrDecl = (flags & 1) !== 0, explicitTable = (flags & 2) !== 0, exprs = (flags & 4) !== 0;
  const mode = !passiveOrDecl ? 'active' : explicitTable ? 'declarative' : 'passive';
  const table = !passiveOrDecl && explicitTable ? r.u32() : 0;
  const offset = mode === 'active' ? constExpr(r) : undefined;
  if (passiveOrDecl || explicitTable) r.u8(); // elemkind or reftype
  const funcs = exprs
    ? r.vec(() => { const e = constExpr(r); return e.op === 'ref.func' ? e.index : null; })
    : r.vec(() => r.u32());
  return { mode, table, offset, funcs };
}

function dataSegment(r: ByteReader): DataSegment {
  const flags = r.u32();
  if (flags === 1) return { mode: 'passive', memory: 0, bytes: r.bytesN(r.u32()) };
  if (flags !== 0 && flags !== 2) r.fail(`bad data segment flags ${flags}`);
  const memory = flags === 2 ? r.u32() : 0;
  const offset = constExpr(r);
  return { mode: 'active', memory, offset, bytes: r.bytesN(r.u32()) };
}

function dylink(r: ByteReader): DylinkInfo {
  const d: DylinkInfo = { memorySize: 0, memoryAlign: 0, tableSize: 0, tableAlign: 0, neededDynlibs: [], exportInfo: [], importInfo: [] };
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > r.end) r.fail('dylink.0 subsection exceeds section');
    const s = new ByteReader(r.bytes, r.pos, end);
    switch (id) {
      case 1: d.memorySize = s.u32(); d.memoryAlign = s.u32(); d.tableSize = s.u32(); d.tableAlign = s.u32(); break;
      case 2: d.neededDynlibs = s.vec(() => s.name()); break;
      case 3: d.exportInfo = s.vec(() => ({ name: s.name(), flags: s.u32() })); break;
      case 4: d.importInfo = s.vec(() => ({ module: s.name(), name: s.name(), flags: s.u32() })); break;
      default: break; // later subsections (runtime path...) are not needed
    }
    r.pos = end;
  }
  return d;
}

function nameSection(r: ByteReader): NameInfo {
  const n: NameInfo = { functions: new Map(), locals: new Map(), globals: new Map() };
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > r.end) r.fail('name subsection exceeds section');
    const s = new ByteReader(r.bytes, r.pos, end);
    const nameMap = (m: Map<number, string>) => { for (const [k, v] of s.vec(() => [s.u32(), s.name()] as const)) m.set(k, v); };
    if (id === 0) n.module = s.name();
    else if (id === 1) nameMap(n.functions);
    else if (id === 2) {
      const count = s.u32();
      for (let i = 0; i < count; i++) { const f = s.u32(); const m = new Map<number, string>(); nameMap(m); n.locals.set(f, m); }
    } else if (id === 7) nameMap(n.globals);
    r.pos = end;
  }
  return n;
}

/** Decode a module. Function bodies are decoded to instruction arrays; offsets are code-payload relative. */
export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new ByteReader(bytes);
  if (bytes.length < 8) r.fail('file too small for a wasm header');
  const magic = (bytes[0]! | bytes[1]! << 8 | bytes[2]! << 16 | bytes[3]! << 24) >>> 0;
  if (magic !== MAGIC) r.fail('bad magic number');
  r.pos = 4;
  const version = r.u8() | r.u8() << 8 | r.u8() << 16 | r.u8() << 24;
  if (version !== 1) r.fail(`unsupported wasm version ${version}`);

  const m: WasmModule = {
    types: [], imports: [], funcTypes: [], tables: [], memories: [], globals: [], exports: [], elems: [], datas: [],
    bodies: [], customs: [], code: new Uint8Array(0), codeFileOffset: 0,
    importedFuncs: 0, importedGlobals: 0, importedTables: 0, importedMemories: 0,
  };
  let lastId = 0;
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos, end = start + size;
    if (end > bytes.length) r.fail(`section ${id} exceeds file`);
    const s = new ByteReader(bytes, start, end);
    if (id !== 0) {
      // Standard sections come once each, in order (data count, id 12, sits between import/elem and code).
      const order = id === 12 ? 9.5 : id;
      if (order <= lastId) s.fail(`section ${id} out of order`);
      lastId = order;
    }
    switch (id) {
      case 0: {
        const name = s.name();
        const c: CustomSection = { name, start: s.pos, bytes: bytes.subarray(s.pos, end) };
        m.customs.push(c);
        try {
          if (name === 'dylink.0') m.dylink = dylink(s);
          else if (name === 'name') m.names = nameSection(s);
        } catch (e) { if (name === 'dylink.0') throw e; /* a bad name section is ignored, as engines do */ }
        s.pos = end;
        break;
      }
      case 1: m.types = s.vec(() => funcType(s)); break;
      case 2: m.imports = s.vec(() => importEntry(s)); break;
      case 3: m.funcTypes = s.vec(() => s.u32()); break;
      case 4: m.tables = s.vec(() => ({ elemType: s.u8(), limits: limits(s) }) as Table); break;
      case 5: m.memories = s.vec(() => limits(s)); break;
      case 6: m.globals = s.vec(() => ({ type: globalType(s), init: constExpr(s) }) as Global); break;
      case 7: m.exports = s.vec((): Export => {
        const name = s.name(); const k = s.u8();
        const kind = exportKinds[k]; if (!kind) s.fail(`bad export kind ${k}`);
        return { name, kind, index: s.u32() };
      }); break;
      case 8: m.start = s.u32(); break;
      case 9: m.elems = s.vec(() => elemSegment(s)); break;
      case 10: {
        m.code = bytes.subarray(start, end);
        m.codeFileOffset = start;
        const n = s.u32();
        if (n !== m.funcTypes.length) s.fail('function and code section counts differ');
        const bodies: FuncBody[] = [];
        for (let i = 0; i < n; i++) bodies.push(decodeBody(s, start));
        m.bodies = bodies;
        break;
      }
      case 11: m.datas = s.vec(() => dataSegment(s)); break;
      case 12: m.dataCount = s.u32(); break;
      default: s.fail(`unknown section id ${id}`);
    }
    if (s.pos !== end) s.fail(`section ${id} size mismatch`);
    r.pos = end;
  }
  if (m.funcTypes.length !== m.bodies.length) r.fail('function section without code section');
  for (const i of m.imports) {
    if (i.kind === 'func') m.importedFuncs++;
    else if (i.kind === 'global') m.importedGlobals++;
    else if (i.kind === 'table') m.importedTables++;
    else m.importedMemories++;
  }
  return m;
}

/** Type of function `index` in the module's function index space (imports first). */
export function funcTypeOf(m: WasmModule, index: number): FuncType | undefined {
  if (index < m.importedFuncs) {
    let k = 0;
    for (const i of m.imports) if (i.kind === 'func') { if (k++ === index) return m.types[i.type]; }
    return undefined;
  }
  const t = m.funcTypes[index - m.importedFuncs];
  return t === undefined ? undefined : m.types[t];
}
