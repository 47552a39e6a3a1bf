// kernel32.dll: errors, time, the environment and command line, modules, debugging, heaps, strings and
// FormatMessage. Nothing here needs the kernel except OutputDebugString, which reaches the kernel debugger.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { fail, user } from './routine.ts';
import { cstr, writeC, writeW, wstr } from './umem.ts';
import { UserException } from '../usermode.ts';

const m = (t: UserThread) => t.process.memory;
const C = (t: UserThread, n: string) => t.process.mode.c(n);

/** A string kept in the process for the life of the process (GetCommandLine's buffer). */
const kept = new WeakMap<object, Map<string, number>>();
function keep(t: UserThread, key: string, text: string, wide: boolean): number {
  const p = t.process;
  let map = kept.get(p);
  if (!map) { map = new Map(); kept.set(p, map); }
  let at = map.get(key);
  if (at === undefined) {
    at = p.heap.alloc((text.length + 1) * (wide ? 2 : 1))!;
    if (wide) writeW(p.memory, at, text); else writeC(p.memory, at, text);
    map.set(key, at);
  }
  return at;
}

/** Copy a string result into a caller buffer of `size` characters: its length, or the size needed (with NUL). */
function giveString(t: UserThread, buf: number, size: number, text: string, wide: boolean): number {
  if (text.length + 1 > (size >>> 0)) return text.length + 1;
  if (wide) writeW(m(t), buf, text); else writeC(m(t), buf, text);
  return text.length;
}

function systemTime(t: UserThread, out: number, local: boolean): void {
  const d = new Date(t.process.mode.unixMs());
  const mode = t.process.mode, f = (n: string) => out + mode.field('SYSTEMTIME', n);
  const mem = m(t);
  mem.writeU16(f('wYear'), d.getUTCFullYear()); mem.writeU16(f('wMonth'), d.getUTCMonth() + 1);
  mem.writeU16(f('wDayOfWeek'), d.getUTCDay()); mem.writeU16(f('wDay'), d.getUTCDate());
  mem.writeU16(f('wHour'), d.getUTCHours()); mem.writeU16(f('wMinute'), d.getUTCMinutes());
  mem.writeU16(f('wSecond'), d.getUTCSeconds()); mem.writeU16(f('wMilliseconds'), d.getUTCMilliseconds());
  void local; // the target's time zone is UTC
}

function toWide(t: UserThread, cp: number, src: number, len: number, dst: number, size: number): number {
  const mem = m(t);
  const bytes = (len | 0) === -1 ? [...mem.read(src, cstr(mem, src).length + 1)] : [...mem.read(src, len >>> 0)];
  const text = cp === C(t, 'CP_UTF8') ? new TextDecoder().decode(Uint8Array.from(bytes)) : String.fromCharCode(...bytes);
  if (!(size >>> 0)) return text.length;
  if (text.length > (size >>> 0)) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  writeW(mem, dst, text, false);
  return text.length;
}

function toNarrow(t: UserThread, cp: number, src: number, len: number, dst: number, size: number): number {
  const mem = m(t);
  const text = (len | 0) === -1 ? wstr(mem, src) + '\0' : String.fromCharCode(...Array.from({ length: len >>> 0 }, (_, i) => mem.readU16(src + 2 * i)));
  const bytes = cp === C(t, 'CP_UTF8') ? new TextEncoder().encode(text) : Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
  if (!(size >>> 0)) return bytes.length;
  if (bytes.length > (size >>> 0)) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  mem.write(dst, bytes);
  return bytes.length;
}

function formatMessage(t: UserThread, flags: number, id: number, buf: number, size: number, wide: boolean): number {
  const mode = t.process.mode;
  if (!(flags & C(t, 'FORMAT_MESSAGE_FROM_SYSTEM'))) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  if (!mode.errors.name(id)) return fail(t, C(t, 'ERROR_MR_MID_NOT_FOUND'), 0);
  const text = mode.errors.message(id) + '\r\n';
  if (flags & C(t, 'FORMAT_MESSAGE_ALLOCATE_BUFFER')) {
    const at = t.process.heap.alloc((text.length + 1) * (wide ? 2 : 1))!;
    if (wide) writeW(m(t), at, text); else writeC(m(t), at, text);
    m(t).writeU32(buf, at);
    return text.length;
  }
  if (text.length + 1 > (size >>> 0)) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  if (wide) writeW(m(t), buf, text); else writeC(m(t), buf, text);
  return text.length;
}

function heapRealloc(t: UserThread, p: number, size: number, zero: boolean): number {
  const heap = t.process.heap, old = heap.sizeOf(p);
  if (old === undefined) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const at = heap.alloc(size >>> 0);
  if (at === undefined) return fail(t, C(t, 'ERROR_NOT_ENOUGH_MEMORY'), 0);
  const mem = m(t);
  mem.u8.copyWithin(at, p, p + Math.min(old, size >>> 0));
  if (zero && (size >>> 0) > old) mem.u8.fill(0, at + old, at + (size >>> 0));
  heap.release(p);
  return at;
}

const PROCESS_HEAP = 0x00010000;

export const miscRoutines: RoutineTable = {
  GetLastError: user((t) => t.lastError),
  SetLastError: user((t, e) => { t.lastError = e >>> 0; }),
  GetTickCount: user((t) => Math.floor(t.process.mode.nowMs()) >>> 0),
  GetTickCount64: user((t) => BigInt(Math.floor(t.process.mode.nowMs()))),
  QueryPerformanceFrequency: user((t, out) => { m(t).writeU64(out, 10_000_000n); return 1; }),
  QueryPerformanceCounter: user((t, out) => { m(t).writeU64(out, BigInt(Math.floor(t.process.mode.nowMs() * 10_000))); return 1; }),
  GetSystemTime: user((t, out) => systemTime(t, out, false)),
  GetLocalTime: user((t, out) => systemTime(t, out, true)),
  GetSystemTimeAsFileTime: user((t, out) => { m(t).writeU64(out, 116_444_736_000_000_000n + BigInt(Math.floor(t.process.mode.unixMs())) * 10_000n); }),
  GetVersion: user((t) => { const v = t.process.mode.osVersion; return ((v.build & 0xffff) << 16 | v.minor << 8 | v.major) >>> 0; }),
  GetComputerNameW: user((t, buf, size) => {
    const name = t.process.mode.computerName, have = m(t).readU32(size);
    if (name.length + 1 > have) { m(t).writeU32(size, name.length + 1); return fail(t, C(t, 'ERROR_BUFFER_OVERFLOW'), 0); }
    writeW(m(t), buf, name); m(t).writeU32(size, name.length);
    return 1;
  }),
  GetComputerNameA: user((t, buf, size) => {
    const name = t.process.mode.computerName, have = m(t).readU32(size);
    if (name.length + 1 > have) { m(t).writeU32(size, name.length + 1); return fail(t, C(t, 'ERROR_BUFFER_OVERFLOW'), 0); }
    writeC(m(t), buf, name); m(t).writeU32(size, name.length);
    return 1;
  }),
  GetEnvironmentVariableW: user((t, name, buf, size) => envGet(t, wstr(m(t), name), buf, size, true)),
  GetEnvironmentVariableA: user((t, name, buf, size) => envGet(t, cstr(m(t), name), buf, size, false)),
  GetCommandLineW: user((t) => keep(t, 'cmdw', t.process.commandLine, true)),
  GetCommandLineA: user((t) => keep(t, 'cmda', t.process.commandLine, false)),
  GetModuleHandleW: user((t, name) => (name ? fail(t, C(t, 'ERROR_MOD_NOT_FOUND'), 0) : t.process.image?.base ?? 0)),
  GetModuleHandleA: user((t, name) => (name ? fail(t, C(t, 'ERROR_MOD_NOT_FOUND'), 0) : t.process.image?.base ?? 0)),
  GetModuleFileNameW: user((t, _mod, buf, size) => giveStringTruncated(t, buf, size, t.process.imagePath, true)),
  GetModuleFileNameA: user((t, _mod, buf, size) => giveStringTruncated(t, buf, size, t.process.imagePath, false)),
  LoadLibraryW: user((t) => fail(t, C(t, 'ERROR_MOD_NOT_FOUND'), 0)),
  LoadLibraryA: user((t) => fail(t, C(t, 'ERROR_MOD_NOT_FOUND'), 0)),
  FreeLibrary: user((t) => fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0)),
  GetProcAddress: user((t) => fail(t, C(t, 'ERROR_PROC_NOT_FOUND'), 0)),
  OutputDebugStringA: user((t, s) => { t.process.mode.k.debugOutput(cstr(m(t), s)); }),
  OutputDebugStringW: user((t, s) => { t.process.mode.k.debugOutput(wstr(m(t), s)); }),
  IsDebuggerPresent: user(() => 0),
  // int 3 with no user-mode debugger: the process ends with STATUS_BREAKPOINT, as an unhandled exception does.
  DebugBreak: user(() => { throw new UserException(0x80000003); }),

  GetProcessHeap: user(() => PROCESS_HEAP),
  HeapCreate: user(() => PROCESS_HEAP),
  HeapDestroy: user(() => 1),
  HeapAlloc: user((t, _h, flags, size) => {
    const at = t.process.heap.alloc(size >>> 0);
    if (at === undefined) return fail(t, C(t, 'ERROR_NOT_ENOUGH_MEMORY'), 0);
    if (flags & C(t, 'HEAP_ZERO_MEMORY')) m(t).u8.fill(0, at, at + (size >>> 0));
    return at;
  }),
  HeapFree: user((t, _h, _flags, p) => (!p || t.process.heap.release(p) ? 1 : fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0))),
  HeapReAlloc: user((t, _h, flags, p, size) => heapRealloc(t, p, size, (flags & C(t, 'HEAP_ZERO_MEMORY')) !== 0)),
  HeapSize: user((t, _h, _flags, p) => t.process.heap.sizeOf(p) ?? -1),
  LocalAlloc: user((t, flags, size) => {
    const at = t.process.heap.alloc(size >>> 0);
    if (at === undefined) return fail(t, C(t, 'ERROR_NOT_ENOUGH_MEMORY'), 0);
    if (flags & C(t, 'LMEM_ZEROINIT')) m(t).u8.fill(0, at, at + (size >>> 0));
    return at;
  }),
  LocalFree: user((t, p) => (!p || t.process.heap.release(p) ? 0 : fail(t, C(t, 'ERROR_INVALID_HANDLE'), p))),
  LocalReAlloc: user((t, p, size, flags) => heapRealloc(t, p, size, (flags & C(t, 'LMEM_ZEROINIT')) !== 0)),
  LocalSize: user((t, p) => t.process.heap.sizeOf(p) ?? 0),

  MultiByteToWideChar: user((t, cp, _flags, src, len, dst, size) => toWide(t, cp >>> 0, src, len, dst, size)),
  WideCharToMultiByte: user((t, cp, _flags, src, len, dst, size) => toNarrow(t, cp >>> 0, src, len, dst, size)),
  lstrlenA: user((t, s) => (s ? cstr(m(t), s).length : 0)),
  lstrlenW: user((t, s) => (s ? wstr(m(t), s).length : 0)),
  lstrcpyA: user((t, d, s) => { writeC(m(t), d, cstr(m(t), s)); return d; }),
  lstrcpyW: user((t, d, s) => { writeW(m(t), d, wstr(m(t), s)); return d; }),
  lstrcatA: user((t, d, s) => { writeC(m(t), d, cstr(m(t), d) + cstr(m(t), s)); return d; }),
  lstrcatW: user((t, d, s) => { writeW(m(t), d, wstr(m(t), d) + wstr(m(t), s)); return d; }),
  lstrcmpA: user((t, a, b) => Math.sign(cstr(m(t), a).localeCompare(cstr(m(t), b)))),
  lstrcmpW: user((t, a, b) => Math.sign(wstr(m(t), a).localeCompare(wstr(m(t), b)))),
  lstrcmpiA: user((t, a, b) => Math.sign(cstr(m(t), a).toLowerCase().localeCompare(cstr(m(t), b).toLowerCase()))),
  lstrcmpiW: user((t, a, b) => Math.sign(wstr(m(t), a).toLowerCase().localeCompare(wstr(m(t), b).toLowerCase()))),
  FormatMessageW: user((t, flags, _src, id, _lang, buf, size) => formatMessage(t, flags >>> 0, id >>> 0, buf, size, true)),
  FormatMessageA: user((t, flags, _src, id, _lang, buf, size) => formatMessage(t, flags >>> 0, id >>> 0, buf, size, false)),
};

function envGet(t: UserThread, name: string, buf: number, size: number, wide: boolean): number {
  const env = t.process.env;
  const key = [...env.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return fail(t, C(t, 'ERROR_ENVVAR_NOT_FOUND'), 0);
  return giveString(t, buf, size, env.get(key)!, wide);
}

/** GetModuleFileName: truncates to the buffer and says ERROR_INSUFFICIENT_BUFFER. */
function giveStringTruncated(t: UserThread, buf: number, size: number, text: string, wide: boolean): number {
  const n = size >>> 0;
  if (!n) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  if (text.length + 1 > n) {
    if (wide) writeW(m(t), buf, text.slice(0, n - 1)); else writeC(m(t), buf, text.slice(0, n - 1));
    return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), n);
  }
  if (wide) writeW(m(t), buf, text); else writeC(m(t), buf, text);
  return text.length;
}
