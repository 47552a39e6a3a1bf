// The target processor: runs the wasm32 code of every loaded kernel image in ONE system address space (one memory,
// one function table), thread by thread, in budgeted slices. See README.md in this folder for the model and API.

import { funcTypeOf, type ConstExpr, type FuncType, type GlobalType, type WasmModule } from '../../formats/wasm/index.ts';
import { MemoryFault, NULL_GUARD, toVA, type SystemMemory } from '../memory.ts';
import { analyze, ValidationError, type ModuleEnv } from './analyze.ts';
import { H } from './helpers.ts';
import { buildPureExec, interpret, zeroOf, type InterpMode, type PureExec, type TrapCell } from './interpret.ts';
import { Status } from './status.ts';
import { FACTORY_PARAMS, translate, type GlobalRef } from './translate.ts';
import './tiering.ts';
import {
  BLOCK, type ExceptionInfo, type Func, type HostContext, type HostFrame, type HostRequest, type HostRoutine,
  type HostValue, type Instance, type RunResult, type SavedFrame, type StopReason, type Thread, type Value, type WasmFrame,
} from './types.ts';

export { ValidationError };

/** How each import of a module is satisfied, in import order. */
export type ImportBinding =
  | { kind: 'func'; func: Func }
  | { kind: 'global'; value: Value }
  | { kind: 'sp' }
  | { kind: 'cell'; cell: { v: Value } }
  | { kind: 'memory' }
  | { kind: 'table' };

export interface InstantiateOptions {
  name: string;
  module: WasmModule;
  codeBase: number;
  memoryBase: number;
  tableBase: number;
  imports: ImportBinding[];
}

export interface FrameInfo {
  kind: 'wasm' | 'host' | 'start';
  fid: number;
  function: string;
  image?: string;
  /** Instruction index in the function (wasm frames). */
  pc: number;
  /** System-space offset of the instruction at pc (the call, for caller frames). */
  codeOffset?: number;
  /** Offset of the instruction after the call in the caller: this frame's return address. */
  returnOffset?: number;
  locals: Value[];
  stack: Value[];
}

export interface Watch { id: number; start: number; size: number; kind: 'w' | 'rw' }

interface StepRequest { done?: (pc: number, executed: number) => boolean; into: boolean; retStop: boolean }

const EMPTY: Value[] = Object.freeze([]) as unknown as Value[];

export class Processor {
  // ---- Hot state read and written by generated code (keep these first and monomorphic). ----
  /** Remaining cycle budget of the running slice. */
  b = 0;
  /** Unwinding: 0 running, 1 frames are saving themselves, 2 stop right after the current call returns. */
  u = 0;
  /** __stack_pointer (shared by all images; per thread when switched out) and the running thread's stack limit. */
  sp = 0;
  spl = 0;
  /** High half of an i64 result a translated function returned as a pair to a translated caller (i64-pairs.ts). */
  jh = 0;
  /** Data breakpoint envelope [wl, wh) and mode (0 none, 1 writes, 2 reads and writes). */
  wl = 0;
  wh = 0;
  watch: 0 | 1 | 2 = 0;
  /** Budget parked while a stop is forced at the next check point (break-in, step into). */
  bank = 0;
  forced: 0 | 1 | 2 = 0;
  /** Resume cursor into the running thread's saved frames. */
  ri = 0;
  /** The top frame resumes at a breakpoint it already reported: that one check is skipped (cleared on resume). */
  sup = false;

  /** Total cycles executed (the deterministic clock). */
  cycles = 0;
  /** IRQL of this processor (PASSIVE 0, APC 1, DISPATCH 2, device levels above). */
  irql = 0;

  readonly table: (Func | null)[] = [];
  readonly funcs: Func[] = [];
  readonly instances: Instance[] = [];
  readonly pure: PureExec;
  readonly trapCell: TrapCell = { code: 0, addr: 0, write: 0 };

  private cur: Thread | null = null;
  private saved: SavedFrame[] = [];
  private stopInfo: RunResult = { reason: 'exited', cycles: 0 };
  private readonly bps = new Map<number, Set<number>>();
  private watches: Watch[] = [];
  private nextWatch = 1;
  private nextThread = 1;
  private nextInstance = 1;
  private readonly sigs = new Map<string, number>();
  private supF = -1;
  private supPc = -1;
  private breakPending = false;
  private stepReq: StepRequest | null = null;
  private retStop = -1;
  private readonly ctx: HostContext;

  /** 'translate' (normal) or 'interpret' (every wasm function interpreted: the reference for differential tests). */
  readonly engine: 'translate' | 'interpret';

  constructor(readonly memory: SystemMemory, opts: { engine?: 'translate' | 'interpret' } = {}) {
    this.engine = opts.engine ?? 'translate';
    this.pure = buildPureExec(memory, this);
    const self = this;
    this.ctx = { processor: this, get thread() { return self.cur!; } };
  }

  // ---------------------------------------------------------------- functions and modules

  sigId(t: FuncType): number {
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    let id = this.sigs.get(key);
    if (id === undefined) { id = this.sigs.size + 1; this.sigs.set(key, id); }
    return id;
  }
  sigOfType(inst: Instance, typeIndex: number): number { return this.sigId(inst.module.types[typeIndex]!); }

  /** A host (TypeScript) routine as a callable function of the given wasm type. */
  hostFunc(name: string, type: FuncType, routine: HostRoutine): Func {
    const F: Func = { id: this.funcs.length, name, type, sig: this.sigId(type), js: () => 0, kind: 'host', index: -1, host: routine };
    F.js = (...args: Value[]) => this.callHost(F, args);
    this.funcs.push(F);
    return F;
  }

  /**
   * Create the functions and globals of a module placed at the given bases. Validates every function body
   * (throws ValidationError for invalid or unsupported code). Segments are written by initSegments.
   */
  instantiate(o: InstantiateOptions): Instance {
    const m = o.module;
    const importedGlobalTypes: GlobalType[] = [];
    for (const i of m.imports) if (i.kind === 'global') importedGlobalTypes.push(i.type);
    const env: ModuleEnv = {
      types: m.types,
      funcType: (i) => funcTypeOf(m, i),
      globalType: (i) => (i < importedGlobalTypes.length ? importedGlobalTypes[i] : m.globals[i - importedGlobalTypes.length]?.type),
      tableCount: m.importedTables + m.tables.length,
    };
    if (o.imports.length !== m.imports.length) throw new ValidationError('import bindings do not match the imports');
    const funcs: Func[] = [];
    const globals: GlobalRef[] = [];
    const cells: ({ v: Value } | undefined)[] = [];
    o.imports.forEach((b, k) => {
      const imp = m.imports[k]!;
      if (imp.kind === 'func') {
        if (b.kind !== 'func') throw new ValidationError(`import ${imp.module}!${imp.name} needs a function`);
        if (b.func.sig !== this.sigId(m.types[imp.type]!)) throw new ValidationError(`import ${imp.module}!${imp.name} has a different signature`);
        funcs.push(b.func);
      } else if (imp.kind === 'global') {
        if (b.kind === 'sp') globals.push({ kind: 'sp' });
        else if (b.kind === 'global') globals.push({ kind: 'const', v: b.value });
        else if (b.kind === 'cell') { globals.push({ kind: 'cell', cell: b.cell }); cells[globals.length - 1] = b.cell; }
        else throw new ValidationError(`import ${imp.name} needs a global`);
      }
    });
    const inst: Instance = {
      id: this.nextInstance++, name: o.name, module: m, env, codeBase: o.codeBase, memoryBase: o.memoryBase,
      tableBase: o.tableBase, funcs, globals, cells,
    };
    for (const g of m.globals) {
      const v = this.evalConst(inst, g.init);
      if (g.type.mutable) { const cell = { v }; globals.push({ kind: 'cell', cell }); cells[globals.length - 1] = cell; }
      else globals.push({ kind: 'const', v });
    }
    m.bodies.forEach((body, k) => {
      const index = m.importedFuncs + k;
      const type = m.types[m.funcTypes[k]!];
      if (!type) throw new ValidationError(`function ${index} has an unknown type`);
      let code;
      try { code = analyze(env, type, body); } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(`function ${m.names?.functions.get(index) ?? index}: ${e.message}`);
        throw e;
      }
      const F: Func = {
        id: this.funcs.length, name: m.names?.functions.get(index) ?? `func${index}`, type, sig: this.sigId(type),
        js: () => 0, kind: 'wasm', inst, index, code,
      };
      F.js = this.stub(F);
      this.funcs.push(F);
      funcs.push(F);
    });
    this.instances.push(inst);
    return inst;
  }

  evalConst(inst: Instance, e: ConstExpr): Value {
    switch (e.op) {
      case 'i32.const': case 'f32.const': case 'f64.const': return e.value;
      case 'i64.const': return e.value;
      case 'global.get': {
        const g = inst.globals[e.index];
        if (!g) throw new ValidationError('constant expression reads an unknown global');
        return g.kind === 'const' ? g.v : g.kind === 'cell' ? g.cell.v : this.sp;
      }
      default: throw new ValidationError(`unsupported constant expression ${e.op}`);
    }
  }

  /** Write active element and data segments. Returns an error text instead of throwing for out-of-range segments. */
  initSegments(inst: Instance): string | undefined {
    const m = inst.module;
    for (const seg of m.elems) {
      if (seg.mode !== 'active') continue;
      const at = Number(this.evalConst(inst, seg.offset!));
      for (let k = 0; k < seg.funcs.length; k++) {
        const fi = seg.funcs[k];
        const f = fi === null || fi === undefined ? null : inst.funcs[fi];
        if (f === undefined) return `element segment names unknown function ${fi}`;
        this.table[at + k] = f;
      }
    }
    for (const seg of m.datas) {
      if (seg.mode !== 'active') continue;
      const at = Number(this.evalConst(inst, seg.offset!)) >>> 0;
      if (!this.memory.isMapped(at, seg.bytes.length)) return `data segment at 0x${at.toString(16)} is outside system space`;
      this.memory.u8.set(seg.bytes, at);
    }
    return undefined;
  }

  /** Forget an instance: its functions stop being callable and its table entries are cleared. */
  removeInstance(inst: Instance): void {
    const i = this.instances.indexOf(inst);
    if (i >= 0) this.instances.splice(i, 1);
    for (let k = 0; k < this.table.length; k++) if (this.table[k]?.inst === inst) this.table[k] = null;
    for (const f of inst.funcs) {
      if (f.inst !== inst) continue;
      this.bps.delete(f.id);
      f.js = () => { throw new Error(`${inst.name}!${f.name} called after unload`); };
    }
  }

  // ---------------------------------------------------------------- translation

  private stub(F: Func): (...a: unknown[]) => unknown {
    return (...a: unknown[]) => { this.ensureTranslated(F); return F.js(...a); };
  }

  ensureTranslated(F: Func): void {
    if (F.cps || F.kind !== 'wasm') return;
    const inst = F.inst!;
    if (this.engine === 'interpret') {
      const np = F.type.params.length, declared = F.code!.locals.slice(np);
      F.js = (...args: Value[]) => {
        const locals = args.slice(0, np);
        for (const l of declared) locals.push(l === 'j' ? 0n : 0);
        return interpret(this, F, { kind: 'wasm', fid: F.id, pc: 0, call: false, locals, stack: [] }, { handoff: false });
      };
      F.cps = new Set();
      return;
    }
    const t = translate({
      fid: F.id, name: F.name, fc: F.code!, env: inst.env, globals: inst.globals, memSize: this.memory.size,
      bps: this.bps.get(F.id) ?? new Set(), watch: this.watch, sigOf: (ti) => this.sigOfType(inst, ti),
      wasmFunc: (k) => inst.funcs[k]?.kind === 'wasm',
    });
    const mem = this.memory;
    const factory = new Function(...FACTORY_PARAMS, t.src) as (...a: unknown[]) => (...args: unknown[]) => unknown;
    F.js = factory(this, H, mem.u8, mem.i8, mem.u16, mem.i16, mem.i32, mem.i64, mem.f32, mem.f64, mem.dv, ...this.guardedViews(), this.table, inst.funcs, inst.cells, EMPTY);
    F.cps = t.cps;
  }

  private guarded?: ArrayBufferView[];
  /** The views from NULL_GUARD on, in GUARDED_VIEWS order (translate.ts). */
  private guardedViews(): ArrayBufferView[] {
    const b = this.memory.buffer, o = NULL_GUARD, n = this.memory.size - NULL_GUARD;
    return (this.guarded ??= [new Uint8Array(b, o, n), new Int8Array(b, o, n), new Uint16Array(b, o, n / 2), new Int16Array(b, o, n / 2),
      new Int32Array(b, o, n / 4), new BigInt64Array(b, o, n / 8), new Float32Array(b, o, n / 4), new Float64Array(b, o, n / 8)]);
  }

  /** The generated source of a function (diagnostics and tests). */
  translationOf(F: Func): string {
    const inst = F.inst!;
    return translate({
      fid: F.id, name: F.name, fc: F.code!, env: inst.env, globals: inst.globals, memSize: this.memory.size,
      bps: this.bps.get(F.id) ?? new Set(), watch: this.watch, sigOf: (ti) => this.sigOfType(inst, ti),
      wasmFunc: (k) => inst.funcs[k]?.kind === 'wasm',
    }).src;
  }

  private invalidate(F: Func): void {
    if (F.kind !== 'wasm' || !F.cps) return;
    F.cps = undefined;
    F.js = this.stub(F);
  }

  // ---------------------------------------------------------------- hooks called by generated code

  /** Save a frame while unwinding (K odd: before pc; K even: inside the call at pc). */
  save(fid: number, K: number, locals: Value[], S: Value[]): void {
    if ((K & 1) === 1) { this.saved.push({ kind: 'wasm', fid, pc: (K - 1) >> 1, call: false, locals, stack: S.slice() }); return; }
    const pc = (K - 2) >> 1;
    if (this.u === 2) {
      // A step out finished: the call returned; stop before the next instruction with its results on the stack.
      this.saved.push({ kind: 'wasm', fid, pc: pc + 1, call: false, locals, stack: S.slice() });
      this.u = 1;
      return;
    }
    const fc = this.funcs[fid]!.code!;
    const base = fc.stk[pc]!.length - fc.callP[pc]! - (fc.body.code[pc]!.op === 0x11 ? 1 : 0);
    this.saved.push({ kind: 'wasm', fid, pc, call: true, locals, stack: S.slice(0, base) });
  }

  /** Slow path of a check point whose budget went negative: preemption, break-in or step. Always stops. */
  chk(fid: number, pc: number): boolean {
    const reason: StopReason = this.forced === 1 ? 'break-in' : this.forced === 2 ? 'step' : 'preempted';
    this.unforce();
    this.stopInfo = { reason, cycles: 0, fid, pc };
    this.u = 1;
    return true;
  }

  /** A stepping interpreter's check point: a forced step-into stop does not apply to the frame being stepped. */
  chkStep(fid: number, pc: number): boolean {
    if (this.forced === 2 && this.b + this.bank >= 0) return false;
    return this.chk(fid, pc);
  }

  /** Breakpoint check point. */
  bp(fid: number, pc: number): boolean {
    if (this.sup) {
      this.sup = false;
      if (fid === this.supF && pc === this.supPc) return false;
    }
    this.stopInfo = { reason: 'breakpoint', cycles: 0, fid, pc };
    this.u = 1;
    return true;
  }

  /** A trap: record the exception on the running thread and start unwinding. */
  trap(code: number, fid: number, pc: number, address: number, write: number): void {
    this.cur!.exception = { code, address, write: write === 1, fid, pc };
    this.stopInfo = { reason: 'exception', cycles: 0, fid, pc };
    this.u = 1;
  }

  /** Data breakpoint check after an access inside the watch envelope. */
  wr(address: number, size: number, write: number): boolean {
    for (const w of this.watches) {
      if (address < w.start + w.size && address + size > w.start && (write === 1 || w.kind === 'rw')) {
        this.stopInfo = { reason: 'data-breakpoint', cycles: 0, address, size, write: write === 1 };
        this.u = 1;
        return true;
      }
    }
    return false;
  }

  /** Resume the next saved frame of the running thread (outermost first) and return its result. */
  rn(): any {
    const t = this.cur!;
    const i = this.ri++;
    const fr = t.frames[i]!;
    const top = i === t.frames.length - 1;
    let r: unknown;
    if (fr.kind === 'start') {
      if (top && this.stepReq) this.force(2);
      r = this.funcs[fr.fid]!.js(...fr.args);
    } else if (fr.kind === 'wasm') {
      const F = this.funcs[fr.fid]!;
      this.ensureTranslated(F);
      const zeros = F.type.params.map(zeroOf);
      if (top && this.stepReq?.done) {
        if (this.stepReq.into) this.force(2);
        r = interpret(this, F, fr, { step: { done: this.stepReq.done }, handoff: false });
      } else if (this.engine === 'interpret') r = interpret(this, F, fr, { handoff: false });
      else if (fr.call) r = F.js(...zeros, { k: 2 * fr.pc + 2, locals: fr.locals, stack: fr.stack });
      else if (F.cps!.has(fr.pc)) r = F.js(...zeros, { k: 2 * fr.pc + 1, locals: fr.locals, stack: fr.stack });
      else r = interpret(this, F, fr, { handoff: true } as InterpMode);
    } else r = this.resumeHost(fr);
    if (this.u === 0 && i === this.retStop) {
      const caller = t.frames[i - 1];
      if (caller?.kind === 'wasm') { this.u = 2; this.stopInfo = { reason: 'step', cycles: 0 }; }
      else if (caller) this.force(2);
    }
    return r;
  }

  /** The interpreter finished a step. */
  stepDone(): void { this.stopInfo = { reason: 'step', cycles: 0 }; this.u = 1; }

  breakpointsOf(fid: number): Set<number> | undefined { return this.bps.get(fid); }

  globalGet(inst: Instance, i: number): Value {
    const g = inst.globals[i]!;
    return g.kind === 'sp' ? this.sp : g.kind === 'const' ? g.v : g.cell.v;
  }
  globalSet(inst: Instance, i: number, v: Value): void {
    const g = inst.globals[i]!;
    if (g.kind === 'sp') this.sp = v as number; else if (g.kind === 'cell') g.cell.v = v;
  }

  private force(kind: 1 | 2): void {
    if (this.forced === 0) { this.bank = this.b; this.b = 0; }
    this.forced = kind;
  }
  private unforce(): void {
    if (this.forced !== 0) { this.b += this.bank; this.bank = 0; this.forced = 0; }
  }

  // ---------------------------------------------------------------- host routines

  private coerce(F: Func, v: unknown): any {
    const rt = F.type.results;
    if (rt.length === 0) return undefined;
    const t = rt[0]!;
    if (t === 0x7f) return Number(v ?? 0) | 0;
    if (t === 0x7e) return BigInt.asIntN(64, BigInt((v as Value) ?? 0));
    if (t === 0x7d) return Math.fround(Number(v ?? 0));
    return Number(v ?? 0);
  }

  private callHost(F: Func, args: Value[]): unknown {
    let r: ReturnType<HostRoutine>;
    try { r = F.host!(this.ctx, ...args); } catch (e) { return this.hostFault(F, e); }
    if (r === BLOCK) { this.pushHost({ kind: 'host', fid: F.id, state: 'wait' }); this.stopInfo = { reason: 'blocked', cycles: 0 }; this.u = 1; return this.coerce(F, 0); }
    if (r !== null && typeof r === 'object' && typeof (r as Generator).next === 'function') return this.drive(F, r as Generator<HostRequest, HostValue, unknown>, undefined);
    return this.coerce(F, r);
  }

  private pushHost(f: HostFrame): void { this.saved.push(f); }

  private hostFault(F: Func, e: unknown): unknown {
    const t = this.cur!;
    if (e instanceof MemoryFault) t.exception = { code: Status.ACCESS_VIOLATION, address: e.address, write: e.write, fid: F.id, pc: -1 };
    else if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    else t.exception = { code: (e as { status?: number })?.status ?? 0xc0000001, address: 0, write: false, fid: F.id, pc: -1, hostError: e };
    this.pushHost({ kind: 'host', fid: F.id, state: 'fault' });
    this.stopInfo = { reason: 'exception', cycles: 0, fid: F.id, pc: -1 };
    this.u = 1;
    return this.coerce(F, 0);
  }

  private drive(F: Func, gen: Generator<HostRequest, HostValue, unknown>, input: unknown): unknown {
    for (;;) {
      let it: IteratorResult<HostRequest, HostValue>;
      try { it = gen.next(input); } catch (e) { return this.hostFault(F, e); }
      if (it.done) return this.coerce(F, it.value);
      const req = it.value;
      if (req === BLOCK) {
        this.pushHost({ kind: 'host', fid: F.id, state: 'gen-wait', gen });
        this.stopInfo = { reason: 'blocked', cycles: 0 };
        this.u = 1;
        return this.coerce(F, 0);
      }
      const callee = typeof req.call === 'number' ? this.table[req.call >>> 0] : req.call;
      if (!callee) return this.hostFault(F, new MemoryFault(typeof req.call === 'number' ? req.call : 0, false));
      input = callee.js(...req.args);
      if (this.u !== 0) { this.pushHost({ kind: 'host', fid: F.id, state: 'gen', gen }); return this.coerce(F, 0); }
    }
  }

  private resumeHost(fr: HostFrame): unknown {
    const F = this.funcs[fr.fid]!;
    const t = this.cur!;
    switch (fr.state) {
      case 'wait': return this.coerce(F, t.wakeValue);
      case 'gen-wait': return this.drive(F, fr.gen!, t.wakeValue);
      case 'gen': {
        const r = this.rn();
        if (this.u !== 0) { this.pushHost(fr); return this.coerce(F, 0); }
        return this.drive(F, fr.gen!, r);
      }
      case 'fault': return this.coerce(F, 0);
    }
  }

  // ---------------------------------------------------------------- threads

  /** A thread that will call `func(args)` on the stack [stackLimit, stackBase). */
  createThread(o: { func: Func; args?: Value[]; stackBase: number; stackLimit: number; name?: string }): Thread {
    const id = this.nextThread++;
    return {
      id, name: o.name ?? `thread ${id}`, state: 'ready', frames: [{ kind: 'start', fid: o.func.id, args: o.args ?? [] }],
      sp: o.stackBase, stackBase: o.stackBase, stackLimit: o.stackLimit, irql: 0, cycles: 0, wakeValue: 0,
    };
  }

  /** The thread currently on the processor (inside host routines), if any. */
  get current(): Thread | null { return this.cur; }

  /**
   * Run `t` for at most `budget` cycles. Returns when it exits, is preempted (budget spent: the timer interrupt),
   * blocks, or stops (breakpoint, step, break-in, data breakpoint, exception).
   */
  run(t: Thread, budget: number): RunResult {
    if (this.cur) throw new Error('processor is already running a thread');
    if (t.state === 'exited') return { reason: 'exited', cycles: 0 };
    if (t.state === 'faulted') return { reason: 'exception', cycles: 0 };
    if (t.state === 'blocked') return { reason: 'blocked', cycles: 0 };
    this.cur = t;
    this.sp = t.sp; this.spl = t.stackLimit; this.irql = t.irql;
    this.b = budget; this.bank = 0; this.forced = 0; this.u = 0; this.ri = 0; this.saved = [];
    this.stopInfo = { reason: 'exited', cycles: 0 };
    if (this.breakPending) { this.breakPending = false; this.force(1); }
    const top = t.frames[t.frames.length - 1];
    this.sup = top?.kind === 'wasm' && !top.call && this.bps.get(top.fid)?.has(top.pc) === true;
    if (this.sup && top?.kind === 'wasm') { this.supF = top.fid; this.supPc = top.pc; }
    if (this.stepReq?.retStop) this.retStop = t.frames.length - 1;
    t.exception = undefined;
    let result: unknown;
    try {
      result = this.rn();
    } catch (e) {
      if (!(e instanceof RangeError)) { this.cur = null; this.stepReq = null; this.retStop = -1; throw e; }
      // The JS stack ran out: a runaway recursion. Frames above the catch are lost; the thread cannot continue.
      t.exception = { code: Status.STACK_OVERFLOW, address: 0, write: false, fid: -1, pc: -1 };
      this.stopInfo = { reason: 'exception', cycles: 0 };
      this.u = 1;
    }
    // A break-in this thread never reached a check point for (it blocked or ended first) is owed to the next one.
    if ((this.forced as 0 | 1 | 2) === 1) this.breakPending = true; // (set by host routines during the run)
    this.unforce();
    const used = budget - this.b;
    t.cycles += used; this.cycles += used;
    t.sp = this.sp; t.irql = this.irql;
    this.cur = null; this.stepReq = null; this.retStop = -1; this.sup = false;
    const res: RunResult = { ...this.stopInfo, cycles: used };
    if (this.u !== 0) {
      t.frames = this.saved.reverse();
      t.state = res.reason === 'blocked' ? 'blocked' : res.reason === 'exception' ? 'faulted' : res.reason === 'preempted' ? 'ready' : 'stopped';
    } else {
      t.frames = []; t.state = 'exited'; t.result = result as Value;
      res.reason = 'exited';
    }
    this.saved = [];
    this.u = 0;
    t.lastStop = res.reason;
    return res;
  }

  /** Wake a blocked thread; `value` becomes the result of the call that blocked. */
  wake(t: Thread, value: Value = 0): void {
    if (t.state !== 'blocked') throw new Error(`thread ${t.id} is not blocked`);
    t.wakeValue = value;
    t.state = 'ready';
  }

  /** Let a stopped thread run again (after a breakpoint, step, break-in). */
  release(t: Thread): void { if (t.state === 'stopped') t.state = 'ready'; }

  /** Ask the running (or next run) thread to stop at its next check point ("break-in", Ctrl+Break). */
  requestBreak(): void {
    if (this.cur) this.force(1); else this.breakPending = true;
  }

  /** Take back a break-in no thread has taken (nothing is left to run); true when one was waiting. */
  cancelBreak(): boolean { const b = this.breakPending; this.breakPending = false; return b; }

  /**
   * Run `func(args)` to completion on a temporary thread (loader work: relocations, constructors). It may be asked
   * from a host routine of the running thread (a program's StartService loads the driver on its own thread, as
   * MmLoadSystemImage does): that thread's run state is set aside meanwhile and a break-in waits for it.
   */
  callSync(func: Func, args: Value[], stack: { base: number; limit: number }, budget = 1e9): { result?: Value | Value[]; stop: RunResult; exception?: ExceptionInfo } {
    const outer = this.cur ? this.setAsideRun() : undefined;
    const saveSp = this.sp;
    const t = this.createThread({ func, args, stackBase: stack.base, stackLimit: stack.limit, name: 'loader' });
    let stop: RunResult;
    try { stop = this.run(t, budget); } finally { this.sp = saveSp; if (outer) this.takeBackRun(outer); }
    return { result: t.result, stop, exception: t.exception };
  }

  /** The running thread's run state, cleared so another run can nest inside one of its host calls. */
  private setAsideRun() {
    const s = {
      cur: this.cur, b: this.b, u: this.u, sp: this.sp, spl: this.spl, bank: this.bank, forced: this.forced, ri: this.ri,
      sup: this.sup, supF: this.supF, supPc: this.supPc, irql: this.irql, saved: this.saved, stopInfo: this.stopInfo,
      stepReq: this.stepReq, retStop: this.retStop, breakPending: this.breakPending,
    };
    this.cur = null; this.stepReq = null; this.retStop = -1; this.breakPending = false;
    return s;
  }
  private takeBackRun(s: ReturnType<Processor['setAsideRun']>): void {
    const owed = this.breakPending; // a break-in asked for during the nested run goes to the running thread
    Object.assign(this, s);
    if (owed) this.requestBreak();
  }

  // ---------------------------------------------------------------- debugging

  /** Map a system-space code offset to (function, instruction); exact when the offset starts an instruction. */
  locate(offset: number): { func: Func; pc: number; exact: boolean } | undefined {
    for (const inst of this.instances) {
      const rel = offset - inst.codeBase;
      if (rel < 0 || rel >= inst.module.code.length) continue;
      const k = inst.module.bodies.findIndex((b) => rel >= b.codeStart && rel < b.end);
      if (k < 0) return undefined;
      const func = inst.funcs[inst.module.importedFuncs + k]!;
      const code = func.code!.body.code;
      let lo = 0, hi = code.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (code[mid]!.off <= rel) lo = mid; else hi = mid - 1; }
      return { func, pc: lo, exact: code[lo]!.off === rel };
    }
    return undefined;
  }

  /** System-space offset of instruction pc of function fid. */
  codeOffset(fid: number, pc: number): number {
    const F = this.funcs[fid]!;
    return F.inst!.codeBase + F.code!.body.code[pc]!.off;
  }

  /** Arm a software breakpoint at a code offset (must start an instruction). */
  setBreakpoint(offset: number): boolean {
    const l = this.locate(offset);
    if (!l || !l.exact) return false;
    let s = this.bps.get(l.func.id);
    if (!s) { s = new Set(); this.bps.set(l.func.id, s); }
    s.add(l.pc);
    this.invalidate(l.func);
    return true;
  }
  clearBreakpoint(offset: number): boolean {
    const l = this.locate(offset);
    const s = l && this.bps.get(l.func.id);
    if (!l || !s || !s.delete(l.pc)) return false;
    if (s.size === 0) this.bps.delete(l.func.id);
    this.invalidate(l.func);
    return true;
  }
  breakpoints(): number[] {
    const out: number[] = [];
    for (const [fid, s] of this.bps) for (const pc of s) out.push(this.codeOffset(fid, pc));
    return out.sort((a, b) => a - b);
  }

  /** Arm a data breakpoint (`ba w4 addr`: kind 'w'; `ba r4`: 'rw'). Code is retranslated with checked accesses. */
  setWatch(start: number, size: number, kind: 'w' | 'rw'): number {
    const id = this.nextWatch++;
    this.watches.push({ id, start, size, kind });
    this.updateWatch();
    return id;
  }
  clearWatch(id: number): boolean {
    const n = this.watches.length;
    this.watches = this.watches.filter((w) => w.id !== id);
    this.updateWatch();
    return this.watches.length !== n;
  }
  private updateWatch(): void {
    const mode: 0 | 1 | 2 = this.watches.length === 0 ? 0 : this.watches.some((w) => w.kind === 'rw') ? 2 : 1;
    this.wl = Math.min(...this.watches.map((w) => w.start), 0x7fffffff);
    this.wh = Math.max(...this.watches.map((w) => w.start + w.size), 0);
    if (mode !== this.watch) { this.watch = mode; for (const f of this.funcs) this.invalidate(f); }
  }

  /** Single-step one instruction of the top frame ('into' enters calls, 'over' runs them). */
  step(t: Thread, mode: 'into' | 'over', budget = 1e9): RunResult {
    this.release(t);
    this.stepReq = { done: (_pc, n) => n >= 1, into: mode === 'into', retStop: true };
    return this.run(t, budget);
  }

  /** Step the top frame while its pc stays in [lo, hi) (system code offsets): source-line stepping. */
  stepRange(t: Thread, lo: number, hi: number, mode: 'into' | 'over', budget = 1e9): RunResult {
    const top = t.frames[t.frames.length - 1];
    if (top?.kind !== 'wasm') return this.step(t, mode, budget);
    const F = this.funcs[top.fid]!;
    const code = F.code!.body.code, base = F.inst!.codeBase;
    this.release(t);
    this.stepReq = { done: (pc) => { const o = base + code[pc]!.off; return o < lo || o >= hi; }, into: mode === 'into', retStop: true };
    return this.run(t, budget);
  }

  /** Run until the top frame returns to its caller. */
  stepOut(t: Thread, budget = 1e9): RunResult {
    this.release(t);
    this.stepReq = { into: false, retStop: true };
    return this.run(t, budget);
  }

  /** The thread's call stack, innermost frame first. */
  stack(t: Thread): FrameInfo[] {
    const out: FrameInfo[] = [];
    t.frames.forEach((fr, i) => {
      const F = this.funcs[fr.fid]!;
      const info: FrameInfo = { kind: fr.kind, fid: fr.fid, function: F.name, image: F.inst?.name, pc: -1, locals: [], stack: [] };
      if (fr.kind === 'wasm') {
        info.pc = fr.pc; info.locals = fr.locals; info.stack = fr.stack;
        info.codeOffset = this.codeOffset(fr.fid, fr.pc);
      } else if (fr.kind === 'start') info.locals = fr.args;
      const caller = t.frames[i - 1];
      if (caller?.kind === 'wasm') info.returnOffset = this.codeOffset(caller.fid, caller.pc + 1);
      out.push(info);
    });
    return out.reverse();
  }

  /** The register view `r` shows: rip/rsp as kernel VAs, the IRQL and the top wasm frame's locals. */
  registers(t: Thread): { rip: bigint; rsp: bigint; irql: number; locals: Value[] } {
    const top = this.stack(t).find((f) => f.kind === 'wasm');
    return { rip: toVA(top?.codeOffset ?? 0), rsp: toVA(t.sp), irql: t.irql, locals: top?.locals ?? [] };
  }

  // ---------------------------------------------------------------- state out / in

  /** The processor's state as plain data (memory is snapshotted separately by the machine). */
  stateOut(threads: Thread[]): ProcessorState {
    const frame = (f: SavedFrame): SavedFrame => {
      if (f.kind === 'host' && (f.state === 'gen' || f.state === 'gen-wait')) throw new Error('a thread is inside a host generator routine; its state cannot be saved');
      if (f.kind === 'wasm') return { ...f, locals: [...f.locals], stack: [...f.stack] };
      if (f.kind === 'start') return { ...f, args: [...f.args] };
      return { kind: 'host', fid: f.fid, state: f.state };
    };
    return {
      cycles: this.cycles, irql: this.irql,
      threads: threads.map((t) => ({ ...t, frames: t.frames.map(frame), context: undefined })),
      table: this.table.map((f) => (f ? f.id : null)),
      cells: this.instances.map((inst) => inst.cells.map((c) => (c ? c.v : null))),
    };
  }

  /** Restore state taken by stateOut on a processor with the same images loaded in the same order. */
  stateIn(s: ProcessorState): Thread[] {
    this.cycles = s.cycles; this.irql = s.irql;
    this.table.length = 0;
    for (const id of s.table) this.table.push(id === null ? null : this.funcs[id]!);
    s.cells.forEach((cs, k) => cs.forEach((v, j) => { const c = this.instances[k]?.cells[j]; if (c && v !== null) c.v = v; }));
    const threads = s.threads.map((t) => ({ ...t, frames: t.frames.map((f) => (f.kind === 'wasm' ? { ...f, locals: [...f.locals], stack: [...f.stack] } : { ...f })) }));
    this.nextThread = Math.max(this.nextThread, ...threads.map((t) => t.id + 1));
    return threads;
  }
}

export interface ProcessorState {
  cycles: number; irql: number;
  threads: Thread[];
  table: (number | null)[];
  cells: (Value | null)[][];
}

export type { WasmFrame };
