// Rtl counted-string routines (UNICODE_STRING / ANSI_STRING), with the NTSTATUS results and truncation rules of
// ntoskrnl. Conversions that allocate take pool from the caller (freed with RtlFree*String).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { allocate, free } from '../ex/pool-routines.ts';
import { tagValue } from '../ex/pool.ts';
import { ansiText, downcase, narrowLength, readCounted, unicodeText, upcase, wideLength, writeCounted, writeNarrow, writeWide } from './strings.ts';

const MAX_USHORT = 0xffff;
const st = (k: Kernel, n: string) => k.constant(n) | 0;

function stringAlloc(k: Kernel, bytes: number): number {
  return allocate(k, { size: bytes, tag: tagValue('Strg'), poolType: k.enumValue('POOL_TYPE', 'PagedPool'), paged: true, zero: false, raise: false, cacheAligned: false });
}

function initString(k: Kernel, dest: number, src: number, wide: boolean, ex: boolean): number {
  if (!src) { writeCounted(k, dest, { length: 0, max: 0, buffer: 0 }); return 0; }
  const n = (wide ? wideLength(k, src) : narrowLength(k, src))!;
  const unit = wide ? 2 : 1, limit = wide ? 0xfffc : 0xfffe;
  if (n * unit > limit) {
    if (ex) return st(k, 'STATUS_NAME_TOO_LONG');
    writeCounted(k, dest, { length: limit, max: limit + unit, buffer: src });
    return 0;
  }
  writeCounted(k, dest, { length: n * unit, max: (n + 1) * unit, buffer: src });
  return 0;
}

function compare(a: string, b: string, ci: boolean): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (ci) { x = upcase(x); y = upcase(y); }
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Copy as much of `text` as fits in the destination's MaximumLength (RtlCopyUnicodeString truncates). */
function copyInto(k: Kernel, dest: number, text: string, wide: boolean): void {
  const d = readCounted(k, dest), unit = wide ? 2 : 1;
  const n = Math.min(text.length, Math.floor(d.max / unit));
  const t = text.slice(0, n);
  if (wide) writeWide(k, d.buffer, t, (n + 1) * 2 <= d.max); else writeNarrow(k, d.buffer, t, n + 1 <= d.max);
  writeCounted(k, dest, { length: n * unit });
}

/** Append for Rtl*ToString: STATUS_BUFFER_TOO_SMALL and nothing changed when it does not fit. */
function append(k: Kernel, dest: number, text: string, wide: boolean): number {
  const d = readCounted(k, dest), unit = wide ? 2 : 1;
  const len = d.length + text.length * unit;
  if (len > d.max) return st(k, 'STATUS_BUFFER_TOO_SMALL');
  if (wide) writeWide(k, d.buffer + d.length, text, len + 2 <= d.max); else writeNarrow(k, d.buffer + d.length, text, len + 1 <= d.max);
  writeCounted(k, dest, { length: len });
  return 0;
}

function convert(k: Kernel, dest: number, text: string, toWide: boolean, alloc: boolean): number {
  const unit = toWide ? 2 : 1, need = (text.length + 1) * unit;
  if (need > MAX_USHORT + 1) return st(k, 'STATUS_INVALID_PARAMETER_2');
  if (alloc) {
    const buf = stringAlloc(k, need);
    if (!buf) return st(k, 'STATUS_NO_MEMORY');
    writeCounted(k, dest, { buffer: buf, max: need, length: 0 });
  }
  const d = readCounted(k, dest);
  if (text.length * unit > d.max) return st(k, 'STATUS_BUFFER_OVERFLOW');
  const conv = toWide ? text : [...text].map((c) => (c.charCodeAt(0) < 0x100 ? c : '?')).join('');
  if (toWide) writeWide(k, d.buffer, conv, need <= d.max); else writeNarrow(k, d.buffer, conv, need <= d.max);
  writeCounted(k, dest, { length: text.length * unit });
  return 0;
}

function caseConvert(k: Kernel, dest: number, src: number, alloc: boolean, f: (c: number) => number): number {
  const text = [...unicodeText(k, src)].map((c) => String.fromCharCode(f(c.charCodeAt(0)))).join('');
  return convert(k, dest, text, true, alloc);
}

function integerText(value: bigint, base: number): string | undefined {
  if (base === 0) base = 10;
  if (![2, 8, 10, 16].includes(base)) return undefined;
  return value.toString(base).toUpperCase();
}

/** RtlUnicodeStringToInteger / RtlCharToInteger: optional sign, 0x/0o/0b prefixes when base is 0, stop at a non-digit. */
function parseInteger(text: string, base: number): number | undefined {
  let s = text.replace(/^[ \t]+/, ''), sign = 1;
  if (s[0] === '-' || s[0] === '+') { if (s[0] === '-') sign = -1; s = s.slice(1); }
  if (base === 0) {
    base = 10;
    const p = s.slice(0, 2).toLowerCase();
    if (p === '0x') { base = 16; s = s.slice(2); } else if (p === '0o') { base = 8; s = s.slice(2); } else if (p === '0b') { base = 2; s = s.slice(2); }
  } else if (![2, 8, 10, 16].includes(base)) return undefined;
  let v = 0;
  for (const ch of s) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) break;
    v = (v * base + d) >>> 0;
  }
  return (sign < 0 ? -v : v) >>> 0;
}

export const stringRoutines: RoutineTable = {
  RtlInitUnicodeString: (k, d: number, s: number) => { initString(k, d, s, true, false); },
  RtlInitUnicodeStringEx: (k, d: number, s: number) => initString(k, d, s, true, true),
  RtlInitAnsiString: (k, d: number, s: number) => { initString(k, d, s, false, false); },
  RtlInitString: (k, d: number, s: number) => { initString(k, d, s, false, false); },
  RtlInitAnsiStringEx: (k, d: number, s: number) => initString(k, d, s, false, true),
  RtlCopyUnicodeString: (k, d: number, s: number) => { if (!s) writeCounted(k, d, { length: 0 }); else copyInto(k, d, unicodeText(k, s), true); },
  RtlCopyString: (k, d: number, s: number) => { if (!s) writeCounted(k, d, { length: 0 }); else copyInto(k, d, ansiText(k, s), false); },
  RtlCompareUnicodeString: (k, a: number, b: number, ci: number) => compare(unicodeText(k, a), unicodeText(k, b), (ci & 0xff) !== 0),
  RtlCompareString: (k, a: number, b: number, ci: number) => compare(ansiText(k, a), ansiText(k, b), (ci & 0xff) !== 0),
  RtlCompareUnicodeStrings: (k, a: number, na: number, b: number, nb: number, ci: number) => {
    const read = (p: number, n: number) => { let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(k.memory.readU16(p + 2 * i)); return s; };
    return compare(read(a, na), read(b, nb), (ci & 0xff) !== 0);
  },
  RtlEqualUnicodeString: (k, a: number, b: number, ci: number) => {
    const x = unicodeText(k, a), y = unicodeText(k, b);
    return x.length === y.length && compare(x, y, (ci & 0xff) !== 0) === 0 ? 1 : 0;
  },
  RtlEqualString: (k, a: number, b: number, ci: number) => {
    const x = ansiText(k, a), y = ansiText(k, b);
    return x.length === y.length && compare(x, y, (ci & 0xff) !== 0) === 0 ? 1 : 0;
  },
  RtlPrefixUnicodeString: (k, a: number, b: number, ci: number) => {
    const p = unicodeText(k, a), s = unicodeText(k, b);
    return p.length <= s.length && compare(p, s.slice(0, p.length), (ci & 0xff) !== 0) === 0 ? 1 : 0;
  },
  RtlAppendUnicodeToString: (k, d: number, s: number) => (s ? append(k, d, k.memory.readWString(s, 0x8000), true) : 0),
  RtlAppendUnicodeStringToString: (k, d: number, s: number) => append(k, d, unicodeText(k, s), true),
  RtlAppendStringToString: (k, d: number, s: number) => append(k, d, ansiText(k, s), false),
  RtlUnicodeStringToAnsiString: (k, d: number, s: number, alloc: number) => convert(k, d, unicodeText(k, s), false, (alloc & 0xff) !== 0),
  RtlAnsiStringToUnicodeString: (k, d: number, s: number, alloc: number) => convert(k, d, ansiText(k, s), true, (alloc & 0xff) !== 0),
  RtlUpcaseUnicodeString: (k, d: number, s: number, alloc: number) => caseConvert(k, d, s, (alloc & 0xff) !== 0, upcase),
  RtlDowncaseUnicodeString: (k, d: number, s: number, alloc: number) => caseConvert(k, d, s, (alloc & 0xff) !== 0, downcase),
  RtlUpcaseUnicodeChar: (_k, c: number) => upcase(c & 0xffff),
  RtlDowncaseUnicodeChar: (_k, c: number) => downcase(c & 0xffff),
  RtlUpperChar: (_k, c: number) => upcase(c & 0xff) & 0xff,
  RtlUpperString: (k, d: number, s: number) => copyInto(k, d, [...ansiText(k, s)].map((c) => String.fromCharCode(upcase(c.charCodeAt(0)))).join(''), false),
  RtlFreeUnicodeString: (k, s: number) => { const c = readCounted(k, s); if (c.buffer) free(k, c.buffer); writeCounted(k, s, { length: 0, max: 0, buffer: 0 }); },
  RtlFreeAnsiString: (k, s: number) => { const c = readCounted(k, s); if (c.buffer) free(k, c.buffer); writeCounted(k, s, { length: 0, max: 0, buffer: 0 }); },
  RtlxUnicodeStringToAnsiSize: (k, s: number) => (readCounted(k, s).length >> 1) + 1,
  RtlxAnsiStringToUnicodeSize: (k, s: number) => (readCounted(k, s).length + 1) * 2,

  RtlIntegerToUnicodeString: (k, value: number, base: number, d: number) => {
    const t = integerText(BigInt(value >>> 0), base);
    if (t === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    const c = readCounted(k, d);
    if (t.length * 2 > c.max) return st(k, 'STATUS_BUFFER_OVERFLOW');
    writeWide(k, c.buffer, t, t.length * 2 + 2 <= c.max);
    writeCounted(k, d, { length: t.length * 2 });
    return 0;
  },
  RtlInt64ToUnicodeString: (k, value: bigint, base: number, d: number) => {
    const t = integerText(BigInt.asUintN(64, value), base);
    if (t === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    const c = readCounted(k, d);
    if (t.length * 2 > c.max) return st(k, 'STATUS_BUFFER_OVERFLOW');
    writeWide(k, c.buffer, t, t.length * 2 + 2 <= c.max);
    writeCounted(k, d, { length: t.length * 2 });
    return 0;
  },
  RtlIntegerToChar: (k, value: number, base: number, outLen: number, out: number) => {
    const t = integerText(BigInt(value >>> 0), base);
    if (t === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    if (t.length > (outLen | 0)) return st(k, 'STATUS_BUFFER_OVERFLOW');
    writeNarrow(k, out, t, t.length < (outLen | 0));
    return 0;
  },
  RtlUnicodeStringToInteger: (k, s: number, base: number, out: number) => {
    const v = parseInteger(unicodeText(k, s), base);
    if (v === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    k.memory.writeU32(out, v);
    return 0;
  },
  RtlCharToInteger: (k, s: number, base: number, out: number) => {
    const v = parseInteger(k.memory.readCString(s), base);
    if (v === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    k.memory.writeU32(out, v);
    return 0;
  },
};
