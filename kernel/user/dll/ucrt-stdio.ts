// ucrtbase.dll: stdio. Console output goes straight to the process's console; stdin reads block in the kernel
// until a line is typed. Varargs arrive as wasm32 does them: a pointer to the packed arguments (a va_list).
import type { RoutineTable } from '../../ntos/routine.ts';
import { user } from './routine.ts';
import { cstr, formatA, formatW, writeC, writeW, wstr } from './umem.ts';
import { closeStream, flushStream, openStream, stdStream, streamAt, streamRead, streamWrite, type Stream } from './streams.ts';
import type { UserThread } from '../process.ts';

const EOF = -1, WEOF = 0xffff;

function out(t: UserThread, file: number): Stream | undefined { return streamAt(t.process, file); }
function write(t: UserThread, file: number, text: string): number {
  const s = out(t, file);
  return s && streamWrite(t.process, s, text) ? text.length : EOF;
}

/** _snprintf-style store: at most `count` characters; the terminator only if it fits. Returns chars or -1. */
function store(t: UserThread, buf: number, count: number, text: string, wide: boolean, alwaysTerminate: boolean): number {
  const m = t.process.memory;
  const fits = text.length < count;
  const n = Math.min(text.length, count);
  if (wide) writeW(m, buf, text.slice(0, n), false); else writeC(m, buf, text.slice(0, n), false);
  if (fits || (alwaysTerminate && count > 0)) {
    const at = fits ? text.length : count - 1;
    if (wide) m.writeU16(buf + 2 * at, 0); else m.writeU8(buf + at, 0);
  }
  return fits ? text.length : -1;
}

const fA = (t: UserThread, fmt: number, va: number) => formatA(t.process.memory, cstr(t.process.memory, fmt), va);
const fW = (t: UserThread, fmt: number, va: number) => formatW(t.process.memory, wstr(t.process.memory, fmt), va);
const stdout = (t: UserThread) => t.process.crt.iob + 16;

export const stdioRoutines: RoutineTable = {
  __acrt_iob_func: user((t, i: number) => t.process.crt.iob + 16 * (i >>> 0)),
  printf: user((t, fmt, va) => write(t, stdout(t), fA(t, fmt, va))),
  vprintf: user((t, fmt, va) => write(t, stdout(t), fA(t, fmt, va))),
  fprintf: user((t, f, fmt, va) => write(t, f, fA(t, fmt, va))),
  vfprintf: user((t, f, fmt, va) => write(t, f, fA(t, fmt, va))),
  wprintf: user((t, fmt, va) => write(t, stdout(t), fW(t, fmt, va))),
  vwprintf: user((t, fmt, va) => write(t, stdout(t), fW(t, fmt, va))),
  fwprintf: user((t, f, fmt, va) => write(t, f, fW(t, fmt, va))),
  vfwprintf: user((t, f, fmt, va) => write(t, f, fW(t, fmt, va))),
  sprintf: user((t, buf, fmt, va) => { const s = fA(t, fmt, va); writeC(t.process.memory, buf, s); return s.length; }),
  vsprintf: user((t, buf, fmt, va) => { const s = fA(t, fmt, va); writeC(t.process.memory, buf, s); return s.length; }),
  _snprintf: user((t, buf, n, fmt, va) => store(t, buf, n >>> 0, fA(t, fmt, va), false, false)),
  _vsnprintf: user((t, buf, n, fmt, va) => store(t, buf, n >>> 0, fA(t, fmt, va), false, false)),
  // C99 snprintf: always terminates, returns the length it would have written.
  snprintf: user((t, buf, n, fmt, va) => { const s = fA(t, fmt, va); if (n >>> 0) store(t, buf, n >>> 0, s, false, true); return s.length; }),
  vsnprintf: user((t, buf, n, fmt, va) => { const s = fA(t, fmt, va); if (n >>> 0) store(t, buf, n >>> 0, s, false, true); return s.length; }),
  sprintf_s: user((t, buf, n, fmt, va) => { const s = fA(t, fmt, va); return s.length < (n >>> 0) ? (writeC(t.process.memory, buf, s), s.length) : -1; }),
  _scprintf: user((t, fmt, va) => fA(t, fmt, va).length),
  swprintf: user((t, buf, n, fmt, va) => { const s = fW(t, fmt, va); return store(t, buf, n >>> 0, s, true, true) < 0 ? -1 : s.length; }),
  vswprintf: user((t, buf, n, fmt, va) => { const s = fW(t, fmt, va); return store(t, buf, n >>> 0, s, true, true) < 0 ? -1 : s.length; }),
  swprintf_s: user((t, buf, n, fmt, va) => { const s = fW(t, fmt, va); return store(t, buf, n >>> 0, s, true, true) < 0 ? -1 : s.length; }),
  vswprintf_s: user((t, buf, n, fmt, va) => { const s = fW(t, fmt, va); return store(t, buf, n >>> 0, s, true, true) < 0 ? -1 : s.length; }),
  _swprintf: user((t, buf, fmt, va) => { const s = fW(t, fmt, va); writeW(t.process.memory, buf, s); return s.length; }),
  _snwprintf: user((t, buf, n, fmt, va) => store(t, buf, n >>> 0, fW(t, fmt, va), true, false)),
  _vsnwprintf: user((t, buf, n, fmt, va) => store(t, buf, n >>> 0, fW(t, fmt, va), true, false)),
  puts: user((t, s) => (write(t, stdout(t), cstr(t.process.memory, s) + '\n') < 0 ? EOF : 0)),
  _putws: user((t, s) => (write(t, stdout(t), wstr(t.process.memory, s) + '\n') < 0 ? EOF : 0)),
  fputs: user((t, s, f) => (write(t, f, cstr(t.process.memory, s)) < 0 ? EOF : 0)),
  fputws: user((t, s, f) => (write(t, f, wstr(t.process.memory, s)) < 0 ? EOF : 0)),
  putchar: user((t, c) => (write(t, stdout(t), String.fromCharCode(c & 0xff)) < 0 ? EOF : c & 0xff)),
  putwchar: user((t, c) => (write(t, stdout(t), String.fromCharCode(c & 0xffff)) < 0 ? WEOF : c & 0xffff)),
  fputc: user((t, c, f) => (write(t, f, String.fromCharCode(c & 0xff)) < 0 ? EOF : c & 0xff)),
  putc: user((t, c, f) => (write(t, f, String.fromCharCode(c & 0xff)) < 0 ? EOF : c & 0xff)),
  fputwc: user((t, c, f) => (write(t, f, String.fromCharCode(c & 0xffff)) < 0 ? WEOF : c & 0xffff)),
  fwrite: user((t, buf, size, count, f) => {
    const n = (size >>> 0) * (count >>> 0);
    if (!n) return 0;
    const text = String.fromCharCode(...t.process.memory.read(buf, n));
    return write(t, f, text) < 0 ? 0 : count >>> 0;
  }),
  fflush: user((t, f) => { const s = f ? out(t, f) : undefined; if (s) flushStream(t.process, s); return 0; }),
  setvbuf: user(() => 0),
  _fileno: user((t, f) => out(t, f)?.fd ?? -1),
  ferror: user((t, f) => (out(t, f)?.error ? 1 : 0)),
  feof: user((t, f) => (out(t, f)?.eof ? 1 : 0)),
  clearerr: user((t, f) => { const s = out(t, f); if (s) { s.error = false; s.eof = false; } }),
  perror: user((t, msg) => {
    const m = t.process.memory;
    const text = msg ? `${cstr(m, msg)}: ` : '';
    write(t, t.process.crt.iob + 32, `${text}${ERRNO_TEXT[m.readI32(t.errnoCell)] ?? 'Unknown error'}\n`);
  }),

  // ---- input
  getchar: user(function* (t) { return yield* getc(t, stdStream(t.process, 0)); }),
  fgetc: user(function* (t, f) { const s = out(t, f); return s ? yield* getc(t, s) : EOF; }),
  getc: user(function* (t, f) { const s = out(t, f); return s ? yield* getc(t, s) : EOF; }),
  getwchar: user(function* (t) { const c = yield* getc(t, stdStream(t.process, 0)); return c < 0 ? WEOF : c; }),
  fgetwc: user(function* (t, f) { const s = out(t, f); const c = s ? yield* getc(t, s) : EOF; return c < 0 ? WEOF : c; }),
  ungetc: user((t, c, f) => { const s = out(t, f); if (!s || c === EOF) return EOF; s.pending = String.fromCharCode(c & 0xff) + s.pending; s.eof = false; return c & 0xff; }),
  fgets: user(function* (t, buf, n, f) {
    const s = out(t, f);
    const max = (n | 0) - 1;
    if (!s || max < 0) return 0;
    const line = yield* streamRead(t, s, (text, atEof) => {
      const nl = text.indexOf('\n');
      const end = nl >= 0 ? Math.min(nl + 1, max) : text.length >= max ? max : atEof ? text.length : 0;
      return { used: end, value: text.slice(0, end) };
    });
    if (!line.length) return 0;
    writeC(t.process.memory, buf, line);
    return buf;
  }),
  gets_s: user(function* (t, buf, n) {
    const s = stdStream(t.process, 0);
    const line = yield* streamRead(t, s, (text, atEof) => {
      const nl = text.indexOf('\n');
      return nl >= 0 ? { used: nl + 1, value: text.slice(0, nl) } : { used: atEof ? text.length : 0, value: text };
    });
    if (s.eof && !line.length) return 0;
    writeC(t.process.memory, buf, line.slice(0, Math.max(0, (n >>> 0) - 1)));
    return buf;
  }),

  // ---- files on the machine's disk
  fopen: user((t, name, mode) => fopen(t, cstr(t.process.memory, name), cstr(t.process.memory, mode)).file),
  _wfopen: user((t, name, mode) => fopen(t, wstr(t.process.memory, name), wstr(t.process.memory, mode)).file),
  fopen_s: user((t, out, name, mode) => {
    const r = fopen(t, cstr(t.process.memory, name), cstr(t.process.memory, mode));
    t.process.memory.writeU32(out, r.file);
    return r.file ? 0 : r.errno;
  }),
  fclose: user((t, f) => (closeStream(t.process, f) ? 0 : EOF)),
  fread: user(function* (t, buf, size, count, f) {
    const s = out(t, f);
    const want = (size >>> 0) * (count >>> 0);
    if (!s || !want) return 0;
    const got = yield* streamRead(t, s, (text) => { const n = Math.min(text.length, want); return { used: n, value: text.slice(0, n) }; });
    t.process.memory.write(buf, Uint8Array.from(got, (c) => c.charCodeAt(0) & 0xff));
    return Math.floor(got.length / (size >>> 0));
  }),
  fseek: user((t, f, off, origin) => {
    const s = out(t, f);
    if (!s || s.kind !== 'file') return -1;
    const base = origin === 0 ? 0 : origin === 1 ? s.pos : s.size;
    s.pos = Math.max(0, base + (off | 0)); s.eof = false;
    return 0;
  }),
  ftell: user((t, f) => { const s = out(t, f); return s && s.kind === 'file' ? s.pos : -1; }),
  rewind: user((t, f) => { const s = out(t, f); if (s) { s.pos = 0; s.eof = false; s.error = false; } }),
  remove: user((t, name) => {
    try { t.process.mode.disk?.remove(resolvePath(t, cstr(t.process.memory, name))); return 0; } catch { t.process.memory.writeU32(t.errnoCell, 2); return -1; }
  }),
  rename: user((t, a, b) => {
    const m = t.process.memory;
    try { t.process.mode.disk?.rename(resolvePath(t, cstr(m, a)), resolvePath(t, cstr(m, b))); return 0; } catch { m.writeU32(t.errnoCell, 2); return -1; }
  }),
};

function* getc(t: UserThread, s: Stream): Generator<any, number, any> {
  const c = yield* streamRead(t, s, (text) => (text.length ? { used: 1, value: text.charCodeAt(0) } : { used: 0, value: EOF }));
  return c;
}

/** A path relative to the process's current directory. */
export function resolvePath(t: UserThread, name: string): string {
  if (/^[a-zA-Z]:\\/.test(name)) return name;
  if (name.startsWith('\\')) return 'C:' + name;
  return `${t.process.cwd.replace(/\\$/, '')}\\${name}`;
}

function fopen(t: UserThread, name: string, mode: string): { file: number; errno: number } {
  const p = t.process, disk = p.mode.disk;
  const path = resolvePath(t, name.replace(/\//g, '\\'));
  const m = mode.replace(/[btN]/g, '');
  const read = m.startsWith('r'), append = m.startsWith('a'), plus = m.includes('+');
  let data: Uint8Array | undefined;
  try { data = disk?.stat(path) && !disk.stat(path)!.dir ? disk.readFile(path) : undefined; } catch { data = undefined; }
  if (read && !data) { p.memory.writeU32(t.errnoCell, 2); return { file: 0, errno: 2 }; }
  if (!read && disk?.stat(path)?.dir) { p.memory.writeU32(t.errnoCell, 13); return { file: 0, errno: 13 }; }
  const keep = read || append ? data ?? new Uint8Array(0) : new Uint8Array(0);
  const s: Stream = {
    kind: 'file', fd: -1, path, data: new Uint8Array(keep), size: keep.length, pos: append ? keep.length : 0,
    readable: read || plus, writable: !read || plus, eof: false, error: false, pending: '',
  };
  if (!read) flushStream(p, s);
  return { file: openStream(p, s), errno: 0 };
}

/** strerror texts of the errno values the CRT sets. */
export const ERRNO_TEXT: Record<number, string> = {
  0: 'No error', 1: 'Operation not permitted', 2: 'No such file or directory', 3: 'No such process', 4: 'Interrupted function call',
  5: 'Input/output error', 9: 'Bad file descriptor', 12: 'Not enough space', 13: 'Permission denied', 17: 'File exists',
  22: 'Invalid argument', 24: 'Too many open files', 28: 'No space left on device', 33: 'Domain error', 34: 'Result too large',
};
