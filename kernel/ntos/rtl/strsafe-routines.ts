// ntstrsafe (RtlStringCb*/Cch*, RtlUnicodeString*) and the CRT string/format exports of ntoskrnl. Safe-string
// routines always terminate and report truncation as STATUS_BUFFER_OVERFLOW; bad sizes are STATUS_INVALID_PARAMETER.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { formatVa } from './format.ts';
import { formatMemory } from '../kd/routines.ts';
import { narrowLength, readCounted, unicodeText, upcase, wideLength, writeCounted, writeNarrow, writeWide } from './strings.ts';

const MAX_CCH = 2147483647;
const st = (k: Kernel, n: string) => k.constant(n) | 0;

/** In the wide printf family %s and %c are wide and %S/%C narrow (unless a size prefix says otherwise). */
export function wideFormat(fmt: string): string {
  return fmt.replace(/%([-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?)(hh|h|ll|l|w|I64|I32|I|z|j|t|L)?([sScC])/g, (_m, f: string, size: string | undefined, c: string) =>
    size ? `%${f}${size}${c}` : `%${f}${c === 's' ? 'ws' : c === 'c' ? 'wc' : c === 'S' ? 'hs' : 'hc'}`);
}

export function format(k: Kernel, fmt: number, va: number, wide: boolean): string {
  const f = wide ? wideFormat(k.memory.readWString(fmt, 0x10000)) : k.memory.readCString(fmt, 0x10000);
  return formatVa(formatMemory(k), f, va);
}

interface Out { status: number; written: number }

/** Write `text` into a buffer of `cch` characters, always terminated; truncation is STATUS_BUFFER_OVERFLOW. */
function put(k: Kernel, dest: number, cch: number, text: string, wide: boolean): Out {
  if (cch === 0 || cch > MAX_CCH) return { status: st(k, 'STATUS_INVALID_PARAMETER'), written: 0 };
  const n = Math.min(text.length, cch - 1);
  const t = text.slice(0, n);
  if (wide) writeWide(k, dest, t, true); else writeNarrow(k, dest, t, true);
  return { status: n < text.length ? st(k, 'STATUS_BUFFER_OVERFLOW') : 0, written: n };
}

function readSrc(k: Kernel, src: number, wide: boolean, max?: number): string {
  if (!src) return '';
  return wide ? k.memory.readWString(src, max ?? 0x7fffffff) : k.memory.readCString(src, max ?? 0x7fffffff);
}

function cat(k: Kernel, dest: number, cch: number, text: string, wide: boolean): Out {
  if (cch === 0 || cch > MAX_CCH) return { status: st(k, 'STATUS_INVALID_PARAMETER'), written: 0 };
  const have = wide ? wideLength(k, dest, cch) : narrowLength(k, dest, cch);
  if (have === undefined) return { status: st(k, 'STATUS_INVALID_PARAMETER'), written: 0 };
  const unit = wide ? 2 : 1;
  const r = put(k, dest + have * unit, cch - have, text, wide);
  return { status: r.status, written: have + r.written };
}

/** The Ex variants' outputs: end pointer and characters remaining (including the terminator's place). */
function exOut(k: Kernel, dest: number, cch: number, written: number, wide: boolean, endPtr: number, remaining: number, bytes: boolean) {
  const unit = wide ? 2 : 1;
  if (endPtr) k.memory.writeU32(endPtr, dest + written * unit);
  if (remaining) k.memory.writeU32(remaining, (cch - written) * (bytes ? unit : 1));
}

function length(k: Kernel, p: number, cchMax: number, wide: boolean, out: number, bytes: boolean): number {
  if (!p || cchMax === 0 || cchMax > MAX_CCH) { if (out) k.memory.writeU32(out, 0); return st(k, 'STATUS_INVALID_PARAMETER'); }
  const n = wide ? wideLength(k, p, cchMax) : narrowLength(k, p, cchMax);
  if (out) k.memory.writeU32(out, n === undefined ? 0 : bytes && wide ? n * 2 : n);
  return n === undefined ? st(k, 'STATUS_INVALID_PARAMETER') : 0;
}

// ---- UNICODE_STRING forms: no terminator, MaximumLength bounds the result ----
function usSet(k: Kernel, dest: number, text: string, append: boolean): number {
  const c = readCounted(k, dest);
  const base = append ? c.length >> 1 : 0;
  const room = (c.max >> 1) - base;
  const n = Math.min(text.length, Math.max(0, room));
  writeWide(k, c.buffer + base * 2, text.slice(0, n), false);
  writeCounted(k, dest, { length: (base + n) * 2 });
  return n < text.length ? st(k, 'STATUS_BUFFER_OVERFLOW') : 0;
}

type Variant = { wide: boolean; bytes: boolean };
const V: Record<string, Variant> = { CchA: { wide: false, bytes: false }, CchW: { wide: true, bytes: false }, CbA: { wide: false, bytes: true }, CbW: { wide: true, bytes: true } };
const cchOf = (v: Variant, size: number) => (v.bytes && v.wide ? Math.floor(size / 2) : size);

const table: Record<string, (k: Kernel, ...a: any[]) => any> = {};
for (const [suffix, v] of Object.entries(V)) {
  const kind = suffix.slice(0, -1), ch = suffix.slice(-1);
  table[`RtlString${kind}Copy${ch}`] = (k, d: number, size: number, s: number) => put(k, d, cchOf(v, size), readSrc(k, s, v.wide), v.wide).status;
  table[`RtlString${kind}CopyN${ch}`] = (k, d: number, size: number, s: number, n: number) => put(k, d, cchOf(v, size), readSrc(k, s, v.wide, cchOf(v, n)), v.wide).status;
  table[`RtlString${kind}CopyEx${ch}`] = (k, d: number, size: number, s: number, end: number, rem: number, _flags: number) => {
    const r = put(k, d, cchOf(v, size), readSrc(k, s, v.wide), v.wide);
    exOut(k, d, cchOf(v, size), r.written, v.wide, end, rem, v.bytes);
    return r.status;
  };
  table[`RtlString${kind}Cat${ch}`] = (k, d: number, size: number, s: number) => cat(k, d, cchOf(v, size), readSrc(k, s, v.wide), v.wide).status;
  table[`RtlString${kind}CatN${ch}`] = (k, d: number, size: number, s: number, n: number) => cat(k, d, cchOf(v, size), readSrc(k, s, v.wide, cchOf(v, n)), v.wide).status;
  table[`RtlString${kind}Printf${ch}`] = (k, d: number, size: number, fmt: number, va: number) => put(k, d, cchOf(v, size), format(k, fmt, va, v.wide), v.wide).status;
  table[`RtlString${kind}VPrintf${ch}`] = (k, d: number, size: number, fmt: number, va: number) => put(k, d, cchOf(v, size), format(k, fmt, va, v.wide), v.wide).status;
  table[`RtlString${kind}PrintfEx${ch}`] = (k, d: number, size: number, end: number, rem: number, _flags: number, fmt: number, va: number) => {
    const r = put(k, d, cchOf(v, size), format(k, fmt, va, v.wide), v.wide);
    exOut(k, d, cchOf(v, size), r.written, v.wide, end, rem, v.bytes);
    return r.status;
  };
  table[`RtlString${kind}Length${ch}`] = (k, p: number, max: number, out: number) => length(k, p, cchOf(v, max), v.wide, out, v.bytes);
}

export const strsafeRoutines: RoutineTable = {
  ...table,
  RtlUnicodeStringInit: (k, d: number, s: number) => {
    const n = s ? wideLength(k, s, 0x7fff) : 0;
    if (n === undefined) return st(k, 'STATUS_INVALID_PARAMETER');
    writeCounted(k, d, { length: n * 2, max: s ? n * 2 + 2 : 0, buffer: s });
    return 0;
  },
  RtlUnicodeStringInitEx: (k, d: number, s: number) => strsafeRoutines.RtlUnicodeStringInit!(k, d, s),
  RtlUnicodeStringValidate: (k, s: number) => {
    if (!s) return 0;
    const c = readCounted(k, s);
    return c.length % 2 || c.max % 2 || c.length > c.max || (c.max && !c.buffer) ? st(k, 'STATUS_INVALID_PARAMETER') : 0;
  },
  RtlUnicodeStringValidateEx: (k, s: number) => strsafeRoutines.RtlUnicodeStringValidate!(k, s),
  RtlUnicodeStringCopy: (k, d: number, s: number) => usSet(k, d, unicodeText(k, s), false),
  RtlUnicodeStringCopyString: (k, d: number, s: number) => usSet(k, d, readSrc(k, s, true), false),
  RtlUnicodeStringCat: (k, d: number, s: number) => usSet(k, d, unicodeText(k, s), true),
  RtlUnicodeStringCatString: (k, d: number, s: number) => usSet(k, d, readSrc(k, s, true), true),
  RtlUnicodeStringPrintf: (k, d: number, fmt: number, va: number) => usSet(k, d, format(k, fmt, va, true), false),
  RtlUnicodeStringVPrintf: (k, d: number, fmt: number, va: number) => usSet(k, d, format(k, fmt, va, true), false),
  RtlUnicodeStringCchCopyStringN: (k, d: number, s: number, n: number) => usSet(k, d, readSrc(k, s, true, n), false),
  RtlUnicodeStringCbCopyStringN: (k, d: number, s: number, n: number) => usSet(k, d, readSrc(k, s, true, n >> 1), false),
};

// ---- CRT exports (memcpy & co., the narrow/wide string functions, the _snprintf family) ----

function cmp(a: number, b: number): number { return a < b ? -1 : a > b ? 1 : 0; }
function strcmpAt(k: Kernel, a: number, b: number, wide: boolean, ci: boolean, max = Infinity): number {
  const m = k.memory, u = wide ? 2 : 1;
  for (let i = 0; i < max; i++) {
    let x = wide ? m.readU16(a + i * u) : m.readU8(a + i), y = wide ? m.readU16(b + i * u) : m.readU8(b + i);
    if (ci) { x = upcase(x); y = upcase(y); }
    if (x !== y) return cmp(x, y);
    if (x === 0) return 0;
  }
  return 0;
}

/** _snprintf/_snwprintf: -1 and no terminator when the text does not fit; else its length, terminated if room. */
function snprintf(k: Kernel, buf: number, count: number, text: string, wide: boolean): number {
  const n = Math.min(text.length, count);
  if (wide) writeWide(k, buf, text.slice(0, n), text.length < count); else writeNarrow(k, buf, text.slice(0, n), text.length < count);
  return text.length > count ? -1 : text.length;
}

export const crtRoutines: RoutineTable = {
  memcpy: (k, d: number, s: number, n: number) => { k.memory.check(s, n, false); k.memory.check(d, n, true); k.memory.u8.copyWithin(d, s, s + n); return d; },
  memmove: (k, d: number, s: number, n: number) => { k.memory.check(s, n, false); k.memory.check(d, n, true); k.memory.u8.copyWithin(d, s, s + n); return d; },
  memset: (k, d: number, c: number, n: number) => { k.memory.check(d, n, true); k.memory.u8.fill(c & 0xff, d, d + n); return d; },
  memcmp: (k, a: number, b: number, n: number) => { for (let i = 0; i < n; i++) { const x = k.memory.readU8(a + i), y = k.memory.readU8(b + i); if (x !== y) return cmp(x, y); } return 0; },
  memchr: (k, p: number, c: number, n: number) => { for (let i = 0; i < n; i++) if (k.memory.readU8(p + i) === (c & 0xff)) return p + i; return 0; },
  strlen: (k, s: number) => narrowLength(k, s)!,
  wcslen: (k, s: number) => wideLength(k, s)!,
  strnlen: (k, s: number, n: number) => narrowLength(k, s, n) ?? n,
  wcsnlen: (k, s: number, n: number) => wideLength(k, s, n) ?? n,
  strcmp: (k, a: number, b: number) => strcmpAt(k, a, b, false, false),
  wcscmp: (k, a: number, b: number) => strcmpAt(k, a, b, true, false),
  strncmp: (k, a: number, b: number, n: number) => strcmpAt(k, a, b, false, false, n),
  wcsncmp: (k, a: number, b: number, n: number) => strcmpAt(k, a, b, true, false, n),
  _stricmp: (k, a: number, b: number) => strcmpAt(k, a, b, false, true),
  _wcsicmp: (k, a: number, b: number) => strcmpAt(k, a, b, true, true),
  _strnicmp: (k, a: number, b: number, n: number) => strcmpAt(k, a, b, false, true, n),
  _wcsnicmp: (k, a: number, b: number, n: number) => strcmpAt(k, a, b, true, true, n),
  strcpy: (k, d: number, s: number) => { writeNarrow(k, d, k.memory.readCString(s, 0x7fffffff), true); return d; },
  wcscpy: (k, d: number, s: number) => { writeWide(k, d, k.memory.readWString(s, 0x7fffffff), true); return d; },
  strcat: (k, d: number, s: number) => { writeNarrow(k, d + narrowLength(k, d)!, k.memory.readCString(s, 0x7fffffff), true); return d; },
  wcscat: (k, d: number, s: number) => { writeWide(k, d + 2 * wideLength(k, d)!, k.memory.readWString(s, 0x7fffffff), true); return d; },
  // strncpy/wcsncpy: copy at most n, pad with NULs, no terminator when the source is n or longer.
  strncpy: (k, d: number, s: number, n: number) => { const t = k.memory.readCString(s, n); writeNarrow(k, d, t, false); k.memory.u8.fill(0, d + t.length, d + n); return d; },
  wcsncpy: (k, d: number, s: number, n: number) => { const t = k.memory.readWString(s, n); writeWide(k, d, t, false); k.memory.u8.fill(0, d + 2 * t.length, d + 2 * n); return d; },
  strchr: (k, s: number, c: number) => { for (let i = 0; ; i++) { const x = k.memory.readU8(s + i); if (x === (c & 0xff)) return s + i; if (!x) return 0; } },
  wcschr: (k, s: number, c: number) => { for (let i = 0; ; i++) { const x = k.memory.readU16(s + 2 * i); if (x === (c & 0xffff)) return s + 2 * i; if (!x) return 0; } },
  strstr: (k, s: number, f: number) => { const a = k.memory.readCString(s, 0x7fffffff), i = a.indexOf(k.memory.readCString(f, 0x7fffffff)); return i < 0 ? 0 : s + i; },
  wcsstr: (k, s: number, f: number) => { const a = k.memory.readWString(s, 0x7fffffff), i = a.indexOf(k.memory.readWString(f, 0x7fffffff)); return i < 0 ? 0 : s + 2 * i; },
  _snprintf: (k, buf: number, count: number, fmt: number, va: number) => snprintf(k, buf, count, format(k, fmt, va, false), false),
  _vsnprintf: (k, buf: number, count: number, fmt: number, va: number) => snprintf(k, buf, count, format(k, fmt, va, false), false),
  _snwprintf: (k, buf: number, count: number, fmt: number, va: number) => snprintf(k, buf, count, format(k, fmt, va, true), true),
  _vsnwprintf: (k, buf: number, count: number, fmt: number, va: number) => snprintf(k, buf, count, format(k, fmt, va, true), true),
  sprintf: (k, buf: number, fmt: number, va: number) => { const t = format(k, fmt, va, false); writeNarrow(k, buf, t, true); return t.length; },
  vsprintf: (k, buf: number, fmt: number, va: number) => { const t = format(k, fmt, va, false); writeNarrow(k, buf, t, true); return t.length; },
  // ntoskrnl's swprintf is the legacy form without a count (as our kernel-mode stdio.h declares it).
  swprintf: (k, buf: number, fmt: number, va: number) => { const t = format(k, fmt, va, true); writeWide(k, buf, t, true); return t.length; },
  toupper: (_k, c: number) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c),
  tolower: (_k, c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c),
  towupper: (_k, c: number) => upcase(c & 0xffff),
  towlower: (_k, c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c),
};
