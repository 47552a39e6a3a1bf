// Values and types printed the way WinDbg prints them (`dv`, `dt`, `x`, `module!function+0x1a`).
// Pointers hold wasm32 linear-memory offsets; learners see them as 64-bit kernel addresses (docs/ARCHITECTURE.md).
import type { CType, Member, StructType } from './types.ts';
import { resolved, sizeOf } from './types.ts';

/** VA = 0xfffff801_00000000 + offset into the target's linear memory. */
export const KERNEL_VA_BASE = 0xfffff80100000000n;

export interface FormatOptions {
  /** Added to a non-NULL pointer value to make the address a learner sees. */
  vaBase?: bigint;
  /** Reads target memory by linear offset (for strings behind pointers and struct members); optional. */
  readMemory?: (address: number, size: number) => Uint8Array;
}

/** `fffff801`0bf95ac0` */
export function formatAddress(va: bigint): string {
  const h = BigInt.asUintN(64, va).toString(16).padStart(16, '0');
  return `${h.slice(0, 8)}\`${h.slice(8)}`;
}
/** A linear offset as the address a learner sees. */
export function toVA(offset: number, opts: FormatOptions = {}): bigint {
  return (opts.vaBase ?? KERNEL_VA_BASE) + BigInt(offset >>> 0);
}
/** `module!function+0x1a` (no `+0x0` at the start of a function). */
export function formatSymbol(moduleName: string, name: string, offset: number): string {
  return `${moduleName}!${name}${offset ? `+0x${offset.toString(16)}` : ''}`;
}

function readInt(bytes: Uint8Array, size: number, signed: boolean, at = 0): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i] ?? 0);
  return signed ? BigInt.asIntN(size * 8, v) : v;
}

function hex(v: bigint): string { return `0x${BigInt.asUintN(64, v).toString(16)}`; }
function dec(v: bigint): string { return `0n${v.toString(10)}`; }
function charText(code: number): string {
  if (code === 0) return "''";
  if (code >= 0x20 && code < 0x7f) return `'${String.fromCharCode(code)}'`;
  return `'${code >= 0x7f ? '.' : ''}'`;
}

/** The WinDbg `dt` name of a type: Int4B, Uint2B, Char, Wchar, Ptr64 _DEVICE_OBJECT, [8] Char, _LIST_ENTRY. */
export function dtTypeName(t: CType): string {
  const r = resolved(t);
  switch (r.kind) {
    case 'void': return 'Void';
    case 'base':
      switch (r.encoding) {
        case 'char': return 'Char';
        case 'uchar': return 'UChar';
        case 'wchar': return 'Wchar';
        case 'bool': return 'Bool';
        case 'float': return 'Float';
        case 'signed': return `Int${r.size}B`;
        default: return `Uint${r.size}B`;
      }
    case 'pointer': {
      const target = resolved(r.target);
      if (target.kind === 'function') return `Ptr64     ${cReturnName(target.returns)}`;
      return `Ptr64 ${dtTypeName(r.target)}`;
    }
    case 'struct': case 'union': case 'enum': return r.name ?? '<unnamed-tag>';
    case 'array': return `${r.counts.map((c) => `[${c}]`).join(' ')} ${dtTypeName(r.element)}`; // [2] [3] Int4B, as a PDB's dt
    case 'function': return cReturnName(r.returns);
    default: return '?';
  }
}
function cReturnName(t: CType): string {
  const r = resolved(t);
  if (r.kind === 'void') return 'void';
  if (r.kind === 'base') return r.name;
  return dtTypeName(t);
}

/** `Pos 3, 5 Bits` */
export function bitfieldText(m: Member): string {
  return `Pos ${m.bitOffset}, ${m.bitSize} Bit${m.bitSize === 1 ? '' : 's'}`;
}

function pointerText(raw: bigint, opts: FormatOptions): string {
  const p = Number(BigInt.asUintN(32, raw));
  return `0x${formatAddress(p === 0 ? 0n : toVA(p, opts))}`;
}

function stringAt(address: number, wide: boolean, opts: FormatOptions, maxChars = 256, byteLength?: number): string | undefined {
  if (!opts.readMemory || address === 0) return undefined;
  try {
    const unit = wide ? 2 : 1;
    const n = byteLength !== undefined ? Math.min(byteLength, maxChars * unit) : maxChars * unit;
    const b = opts.readMemory(address, n);
    let s = '';
    for (let i = 0; i + unit <= b.length; i += unit) {
      const c = wide ? b[i] | (b[i + 1] << 8) : b[i];
      if (c === 0 && byteLength === undefined) break;
      s += String.fromCharCode(c);
    }
    return s;
  } catch { return undefined; }
}

function isCharType(t: CType): 'narrow' | 'wide' | undefined {
  const r = resolved(t);
  if (r.kind !== 'base') return undefined;
  if (r.encoding === 'wchar' || (r.size === 2 && /wchar/i.test(r.name))) return 'wide';
  if (r.encoding === 'char' || r.encoding === 'uchar') return r.size === 1 ? 'narrow' : undefined;
  return undefined;
}

/** A UNICODE_STRING's text (Length is in bytes), for pointers to it and embedded ones. */
function unicodeStringText(st: StructType, bytes: Uint8Array, opts: FormatOptions): string | undefined {
  const len = st.members.find((m) => m.name === 'Length');
  const buf = st.members.find((m) => m.name === 'Buffer');
  if (!len || !buf) return undefined;
  const n = Number(readInt(bytes, sizeOf(len.type), false, len.offset));
  const p = Number(readInt(bytes, sizeOf(buf.type), false, buf.offset));
  const s = stringAt(p, true, opts, 512, n);
  return s === undefined ? undefined : `"${s}"`;
}

/**
 * One value as `dv` and `??` print it: signed `0n-5`, unsigned `0x1c`, char `0n65 'A'`, pointer
 * `0xfffff801`00001234` (with the string for char/wchar/UNICODE_STRING pointers), enum `Green (0n2)`,
 * struct `struct _FOO`, array `char [8] "abc"`.
 */
export function formatValue(t: CType, bytes: Uint8Array, opts: FormatOptions = {}): string {
  const r = resolved(t);
  switch (r.kind) {
    case 'void': return '<void>';
    case 'base': {
      if (r.encoding === 'float') {
        const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return String(r.size === 4 ? dv.getFloat32(0, true) : dv.getFloat64(0, true));
      }
      const signed = r.encoding === 'signed' || r.encoding === 'char';
      const v = readInt(bytes, r.size, signed);
      if (r.encoding === 'char') return `${dec(v)} ${charText(Number(BigInt.asUintN(8, v)))}`;
      if (r.encoding === 'uchar' || r.encoding === 'wchar') return `${hex(v)} ${charText(Number(v))}`;
      if (r.encoding === 'bool') return v ? 'true' : 'false';
      return signed ? dec(v) : hex(v);
    }
    case 'enum': {
      const signed = r.underlying ? (resolved(r.underlying) as { encoding?: string }).encoding === 'signed' : true;
      const v = readInt(bytes, r.size, signed);
      const e = r.enumerators.find((x) => x.value === v);
      return e ? `${e.name} (${dec(v)})` : dec(v);
    }
    case 'pointer': {
      const raw = readInt(bytes, r.size, false);
      const text = pointerText(raw, opts);
      const target = resolved(r.target);
      const p = Number(raw);
      const ch = isCharType(r.target);
      if (ch && p) { const s = stringAt(p, ch === 'wide', opts); if (s !== undefined) return `${text} "${s}"`; }
      if (target.kind === 'struct' && target.name === '_UNICODE_STRING' && p && opts.readMemory) {
        try { const s = unicodeStringText(target, opts.readMemory(p, target.size), opts); if (s) return `${text} ${s}`; } catch { /* unreadable */ }
      }
      return text;
    }
    case 'struct': case 'union': {
      if (r.kind === 'struct' && r.name === '_UNICODE_STRING') { const s = unicodeStringText(r, bytes, opts); if (s) return s; }
      return `${r.kind} ${r.name ?? '<unnamed-tag>'}`;
    }
    case 'array': {
      const ch = isCharType(r.element);
      const head = `${typeSpelling(r.element)} [${r.counts.join('][')}]`;
      if (ch) {
        const unit = ch === 'wide' ? 2 : 1;
        let s = '';
        for (let i = 0; i + unit <= bytes.length; i += unit) {
          const c = unit === 2 ? bytes[i] | (bytes[i + 1] << 8) : bytes[i];
          if (!c) break;
          s += String.fromCharCode(c);
        }
        return `${head} "${s}"`;
      }
      return head;
    }
    case 'function': return '<function>';
    default: return '?';
  }
}

/** The C spelling used in `dv`/`x` type text: typedef names are kept, struct tags get `struct`. */
export function typeSpelling(t: CType): string {
  switch (t.kind) {
    case 'typedef': case 'base': return t.name;
    case 'void': return 'void';
    case 'struct': case 'union': return `${t.kind} ${t.name ?? '<unnamed-tag>'}`;
    case 'enum': return `enum ${t.name ?? '<unnamed-tag>'}`;
    case 'pointer': return `${typeSpelling(t.target)} *`;
    case 'array': return `${typeSpelling(t.element)} [${t.counts.join('][')}]`;
    case 'function': return `${typeSpelling(t.returns)} (${t.params.map(typeSpelling).join(', ')})`;
    default: return `${t.kind} ${typeSpelling(t.target)}`;
  }
}

/** `dv` lines: names right-aligned to the longest, `   status = 0n0`. */
export function formatDvLines(vars: Array<{ name: string; value: string }>): string[] {
  const w = Math.max(0, ...vars.map((v) => v.name.length));
  return vars.map((v) => `${' '.repeat(3 + w - v.name.length)}${v.name} = ${v.value}`);
}

/** `   +0x000 Type             : ` */
function dtPrefix(offset: number, name: string, indent: number): string {
  return `${' '.repeat(3 + indent)}+0x${offset.toString(16).padStart(3, '0')} ${name.padEnd(16)} : `;
}

/**
 * `dt` of a struct or union. Without bytes: member types (`Uint4B`, `Ptr64 _IRP`, `Pos 0, 3 Bits`);
 * with bytes (the object's memory): member values (`0n3`, `0x1c`, `(null)`, `_LIST_ENTRY [ ... ]`).
 * `recurse` expands embedded structs (as `dt -r`).
 */
export function formatDt(t: CType, bytes?: Uint8Array, opts: FormatOptions = {}, recurse = 0, indent = 0,
  dataBase = 0, shownBase = 0): string[] {
  const r = resolved(t);
  if (r.kind !== 'struct' && r.kind !== 'union') return [];
  const lines: string[] = [];
  for (const m of r.members) {
    const off = dataBase + m.offset;
    const mt = resolved(m.type);
    const nested = mt.kind === 'struct' || mt.kind === 'union';
    // Anonymous struct/union members are shown flattened into the parent, as a PDB records them.
    if (m.name === undefined && nested) { lines.push(...formatDt(mt, bytes, opts, recurse, indent, off, shownBase + m.offset)); continue; }
    let text: string;
    if (m.bitSize !== undefined) {
      if (!bytes) text = bitfieldText(m);
      else {
        const unit = readInt(bytes, sizeOf(m.type), false, off);
        const v = (unit >> BigInt(m.bitOffset ?? 0)) & ((1n << BigInt(m.bitSize)) - 1n);
        text = `0y${v.toString(2).padStart(m.bitSize, '0')}`;
      }
    } else if (!bytes) text = dtTypeName(m.type);
    else text = dtMemberValue(m.type, bytes.subarray(off, off + sizeOf(m.type)), opts);
    lines.push(dtPrefix(shownBase + m.offset, m.name ?? '<unnamed-tag>', indent) + text);
    if (nested && recurse > 0) lines.push(...formatDt(mt, bytes, opts, recurse - 1, indent + 3, off, 0));
  }
  return lines;
}

function dtMemberValue(t: CType, bytes: Uint8Array, opts: FormatOptions): string {
  const r = resolved(t);
  switch (r.kind) {
    case 'pointer': {
      const raw = readInt(bytes, r.size, false);
      if (raw === 0n) return '(null)';
      return formatValue(t, bytes, opts);
    }
    case 'enum': {
      const v = readInt(bytes, r.size, true);
      const e = r.enumerators.find((x) => x.value === v);
      return e ? `${v} ( ${e.name} )` : `${v}`;
    }
    case 'struct': case 'union': {
      if (r.name === '_LIST_ENTRY' && r.members.length >= 2) {
        const a = readInt(bytes, sizeOf(r.members[0].type), false, r.members[0].offset);
        const b = readInt(bytes, sizeOf(r.members[1].type), false, r.members[1].offset);
        return `${r.name} [ ${pointerText(a, opts)} - ${pointerText(b, opts)} ]`;
      }
      if (r.name === '_UNICODE_STRING') { const s = unicodeStringText(r as StructType, bytes, opts); if (s) return `${r.name} ${s}`; }
      return r.name ?? '<unnamed-tag>';
    }
    case 'array': {
      const ch = isCharType(r.element);
      if (ch) return formatValue(t, bytes, opts).replace(/^.*? \[[^\]]*\] /, `[${r.counts.join('] [')}] `);
      const es = sizeOf(r.element);
      return `[${r.counts.join('] [')}] ${dtMemberValue(r.element, bytes.subarray(0, es), opts)}`;
    }
    default: return formatValue(t, bytes, opts);
  }
}

/**
 * One `x` result: ``fffff801`0bf95ac0 echo!EchoEvtTimerFunc (struct WDFTIMER__ *)`` for a function,
 * ``fffff801`0bf9c000 echo!EchoCounter = 0n42`` for a variable (when its value text is given).
 */
export function formatXLine(va: bigint, moduleName: string, name: string,
  what: { params: Array<{ type: CType }> } | { valueText?: string }): string {
  const head = `${formatAddress(va)} ${moduleName}!${name}`;
  if ('params' in what) return `${head} (${what.params.length ? what.params.map((p) => typeSpelling(p.type)).join(', ') : 'void'})`;
  return what.valueText !== undefined ? `${head} = ${what.valueText}` : head;
}
