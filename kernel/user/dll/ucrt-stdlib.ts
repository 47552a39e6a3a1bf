// ucrtbase.dll: memory (malloc on the process heap), number conversion, sorting (qsort calls the program's
// comparator), the process's arguments and environment, exit/abort/atexit, errno, assert, time.
import type { HostRequest } from '../../../main/machine/cpu/types.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import { user } from './routine.ts';
import { cstr, writeC, writeW, wstr } from './umem.ts';
import { stdStream, streamWrite } from './streams.ts';
import type { UserThread } from '../process.ts';

const ERANGE = 34, EINVAL = 22, ENOMEM = 12;
const setErrno = (t: UserThread, e: number) => t.process.memory.writeU32(t.errnoCell, e);

function alloc(t: UserThread, size: number, zero = false): number {
  const at = t.process.heap.alloc(Math.max(1, size >>> 0));
  if (at === undefined) { setErrno(t, ENOMEM); return 0; }
  if (zero) t.process.memory.u8.fill(0, at, at + (size >>> 0));
  return at;
}

function realloc(t: UserThread, p: number, size: number): number {
  if (!p) return alloc(t, size);
  if (!(size >>> 0)) { t.process.heap.release(p); return 0; }
  const old = t.process.heap.sizeOf(p);
  if (old === undefined) return 0;
  const at = alloc(t, size);
  if (!at) return 0;
  const m = t.process.memory;
  m.u8.copyWithin(at, p, p + Math.min(old, size >>> 0));
  t.process.heap.release(p);
  return at;
}

/** strtol's parse: leading space, sign, base prefix (base 0: 0x hex, 0 octal), digits; where it stopped. */
export function parseInteger(text: string, base: number): { value: bigint; end: number; any: boolean } {
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i]!)) i++;
  let neg = false;
  if (text[i] === '+' || text[i] === '-') { neg = text[i] === '-'; i++; }
  if ((base === 0 || base === 16) && text[i] === '0' && /[xX]/.test(text[i + 1] ?? '') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) { i += 2; base = 16; }
  else if (base === 0) base = text[i] === '0' ? 8 : 10;
  let v = 0n, any = false;
  for (; i < text.length; i++) {
    const d = parseInt(text[i]!, 36);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d); any = true;
  }
  return { value: neg ? -v : v, end: any ? i : 0, any };
}

function strtoInt(t: UserThread, s: number, endp: number, base: number, wide: boolean, min: bigint, max: bigint, unsigned: boolean): bigint {
  const m = t.process.memory, text = wide ? wstr(m, s) : cstr(m, s);
  if (base !== 0 && (base < 2 || base > 36)) { setErrno(t, EINVAL); if (endp) m.writeU32(endp, s); return 0n; }
  const r = parseInteger(text, base);
  if (endp) m.writeU32(endp, s + r.end * (wide ? 2 : 1));
  let v = r.value;
  if (unsigned) {
    const mag = v < 0n ? -v : v;
    if (mag > max) { setErrno(t, ERANGE); return max; }
    return v < 0n ? BigInt.asUintN(max === 0xffffffffn ? 32 : 64, v) : v;
  }
  if (v > max) { setErrno(t, ERANGE); v = max; } else if (v < min) { setErrno(t, ERANGE); v = min; }
  return v;
}

const L = { min: -0x80000000n, max: 0x7fffffffn }, LL = { min: -(1n << 63n), max: (1n << 63n) - 1n };

/** qsort: a merge sort whose comparisons call the program's comparator on copies in two scratch slots. */
function* qsort(t: UserThread, base: number, count: number, size: number, cmp: number): Generator<HostRequest, void, any> {
  const m = t.process.memory;
  if (count < 2 || !size) return;
  const items = Array.from({ length: count }, (_, i) => m.read(base + i * size, size));
  const a = alloc(t, size), b = alloc(t, size);
  function* less(x: Uint8Array, y: Uint8Array): Generator<HostRequest, boolean, any> {
    m.write(a, x); m.write(b, y);
    return ((yield { call: cmp, args: [a, b] }) as number | 0) <= 0;
  }
  for (let width = 1; width < count; width *= 2) {
    for (let lo = 0; lo < count - width; lo += 2 * width) {
      const mid = lo + width, hi = Math.min(lo + 2 * width, count);
      const left = items.slice(lo, mid), right = items.slice(mid, hi);
      let i = 0, j = 0, k = lo;
      while (i < left.length && j < right.length) items[k++] = (yield* less(left[i]!, right[j]!)) ? left[i++]! : right[j++]!;
      while (i < left.length) items[k++] = left[i++]!;
      while (j < right.length) items[k++] = right[j++]!;
    }
  }
  items.forEach((it, i) => m.write(base + i * size, it));
  t.process.heap.release(a); t.process.heap.release(b);
}

function* exitProcess(t: UserThread, code: number): Generator<HostRequest, void, any> {
  const p = t.process;
  for (const fn of [...p.crt.atexit].reverse()) yield { call: fn, args: [] };
  p.crt.atexit = [];
  p.mode.terminate(p, code);
  yield* p.mode.syscall(t, 'NtTerminateProcess', function* () { return 0; });
}

function abort(t: UserThread) {
  return exitProcess(t, 3);
}

let seed = 1;

export const stdlibRoutines: RoutineTable = {
  malloc: user((t, n) => alloc(t, n)),
  calloc: user((t, n, size) => alloc(t, (n >>> 0) * (size >>> 0), true)),
  realloc: user((t, p, n) => realloc(t, p, n)),
  free: user((t, p) => { if (p) t.process.heap.release(p); }),
  _msize: user((t, p) => t.process.heap.sizeOf(p) ?? -1),
  _aligned_malloc: user((t, n) => alloc(t, n)),
  _aligned_free: user((t, p) => { if (p) t.process.heap.release(p); }),

  strtol: user((t, s, e, b) => Number(strtoInt(t, s, e, b, false, L.min, L.max, false))),
  strtoul: user((t, s, e, b) => Number(strtoInt(t, s, e, b, false, 0n, 0xffffffffn, true))),
  wcstol: user((t, s, e, b) => Number(strtoInt(t, s, e, b, true, L.min, L.max, false))),
  wcstoul: user((t, s, e, b) => Number(strtoInt(t, s, e, b, true, 0n, 0xffffffffn, true))),
  _strtoi64: user((t, s, e, b) => strtoInt(t, s, e, b, false, LL.min, LL.max, false)),
  _strtoui64: user((t, s, e, b) => strtoInt(t, s, e, b, false, 0n, (1n << 64n) - 1n, true)),
  strtoll: user((t, s, e, b) => strtoInt(t, s, e, b, false, LL.min, LL.max, false)),
  strtoull: user((t, s, e, b) => strtoInt(t, s, e, b, false, 0n, (1n << 64n) - 1n, true)),
  atoi: user((t, s) => Number(BigInt.asIntN(32, parseInteger(cstr(t.process.memory, s), 10).value))),
  atol: user((t, s) => Number(BigInt.asIntN(32, parseInteger(cstr(t.process.memory, s), 10).value))),
  atoll: user((t, s) => BigInt.asIntN(64, parseInteger(cstr(t.process.memory, s), 10).value)),
  _wtoi: user((t, s) => Number(BigInt.asIntN(32, parseInteger(wstr(t.process.memory, s), 10).value))),
  _wtol: user((t, s) => Number(BigInt.asIntN(32, parseInteger(wstr(t.process.memory, s), 10).value))),
  atof: user((t, s) => parseFloat(cstr(t.process.memory, s)) || 0),
  strtod: user((t, s, e) => {
    const m = t.process.memory, text = cstr(m, s);
    const match = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
    if (e) m.writeU32(e, s + (match ? match[0].length : 0));
    return match ? parseFloat(match[0]) : 0;
  }),
  _itoa: user((t, v, buf, radix) => { writeC(t.process.memory, buf, (radix === 10 ? (v | 0) : v >>> 0).toString(radix)); return buf; }),
  _ltoa: user((t, v, buf, radix) => { writeC(t.process.memory, buf, (radix === 10 ? (v | 0) : v >>> 0).toString(radix)); return buf; }),
  _ultoa: user((t, v, buf, radix) => { writeC(t.process.memory, buf, (v >>> 0).toString(radix)); return buf; }),
  _itow: user((t, v, buf, radix) => { writeW(t.process.memory, buf, (radix === 10 ? (v | 0) : v >>> 0).toString(radix)); return buf; }),
  abs: user((_t, v) => Math.abs(v | 0) | 0),
  labs: user((_t, v) => Math.abs(v | 0) | 0),
  llabs: user((_t, v: bigint) => (v < 0n ? -v : v)),
  // div_t and ldiv_t come back through the hidden result pointer (wasm32 C ABI).
  div: user((t, out, a, b) => { if (!(b | 0)) return; t.process.memory.writeU32(out, Math.trunc((a | 0) / (b | 0))); t.process.memory.writeU32(out + 4, (a | 0) % (b | 0)); }),
  ldiv: user((t, out, a, b) => { if (!(b | 0)) return; t.process.memory.writeU32(out, Math.trunc((a | 0) / (b | 0))); t.process.memory.writeU32(out + 4, (a | 0) % (b | 0)); }),
  rand: user(() => { seed = (Math.imul(seed, 214013) + 2531011) >>> 0; return (seed >>> 16) & 0x7fff; }),
  srand: user((_t, s) => { seed = s >>> 0; }),
  qsort: user((t, base, n, size, cmp) => qsort(t, base, n >>> 0, size >>> 0, cmp)),
  bsearch: user(function* (t, key, base, n, size, cmp) {
    let lo = 0, hi = (n >>> 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, at = base + mid * (size >>> 0);
      const c = (yield { call: cmp, args: [key, at] }) as number | 0;
      if (c === 0) return at;
      if (c < 0) hi = mid - 1; else lo = mid + 1;
    }
    return 0;
  }),

  __p___argc: user((t) => t.process.crt.argc),
  __p___argv: user((t) => t.process.crt.argv),
  __p___wargv: user((t) => t.process.crt.wargv),
  getenv: user((t, name) => envValue(t, cstr(t.process.memory, name), false)),
  _wgetenv: user((t, name) => envValue(t, wstr(t.process.memory, name), true)),

  _errno: user((t) => t.errnoCell),
  __doserrno: user((t) => t.errnoCell),
  _set_errno: user((t, v) => { setErrno(t, v); return 0; }),
  _get_errno: user((t, out) => { t.process.memory.writeU32(out, t.process.memory.readU32(t.errnoCell)); return 0; }),

  atexit: user((t, fn) => { t.process.crt.atexit.push(fn); return 0; }),
  exit: user((t, code) => exitProcess(t, code)),
  _exit: user(function* (t, code) { t.process.crt.atexit = []; yield* exitProcess(t, code); }),
  abort: user((t) => abort(t)),
  _wassert: user(function* (t, msg, file, line) {
    const m = t.process.memory;
    streamWrite(t.process, stdStream(t.process, 2), `Assertion failed: ${wstr(m, msg)}, file ${wstr(m, file)}, line ${line >>> 0}\n`);
    t.process.crt.atexit = [];
    yield* abort(t);
  }),

  time: user((t, out) => { const s = BigInt(Math.floor(t.process.mode.unixMs() / 1000)); if (out) t.process.memory.writeU64(out, s); return s; }),
  _time64: user((t, out) => { const s = BigInt(Math.floor(t.process.mode.unixMs() / 1000)); if (out) t.process.memory.writeU64(out, s); return s; }),
  clock: user((t) => Math.floor(t.process.mode.processMs(t.process))),
};

/** getenv: a copy of the value in the process's heap, kept per name (the CRT's environment block). */
const envCopies = new WeakMap<object, Map<string, number>>();
function envValue(t: UserThread, name: string, wide: boolean): number {
  const p = t.process;
  const key = [...p.env.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return 0;
  const value = p.env.get(key)!;
  let copies = envCopies.get(p);
  if (!copies) { copies = new Map(); envCopies.set(p, copies); }
  const id = `${wide ? 'w' : 'a'}:${key}=${value}`;
  let at = copies.get(id);
  if (at === undefined) {
    at = p.heap.alloc((value.length + 1) * (wide ? 2 : 1))!;
    if (wide) writeW(p.memory, at, value); else writeC(p.memory, at, value);
    copies.set(id, at);
  }
  return at;
}
