// Validation and static analysis of one function: operand-stack types before each instruction, branch targets
// (so neither the interpreter nor resumption needs a control stack), call arities and the check points with their
// cycle weights. The translator and the interpreter both run off this one analysis.

import { opName, type FuncBody, type FuncType, type GlobalType, type ValType } from '../../formats/wasm/index.ts';
import { sem } from './semantics.ts';

export class ValidationError extends Error {
  constructor(message: string) { super(message); this.name = 'ValidationError'; }
}

/** Type letters used for operand-stack slots: i=i32 j=i64 f=f32 d=f64. */
export function letter(t: ValType): string {
  switch (t) {
    case 0x7f: return 'i'; case 0x7e: return 'j'; case 0x7d: return 'f'; case 0x7c: return 'd';
    default: throw new ValidationError(`unsupported value type 0x${t.toString(16)}`);
  }
}

export interface ModuleEnv {
  types: FuncType[];
  funcType(index: number): FuncType | undefined;
  globalType(index: number): GlobalType | undefined;
  tableCount: number;
}

export interface FuncCode {
  type: FuncType;
  /** Parameters then declared locals, as type letters. */
  locals: string;
  body: FuncBody;
  /** Operand stack before each instruction as type letters; null for unreachable code. */
  stk: (string | null)[];
  /** For br/br_if/if/else: the pc to continue at (-1: return); the label's base height and the values it carries. */
  tgt: Int32Array; th: Int32Array; tn: Int32Array;
  /** br_table: [pc, height, arity] per entry, default last. */
  tables: Map<number, Int32Array>;
  /** block/loop/if/else → index of the matching end. */
  match: Int32Array;
  /** Params and results of the callee at each call/call_indirect. */
  callP: Int32Array; callR: Int32Array;
  /** Natural check points (function entry, loop heads): cycle weight charged there, 0 elsewhere. */
  cpW: Int32Array;
}

interface Frame {
  kind: 'block' | 'loop' | 'if' | 'else' | 'func';
  pc: number; height: number; params: string; results: string; dead: boolean;
  pending: number[]; region: number;
}

export function blockType(env: ModuleEnv, bt: number): { params: string; results: string } {
  if (bt === -64) return { params: '', results: '' };
  if (bt < 0) return { params: '', results: letter(bt + 128) };
  const t = env.types[bt];
  if (!t) throw new ValidationError(`bad block type ${bt}`);
  return { params: t.params.map(letter).join(''), results: t.results.map(letter).join('') };
}

export function analyze(env: ModuleEnv, type: FuncType, body: FuncBody): FuncCode {
  const code = body.code, n = code.length;
  const locals = [...type.params, ...body.locals].map(letter).join('');
  const results = type.results.map(letter).join('');
  const fc: FuncCode = {
    type, locals, body, stk: new Array(n).fill(null),
    tgt: new Int32Array(n), th: new Int32Array(n), tn: new Int32Array(n), tables: new Map(),
    match: new Int32Array(n).fill(-1), callP: new Int32Array(n), callR: new Int32Array(n), cpW: new Int32Array(n + 1),
  };
  const weights = new Map<number, number>([[0, 0]]);
  let stack = '';
  const frames: Frame[] = [{ kind: 'func', pc: -1, height: 0, params: '', results, dead: false, pending: [], region: 0 }];
  let deadDepth = 0; // nested blocks opened inside unreachable code

  const fail = (i: number, msg: string): never => { throw new ValidationError(`instruction ${i} (${opName(code[i]!.op)}): ${msg}`); };
  const top = () => frames[frames.length - 1]!;
  const pop = (i: number, want: string | null): string => {
    if (stack.length <= top().height) fail(i, 'operand stack underflow');
    const t = stack[stack.length - 1]!;
    if (want !== null && t !== want) fail(i, `expected ${want} on the stack, found ${t}`);
    stack = stack.slice(0, -1);
    return t;
  };
  const popN = (i: number, ts: string) => { for (let k = ts.length - 1; k >= 0; k--) pop(i, ts[k]!); };
  const labelOf = (i: number, depth: number): Frame => {
    const f = frames[frames.length - 1 - depth];
    if (!f) fail(i, `branch depth ${depth} out of range`);
    return f!;
  };
  const checkLabel = (i: number, f: Frame): string => {
    const carried = f.kind === 'loop' ? f.params : f.results;
    if (!stack.endsWith(carried) || stack.length - carried.length < top().height) fail(i, 'branch values do not match the label');
    return carried;
  };
  const setBranch = (i: number, f: Frame) => {
    fc.th[i] = f.height;
    fc.tn[i] = (f.kind === 'loop' ? f.params : f.results).length;
    if (f.kind === 'loop') fc.tgt[i] = f.pc + 1;
    else if (f.kind === 'func') fc.tgt[i] = -1;
    else f.pending.push(i);
  };
  const markDead = () => { top().dead = true; };

  for (let i = 0; i < n; i++) {
    const ins = code[i]!;
    const f = top();
    if (f.dead) {
      // Unreachable code: track nesting only, so the matching else/end is found.
      if (ins.op === 0x02 || ins.op === 0x03 || ins.op === 0x04) { deadDepth++; continue; }
      if (ins.op === 0x0b && deadDepth > 0) { deadDepth--; continue; }
      if (ins.op === 0x05 && deadDepth > 0) continue;
      if (ins.op !== 0x0b && ins.op !== 0x05) continue;
      stack = stack.slice(0, f.height) + (ins.op === 0x05 ? f.results : f.results);
    }
    fc.stk[i] = stack;
    weights.set(f.region, (weights.get(f.region) ?? 0) + 1);
    const s = sem.get(ins.op);
    if (s) {
      popN(i, s.in);
      stack += s.out;
      continue;
    }
    switch (ins.op) {
      case 0x00: markDead(); break; // unreachable
      case 0x01: break; // nop
      case 0x02: case 0x03: case 0x04: {
        if (ins.op === 0x04) pop(i, 'i');
        const bt = blockType(env, ins.a);
        popN(i, bt.params);
        const kind = ins.op === 0x02 ? 'block' : ins.op === 0x03 ? 'loop' : 'if';
        const region = kind === 'loop' ? i + 1 : f.region;
        if (kind === 'loop') weights.set(region, 0);
        frames.push({ kind, pc: i, height: stack.length, params: bt.params, results: bt.results, dead: false, pending: [], region });
        stack += bt.params;
        break;
      }
      case 0x05: { // else
        if (f.kind !== 'if') fail(i, 'else without if');
        if (!f.dead && stack !== stack.slice(0, f.height) + f.results) fail(i, 'then branch leaves wrong values');
        fc.match[f.pc] = i; // provisional: the if jumps here+1 when false
        f.kind = 'else'; f.dead = false;
        f.pending.push(i); // else → end+1
        stack = stack.slice(0, f.height) + f.params;
        fc.tgt[f.pc] = i + 1;
        break;
      }
      case 0x0b: { // end
        if (!f.dead && stack !== stack.slice(0, f.height) + f.results) fail(i, 'block leaves wrong values');
        if (f.kind === 'if' && f.params !== f.results) fail(i, 'if without else must not change the stack type');
        frames.pop();
        if (f.kind === 'func') { if (i !== n - 1) fail(i, 'code after the function end'); break; }
        if (f.kind === 'if') fc.tgt[f.pc] = i + 1;
        fc.match[f.pc] = i;
        for (const p of f.pending) {
          if (code[p]!.op === 0x0e) {
            const t = fc.tables.get(p)!;
            for (let k = 0; k < t.length; k += 3) if (t[k] === -2 - f.pc) t[k] = i + 1;
          } else fc.tgt[p] = i + 1;
          if (code[p]!.op === 0x05) fc.match[p] = i;
        }
        stack = stack.slice(0, f.height) + f.results;
        break;
      }
      case 0x0c: { const l = labelOf(i, ins.a); checkLabel(i, l); setBranch(i, l); markDead(); break; }
      case 0x0d: { pop(i, 'i'); const l = labelOf(i, ins.a); checkLabel(i, l); setBranch(i, l); break; }
      case 0x0e: {
        pop(i, 'i');
        const targets = ins.t!;
        const t = new Int32Array(targets.length * 3);
        let arity = -1;
        targets.forEach((d, k) => {
          const l = labelOf(i, d);
          const carried = checkLabel(i, l);
          if (arity >= 0 && carried.length !== arity) fail(i, 'br_table targets differ in arity');
          arity = carried.length;
          t[3 * k] = l.kind === 'loop' ? l.pc + 1 : l.kind === 'func' ? -1 : -2 - l.pc;
          t[3 * k + 1] = l.height; t[3 * k + 2] = carried.length;
          if (l.kind !== 'loop' && l.kind !== 'func' && !l.pending.includes(i)) l.pending.push(i);
        });
        fc.tables.set(i, t);
        markDead();
        break;
      }
      case 0x0f: {
        if (!stack.endsWith(results)) fail(i, 'return values do not match the function type');
        fc.tgt[i] = -1; fc.th[i] = 0; fc.tn[i] = results.length;
        markDead();
        break;
      }
      case 0x10: case 0x11: {
        let ft: FuncType | undefined;
        if (ins.op === 0x10) ft = env.funcType(ins.a);
        else {
          if (ins.b >= env.tableCount) fail(i, 'table index out of range');
          ft = env.types[ins.a];
          pop(i, 'i');
        }
        if (!ft) fail(i, 'unknown function or type');
        popN(i, ft!.params.map(letter).join(''));
        stack += ft!.results.map(letter).join('');
        fc.callP[i] = ft!.params.length; fc.callR[i] = ft!.results.length;
        break;
      }
      case 0x1a: pop(i, null); break;
      case 0x1b: case 0x1c: {
        pop(i, 'i');
        const b = pop(i, null); pop(i, b);
        if (ins.t && (ins.t.length !== 1 || letter(ins.t[0]!) !== b)) fail(i, 'select type mismatch');
        stack += b;
        break;
      }
      case 0x20: case 0x21: case 0x22: {
        const t = locals[ins.a];
        if (t === undefined) fail(i, 'local index out of range');
        if (ins.op === 0x20) stack += t;
        else { pop(i, t!); if (ins.op === 0x22) stack += t; }
        break;
      }
      case 0x23: case 0x24: {
        const g = env.globalType(ins.a);
        if (!g) fail(i, 'global index out of range');
        const t = letter(g!.type);
        if (ins.op === 0x23) stack += t;
        else { if (!g!.mutable) fail(i, 'global is immutable'); pop(i, t); }
        break;
      }
      case 0x41: stack += 'i'; break;
      case 0x42: stack += 'j'; break;
      case 0x43: stack += 'f'; break;
      case 0x44: stack += 'd'; break;
      case 0x3f: stack += 'i'; break;
      case 0x40: pop(i, 'i'); stack += 'i'; break;
      case 0xfc0a: case 0xfc0b: popN(i, 'iii'); break;
      default: fail(i, 'instruction not supported by the target processor');
    }
  }
  if (frames.length !== 0) throw new ValidationError('function body is not closed');
  for (const [pc, w] of weights) fc.cpW[pc] = Math.max(1, w);
  return fc;
}

/** Whether pc is a natural check point (entry or loop head). */
export function isCheckPoint(fc: FuncCode, pc: number): boolean { return fc.cpW[pc]! > 0; }
