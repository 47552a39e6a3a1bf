// A symbol module per image, as a PDB is for a real driver: functions, globals, types and the line table,
// read from the DWARF clang put in the image. Every address here is a code-section offset (module-relative);
// the debugger adds the image base.
import { DW_AT, DW_INL, DW_TAG } from '../../formats/dwarf/constants.ts';
import { evaluateLocation, FrameAccessor, Location } from '../../formats/dwarf/expr.ts';
import { damage, Die, DwarfInfo, Unit } from '../../formats/dwarf/info.ts';
import { LineRow, parseLineTable } from '../../formats/dwarf/line.ts';
import { dieLocation, dieRanges, LocationEntry, Range } from '../../formats/dwarf/lists.ts';
import { readWasmDebugView, WasmDebugView } from '../../formats/dwarf/wasm-sections.ts';
import type { WasmModule } from '../../formats/wasm/index.ts';
import { CType, cName, EnumType, resolved, sizeOf, TypeBuilder, VOID } from './types.ts';
import { matchesWildcard, sameSourceFile } from './match.ts';

export type { Range, LocationEntry };
export interface SourceLocation { file: string; line: number; column: number }

export interface VariableSymbol {
  name: string;
  type: CType;
  isParameter: boolean;
  /** Where it lives over which code ranges; undefined when the compiler kept no location (optimized away). */
  location: LocationEntry[] | undefined;
  /** A variable the compiler folded to a constant. */
  constValue?: bigint;
  /** Code ranges of the enclosing lexical block; undefined means the whole function. */
  scope: Range[] | undefined;
  decl: SourceLocation | undefined;
}

export interface InlinedCall {
  name: string;
  ranges: Range[];
  /** Where the call was written (in the caller). */
  call: SourceLocation | undefined;
  params: VariableSymbol[];
  locals: VariableSymbol[];
  inlined: InlinedCall[];
}

export interface FunctionSymbol {
  name: string;
  lowPc: number;
  highPc: number;
  ranges: Range[];
  decl: SourceLocation | undefined;
  returnType: CType;
  params: VariableSymbol[];
  /** All locals, including those of nested blocks (see `scope`). */
  locals: VariableSymbol[];
  inlined: InlinedCall[];
  frameBase: Uint8Array | undefined;
  external: boolean;
  /** False for functions known only from the wasm name section (no DWARF: library code, stripped objects). */
  hasDebugInfo: boolean;
}

export interface GlobalSymbol {
  name: string;
  type: CType;
  /** Offset from __memory_base (the image's data); undefined if the global has no storage. */
  offset: number | undefined;
  constValue?: bigint;
  external: boolean;
  decl: SourceLocation | undefined;
}

export interface SymbolMatch { name: string; kind: 'function' | 'global'; function?: FunctionSymbol; global?: GlobalSymbol }
export interface AddressSymbol { name: string; offset: number; function: FunctionSymbol }
export interface LineInfo extends SourceLocation { address: number }
export interface VariableValue { location: Location; bytes: Uint8Array | undefined; error?: string }

interface Row extends LineRow { seq: number; files: string[] }

export class SymbolModule {
  readonly functions: FunctionSymbol[] = [];
  readonly globals: GlobalSymbol[] = [];
  readonly types = new Map<string, CType>();
  readonly enums: EnumType[] = [];
  /** Source files named by the line table. */
  readonly sourceFiles: string[] = [];
  /** Wasm global index of the imported __memory_base (PIC data locations read it), if imported. */
  readonly memoryBaseGlobal: number | undefined;
  /** What could not be read (damaged DWARF): the module holds everything else. Empty for a sound image. */
  readonly problems: string[] = [];
  private rows: Row[] = [];
  private effLine: number[] = [];
  private dwarf: DwarfInfo;
  private typeBuilder = new TypeBuilder();
  private unitOfFunction = new Map<FunctionSymbol, Unit>();
  private unitOfVariable = new Map<VariableSymbol | GlobalSymbol, Unit>();

  constructor(readonly moduleName: string, readonly wasm: WasmDebugView) {
    const mb = wasm.globalImports.indexOf('__memory_base');
    this.memoryBaseGlobal = mb >= 0 ? mb : undefined;
    this.dwarf = new DwarfInfo(wasm.sections);
    for (const p of this.dwarf.problems) this.problem(p);
    for (const unit of this.dwarf.units) {
      try { this.readUnit(unit); } catch (e) { this.problem(`.debug_info unit at 0x${unit.offset.toString(16)} could not be read: ${damage(e)}`); }
    }
    this.addUndocumentedFunctions();
    this.functions.sort((a, b) => a.lowPc - b.lowPc);
    this.rows.sort((a, b) => a.address - b.address || Number(b.endSequence) - Number(a.endSequence));
    // Rows of line 0 (compiler-made code) belong to the line before them in the same sequence.
    let carry = 0;
    this.effLine = this.rows.map((r, k) => {
      if (k === 0 || this.rows[k - 1].seq !== r.seq) carry = 0;
      if (r.line !== 0) carry = r.line;
      return carry;
    });
  }

  // ---- reading ----

  private problem(text: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
    else if (this.problems.length === MAX_PROBLEMS) this.problems.push('(more damage not listed)');
  }

  private readUnit(unit: Unit): void {
    const root = unit.root;
    if (!root) return;
    const stmt = root.num(DW_AT.stmt_list);
    let files: string[] = [];
    let table: ReturnType<typeof parseLineTable> | undefined;
    if (stmt !== undefined && this.wasm.sections.line) {
      try { table = parseLineTable(this.wasm.sections, stmt, unit.addressSize, root.str(DW_AT.comp_dir) ?? ''); } catch (e) {
        this.problem(`.debug_line table at 0x${stmt.toString(16)} could not be read: ${damage(e)}`);
      }
    }
    if (table) {
      files = table.files;
      const seqBase = this.rows.length ? this.rows[this.rows.length - 1].seq + 1 : 0;
      let seq = seqBase;
      const end = this.wasm.bodies.length ? this.wasm.bodies[this.wasm.bodies.length - 1].end : 0;
      let live = true;
      for (const r of table.rows) {
        if (live && (r.address === 0 || r.address > end)) live = false; // a discarded function's sequence
        if (live) this.rows.push({ ...r, seq, files });
        if (r.endSequence) { if (live) seq++; live = true; }
      }
      for (const f of files) if (f && !this.sourceFiles.includes(f)) this.sourceFiles.push(f);
    }
    const decl = (d: Die, lineAt: number = DW_AT.decl_line, fileAt: number = DW_AT.decl_file, colAt: number = DW_AT.decl_column): SourceLocation | undefined => {
      const line = d.num(lineAt);
      if (line === undefined) return undefined;
      return { file: files[d.num(fileAt) ?? 0] ?? '', line, column: d.num(colAt) ?? 0 };
    };
    const walk = (d: Die): void => {
      for (const c of d.children) {
        try { read(c); } catch (e) { this.problem(`DWARF entry at 0x${c.offset.toString(16)} could not be read: ${damage(e)}`); }
      }
    };
    // One damaged entry costs only that entry.
    const read = (c: Die): void => {
      switch (c.tag) {
        case DW_TAG.subprogram: this.readFunction(unit, c, decl); break;
        case DW_TAG.variable: this.readGlobal(unit, c, decl); break;
        case DW_TAG.namespace: walk(c); break;
        case DW_TAG.structure_type: case DW_TAG.union_type: case DW_TAG.class_type:
        case DW_TAG.enumeration_type: case DW_TAG.typedef: case DW_TAG.base_type:
          this.readType(c); break;
      }
    };
    walk(root);
  }

  private readType(d: Die): void {
    const name = d.name;
    const t = this.typeBuilder.of(d);
    if (t.kind === 'enum' && !this.enums.includes(t)) this.enums.push(t);
    if (!name) return;
    const old = this.types.get(name);
    // A complete definition wins over a forward declaration of the same tag.
    if (!old || (old.kind === 'struct' || old.kind === 'union') && old.declaration) this.types.set(name, t);
  }

  private readGlobal(unit: Unit, d: Die, decl: (d: Die) => SourceLocation | undefined): void {
    const spec = d.ref(DW_AT.specification) ?? d.ref(DW_AT.abstract_origin);
    const name = d.name ?? spec?.name;
    if (!name) return;
    const loc = dieLocation(d);
    const g: GlobalSymbol = {
      name, type: this.typeBuilder.of(d.ref(DW_AT.type) ?? spec?.ref(DW_AT.type)), offset: undefined,
      external: d.flag(DW_AT.external) || !!spec?.flag(DW_AT.external), decl: decl(d) ?? (spec && decl(spec)),
    };
    const cv = d.big(DW_AT.const_value);
    if (cv !== undefined) g.constValue = cv;
    if (loc?.length) {
      // Data offsets do not depend on a frame: evaluate with __memory_base = 0.
      const l = evaluateLocation(loc[0].expr, {
        local: () => undefined, stack: () => undefined, global: (n) => (n === this.memoryBaseGlobal ? 0 : undefined),
        readMemory: () => { throw new Error('no memory'); }, memoryBase: 0,
      }, (i) => unit.address(i));
      // A data symbol the linker dropped keeps a tombstone address (-1 relative to the base).
      if (l.kind === 'memory' && l.address < 0xfffffff0) g.offset = l.address;
    }
    this.unitOfVariable.set(g, unit);
    this.globals.push(g);
  }

  /** The linker marks debug info of discarded code with tombstone addresses (0, -1, -2): keep real code only. */
  private liveRanges(ranges: Range[]): Range[] {
    const end = this.wasm.bodies.length ? this.wasm.bodies[this.wasm.bodies.length - 1].end : 0;
    return ranges.filter((r) => r.lo > 0 && r.hi <= end);
  }

  private readFunction(unit: Unit, d: Die, decl: (d: Die) => SourceLocation | undefined): void {
    const ranges = this.liveRanges(dieRanges(d));
    if (!ranges.length) return; // declarations and abstract inline instances have no code of their own
    const origin = d.ref(DW_AT.abstract_origin) ?? d.ref(DW_AT.specification);
    const name = d.name ?? origin?.name ?? d.str(DW_AT.linkage_name) ?? '<unnamed>';
    const f: FunctionSymbol = {
      name, lowPc: Math.min(...ranges.map((r) => r.lo)), highPc: Math.max(...ranges.map((r) => r.hi)), ranges,
      decl: decl(d) ?? (origin && decl(origin)), returnType: this.typeBuilder.of(d.ref(DW_AT.type) ?? origin?.ref(DW_AT.type)),
      params: [], locals: [], inlined: [], frameBase: d.block(DW_AT.frame_base),
      external: d.flag(DW_AT.external) || !!origin?.flag(DW_AT.external), hasDebugInfo: true,
    };
    this.collectScope(unit, d, f, undefined, decl);
    this.unitOfFunction.set(f, unit);
    this.functions.push(f);
  }

  /** Parameters, locals and inlined calls under a subprogram, lexical block or inlined subroutine. */
  private collectScope(unit: Unit, d: Die, into: { params: VariableSymbol[]; locals: VariableSymbol[]; inlined: InlinedCall[] },
    scope: Range[] | undefined, decl: (d: Die, l?: number, f?: number, c?: number) => SourceLocation | undefined): void {
    for (const c of d.children) {
      if (c.tag === DW_TAG.formal_parameter || c.tag === DW_TAG.variable) {
        const v = this.variable(unit, c, c.tag === DW_TAG.formal_parameter, scope, decl);
        if (v) (v.isParameter ? into.params : into.locals).push(v);
      } else if (c.tag === DW_TAG.lexical_block) {
        this.collectScope(unit, c, into, dieRanges(c), decl);
      } else if (c.tag === DW_TAG.inlined_subroutine) {
        const origin = c.ref(DW_AT.abstract_origin);
        const call: InlinedCall = {
          name: origin?.name ?? '<inlined>', ranges: dieRanges(c),
          call: decl(c, DW_AT.call_line, DW_AT.call_file, DW_AT.call_column), params: [], locals: [], inlined: [],
        };
        this.collectScope(unit, c, call, undefined, decl);
        into.inlined.push(call);
      }
    }
  }

  private variable(unit: Unit, c: Die, isParameter: boolean, scope: Range[] | undefined,
    decl: (d: Die) => SourceLocation | undefined): VariableSymbol | undefined {
    const origin = c.ref(DW_AT.abstract_origin);
    const name = c.name ?? origin?.name;
    if (!name) return undefined;
    const v: VariableSymbol = {
      name, type: this.typeBuilder.of(c.ref(DW_AT.type) ?? origin?.ref(DW_AT.type)), isParameter,
      location: dieLocation(c), scope, decl: decl(c) ?? (origin && decl(origin)),
    };
    const cv = c.big(DW_AT.const_value);
    if (cv !== undefined) v.constValue = cv;
    this.unitOfVariable.set(v, unit);
    return v;
  }

  /** Functions with code but no DWARF (from the name section), so every address still has a symbol. */
  private addUndocumentedFunctions(): void {
    for (const b of this.wasm.bodies) {
      if (this.functions.some((f) => f.lowPc <= b.start && b.start < f.highPc)) continue;
      const name = this.wasm.functionNames.get(b.index) ?? this.wasm.exports.get(b.index)?.[0] ?? `func${b.index}`;
      this.functions.push({
        name, lowPc: b.start, highPc: b.end, ranges: [{ lo: b.start, hi: b.end }], decl: undefined, returnType: VOID,
        params: [], locals: [], inlined: [], frameBase: undefined, external: this.wasm.exports.has(b.index), hasDebugInfo: false,
      });
    }
  }

  // ---- names ----

  /** `x` lookup: `*` and `?` wildcards, case-insensitive; an optional `module!` prefix must name this module. */
  lookupName(pattern: string): SymbolMatch[] {
    const bang = pattern.indexOf('!');
    if (bang >= 0) {
      if (!matchesWildcard(this.moduleName, pattern.slice(0, bang))) return [];
      pattern = pattern.slice(bang + 1);
    }
    const out: SymbolMatch[] = [];
    for (const f of this.functions) if (matchesWildcard(f.name, pattern)) out.push({ name: f.name, kind: 'function', function: f });
    for (const g of this.globals) if (matchesWildcard(g.name, pattern)) out.push({ name: g.name, kind: 'global', global: g });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  functionByName(name: string): FunctionSymbol | undefined {
    return this.functions.find((f) => f.name === name) ?? this.functions.find((f) => f.name.toLowerCase() === name.toLowerCase());
  }
  globalByName(name: string): GlobalSymbol | undefined {
    return this.globals.find((g) => g.name === name) ?? this.globals.find((g) => g.name.toLowerCase() === name.toLowerCase());
  }

  functionAt(codeOffset: number): FunctionSymbol | undefined {
    let lo = 0, hi = this.functions.length - 1, best: FunctionSymbol | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.functions[mid].lowPc <= codeOffset) { best = this.functions[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    if (best && best.ranges.some((r) => r.lo <= codeOffset && codeOffset < r.hi)) return best;
    return this.functions.find((f) => f.ranges.some((r) => r.lo <= codeOffset && codeOffset < r.hi));
  }

  /** `module!function+0x1a` parts for a code offset. */
  addressToSymbol(codeOffset: number): AddressSymbol | undefined {
    const f = this.functionAt(codeOffset);
    return f && { name: f.name, offset: codeOffset - f.lowPc, function: f };
  }

  /** Inlined calls active at an address, innermost first. */
  inlineChainAt(codeOffset: number): InlinedCall[] {
    const chain: InlinedCall[] = [];
    let list = this.functionAt(codeOffset)?.inlined ?? [];
    for (;;) {
      const hit = list.find((c) => c.ranges.some((r) => r.lo <= codeOffset && codeOffset < r.hi));
      if (!hit) break;
      chain.unshift(hit);
      list = hit.inlined;
    }
    return chain;
  }

  // ---- lines ----

  private rowIndexAt(codeOffset: number): number {
    let lo = 0, hi = this.rows.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid].address <= codeOffset) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // Several rows may share an address: the last one is the state for the code that follows.
    if (best < 0 || this.rows[best].endSequence) return -1;
    return best;
  }

  /** The source line of the code at an offset (rows for line 0, compiler-made code, take the line before them). */
  lineForAddress(codeOffset: number): LineInfo | undefined {
    let i = this.rowIndexAt(codeOffset);
    if (i < 0) return undefined;
    const seq = this.rows[i].seq;
    while (i >= 0 && this.rows[i].seq === seq && this.rows[i].line === 0) i--;
    if (i < 0 || this.rows[i].seq !== seq) return undefined;
    const r = this.rows[i];
    return { file: r.files[r.file] ?? '', line: r.line, column: r.column, address: r.address };
  }

  /**
   * Code offsets for a source line: the first is_stmt row of that line in each sequence (one per function,
   * and one per inlined copy), as a breakpoint binds.
   */
  addressesForLine(file: string, line: number): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    for (const r of this.rows) {
      if (r.endSequence || !r.isStmt || r.line !== line || seen.has(r.seq)) continue;
      if (!sameSourceFile(r.files[r.file] ?? '', file)) continue;
      seen.add(r.seq);
      out.push(r.address);
    }
    return out.sort((a, b) => a - b);
  }

  /** Like a debugger binding `bp `file:line``: the first line at or after `line` that has code. */
  resolveLineBreakpoint(file: string, line: number, maxLines = 200): { line: number; addresses: number[] } | undefined {
    for (let l = line; l < line + maxLines; l++) {
      const addresses = this.addressesForLine(file, l);
      if (addresses.length) return { line: l, addresses };
    }
    return undefined;
  }

  /**
   * The contiguous code range of the source line that holds `codeOffset` (what `p`/`t` step over in source mode):
   * neighbouring rows of the same line, and rows of line 0 that continue it.
   */
  steppingRange(codeOffset: number): { lo: number; hi: number; line: number } | undefined {
    const i = this.rowIndexAt(codeOffset);
    if (i < 0 || this.effLine[i] === 0) return undefined;
    const { seq } = this.rows[i], line = this.effLine[i];
    const same = (k: number) => k >= 0 && k < this.rows.length && this.rows[k].seq === seq && !this.rows[k].endSequence && this.effLine[k] === line;
    let a = i, b = i + 1;
    while (same(a - 1)) a--;
    while (same(b)) b++;
    return { lo: this.rows[a].address, hi: this.rows[b]?.address ?? this.functionAt(codeOffset)?.highPc ?? codeOffset + 1, line };
  }

  /** All code ranges of one line inside the sequence (function) holding `codeOffset`; the optimizer may split a line. */
  lineRanges(codeOffset: number): Range[] {
    const i = this.rowIndexAt(codeOffset);
    if (i < 0 || this.effLine[i] === 0) return [];
    const { seq } = this.rows[i], line = this.effLine[i];
    const out: Range[] = [];
    for (let k = 0; k + 1 < this.rows.length; k++) {
      const r = this.rows[k];
      if (r.seq !== seq || r.endSequence || this.effLine[k] !== line || r.address === this.rows[k + 1].address) continue;
      const last = out[out.length - 1];
      if (last && last.hi === r.address) last.hi = this.rows[k + 1].address;
      else out.push({ lo: r.address, hi: this.rows[k + 1].address });
    }
    return out;
  }

  /** First address after the prologue (the row flagged prologue_end), else the function start. */
  prologueEnd(f: FunctionSymbol): number {
    const r = this.rows.find((r) => r.prologueEnd && r.address >= f.lowPc && r.address < f.highPc);
    return r ? r.address : f.lowPc;
  }

  // ---- types ----

  /** A type by name (`_FOO`, `FOO`, `struct _FOO`, `ECHO!_FOO`). */
  typeByName(name: string): CType | undefined {
    name = name.trim();
    const bang = name.indexOf('!');
    if (bang >= 0) name = name.slice(bang + 1);
    name = name.replace(/^(struct|union|enum)\s+/, '');
    return this.types.get(name) ?? [...this.types.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  }

  // ---- variables ----

  /** Parameters and the locals in scope at an address (of the innermost inlined call when `inlineDepth` is 0 and one is active). */
  variablesAt(codeOffset: number, inlineDepth = 0): { function: FunctionSymbol; params: VariableSymbol[]; locals: VariableSymbol[] } | undefined {
    const f = this.functionAt(codeOffset);
    if (!f) return undefined;
    const chain = this.inlineChainAt(codeOffset);
    const holder = inlineDepth < chain.length ? chain[inlineDepth] : f;
    const inScope = (v: VariableSymbol) => !v.scope || v.scope.some((r) => r.lo <= codeOffset && codeOffset < r.hi);
    return { function: f, params: holder.params, locals: holder.locals.filter(inScope) };
  }

  /** Where a variable (local, parameter or global) is at `codeOffset` in a stopped frame. */
  locate(v: VariableSymbol | GlobalSymbol, frame: FrameAccessor, codeOffset = 0): Location {
    if (v.constValue !== undefined) return { kind: 'value', value: v.constValue };
    if ('offset' in v) {
      return v.offset === undefined ? { kind: 'unavailable', reason: 'no storage' } : { kind: 'memory', address: frame.memoryBase + v.offset };
    }
    const entry = v.location?.find((e) => e.isDefault || (e.lo <= codeOffset && codeOffset < e.hi));
    if (!entry) return { kind: 'unavailable', reason: v.location ? 'not available at this address' : 'optimized away' };
    const unit = this.unitOfVariable.get(v)!;
    const ctx = this.withMemoryBase(frame);
    if (entry.expr.includes(0x91 /* DW_OP_fbreg */)) ctx.frameBase = this.frameBase(codeOffset, ctx);
    const loc = evaluateLocation(entry.expr, ctx, (i) => unit.address(i));
    // The wasm32 C ABI passes a struct larger than a register by pointer (byval), and clang describes such a
    // parameter as living in the wasm local that holds that pointer: no aggregate fits a local, so read through it.
    const t = resolved(v.type);
    if (loc.kind === 'wasm' && (t.kind === 'struct' || t.kind === 'union' || t.kind === 'array') && t.size > 4) {
      return { kind: 'memory', address: Number(BigInt.asUintN(32, loc.value)) };
    }
    return loc;
  }

  /** The variable's bytes (little-endian, its type's size) and where they came from. */
  read(v: VariableSymbol | GlobalSymbol, frame: FrameAccessor, codeOffset = 0): VariableValue {
    let location: Location;
    try { location = this.locate(v, frame, codeOffset); } catch (e) {
      return { location: { kind: 'unavailable', reason: String((e as Error).message) }, bytes: undefined, error: (e as Error).message };
    }
    const size = sizeOf(v.type);
    try { return { location, bytes: bytesOf(location, size, frame) }; } catch (e) {
      return { location, bytes: undefined, error: (e as Error).message };
    }
  }

  private withMemoryBase(frame: FrameAccessor): FrameAccessor {
    const mb = this.memoryBaseGlobal;
    return {
      local: (n) => frame.local(n), stack: (n) => frame.stack(n),
      global: (n) => frame.global(n) ?? (n === mb ? frame.memoryBase : undefined),
      readMemory: (a, s) => frame.readMemory(a, s), memoryBase: frame.memoryBase,
    };
  }

  private frameBase(codeOffset: number, ctx: FrameAccessor): number | undefined {
    const f = this.functionAt(codeOffset);
    if (!f?.frameBase) return undefined;
    const unit = this.unitOfFunction.get(f)!;
    const l = evaluateLocation(f.frameBase, ctx, (i) => unit.address(i));
    if (l.kind === 'memory') return l.address;
    if (l.kind === 'wasm' || l.kind === 'value') return Number(BigInt.asUintN(32, l.value));
    return undefined;
  }
}

/** The bytes a location holds, `size` long. */
export function bytesOf(l: Location, size: number, frame: FrameAccessor): Uint8Array | undefined {
  switch (l.kind) {
    case 'memory': return frame.readMemory(l.address, size);
    case 'wasm': case 'value': return leBytes(l.value, size);
    case 'implicit': return l.bytes.slice(0, size);
    case 'pieces': {
      const out = new Uint8Array(size);
      let at = 0;
      for (const p of l.pieces) {
        const b = bytesOf(p.location, p.size, frame);
        if (b) out.set(b.subarray(0, Math.min(p.size, size - at)), at);
        at += p.size;
      }
      return out;
    }
    case 'unavailable': return undefined;
  }
}

function leBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(Math.max(8, size * 8), v);
  for (let i = 0; i < size; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

const MAX_PROBLEMS = 20;

/**
 * Build the symbol module of an image (a linked wasm image with its DWARF, as bytes or already decoded). It never
 * throws: damaged debug information gives a module with what could be read and `problems` saying what could not.
 */
export function loadSymbols(imageBytes: Uint8Array | WasmModule, moduleName: string): SymbolModule {
  let view: WasmDebugView;
  try { view = readWasmDebugView(imageBytes); } catch (e) {
    const m = new SymbolModule(moduleName, {
      sections: { info: new Uint8Array(), abbrev: new Uint8Array() }, codePayloadOffset: 0, importedFunctionCount: 0,
      globalImports: [], bodies: [], functionNames: new Map(), exports: new Map(),
    });
    m.problems.push(`The image ${moduleName} is not a valid wasm module, so it has no symbols: ${(e as Error).message}`);
    return m;
  }
  return new SymbolModule(moduleName, view);
}

export { cName, resolved, sizeOf };
