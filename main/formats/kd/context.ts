// Our CONTEXT: a stopped thread's state as the stub reports it. Wasm frames live outside linear memory, so the
// stub sends the unwound frames themselves (code address, return address, locals and operand stack of each) and
// the host walks them for `k`, `dv` and `r` instead of unwinding the stack from memory as x64 WinDbg does.
import { Reader, Writer } from './bytes.ts';

export type WasmValue = number | bigint;

export interface ContextFrame {
  kind: 'wasm' | 'host' | 'start';
  /** VA of the current instruction (the call for caller frames); 0n when the frame has no code address. */
  pc: bigint;
  /** VA of the instruction after the call in the caller (this frame's return address); 0n for the outermost. */
  returnAddress: bigint;
  /** Name of the function (host routines are named module!Routine). */
  function: string;
  /** Child-SP when the target knows it (user frames: a plain user VA); otherwise the debugger works it out. */
  sp?: bigint;
  locals: WasmValue[];
  stack: WasmValue[];
}

export interface ThreadContext {
  thread: number;
  threadName: string;
  irql: number;
  /** __stack_pointer as a VA (Child-SP of the innermost frame). */
  sp: bigint;
  stackBase: bigint;
  /** Innermost first. */
  frames: ContextFrame[];
}

const KIND = ['wasm', 'host', 'start'] as const;

function value(w: Writer, v: WasmValue): void {
  if (typeof v === 'bigint') w.u8(1).u64(v);
  else if (Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff) w.u8(0).u32(v);
  else w.u8(2).f64(v);
}
function readValue(r: Reader): WasmValue {
  const t = r.u8();
  if (t === 1) return BigInt.asIntN(64, r.u64());
  if (t === 0) return r.u32() | 0;
  return r.f64();
}

export function encodeContext(c: ThreadContext): Uint8Array {
  const w = new Writer().u32(c.thread).str(c.threadName).u32(c.irql).u64(c.sp).u64(c.stackBase).u32(c.frames.length);
  for (const f of c.frames) {
    w.u8(KIND.indexOf(f.kind)).u64(f.pc).u64(f.returnAddress).str(f.function).u64(f.sp ?? 0n);
    w.u32(f.locals.length); for (const v of f.locals) value(w, v);
    w.u32(f.stack.length); for (const v of f.stack) value(w, v);
  }
  return w.done();
}

export function decodeContext(data: Uint8Array): ThreadContext {
  const r = new Reader(data);
  const c: ThreadContext = { thread: r.u32(), threadName: r.str(), irql: r.u32(), sp: r.u64(), stackBase: r.u64(), frames: [] };
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const kind = KIND[r.u8()] ?? 'host';
    const f: ContextFrame = { kind, pc: r.u64(), returnAddress: r.u64(), function: r.str(), locals: [], stack: [] };
    const sp = r.u64();
    if (sp) f.sp = sp;
    const nl = r.u32(); for (let k = 0; k < nl; k++) f.locals.push(readValue(r));
    const ns = r.u32(); for (let k = 0; k < ns; k++) f.stack.push(readValue(r));
    c.frames.push(f);
  }
  return c;
}
