// The MASM expression evaluator: numbers in the default radix 16 (0x, 0n decimal, 0y binary, 0t octal, ` inside
// 64-bit numbers), module!symbol and bare symbols, @register and @$pseudo-registers, `file.c:line`, poi(),
// unary - ~, * / % + - and parentheses. Errors carry WinDbg's text (Couldn't resolve error at '…').

export class ExprError extends Error {}

export interface ExprEnv {
  symbol(name: string): bigint | undefined;
  register(name: string): bigint | undefined;
  line(file: string, line: number): bigint | undefined;
  /** A pointer-sized read (poi); undefined when the memory is not there. */
  readPointer(va: bigint): Promise<bigint | undefined>;
}

type Tok = { t: 'num'; v: bigint; text: string } | { t: 'sym'; v: string } | { t: 'reg'; v: string } | { t: 'line'; file: string; line: number; text: string } | { t: 'op'; v: string };

const M64 = (1n << 64n) - 1n;

export function parseNumber(text: string): bigint | undefined {
  let s = text.replace(/`/g, '');
  let radix = 16;
  const m = /^0([xXnNyYtT])/.exec(s);
  if (m) { radix = { x: 16, n: 10, y: 2, t: 8 }[m[1]!.toLowerCase() as 'x' | 'n' | 'y' | 't']; s = s.slice(2); }
  const neg = false;
  const digits = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 10 ? /^[0-9]+$/ : radix === 8 ? /^[0-7]+$/ : /^[01]+$/;
  if (!digits.test(s)) return undefined;
  let v = 0n;
  for (const ch of s.toLowerCase()) v = v * BigInt(radix) + BigInt(parseInt(ch, 16));
  return neg ? -v : v & M64;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ExprError(`Syntax error at '${src.slice(i)}'`);
      const body = src.slice(i + 1, end);
      const m = /^(?:([^!]+)!)?(.+):(\d+)\+?$/.exec(body);
      if (!m) throw new ExprError(`Syntax error at '${src.slice(i)}'`);
      out.push({ t: 'line', file: m[2]!, line: Number(m[3]), text: src.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    if ('+-*/%()~'.includes(c)) { out.push({ t: 'op', v: c }); i++; continue; }
    if (c === '@') {
      const m = /^@\$?[A-Za-z_][\w]*/.exec(src.slice(i));
      if (!m) throw new ExprError(`Syntax error at '${src.slice(i)}'`);
      out.push({ t: 'reg', v: m[0].slice(1).toLowerCase() }); i += m[0].length; continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z_]\w*/.exec(src.slice(i));
      if (m) { out.push({ t: 'reg', v: m[0].toLowerCase() }); i += m[0].length; continue; }
    }
    const m = /^[\w`.!:?*]+/.exec(src.slice(i));
    if (!m) throw new ExprError(`Syntax error at '${src.slice(i)}'`);
    const w = m[0];
    const n = /^[0-9]/.test(w) ? parseNumber(w) : undefined;
    if (n !== undefined) out.push({ t: 'num', v: n, text: w });
    else if (/^[0-9]/.test(w) && !w.includes('!')) throw new ExprError(`Syntax error at '${src.slice(i)}'`);
    else out.push({ t: 'sym', v: w });
    i += w.length;
  }
  return out;
}

export async function evaluate(src: string, env: ExprEnv): Promise<bigint> {
  const toks = tokenize(src);
  let k = 0;
  const rest = () => {
    // The text from the current token on, as WinDbg quotes it in its errors.
    const t = toks[k];
    if (!t) return '';
    const key = t.t === 'num' ? t.text : t.t === 'line' ? t.text : t.t === 'reg' ? `@${t.v}` : t.v;
    const at = src.indexOf(key);
    return at >= 0 ? src.slice(at) : key;
  };
  const primary = async (): Promise<bigint> => {
    const t = toks[k];
    if (!t) throw new ExprError(`Syntax error at '${src}'`);
    if (t.t === 'op' && t.v === '(') { k++; const v = await sum(); if (toks[k]?.t !== 'op' || (toks[k] as { v: string }).v !== ')') throw new ExprError(`Syntax error at '${rest()}'`); k++; return v; }
    if (t.t === 'op' && t.v === '-') { k++; return (-(await primary())) & M64; }
    if (t.t === 'op' && t.v === '~') { k++; return ~(await primary()) & M64; }
    if (t.t === 'num') { k++; return t.v; }
    if (t.t === 'reg') {
      const v = env.register(t.v);
      if (v === undefined) throw new ExprError(`Bad register error at '${rest()}'`);
      k++; return v & M64;
    }
    if (t.t === 'line') {
      const v = env.line(t.file, t.line);
      if (v === undefined) throw new ExprError(`Couldn't resolve error at '${rest()}'`);
      k++; return v;
    }
    if (t.t === 'sym') {
      if (t.v.toLowerCase() === 'poi' && toks[k + 1]?.t === 'op' && (toks[k + 1] as { v: string }).v === '(') {
        const here = rest();
        k++;
        const a = await primary();
        const v = await env.readPointer(a);
        if (v === undefined) throw new ExprError(`Memory access error at '${here}'`);
        return v;
      }
      const v = env.symbol(t.v) ?? (/^[0-9a-fA-F`]+$/.test(t.v) ? parseNumber(t.v) : undefined);
      if (v === undefined) throw new ExprError(`Couldn't resolve error at '${rest()}'`);
      k++; return v;
    }
    throw new ExprError(`Syntax error at '${rest()}'`);
  };
  const product = async (): Promise<bigint> => {
    let v = await primary();
    for (;;) {
      const t = toks[k];
      if (t?.t !== 'op' || !'*/%'.includes(t.v)) return v;
      k++;
      const r = await primary();
      if ((t.v === '/' || t.v === '%') && r === 0n) throw new ExprError(`Divide by zero error at '${rest()}'`);
      v = (t.v === '*' ? v * r : t.v === '/' ? v / r : v % r) & M64;
    }
  };
  const sum = async (): Promise<bigint> => {
    let v = await product();
    for (;;) {
      const t = toks[k];
      if (t?.t !== 'op' || (t.v !== '+' && t.v !== '-')) return v;
      k++;
      const r = await product();
      v = (t.v === '+' ? v + r : v - r) & M64;
    }
  };
  const v = await sum();
  if (k < toks.length) throw new ExprError(`Syntax error at '${rest()}'`);
  return v;
}

/** WinDbg's `?` output: `Evaluate expression: 4660 = 00000000`00001234`. */
export function formatEvaluate(v: bigint): string {
  const signed = BigInt.asIntN(64, v);
  const h = BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  return `Evaluate expression: ${signed} = ${h.slice(0, 8)}\`${h.slice(8)}`;
}
