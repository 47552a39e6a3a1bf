// Memory and values: d*, e*, dt, dx, ??, ?, r.
import { formatAddress, formatDt, formatValue, toVA, typeSpelling } from '../../symbols/format.ts';
import { dtLines } from '../../symbols/views.ts';
import { sizeOf, resolved, type CType } from '../../symbols/types.ts';
import { fromVA } from '../../../machine/memory.ts';
import { ExprError, formatEvaluate, parseNumber } from '../expr.ts';
import { evaluateCpp, type CppEnv, type CppValue } from '../cpp-expr.ts';
import type { KdSession } from '../session.ts';
import type { DebugModule } from '../modules.ts';
import type { CommandTable } from './types.ts';
import { headerTypes } from '../../../toolchain/layouts.ts';
import type { SymbolModule } from '../../symbols/module.ts';

let lastDump: bigint | undefined;

/** `addr [L count]` → address and element count (default: 128 bytes worth). */
async function range(s: KdSession, args: string, unit: number): Promise<{ at: bigint; count: number }> {
  const m = /^(.*?)(?:\s+[lL](\??)\s*(\S+))?$/.exec(args.trim())!;
  const at = m[1] ? await s.eval(m[1]) : lastDump ?? s.stop?.pc ?? 0n;
  const count = m[3] ? Number(parseNumber(m[3]) ?? 1n) : Math.max(1, Math.floor(128 / unit));
  return { at, count };
}

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

async function dump(s: KdSession, args: string, unit: 1 | 2 | 4 | 8, ascii: boolean): Promise<string> {
  const { at, count } = await range(s, args, unit);
  const bytes = (await s.memory.read(at, count * unit)) ?? new Uint8Array(0);
  const perLine = unit === 8 ? 2 : unit === 4 ? 4 : unit === 2 ? 8 : 16;
  const lines: string[] = [];
  for (let i = 0; i < count; i += perLine) {
    const cells: string[] = [];
    let text = '';
    for (let k = i; k < Math.min(count, i + perLine); k++) {
      const off = k * unit;
      const have = off + unit <= bytes.length;
      let v = 0n;
      if (have) for (let b = unit - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[off + b]!);
      const hex = have ? v.toString(16).padStart(unit * 2, '0') : '?'.repeat(unit * 2);
      cells.push(unit === 8 && have ? `${hex.slice(0, 8)}\`${hex.slice(8)}` : hex);
      for (let b = 0; b < unit; b++) text += off + b < bytes.length ? printable(bytes[off + b]!) : '?';
    }
    const body = unit === 1 ? cells.map((c, k) => (k === 8 ? '-' : k ? ' ' : '') + c).join('') : cells.join(' ');
    const pad = unit === 1 ? 16 * 3 - 1 : perLine * (unit * 2 + (unit === 8 ? 1 : 0)) + perLine - 1;
    lines.push(`${formatAddress(at + BigInt(i * unit))}  ${ascii || unit === 1 ? body.padEnd(pad) + '  ' + text : body}`.trimEnd());
  }
  lastDump = at + BigInt(count * unit);
  return lines.join('\n');
}

/** da/du: the string up to its NUL, at most 256 characters by default (or `L count`), 48 to a line, each line
 *  its address and the quoted text; characters that do not print show as `.`; unreadable memory as `?`. */
async function dumpString(s: KdSession, args: string, wide: boolean): Promise<string> {
  const m = /^(.*?)(?:\s+[lL](\??)\s*(\S+))?$/.exec(args.trim())!;
  const at = m[1] ? await s.eval(m[1]) : lastDump ?? s.stop?.pc ?? 0n;
  const max = m[3] ? Number(parseNumber(m[3]) ?? 256n) : 256;
  const unit = wide ? 2 : 1;
  const bytes = (await s.memory.read(at, max * unit)) ?? new Uint8Array(0);
  const chars: string[] = [];
  let i = 0;
  for (; i < max; i++) {
    if ((i + 1) * unit > bytes.length) { chars.push('?'); break; }
    const c = wide ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : bytes[i]!;
    if (c === 0) break;
    chars.push(c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : wide && c >= 0xa0 ? String.fromCharCode(c) : '.');
  }
  // Unreadable from the start: WinDbg fills the line with ?.
  if (!bytes.length) return `${formatAddress(at)}  "${'?'.repeat(48)}"`;
  const lines: string[] = [];
  for (let k = 0; k < Math.max(1, chars.length); k += 48) lines.push(`${formatAddress(at + BigInt(k * unit))}  "${chars.slice(k, k + 48).join('')}"`);
  lastDump = at + BigInt(Math.min(i + 1, max) * unit);
  return lines.join('\n');
}

async function enter(s: KdSession, args: string, unit: 1 | 2 | 4 | 8): Promise<string> {
  const parts = args.trim().split(/\s+/);
  const at = await s.eval(parts[0] ?? '');
  const values = parts.slice(1);
  const buf = new Uint8Array(values.length * unit);
  const dv = new DataView(buf.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = await s.eval(values[i]!);
    if (unit === 1) dv.setUint8(i, Number(v & 0xffn)); else if (unit === 2) dv.setUint16(2 * i, Number(v & 0xffffn), true);
    else if (unit === 4) dv.setUint32(4 * i, Number(v & 0xffffffffn), true); else dv.setBigUint64(8 * i, v, true);
  }
  if (!(await s.memory.write(at, buf))) return `Memory access error at '${args.trim().split(/\s+/).slice(1).join(' ')}'`;
  return '';
}

/** A variable by name: the current frame's locals and parameters, then globals of every module. */
export async function findVariable(s: KdSession, name: string): Promise<{ type: CType; bytes?: Uint8Array; address?: number; module: DebugModule; local?: boolean } | undefined> {
  const ctx = s.state === 'broken' ? await s.getContext().catch(() => undefined) : undefined;
  const f = ctx?.frames[s.frame];
  const sym = f && s.symbolAt(f.pc);
  if (f && sym?.module.symbols) {
    const m = sym.module, rel = Number(f.pc - m.base);
    const vars = m.symbols!.variablesAt(rel);
    const v = vars && [...vars.params, ...vars.locals].find((x) => x.name === name);
    if (v) {
      const acc = s.frameAccessor(f, m);
      const r = await s.memory.sync(() => m.symbols!.read(v, acc, rel));
      return { type: v.type, bytes: r.bytes, address: r.location.kind === 'memory' ? r.location.address : undefined, module: m, local: true };
    }
  }
  const bang = name.indexOf('!');
  const mods = bang >= 0 ? [s.findModule(name.slice(0, bang))].filter((m): m is DebugModule => !!m) : s.modules;
  const gname = bang >= 0 ? name.slice(bang + 1) : name;
  for (const m of mods) {
    s.ensureSymbols(m);
    const g = m.symbols?.globalByName(gname);
    if (g?.offset === undefined) continue;
    const address = (fromVA(m.base) ?? 0) + m.dataOffset + g.offset;
    const bytes = await s.memory.read(m.base + BigInt(m.dataOffset + g.offset), Math.max(1, sizeOf(g.type)));
    return { type: g.type, bytes, address, module: m };
  }
  return undefined;
}

function typeFor(s: KdSession, name: string): { type?: CType; module?: DebugModule } {
  const bang = name.indexOf('!');
  const mods = bang >= 0 ? [s.findModule(name.slice(0, bang))].filter((m): m is DebugModule => !!m) : s.modules;
  const tname = bang >= 0 ? name.slice(bang + 1) : name;
  for (const m of mods) { s.ensureSymbols(m); const t = m.symbols?.typeByName(tname); if (t) return { type: t, module: m }; }
  return {};
}

/** The types of nt, hal and Wdf01000 (our kernel's images, export symbols only): our headers' types, the
 *  information their PDBs give WinDbg (`dt nt!_IRP`, `dt nt!_DEVICE_OBJECT <addr>`). */
const headerTypeModules = new Map<string, Promise<SymbolModule>>();
async function kernelTypes(s: KdSession, name: string): Promise<SymbolModule | undefined> {
  const bang = name.indexOf('!');
  const m = bang > 0 ? s.findModule(name.slice(0, bang)) : undefined;
  if (!m?.exportDirectory) return undefined;
  let p = headerTypeModules.get(m.name);
  if (!p) headerTypeModules.set(m.name, p = headerTypes(m.name));
  const types = await p.catch(() => undefined);
  return types?.typeByName(name.slice(bang + 1)) ? types : undefined;
}

async function dt(s: KdSession, args: string): Promise<string> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  let recurse = 0;
  const rest: string[] = [];
  for (const w of words) { const r = /^-r(\d*)$/.exec(w); if (r) recurse = r[1] ? Number(r[1]) : 1; else if (!w.startsWith('-')) rest.push(w); }
  const [name, addrText] = rest;
  if (!name) return 'Usage: dt [module!]Type [address]';
  const read = (a: number, n: number) => s.memory.readSync(a, n);
  // A variable of that exact name wins over a type that differs only in case (Counter vs COUNTER).
  const variable = !addrText ? await findVariable(s, name) : undefined;
  const { type, module } = variable ? {} as ReturnType<typeof typeFor> : typeFor(s, name);
  const types = type && module?.symbols ? module.symbols : !variable ? await kernelTypes(s, name) : undefined;
  if (types) {
    if (!addrText) return dtLines(types, name.split('!').pop()!, undefined, {}, recurse).join('\n');
    const va = await s.eval(addrText);
    const off = fromVA(va);
    if (off === undefined) return `Memory read error ${formatAddress(va)}`;
    return s.memory.sync(() => dtLines(types, name.split('!').pop()!, { address: off, readMemory: read }, { readMemory: read }, recurse).join('\n'));
  }
  const v = variable;
  if (v?.module.symbols) {
    const t = resolved(v.type);
    const head = !v.local ? undefined : v.address !== undefined ? `Local var @ 0x${formatAddress(BigInt(v.address) + 0xfffff80100000000n).replace('`', '')} Type ${typeSpelling(v.type)}` : `Type ${typeSpelling(v.type)}`;
    if ((t.kind === 'struct' || t.kind === 'union') && v.address !== undefined) {
      const body = await s.memory.sync(() => dtLines(v.module.symbols!, (t as { name?: string }).name ?? '', { address: v.address!, readMemory: read }, { readMemory: read }, recurse));
      return [...(head ? [head] : []), ...body].join('\n');
    }
    return [...(head ? [head] : []), v.bytes ? formatValue(v.type, v.bytes, { readMemory: read }) : '<value unavailable>'].join('\n');
  }
  return `Symbol ${name} not found.`;
}

/** The C++ evaluator's names: the frame's locals and parameters, module globals (`module!name` too), registers. */
function cppEnv(s: KdSession): CppEnv {
  return {
    variable: async (name) => {
      const v = await findVariable(s, name);
      if (!v) return undefined;
      return { type: v.type, bytes: v.bytes ?? new Uint8Array(0), address: v.address, named: true, unavailable: !v.bytes };
    },
    register: (name) => s.exprEnv().register(name),
    read: (address, size) => s.memory.read(toVA(address), size),
  };
}

/** `??`: a C++ expression's type and value (`int 0n3`, `WDFDRIVER 0xfffff801`...`); a struct as its members. */
async function cppValue(s: KdSession, expr: string): Promise<string> {
  const v = await evaluateCpp(expr.trim(), cppEnv(s));
  if (v.unavailable) return `${typeSpelling(v.type)} <value unavailable>`;
  const read = (a: number, n: number) => s.memory.readSync(a, n);
  const t = resolved(v.type);
  if (t.kind === 'struct' || t.kind === 'union') {
    const body = await s.memory.sync(() => formatDt(v.type, v.bytes, { readMemory: read }));
    return [typeSpelling(v.type), ...body].join('\n');
  }
  return `${typeSpelling(v.type)} ${await s.memory.sync(() => formatValue(v.type, v.bytes, { readMemory: read }))}`;
}

/** `dx expr`: `name : value [Type: T]` (a computed value has no declared type), then a struct's members one level
 *  down (`[+0x000] Field : value [Type: T]`), as dx expands an object by default (-r1). */
async function dx(s: KdSession, args: string): Promise<string> {
  const expr = args.trim().replace(/^-r\d*\s+/, '');
  let v: CppValue;
  try { v = await evaluateCpp(expr, cppEnv(s)); } catch (e) {
    if (e instanceof ExprError && /^Couldn't resolve/.test(e.message)) return `Error: Unable to bind name '${/'(.*)'$/.exec(e.message)?.[1]?.split(/[^\w!]/)[0] ?? expr}'`;
    if (e instanceof ExprError) return `Error: ${e.message}`;
    throw e;
  }
  const read = (x: number, n: number) => s.memory.readSync(x, n);
  const typeText = (x: CppValue) => (x.named ? ` [Type: ${typeSpelling(x.type)}]` : '');
  const valueText = (x: CppValue) => (x.unavailable ? '<value unavailable>' : dxValue(x.type, x.bytes, read));
  const head = await s.memory.sync(() => `${expr.padEnd(16)} : ${valueText(v)}${typeText(v)}`);
  // The object to expand: the struct itself, or the struct a pointer points at.
  let obj: { type: CType; address: number } | undefined;
  const r = resolved(v.type);
  if ((r.kind === 'struct' || r.kind === 'union') && v.address !== undefined) obj = { type: v.type, address: v.address };
  else if (r.kind === 'pointer' && !v.unavailable) {
    const target = resolved(r.target);
    const p = Number(BigInt.asUintN(32, v.bytes.reduceRight((a, b) => (a << 8n) | BigInt(b), 0n)));
    if ((target.kind === 'struct' || target.kind === 'union') && p) obj = { type: r.target, address: p };
  }
  if (!obj) return head;
  const st = resolved(obj.type) as Extract<CType, { kind: 'struct' | 'union' }>;
  const bytes = await s.memory.read(toVA(obj.address), sizeOf(st));
  if (!bytes || bytes.length < sizeOf(st)) return head;
  const lines = await s.memory.sync(() => st.members.filter((m) => m.name !== undefined && m.bitSize === undefined).map((m) => {
    const mb = bytes.subarray(m.offset, m.offset + sizeOf(m.type));
    return `    [+0x${m.offset.toString(16).padStart(3, '0')}] ${m.name!.padEnd(16)} : ${dxValue(m.type, mb, read)} [Type: ${typeSpelling(m.type)}]`;
  }));
  return [head, ...lines].join('\n');
}

/** `r` (all of the selected frame's registers, or the named ones); `.frame /r` prints the first form too. */
export async function registers(s: KdSession, args: string): Promise<string> {
  const ctx = await s.getContext();
  const f = ctx.frames[s.frame];
  const pc = f?.pc ?? 0n;
  const hex = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  const want = args.trim().toLowerCase();
  if (want.includes('=')) return assignRegisters(s, want);
  if (want) {
    const out: string[] = [];
    for (const r of want.split(/[\s,]+/)) {
      const v = s.exprEnv().register(r.replace(/^@/, ''));
      if (v === undefined) return `Bad register error at '${r}'`;
      out.push(`${r.replace(/^@/, '')}=${r === 'irql' ? v.toString(16) : hex(v)}`);
    }
    return out.join(' ');
  }
  const lines = [`rip=${hex(pc)} rsp=${hex(s.frameSp(ctx, f ?? ctx.frames[0]!, s.frame))} irql=${ctx.irql}`];
  // Our processor's registers are the wasm locals of the frame (l0, l1, ...), as `r l3` and @l3 name them.
  const locals = f?.locals ?? [];
  for (let i = 0; i < locals.length; i += 4) {
    lines.push(locals.slice(i, i + 4).map((v, k) => {
      const text = typeof v === 'bigint' ? hex(v) : Number.isInteger(v) ? ((v as number) >>> 0).toString(16).padStart(8, '0') : String(v);
      return `${`l${i + k}`.padStart(3)}=${text}`;
    }).join(' '));
  }
  lines.push(...(await s.whereLines(pc)));
  return lines.join('\n');
}

/** `r l3=5, l4=0n10`: each register set through a SetContext request; WinDbg prints nothing when it worked. */
async function assignRegisters(s: KdSession, text: string): Promise<string> {
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^@?(\w+)\s*=\s*(.+)$/.exec(part);
    if (!m) return `       ^ Syntax error in 'r ${text}'`;
    const local = /^l(\d+)$/.exec(m[1]!);
    const ctx = await s.getContext();
    const f = ctx.frames[s.frame];
    if (!local || !f || Number(local[1]) >= f.locals.length) return `Bad register error at '${m[1]}'`;
    const value = await s.eval(m[2]!);
    if (!(await s.setRegister(s.frame, Number(local[1]), value))) return `Unable to set register '${m[1]}'`;
  }
  return '';
}

function dxValue(t: CType, bytes: Uint8Array | undefined, read: (a: number, n: number) => Uint8Array): string {
  if (!bytes) return '<value unavailable>';
  const r = resolved(t);
  const text = formatValue(t, bytes, { readMemory: read });
  if (r.kind === 'base' && (r.encoding === 'signed' || r.encoding === 'unsigned')) return text.replace(/^0n/, '').replace(/^0x([0-9a-f]+)$/, (_, h) => BigInt('0x' + h).toString(10));
  return text;
}

export const dataCommands: CommandTable = {
  db: (s, a) => dump(s, a, 1, true), dw: (s, a) => dump(s, a, 2, false), dd: (s, a) => dump(s, a, 4, false),
  dq: (s, a) => dump(s, a, 8, false), dc: (s, a) => dump(s, a, 4, true), d: (s, a) => dump(s, a, 1, true),
  dp: (s, a) => dump(s, a, 8, false),
  da: (s, a) => dumpString(s, a, false), du: (s, a) => dumpString(s, a, true),
  eb: (s, a) => enter(s, a, 1), ew: (s, a) => enter(s, a, 2), ed: (s, a) => enter(s, a, 4), eq: (s, a) => enter(s, a, 8),
  e: (s, a) => enter(s, a, 1),
  ea: async (s, a) => {
    const m = /^(\S+)\s+"(.*)"$/.exec(a.trim());
    if (!m) return `       ^ Syntax error in 'ea ${a}'`;
    const ok = await s.memory.write(await s.eval(m[1]!), new TextEncoder().encode(m[2]!));
    return ok ? '' : `Memory access error at '"${m[2]}"'`;
  },
  eu: async (s, a) => {
    const m = /^(\S+)\s+"(.*)"$/.exec(a.trim());
    if (!m) return `       ^ Syntax error in 'eu ${a}'`;
    const b = new Uint8Array(m[2]!.length * 2);
    for (let i = 0; i < m[2]!.length; i++) { b[2 * i] = m[2]!.charCodeAt(i) & 0xff; b[2 * i + 1] = m[2]!.charCodeAt(i) >> 8; }
    return (await s.memory.write(await s.eval(m[1]!), b)) ? '' : `Memory access error at '"${m[2]}"'`;
  },
  dt: (s, a) => dt(s, a),
  '??': (s, a) => cppValue(s, a),
  '?': async (s, a) => formatEvaluate(await s.eval(a)),
  dx: (s, a) => dx(s, a),
  r: (s, a) => registers(s, a),
};
