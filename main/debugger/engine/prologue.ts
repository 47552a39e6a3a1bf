// A frame stopped inside its function's prologue (a `bu func` stops at the first instruction, as WinDbg's does):
// its frame-base local is not set yet and its parameters are not yet stored where the DWARF says they live.
// x64 WinDbg still shows Child-SP and the parameters there (the PDB's frame data describes the frame at every
// instruction); we get the same by running the rest of the prologue on a copy of the frame: the few wasm
// instructions clang's prologue uses (stack-pointer arithmetic, local.set, stores of the parameters), with the
// stores kept aside. The target is not touched.
import { opName, type WasmModule } from '../../formats/wasm/index.ts';
import type { WasmValue } from '../../formats/kd/context.ts';

export interface PrologueResult {
  /** The frame's locals as the prologue leaves them. */
  locals: WasmValue[];
  /** Bytes the prologue would have stored (linear address → byte). */
  stores: Map<number, number>;
}

/** Index of the imported global `__stack_pointer` (the C stack of PIC images). */
export function stackPointerGlobal(m: WasmModule): number | undefined {
  let i = 0;
  for (const imp of m.imports) {
    if (imp.kind !== 'global') continue;
    if (imp.name === '__stack_pointer') return i;
    i++;
  }
  return undefined;
}

const STORE_SIZE: Record<string, number> = { 'i32.store': 4, 'i64.store': 8, 'i32.store8': 1, 'i32.store16': 2, 'i64.store8': 1, 'i64.store16': 2, 'i64.store32': 4 };

/**
 * Run a frame from `rel` (module-relative code offset) up to `end` (the DWARF prologue_end) on copies of its
 * locals and operand stack, `sp` being __stack_pointer's value (a linear address). Stops early at any
 * instruction a prologue does not use. Undefined when `rel` is not an instruction.
 */
export function runPrologue(m: WasmModule, rel: number, end: number, locals: WasmValue[], stack: WasmValue[], sp: number): PrologueResult | undefined {
  const body = m.bodies.find((b) => rel >= b.codeStart && rel < b.end);
  if (!body) return undefined;
  let i = body.code.findIndex((x) => x.off === rel);
  if (i < 0) return undefined;
  const spIndex = stackPointerGlobal(m);
  const L = [...locals];
  // Declared locals start at zero, as wasm defines them.
  const params = m.types[m.funcTypes[m.bodies.indexOf(body)] ?? -1]?.params.length ?? 0;
  for (let k = L.length; k < params + body.locals.length; k++) L.push(0);
  const S = [...stack];
  const stores = new Map<number, number>();
  let stackPointer = sp;
  const i32 = (v: WasmValue | undefined): number => (typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : (v ?? 0) | 0);
  for (; i < body.code.length; i++) {
    const ins = body.code[i]!;
    if (ins.off >= end) break;
    const name = opName(ins.op);
    if (name === 'global.get' && ins.a === spIndex) S.push(stackPointer | 0);
    else if (name === 'global.set' && ins.a === spIndex) stackPointer = i32(S.pop());
    else if (name === 'i32.const') S.push(ins.a | 0);
    else if (name === 'i32.sub') { const b = i32(S.pop()), a = i32(S.pop()); S.push((a - b) | 0); }
    else if (name === 'i32.add') { const b = i32(S.pop()), a = i32(S.pop()); S.push((a + b) | 0); }
    else if (name === 'local.get') S.push(L[ins.a] ?? 0);
    else if (name === 'local.set') L[ins.a] = S.pop() ?? 0;
    else if (name === 'local.tee') L[ins.a] = S[S.length - 1] ?? 0;
    else if (STORE_SIZE[name] || name === 'f32.store' || name === 'f64.store') {
      const v = S.pop() ?? 0, at = (i32(S.pop()) >>> 0) + ins.b;
      const bytes = new Uint8Array(STORE_SIZE[name] ?? (name === 'f32.store' ? 4 : 8));
      const dv = new DataView(bytes.buffer);
      if (name === 'f32.store') dv.setFloat32(0, Number(v), true);
      else if (name === 'f64.store') dv.setFloat64(0, Number(v), true);
      else { const big = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))); for (let k = 0; k < bytes.length; k++) bytes[k] = Number((big >> BigInt(8 * k)) & 0xffn); }
      bytes.forEach((b, k) => stores.set(at + k, b));
    } else break;
  }
  return { locals: L, stores };
}
