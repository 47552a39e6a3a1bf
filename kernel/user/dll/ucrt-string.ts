// ucrtbase.dll: strings, memory blocks and character classes (narrow and wide), as the C library defines them.
import type { SystemMemory } from '../../../main/machine/memory.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import { user } from './routine.ts';
import { cstr, writeC, writeW, wstr } from './umem.ts';
import type { UserThread } from '../process.ts';

const EINVAL = 22, ERANGE = 34;
const mem = (t: UserThread): SystemMemory => t.process.memory;
const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);
const upper = (c: number) => (c >= 0x61 && c <= 0x7a ? c - 32 : c);
const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

function strN(m: SystemMemory, at: number, wide: boolean, max = 1 << 30): string { return wide ? wstr(m, at, max) : cstr(m, at, max); }
function put(m: SystemMemory, at: number, s: string, wide: boolean, nul = true): void { if (wide) writeW(m, at, s, nul); else writeC(m, at, s, nul); }

/** strcmp-family comparison of two strings by code unit, optionally case-folded and limited to n units. */
function compare(m: SystemMemory, a: number, b: number, wide: boolean, fold: boolean, n = Infinity): number {
  const w = wide ? 2 : 1;
  for (let i = 0; i < n; i++) {
    let x = wide ? m.readU16(a + w * i) : m.readU8(a + i), y = wide ? m.readU16(b + w * i) : m.readU8(b + i);
    if (fold) { x = lower(x); y = lower(y); }
    if (x !== y) return cmp(x, y);
    if (x === 0) return 0;
  }
  return 0;
}

/** Both widths of a routine family at once: narrow name and wide name share one implementation. */
function both(narrow: string, wide: string, fn: (t: UserThread, w: boolean, ...a: number[]) => number | void): RoutineTable {
  return { [narrow]: user((t, ...a) => fn(t, false, ...a)), [wide]: user((t, ...a) => fn(t, true, ...a)) };
}

/** The _s functions: EINVAL for NULL or zero size, ERANGE (and an empty destination) when it does not fit. */
function secureCopy(t: UserThread, w: boolean, dst: number, size: number, text: string): number {
  const m = mem(t);
  if (!dst || !size) return EINVAL;
  if (text.length >= size) { put(m, dst, '', w); return ERANGE; }
  put(m, dst, text, w);
  return 0;
}

const ctype: Record<string, (c: number) => boolean> = {
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122), digit: (c) => c >= 48 && c <= 57,
  space: (c) => c === 32 || (c >= 9 && c <= 13), upper: (c) => c >= 65 && c <= 90, lower: (c) => c >= 97 && c <= 122,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  alnum: (c) => ctype.alpha!(c) || ctype.digit!(c), punct: (c) => c > 32 && c < 127 && !ctype.alnum!(c),
  print: (c) => c >= 32 && c < 127, graph: (c) => c > 32 && c < 127, cntrl: (c) => c < 32 || c === 127,
};
const ctypeRoutines: RoutineTable = Object.fromEntries(Object.entries(ctype).flatMap(([n, f]) => [
  [`is${n}`, user((_t, c: number) => (f(c & 0xffff) ? 1 : 0))], [`isw${n}`, user((_t, c: number) => (f(c & 0xffff) ? 1 : 0))],
]));

export const stringRoutines: RoutineTable = {
  ...ctypeRoutines,
  toupper: user((_t, c) => upper(c)), tolower: user((_t, c) => lower(c)), _toupper: user((_t, c) => c - 32), _tolower: user((_t, c) => c + 32),
  towupper: user((_t, c) => upper(c & 0xffff)), towlower: user((_t, c) => lower(c & 0xffff)),
  __isascii: user((_t, c) => ((c >>> 0) < 0x80 ? 1 : 0)), __toascii: user((_t, c) => c & 0x7f),

  memcpy: user((t, d, s, n) => { const m = mem(t); if (n >>> 0) m.write(d, m.read(s, n >>> 0)); return d; }),
  memmove: user((t, d, s, n) => { const m = mem(t); if (n >>> 0) m.write(d, m.read(s, n >>> 0)); return d; }),
  memset: user((t, d, c, n) => { const m = mem(t); m.check(d, n >>> 0, true); m.u8.fill(c & 0xff, d, d + (n >>> 0)); return d; }),
  memcmp: user((t, a, b, n) => { const m = mem(t); for (let i = 0; i < (n >>> 0); i++) { const d = m.readU8(a + i) - m.readU8(b + i); if (d) return d < 0 ? -1 : 1; } return 0; }),
  _memicmp: user((t, a, b, n) => { const m = mem(t); for (let i = 0; i < (n >>> 0); i++) { const d = lower(m.readU8(a + i)) - lower(m.readU8(b + i)); if (d) return d < 0 ? -1 : 1; } return 0; }),
  memchr: user((t, s, c, n) => { const m = mem(t); for (let i = 0; i < (n >>> 0); i++) if (m.readU8(s + i) === (c & 0xff)) return s + i; return 0; }),
  memcpy_s: user((t, d, size, s, n) => { if ((n >>> 0) > (size >>> 0)) return ERANGE; const m = mem(t); if (n >>> 0) m.write(d, m.read(s, n >>> 0)); return 0; }),
  memmove_s: user((t, d, size, s, n) => { if ((n >>> 0) > (size >>> 0)) return ERANGE; const m = mem(t); if (n >>> 0) m.write(d, m.read(s, n >>> 0)); return 0; }),

  ...both('strlen', 'wcslen', (t, w, s) => strN(mem(t), s, w).length),
  ...both('strnlen', 'wcsnlen', (t, w, s, n) => strN(mem(t), s, w, n >>> 0).length),
  ...both('strcpy', 'wcscpy', (t, w, d, s) => { put(mem(t), d, strN(mem(t), s, w), w); return d; }),
  ...both('strcat', 'wcscat', (t, w, d, s) => { const m = mem(t); const a = strN(m, d, w); put(m, d + a.length * (w ? 2 : 1), strN(m, s, w), w); return d; }),
  ...both('strncpy', 'wcsncpy', (t, w, d, s, n) => {
    const m = mem(t), text = strN(m, s, w, n >>> 0);
    put(m, d, text, w, false);
    for (let i = text.length; i < (n >>> 0); i++) if (w) m.writeU16(d + 2 * i, 0); else m.writeU8(d + i, 0);
    return d;
  }),
  ...both('strncat', 'wcsncat', (t, w, d, s, n) => { const m = mem(t); const a = strN(m, d, w); put(m, d + a.length * (w ? 2 : 1), strN(m, s, w, n >>> 0), w); return d; }),
  ...both('strcmp', 'wcscmp', (t, w, a, b) => compare(mem(t), a, b, w, false)),
  ...both('strncmp', 'wcsncmp', (t, w, a, b, n) => compare(mem(t), a, b, w, false, n >>> 0)),
  ...both('_stricmp', '_wcsicmp', (t, w, a, b) => compare(mem(t), a, b, w, true)),
  ...both('_strnicmp', '_wcsnicmp', (t, w, a, b, n) => compare(mem(t), a, b, w, true, n >>> 0)),
  ...both('strchr', 'wcschr', (t, w, s, c) => { const m = mem(t), text = strN(m, s, w), ch = c & (w ? 0xffff : 0xff); const i = ch === 0 ? text.length : text.indexOf(String.fromCharCode(ch)); return i < 0 ? 0 : s + i * (w ? 2 : 1); }),
  ...both('strrchr', 'wcsrchr', (t, w, s, c) => { const m = mem(t), text = strN(m, s, w), ch = c & (w ? 0xffff : 0xff); const i = ch === 0 ? text.length : text.lastIndexOf(String.fromCharCode(ch)); return i < 0 ? 0 : s + i * (w ? 2 : 1); }),
  ...both('strstr', 'wcsstr', (t, w, s, f) => { const m = mem(t); const i = strN(m, s, w).indexOf(strN(m, f, w)); return i < 0 ? 0 : s + i * (w ? 2 : 1); }),
  ...both('strspn', 'wcsspn', (t, w, s, set) => { const m = mem(t), a = strN(m, s, w), b = strN(m, set, w); let i = 0; while (i < a.length && b.includes(a[i]!)) i++; return i; }),
  ...both('strcspn', 'wcscspn', (t, w, s, set) => { const m = mem(t), a = strN(m, s, w), b = strN(m, set, w); let i = 0; while (i < a.length && !b.includes(a[i]!)) i++; return i; }),
  ...both('strpbrk', 'wcspbrk', (t, w, s, set) => { const m = mem(t), a = strN(m, s, w), b = strN(m, set, w); for (let i = 0; i < a.length; i++) if (b.includes(a[i]!)) return s + i * (w ? 2 : 1); return 0; }),
  ...both('_strlwr', '_wcslwr', (t, w, s) => { const m = mem(t); put(m, s, strN(m, s, w).replace(/[A-Z]/g, (c) => c.toLowerCase()), w); return s; }),
  ...both('_strupr', '_wcsupr', (t, w, s) => { const m = mem(t); put(m, s, strN(m, s, w).replace(/[a-z]/g, (c) => c.toUpperCase()), w); return s; }),
  ...both('_strrev', '_wcsrev', (t, w, s) => { const m = mem(t); put(m, s, [...strN(m, s, w)].reverse().join(''), w); return s; }),
  ...both('_strset', '_wcsset', (t, w, s, c) => { const m = mem(t); put(m, s, String.fromCharCode(c).repeat(strN(m, s, w).length), w); return s; }),
  ...both('_strnset', '_wcsnset', (t, w, s, c, n) => { const m = mem(t), a = strN(m, s, w); const k = Math.min(a.length, n >>> 0); put(m, s, String.fromCharCode(c).repeat(k) + a.slice(k), w); return s; }),
  ...both('strcpy_s', 'wcscpy_s', (t, w, d, size, s) => (s ? secureCopy(t, w, d, size >>> 0, strN(mem(t), s, w)) : EINVAL)),
  ...both('strcat_s', 'wcscat_s', (t, w, d, size, s) => (d && s ? secureCopy(t, w, d, size >>> 0, strN(mem(t), d, w) + strN(mem(t), s, w)) : EINVAL)),
  ...both('strncpy_s', 'wcsncpy_s', (t, w, d, size, s, n) => (s ? secureCopy(t, w, d, size >>> 0, strN(mem(t), s, w, n >>> 0)) : EINVAL)),
  ...both('strncat_s', 'wcsncat_s', (t, w, d, size, s, n) => (d && s ? secureCopy(t, w, d, size >>> 0, strN(mem(t), d, w) + strN(mem(t), s, w, n >>> 0)) : EINVAL)),
  ...both('strtok_s', 'wcstok_s', (t, w, s, delims, ctx) => {
    const m = mem(t), unit = w ? 2 : 1;
    let at = s || m.readU32(ctx);
    if (!at) return 0;
    const d = strN(m, delims, w), text = strN(m, at, w);
    let i = 0;
    while (i < text.length && d.includes(text[i]!)) i++;
    if (i >= text.length) { m.writeU32(ctx, 0); return 0; }
    let j = i;
    while (j < text.length && !d.includes(text[j]!)) j++;
    if (j < text.length) { if (w) m.writeU16(at + unit * j, 0); else m.writeU8(at + j, 0); m.writeU32(ctx, at + unit * (j + 1)); }
    else m.writeU32(ctx, 0);
    at += unit * i;
    return at;
  }),
  ...both('_strdup', '_wcsdup', (t, w, s) => {
    if (!s) return 0;
    const text = strN(mem(t), s, w), at = t.process.heap.alloc((text.length + 1) * (w ? 2 : 1));
    if (at === undefined) return 0;
    put(mem(t), at, text, w);
    return at;
  }),
};
