// DWARF location expressions for wasm32: a small stack machine over DW_OP_*, with DW_OP_WASM_location
// reading wasm locals, globals and operand-stack slots through the caller's frame accessor.
import { ByteReader } from './bytes.ts';
import { DW_OP } from './constants.ts';

/** Operations one expression may run (DW_OP_skip/bra can loop). */
const MAX_STEPS = 10_000;

/** What the debugger can read from a stopped frame. Values are raw wasm values (i32 as number, i64 as bigint). */
export interface FrameAccessor {
  local(index: number): number | bigint | undefined;
  global(index: number): number | bigint | undefined;
  stack(index: number): number | bigint | undefined;
  readMemory(address: number, size: number): Uint8Array;
  /**
   * The image's __memory_base. clang's PIC data locations read it themselves (DW_OP_WASM_location 0x3 of the
   * imported __memory_base global, then DW_OP_addrx, DW_OP_plus); the symbol layer answers global(n) for that
   * import from this value when the accessor does not.
   */
  memoryBase: number;
  /** The value of DW_AT_frame_base for the function (set by the symbol layer when it evaluates a variable). */
  frameBase?: number;
}

export type WasmSpace = 'local' | 'global' | 'stack';
export type Location =
  | { kind: 'memory'; address: number }
  | { kind: 'wasm'; space: WasmSpace; index: number; value: bigint }
  | { kind: 'value'; value: bigint }
  | { kind: 'implicit'; bytes: Uint8Array }
  | { kind: 'pieces'; pieces: Array<{ size: number; location: Location }> }
  | { kind: 'unavailable'; reason: string };

export class ExprError extends Error {}

function space(kind: number): WasmSpace {
  if (kind === 0) return 'local';
  if (kind === 1 || kind === 3) return 'global';
  if (kind === 2) return 'stack';
  throw new ExprError(`unknown DW_OP_WASM_location kind ${kind}`);
}

function readWasm(ctx: FrameAccessor, sp: WasmSpace, index: number): bigint {
  const v = sp === 'local' ? ctx.local(index) : sp === 'global' ? ctx.global(index) : ctx.stack(index);
  if (v === undefined) throw new ExprError(`wasm ${sp} ${index} is not available`);
  return BigInt(v);
}

const MASK32 = 0xffffffffn;

/** Evaluate a location expression (address size 4: wasm32 memory addresses). */
/** `addrx` resolves DW_OP_addrx/constx indexes through the unit's .debug_addr table. */
export function evaluateLocation(expr: Uint8Array, ctx: FrameAccessor, addrx?: (index: number) => number): Location {
  try { return evaluate(expr, ctx, addrx); } catch (e) {
    // The byte reader's DataView says only "Offset is outside the bounds": say what it means here.
    if (e instanceof RangeError) throw new ExprError('the expression is cut short (an operand runs past its end)');
    throw e;
  }
}

function evaluate(expr: Uint8Array, ctx: FrameAccessor, addrx?: (index: number) => number): Location {
  if (expr.length === 0) return { kind: 'unavailable', reason: 'optimized away' };
  const r = new ByteReader(expr);
  const st: bigint[] = [];
  const pieces: Array<{ size: number; location: Location }> = [];
  let current: Location | undefined; // a register/implicit location set by the last op
  let isValue = false;
  const pop = (): bigint => { const v = st.pop(); if (v === undefined) throw new ExprError('expression stack underflow'); return v; };
  const top = (): bigint => { const v = st[st.length - 1]; if (v === undefined) throw new ExprError('expression stack underflow'); return v; };
  const finish = (): Location | undefined => {
    if (current) return current;
    if (st.length === 0) return undefined;
    const v = top();
    return isValue ? { kind: 'value', value: v } : { kind: 'memory', address: Number(v & MASK32) };
  };
  // DW_OP_skip/bra may jump backwards: a damaged expression must not loop forever.
  let steps = 0;
  while (!r.done) {
    if (++steps > MAX_STEPS) throw new ExprError(`expression runs more than ${MAX_STEPS} operations (a loop)`);
    const op = r.u8();
    if (op >= DW_OP.lit0 && op <= DW_OP.lit31) { st.push(BigInt(op - DW_OP.lit0)); continue; }
    switch (op) {
      case DW_OP.addr: st.push(BigInt(r.u32())); break;
      case DW_OP.addrx: case DW_OP.constx: {
        if (!addrx) throw new ExprError('DW_OP_addrx without an address table');
        st.push(BigInt(addrx(r.uleb())));
        break;
      }
      case DW_OP.const1u: st.push(BigInt(r.u8())); break;
      case DW_OP.const1s: st.push(BigInt(r.i8())); break;
      case DW_OP.const2u: st.push(BigInt(r.u16())); break;
      case DW_OP.const2s: st.push(BigInt(r.i16())); break;
      case DW_OP.const4u: st.push(BigInt(r.u32())); break;
      case DW_OP.const4s: st.push(BigInt(r.i32())); break;
      case DW_OP.const8u: st.push(r.u64()); break;
      case DW_OP.const8s: st.push(r.i64()); break;
      case DW_OP.constu: st.push(r.ulebBig()); break;
      case DW_OP.consts: st.push(r.slebBig()); break;
      case DW_OP.dup: st.push(top()); break;
      case DW_OP.drop: pop(); break;
      case DW_OP.over: st.push(st[st.length - 2]); break;
      case DW_OP.pick: st.push(st[st.length - 1 - r.u8()]); break;
      case DW_OP.swap: { const a = pop(), b = pop(); st.push(a, b); break; }
      case DW_OP.rot: { const a = pop(), b = pop(), c = pop(); st.push(a, c, b); break; }
      case DW_OP.abs: { const a = pop(); st.push(a < 0n ? -a : a); break; }
      case DW_OP.and: { const b = pop(); st.push(pop() & b); break; }
      case DW_OP.div: { const b = pop(); st.push(pop() / b); break; }
      case DW_OP.minus: { const b = pop(); st.push(pop() - b); break; }
      case DW_OP.mod: { const b = pop(); st.push(pop() % b); break; }
      case DW_OP.mul: { const b = pop(); st.push(pop() * b); break; }
      case DW_OP.neg: st.push(-pop()); break;
      case DW_OP.not: st.push(~pop()); break;
      case DW_OP.or: { const b = pop(); st.push(pop() | b); break; }
      case DW_OP.plus: { const b = pop(); st.push(pop() + b); break; }
      case DW_OP.plus_uconst: st.push(pop() + r.ulebBig()); break;
      case DW_OP.shl: { const b = pop(); st.push(pop() << b); break; }
      case DW_OP.shr: { const b = pop(); st.push(BigInt.asUintN(64, pop()) >> b); break; }
      case DW_OP.shra: { const b = pop(); st.push(pop() >> b); break; }
      case DW_OP.xor: { const b = pop(); st.push(pop() ^ b); break; }
      case DW_OP.eq: { const b = pop(); st.push(pop() === b ? 1n : 0n); break; }
      case DW_OP.ge: { const b = pop(); st.push(pop() >= b ? 1n : 0n); break; }
      case DW_OP.gt: { const b = pop(); st.push(pop() > b ? 1n : 0n); break; }
      case DW_OP.le: { const b = pop(); st.push(pop() <= b ? 1n : 0n); break; }
      case DW_OP.lt: { const b = pop(); st.push(pop() < b ? 1n : 0n); break; }
      case DW_OP.ne: { const b = pop(); st.push(pop() !== b ? 1n : 0n); break; }
      case DW_OP.skip: { const d = r.i16(); r.pos += d; break; }
      case DW_OP.bra: { const d = r.i16(); if (pop() !== 0n) r.pos += d; break; }
      case DW_OP.nop: break;
      case DW_OP.deref: st.push(readU(ctx, Number(pop() & MASK32), 4)); break;
      case DW_OP.deref_size: { const n = r.u8(); st.push(readU(ctx, Number(pop() & MASK32), n)); break; }
      case DW_OP.fbreg: {
        if (ctx.frameBase === undefined) throw new ExprError('no frame base');
        st.push(BigInt(ctx.frameBase) + r.slebBig());
        break;
      }
      case DW_OP.WASM_location: {
        const kind = r.u8();
        const index = kind === 3 ? r.u32() : r.uleb();
        const sp = space(kind);
        const value = readWasm(ctx, sp, index);
        // Alone (or right before a piece) it names where the variable lives, as DW_OP_regN does;
        // inside a longer expression it pushes that value, as DW_OP_bregN 0 does.
        if (r.done || expr[r.pos] === DW_OP.piece) current = { kind: 'wasm', space: sp, index, value };
        else st.push(value);
        break;
      }
      case DW_OP.stack_value: isValue = true; break;
      case DW_OP.implicit_value: current = { kind: 'implicit', bytes: r.take(r.uleb()) }; break;
      case DW_OP.piece: {
        const size = r.uleb();
        pieces.push({ size, location: finish() ?? { kind: 'unavailable', reason: 'optimized away' } });
        st.length = 0; current = undefined; isValue = false;
        break;
      }
      case DW_OP.entry_value: case 0xf3 /* DW_OP_GNU_entry_value */:
        throw new ExprError('entry value not available');
      default:
        throw new ExprError(`unsupported DW_OP 0x${op.toString(16)}`);
    }
  }
  if (pieces.length) return { kind: 'pieces', pieces };
  return finish() ?? { kind: 'unavailable', reason: 'empty expression' };
}

function readU(ctx: FrameAccessor, address: number, size: number): bigint {
  const b = ctx.readMemory(address, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** A short human form of an expression (for listings and error messages). */
export function describeExpr(expr: Uint8Array): string {
  const r = new ByteReader(expr);
  const out: string[] = [];
  const name = (op: number) => Object.entries(DW_OP).find(([, v]) => v === op)?.[0] ?? `0x${op.toString(16)}`;
  try {
    while (!r.done) {
      const op = r.u8();
      if (op >= DW_OP.lit0 && op <= DW_OP.lit31) { out.push(`DW_OP_lit${op - DW_OP.lit0}`); continue; }
      switch (op) {
        case DW_OP.addr: out.push(`DW_OP_addr 0x${r.u32().toString(16)}`); break;
        case DW_OP.fbreg: out.push(`DW_OP_fbreg ${r.sleb()}`); break;
        case DW_OP.plus_uconst: case DW_OP.constu: case DW_OP.piece: case DW_OP.addrx: case DW_OP.constx: out.push(`DW_OP_${name(op)} ${r.uleb()}`); break;
        case DW_OP.consts: out.push(`DW_OP_consts ${r.sleb()}`); break;
        case DW_OP.WASM_location: { const k = r.u8(); out.push(`DW_OP_WASM_location 0x${k} ${k === 3 ? r.u32() : r.uleb()}`); break; }
        default: out.push(`DW_OP_${name(op)}`); if (op !== DW_OP.stack_value && op !== DW_OP.deref && op !== DW_OP.plus && op !== DW_OP.minus) return out.join(', ') + ' ...';
      }
    }
  } catch { out.push('<truncated>'); }
  return out.join(', ');
}
