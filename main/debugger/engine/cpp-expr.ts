// The C++ expression evaluator behind `??` and `dx`: typed values, not MASM's bare 64-bit numbers. Numbers are
// decimal unless 0x (C's rules; 0n also accepted), a literal is an `int` (an `int64` when it does not fit), names are
// the current frame's locals and parameters or a module's globals with their DWARF types, @registers are
// `unsigned int64`. Operators: unary - ~ ! * &, postfix -> . [], binary * / % + - << >> < > <= >= == != & ^ | && ||,
// parentheses. Pointer values are linear offsets into target memory, as the DWARF pointers hold them.
import { resolved, sizeOf, type CType, type Member } from '../symbols/types.ts';
import { ExprError } from './expr.ts';

export interface CppValue {
  type: CType;
  /** The value's bytes (for a struct, what could be read of it). */
  bytes: Uint8Array;
  /** Where the value lives (linear offset), when it is an object in memory. */
  address?: number;
  /** A named object or a member of one (dx and ?? show its declared type); false for computed values. */
  named: boolean;
  /** A local whose value the frame no longer holds. */
  unavailable?: boolean;
}

export interface CppEnv {
  variable(name: string): Promise<CppValue | undefined>;
  register(name: string): bigint | undefined;
  /** Reads target memory by linear offset; undefined when it is not there. */
  read(address: number, size: number): Promise<Uint8Array | undefined>;
}

const base = (name: string, size: number, encoding: 'signed' | 'unsigned'): CType => ({ kind: 'base', name, size, encoding });
export const INT = base('int', 4, 'signed');
const UINT = base('unsigned int', 4, 'unsigned');
const INT64 = base('int64', 8, 'signed');
const UINT64 = base('unsigned int64', 8, 'unsigned');
const BOOL: CType = { kind: 'base', name: 'bool', size: 1, encoding: 'bool' };

type Tok = { k: 'num' | 'name' | 'reg' | 'op'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    if (/\s/.test(src[i]!)) { i++; continue; }
    const rest = src.slice(i);
    const m = /^(0[xX][0-9a-fA-F`]+|0[nN][0-9]+|[0-9]+)[uUlL]*/.exec(rest) ?? /^@\$?[A-Za-z_]\w*/.exec(rest) ??
      /^[A-Za-z_][\w]*(?:![A-Za-z_][\w]*)?/.exec(rest) ?? /^(->|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()~!&|^<>.[\]])/.exec(rest);
    if (!m) throw new ExprError(`Syntax error at '${rest}'`);
    const k = /^[0-9]/.test(m[0]) ? 'num' : m[0].startsWith('@') ? 'reg' : /^[A-Za-z_]/.test(m[0]) ? 'name' : 'op';
    out.push({ k, v: m[0], at: i });
    i += m[0].length;
  }
  return out;
}

function toBytes(v: bigint, size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b;
}
function fromBytes(b: Uint8Array, size: number, signed: boolean): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  return signed ? BigInt.asIntN(size * 8, v) : v;
}

const scalar = (type: CType, v: bigint): CppValue => ({ type, bytes: toBytes(BigInt.asUintN(sizeOf(type) * 8, v), sizeOf(type)), named: false });
const isSigned = (t: CType): boolean => { const r = resolved(t); return r.kind === 'enum' || (r.kind === 'base' && (r.encoding === 'signed' || r.encoding === 'char')); };
const isInteger = (t: CType): boolean => { const r = resolved(t); return r.kind === 'enum' || (r.kind === 'base' && r.encoding !== 'float'); };
const isPointer = (t: CType): boolean => { const r = resolved(t); return r.kind === 'pointer' || r.kind === 'array'; };

/** The value as a number: integers by their signedness, pointers as offsets, arrays as their address. */
function num(v: CppValue): bigint {
  const r = resolved(v.type);
  if (v.unavailable) throw new ExprError('Value unavailable');
  if (r.kind === 'array') return BigInt(v.address ?? 0);
  if (r.kind === 'pointer') return fromBytes(v.bytes, r.size, false);
  if (!isInteger(v.type)) throw new ExprError('Numeric expression missing');
  return fromBytes(v.bytes, sizeOf(v.type), isSigned(v.type));
}

/** C's usual arithmetic conversions, as far as int, unsigned int and the 64-bit types go. */
function common(a: CType, b: CType): CType {
  const wide = sizeOf(a) > 4 || sizeOf(b) > 4;
  const unsigned = (t: CType) => !isSigned(t) && sizeOf(t) >= (wide ? 8 : 4);
  if (wide) return unsigned(a) || unsigned(b) ? UINT64 : INT64;
  return unsigned(a) || unsigned(b) ? UINT : INT;
}

function pointee(t: CType): CType {
  const r = resolved(t);
  return r.kind === 'pointer' ? r.target : r.kind === 'array' ? r.element : { kind: 'void' };
}

function findMember(t: CType, name: string): { m: Member; offset: number } | undefined {
  const r = resolved(t);
  if (r.kind !== 'struct' && r.kind !== 'union') return undefined;
  for (const m of r.members) {
    if (m.name === name) return { m, offset: m.offset };
    if (m.name === undefined) { const inner = findMember(m.type, name); if (inner) return { m: inner.m, offset: m.offset + inner.offset }; }
  }
  return undefined;
}

export async function evaluateCpp(src: string, env: CppEnv): Promise<CppValue> {
  const toks = tokenize(src);
  let k = 0;
  const rest = (): string => src.slice(toks[k]?.at ?? src.length);
  const peek = (v: string): boolean => toks[k]?.k === 'op' && toks[k]!.v === v;

  const load = async (type: CType, address: number, where: string): Promise<CppValue> => {
    const size = Math.max(1, sizeOf(type));
    const bytes = await env.read(address, size);
    if (!bytes || bytes.length < size) throw new ExprError(`Memory access error at '${where}'`);
    return { type, bytes, address, named: true };
  };
  const deref = async (p: CppValue, where: string): Promise<CppValue> => {
    if (!isPointer(p.type)) throw new ExprError(`Pointer expression missing at '${where}'`);
    const t = pointee(p.type);
    if (resolved(t).kind === 'void') throw new ExprError(`Illegal indirection at '${where}'`);
    return load(t, Number(num(p)), where);
  };

  const primary = async (): Promise<CppValue> => {
    const t = toks[k];
    if (!t) throw new ExprError(`Syntax error at '${src}'`);
    if (peek('(')) {
      k++;
      const v = await logicalOr();
      if (!peek(')')) throw new ExprError(`Syntax error at '${rest()}'`);
      k++;
      return v;
    }
    if (t.k === 'num') {
      k++;
      const text = t.v.replace(/[uUlL]+$/, '').replace(/`/g, '');
      const v = /^0[xX]/.test(text) ? BigInt(text) : /^0[nN]/.test(text) ? BigInt(text.slice(2)) : BigInt(text);
      return scalar(v <= 0x7fffffffn ? INT : v <= 0x7fffffffffffffffn ? INT64 : UINT64, v);
    }
    if (t.k === 'reg') {
      const v = env.register(t.v.slice(1).toLowerCase());
      if (v === undefined) throw new ExprError(`Bad register error at '${rest()}'`);
      k++;
      return scalar(UINT64, v);
    }
    if (t.k === 'name') {
      if (t.v === 'true' || t.v === 'false') { k++; return scalar(BOOL, t.v === 'true' ? 1n : 0n); }
      const v = await env.variable(t.v);
      if (!v) throw new ExprError(`Couldn't resolve error at '${rest()}'`);
      k++;
      return v;
    }
    throw new ExprError(`Syntax error at '${rest()}'`);
  };

  const postfix = async (): Promise<CppValue> => {
    let v = await primary();
    for (;;) {
      if (peek('->') || peek('.')) {
        const arrow = toks[k]!.v === '->';
        const where = rest();
        k++;
        const name = toks[k];
        if (name?.k !== 'name') throw new ExprError(`Syntax error at '${rest()}'`);
        k++;
        const obj = arrow ? await deref(v, where) : v;
        const found = findMember(obj.type, name.v);
        if (!found) throw new ExprError(`Type does not have given member error at '${name.v}'`);
        if (obj.address === undefined) throw new ExprError(`Syntax error at '${where}'`);
        v = await load(found.m.type, obj.address + found.offset, where);
        continue;
      }
      if (peek('[')) {
        const where = rest();
        k++;
        const index = await logicalOr();
        if (!peek(']')) throw new ExprError(`Syntax error at '${rest()}'`);
        k++;
        const el = pointee(v.type);
        v = await load(el, Number(num(v) + num(index) * BigInt(Math.max(1, sizeOf(el)))), where);
        continue;
      }
      return v;
    }
  };

  const unary = async (): Promise<CppValue> => {
    const t = toks[k];
    if (t?.k === 'op' && '-~!*&+'.includes(t.v) && t.v.length === 1) {
      const where = rest();
      k++;
      const v = await unary();
      if (t.v === '*') return deref(v, where);
      if (t.v === '&') {
        if (v.address === undefined) throw new ExprError(`Syntax error at '${where}'`);
        return scalar({ kind: 'pointer', size: 4, target: v.type }, BigInt(v.address));
      }
      if (t.v === '!') return scalar(BOOL, num(v) === 0n ? 1n : 0n);
      if (t.v === '+') return v;
      const type = common(v.type, INT);
      return scalar(type, t.v === '-' ? -num(v) : ~num(v));
    }
    return postfix();
  };

  const binary = (ops: string[], next: () => Promise<CppValue>) => async (): Promise<CppValue> => {
    let a = await next();
    for (;;) {
      const t = toks[k];
      if (t?.k !== 'op' || !ops.includes(t.v)) return a;
      k++;
      const b = await next();
      a = apply(t.v, a, b, rest());
    }
  };
  const product = binary(['*', '/', '%'], unary);
  const sum = binary(['+', '-'], product);
  const shift = binary(['<<', '>>'], sum);
  const relation = binary(['<', '>', '<=', '>='], shift);
  const equality = binary(['==', '!='], relation);
  const bitAnd = binary(['&'], equality);
  const bitXor = binary(['^'], bitAnd);
  const bitOr = binary(['|'], bitXor);
  const logicalAnd = binary(['&&'], bitOr);
  const logicalOr = binary(['||'], logicalAnd);

  const v = await logicalOr();
  if (k < toks.length) throw new ExprError(`Syntax error at '${rest()}'`);
  return v;
}

function apply(op: string, a: CppValue, b: CppValue, where: string): CppValue {
  // Pointer arithmetic: pointer ± integer moves by elements; pointer - pointer counts them.
  if ((op === '+' || op === '-') && isPointer(a.type) && isInteger(b.type)) {
    const el = BigInt(Math.max(1, sizeOf(pointee(a.type))));
    const t = resolved(a.type).kind === 'array' ? { kind: 'pointer' as const, size: 4, target: pointee(a.type) } : a.type;
    return scalar(t, op === '+' ? num(a) + num(b) * el : num(a) - num(b) * el);
  }
  if (op === '+' && isInteger(a.type) && isPointer(b.type)) return apply('+', b, a, where);
  if (op === '-' && isPointer(a.type) && isPointer(b.type)) return scalar(INT64, (num(a) - num(b)) / BigInt(Math.max(1, sizeOf(pointee(a.type)))));
  const x = num(a), y = num(b);
  switch (op) {
    case '<': return scalar(BOOL, x < y ? 1n : 0n);
    case '>': return scalar(BOOL, x > y ? 1n : 0n);
    case '<=': return scalar(BOOL, x <= y ? 1n : 0n);
    case '>=': return scalar(BOOL, x >= y ? 1n : 0n);
    case '==': return scalar(BOOL, x === y ? 1n : 0n);
    case '!=': return scalar(BOOL, x !== y ? 1n : 0n);
    case '&&': return scalar(BOOL, x && y ? 1n : 0n);
    case '||': return scalar(BOOL, x || y ? 1n : 0n);
  }
  const type = op === '<<' || op === '>>' ? common(a.type, INT) : common(a.type, b.type);
  if ((op === '/' || op === '%') && y === 0n) throw new ExprError(`Divide by zero error at '${where}'`);
  const bits = BigInt(sizeOf(type) * 8);
  const r = op === '*' ? x * y : op === '/' ? x / y : op === '%' ? x % y : op === '+' ? x + y : op === '-' ? x - y :
    op === '<<' ? x << (y % bits) : op === '>>' ? x >> (y % bits) : op === '&' ? x & y : op === '^' ? x ^ y : x | y;
  return scalar(type, r);
}
