// The CRT's FILE streams of a process: stdin, stdout and stderr on the console (or on a file when cmd redirected
// them), and files opened with fopen on the machine's disk. A FILE* is an address in the process (so programs can
// compare and pass it); the stream state lives here.
import type { Step } from '../../ntos/ob/manager.ts';
import type { UserProcess, UserThread } from '../process.ts';

export interface Stream {
  kind: 'console' | 'file';
  /** 0 stdin, 1 stdout, 2 stderr, or -1 for fopen'ed files. */
  fd: number;
  path?: string;
  data?: Uint8Array;
  size: number;
  pos: number;
  readable: boolean;
  writable: boolean;
  eof: boolean;
  error: boolean;
  /** Characters read from the console and not consumed yet (cooked lines end in \n). */
  pending: string;
  ungot?: number;
}

const tables = new WeakMap<UserProcess, Map<number, Stream>>();

function table(p: UserProcess): Map<number, Stream> {
  let t = tables.get(p);
  if (!t) {
    t = new Map();
    const mk = (fd: number): Stream => ({ kind: 'console', fd, size: 0, pos: 0, readable: fd === 0, writable: fd !== 0, eof: false, error: false, pending: '' });
    for (const fd of [0, 1, 2]) t.set(p.crt.iob + 16 * fd, mk(fd));
    tables.set(p, t);
  }
  return t;
}

export function streamAt(p: UserProcess, file: number): Stream | undefined { return table(p).get(file >>> 0); }
export function stdStream(p: UserProcess, fd: number): Stream { return table(p).get(p.crt.iob + 16 * fd)!; }

export function openStream(p: UserProcess, s: Stream): number {
  const at = p.heap.alloc(16)!;
  table(p).set(at, s);
  return at;
}

export function closeStream(p: UserProcess, file: number): boolean {
  const s = table(p).get(file >>> 0);
  if (!s) return false;
  flushStream(p, s);
  if (s.fd < 0) { table(p).delete(file >>> 0); p.heap.release(file >>> 0); }
  return true;
}

export function flushStream(p: UserProcess, s: Stream): void {
  if (s.kind === 'file' && s.writable && s.path && s.data) p.mode.disk?.writeFile(s.path, s.data.slice(0, s.size));
}

/** Write text to a stream; false on error. */
export function streamWrite(p: UserProcess, s: Stream, text: string): boolean {
  if (!s.writable) { s.error = true; return false; }
  if (s.kind === 'console') { p.console.write(text); return true; }
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const need = s.pos + bytes.length;
  if (!s.data || s.data.length < need) { const d = new Uint8Array(Math.max(need, (s.data?.length ?? 0) * 2, 256)); if (s.data) d.set(s.data); s.data = d; }
  s.data.set(bytes, s.pos);
  s.pos += bytes.length;
  s.size = Math.max(s.size, s.pos);
  flushStream(p, s);
  return true;
}

/**
 * Read from a stream until `enough(buffered)` says so or end of file; returns what was taken by `take`.
 * The console blocks the thread in the kernel (NtReadFile on the console) until a line is typed.
 */
export function* streamRead<T>(t: UserThread, s: Stream, take: (text: string, atEof: boolean) => { used: number; value: T }): Generator<any, T, any> {
  const p = t.process;
  if (s.kind === 'file') {
    const rest = s.data ? String.fromCharCode(...s.data.subarray(s.pos, s.size)) : '';
    const r = take(rest, true);
    s.pos += r.used;
    if (s.pos >= s.size) s.eof = true;
    return r.value;
  }
  for (;;) {
    const r = s.pending.length ? take(s.pending, false) : undefined;
    if (r && (r.used > 0 || s.pending.endsWith('\n'))) { s.pending = s.pending.slice(r.used); return r.value; }
    const line = yield* readConsoleLine(t);
    if (line === undefined) { s.eof = true; const e = take(s.pending, true); s.pending = s.pending.slice(e.used); return e.value; }
    s.pending += line + '\n';
  }
}

/** One typed line for a thread of `t`'s process (undefined when the process ends while it waits). */
export function* readConsoleLine(t: UserThread): Generator<any, string | undefined, any> {
  const p = t.process, mode = p.mode;
  return yield* mode.syscall(t, 'NtReadFile', function* (): Step<string | undefined> {
    let got: string | undefined;
    p.console.readLine({ alive: () => p.state === 'running' && got === undefined, take: (line) => { got = line; mode.poke(); } });
    yield* mode.waitUntil(() => got !== undefined);
    return got;
  });
}

