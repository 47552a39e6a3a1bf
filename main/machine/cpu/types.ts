// The processor's data: functions, module instances, saved frames and threads. Everything a stopped thread holds
// is plain data (frames are unwound into these records), so a thread can be inspected, serialized and resumed.

import type { FuncType, WasmModule } from '../../formats/wasm/index.ts';
import type { FuncCode, ModuleEnv } from './analyze.ts';
import type { GlobalRef } from './translate.ts';

export type Value = number | bigint;
export type { FuncType } from '../../formats/wasm/index.ts';

/** Returned by a host routine (or yielded by a host generator) to block the calling thread until woken. */
export const BLOCK: unique symbol = Symbol('BLOCK');
export type HostValue = Value | void | undefined;

/** A call a host generator routine asks for: a function (or a table index = C function pointer) and its arguments. */
export interface HostCall { call: Func | number; args: Value[] }
export type HostRequest = HostCall | typeof BLOCK;

export interface HostContext {
  readonly processor: import('./processor.ts').Processor;
  readonly thread: Thread;
}
/**
 * A kernel routine written in TypeScript. Arguments arrive as the wasm types (i32 number, i64 BigInt). It may return
 * a value, return BLOCK (the thread waits; the value given to Processor.wake becomes the call's result), or be a
 * generator function that yields HostCall requests (answered with the callee's result) or BLOCK (answered with the
 * wake value) and finally returns its result.
 */
export type HostRoutine = (ctx: HostContext, ...args: any[]) => HostValue | typeof BLOCK | Generator<HostRequest, HostValue, any>;

export interface Func {
  /** Global function id (index in Processor.funcs). */
  readonly id: number;
  readonly name: string;
  readonly type: FuncType;
  /** Interned signature id (call_indirect type check). */
  readonly sig: number;
  /** The current JS entry: translated code, a lazy stub, or a host wrapper. */
  js: (...args: any[]) => any;
  readonly kind: 'wasm' | 'host';
  readonly inst?: Instance;
  /** Index in its module's function index space. */
  readonly index: number;
  readonly code?: FuncCode;
  /** pcs resumable "before pc" in the current translation (undefined: not translated yet). */
  cps?: Set<number>;
  readonly host?: HostRoutine;
}

export interface Instance {
  readonly id: number;
  readonly name: string;
  readonly module: WasmModule;
  readonly env: ModuleEnv;
  /** System-space offset where the code section payload was copied (code address = codeBase + instr.off). */
  readonly codeBase: number;
  readonly memoryBase: number;
  readonly tableBase: number;
  /** Module function index space (imports first) → Func. */
  readonly funcs: Func[];
  readonly globals: GlobalRef[];
  /** Mutable globals by module index (only for 'cell' globals). */
  readonly cells: ({ v: Value } | undefined)[];
}

export interface WasmFrame {
  kind: 'wasm'; fid: number; pc: number;
  /** true: stopped inside the call at pc (an inner frame follows); false: stopped before executing pc. */
  call: boolean;
  locals: Value[]; stack: Value[];
}
export interface StartFrame { kind: 'start'; fid: number; args: Value[] }
export interface HostFrame {
  kind: 'host'; fid: number;
  /** wait: a plain routine blocked; gen-wait: a generator blocked; gen: a generator waiting for a callee; fault: it faulted. */
  state: 'wait' | 'gen-wait' | 'gen' | 'fault';
  gen?: Generator<HostRequest, HostValue, any>;
}
export type SavedFrame = WasmFrame | StartFrame | HostFrame;

export type ThreadState = 'ready' | 'blocked' | 'stopped' | 'exited' | 'faulted';

export interface ExceptionInfo {
  code: number;
  /** Faulting data address (access violations), system-space offset. */
  address: number;
  write: boolean;
  fid: number; pc: number;
  /** An error a host routine threw (a bug check, an internal error). */
  hostError?: unknown;
}

export type StopReason =
  | 'exited' | 'preempted' | 'blocked' | 'breakpoint' | 'step' | 'break-in' | 'data-breakpoint' | 'exception';

export interface Thread {
  readonly id: number;
  name: string;
  state: ThreadState;
  /** Saved activations, outermost first; empty once exited. */
  frames: SavedFrame[];
  /** __stack_pointer while the thread is switched out, and its stack region [limit, base). */
  sp: number; stackBase: number; stackLimit: number;
  irql: number;
  /** Cycles (weighted check points) this thread executed. */
  cycles: number;
  result?: Value | Value[];
  exception?: ExceptionInfo;
  lastStop?: StopReason;
  /** Delivered as the blocked call's result when the thread resumes. */
  wakeValue: Value;
  /** Free for the executive (its KTHREAD object, etc.). */
  context?: unknown;
}

export interface RunResult {
  reason: StopReason;
  cycles: number;
  /** For breakpoints and data breakpoints: where. */
  fid?: number; pc?: number;
  /** For data breakpoints: the accessed address and size. */
  address?: number; size?: number; write?: boolean;
}
