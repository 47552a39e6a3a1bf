// kernel32.dll: files and devices. A device (\\.\Name) is opened through the I/O manager's NtCreateFile and used
// through NtReadFile/NtWriteFile/NtDeviceIoControlFile, each crossing the gate; overlapped handles return
// ERROR_IO_PENDING and complete later (OVERLAPPED.Internal/InternalHigh, the event, a completion port packet).
// Files on C: are the machine's disk; the console handles are the process's console.
import type { HostRequest } from '../../../main/machine/cpu/types.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import type { Step } from '../../ntos/ob/manager.ts';
import type { IrpOrigin } from '../../ntos/io/iomgr.ts';
import { ntCancelIoFile, ntCreateFile, ntDeviceIoControlFile, ntReadWrite, type IoOutcome } from '../../ntos/io/file.ts';
import { FsError } from '../../../main/machine/devices/disk.ts';
import type { UserProcess, UserThread } from '../process.ts';
import { deviceExtraOf, setDeviceExtra, userObjectOf, type UserObject } from '../objects.ts';
import { fail, user } from './routine.ts';
import { cstr, writeC, wstr } from './umem.ts';
import { resolvePath } from './ucrt-stdio.ts';
import { readConsoleLine } from './streams.ts';

type Gen<T> = Generator<HostRequest, T, any>;
const INVALID = -1;
const C = (t: UserThread, name: string) => t.process.mode.c(name);
const err = (t: UserThread, name: string) => C(t, name);

/** The three console handles of a process (GetStdHandle), created on first use. */
const stdHandles = new WeakMap<UserProcess, number[]>();
export function stdHandle(t: UserThread, which: number): number {
  const p = t.process;
  let hs = stdHandles.get(p);
  if (!hs) {
    hs = [true, false, false].map((input) => p.mode.insertHandle(p, { kind: 'console', input }));
    stdHandles.set(p, hs);
  }
  const i = [C(t, 'STD_INPUT_HANDLE'), C(t, 'STD_OUTPUT_HANDLE'), C(t, 'STD_ERROR_HANDLE')].indexOf(which >>> 0);
  return i < 0 ? INVALID : hs[i]!;
}

/** A Win32 path of a device (\\.\X, \\?\X) as the NT path the object manager knows (\??\X). */
function devicePath(path: string): string | undefined {
  const m = /^\\\\[.?]\\(.+)$/.exec(path);
  return m && !/^[a-zA-Z]:\\/.test(m[1]!) ? `\\??\\${m[1]}` : undefined;
}

function* createFile(t: UserThread, path: string, access: number, share: number, disposition: number, flags: number): Gen<number> {
  const p = t.process, mode = p.mode;
  if (!path) return fail(t, err(t, 'ERROR_PATH_NOT_FOUND'), INVALID);
  const dev = devicePath(path);
  if (dev) {
    const overlapped = (flags & C(t, 'FILE_FLAG_OVERLAPPED')) !== 0;
    const r = yield* mode.syscall(t, 'NtCreateFile', () => ntCreateFile(mode.k.io, dev, { access, shareAccess: share, synchronous: !overlapped, requestorMode: 1 }));
    if (r.status < 0 || r.handle === undefined) return fail(t, mode.errors.fromStatus(r.status), INVALID);
    setDeviceExtra(r.file!.header, { overlapped });
    t.lastError = 0;
    return r.handle;
  }
  if (/^con$/i.test(path) || /^conout\$$/i.test(path)) return mode.insertHandle(p, { kind: 'console', input: false });
  if (/^conin\$$/i.test(path)) return mode.insertHandle(p, { kind: 'console', input: true });
  const disk = mode.disk;
  if (!disk) return fail(t, err(t, 'ERROR_PATH_NOT_FOUND'), INVALID);
  const full = resolvePath(t, path.replace(/\//g, '\\'));
  const st = disk.stat(full);
  const parent = full.slice(0, full.lastIndexOf('\\'));
  if (!st && parent.length > 2 && !disk.stat(parent)?.dir) return fail(t, err(t, 'ERROR_PATH_NOT_FOUND'), INVALID);
  if (st?.dir) return fail(t, err(t, 'ERROR_ACCESS_DENIED'), INVALID);
  const [CREATE_NEW, CREATE_ALWAYS, OPEN_EXISTING, OPEN_ALWAYS, TRUNCATE_EXISTING] =
    ['CREATE_NEW', 'CREATE_ALWAYS', 'OPEN_EXISTING', 'OPEN_ALWAYS', 'TRUNCATE_EXISTING'].map((n) => C(t, n));
  if (st && disposition === CREATE_NEW) return fail(t, err(t, 'ERROR_FILE_EXISTS'), INVALID);
  if (!st && (disposition === OPEN_EXISTING || disposition === TRUNCATE_EXISTING)) return fail(t, err(t, 'ERROR_FILE_NOT_FOUND'), INVALID);
  const writable = (access & (C(t, 'GENERIC_WRITE') | C(t, 'GENERIC_ALL'))) !== 0;
  let data = st ? disk.readFile(full) : new Uint8Array(0);
  if (disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING) data = new Uint8Array(0);
  if (!st || disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING) disk.writeFile(full, data);
  const o: UserObject = { kind: 'disk', path: full, data: new Uint8Array(data), size: data.length, pos: 0, writable, dirty: false };
  t.lastError = st && (disposition === CREATE_ALWAYS || disposition === OPEN_ALWAYS) ? err(t, 'ERROR_ALREADY_EXISTS') : 0;
  return mode.insertHandle(p, o);
}

/** Where the result of an overlapped request goes when it completes. */
function completeOverlapped(t: UserThread, p: UserProcess, ov: number, file: ReturnType<typeof fileOf>, status: number, info: number): void {
  const mode = p.mode, m = p.memory;
  if (p.state === 'exited') return;
  if (ov) {
    m.writeU32(ov + mode.field('OVERLAPPED', 'Internal'), status);
    m.writeU32(ov + mode.field('OVERLAPPED', 'InternalHigh'), info);
    const ev = mode.objectOf(p, m.readU32(ov + mode.field('OVERLAPPED', 'hEvent')) & ~1);
    if (ev?.kind === 'event') ev.signalled = true;
  }
  const port = file?.extra?.port;
  if (port && ov) port.object.packets.push({ bytes: info, key: port.key, overlapped: ov, status });
  mode.poke();
}

function fileOf(t: UserThread, handle: number) {
  const h = t.process.mode.headerOf(t.process, handle, t);
  if (!h) return undefined;
  return { header: h, object: userObjectOf(h), extra: deviceExtraOf(h) };
}

/**
 * One device request from user mode: user buffers become system-space windows for the request; a synchronous
 * handle waits in the kernel; an overlapped one may return STATUS_PENDING and finish through completeOverlapped.
 */
function* deviceRequest(t: UserThread, handle: number, service: string, ov: number,
  buffers: { user: number; size: number; back: 'info' | 'all' | 'none' }[],
  issue: (windows: number[], offset: bigint | undefined) => Step<IoOutcome>): Gen<{ status: number; information: number }> {
  const p = t.process, mode = p.mode, m = p.memory;
  const file = fileOf(t, handle);
  const overlapped = !!file?.extra?.overlapped;
  const windows = buffers.map((b) => mode.mapWindow(p, b.user, b.size, true));
  const release = (information: number) => buffers.forEach((b, i) => mode.unmapWindow(p, windows[i]!, b.user, b.size, b.back === 'info' ? information : b.back === 'all' ? b.size : 0));
  let offset: bigint | undefined;
  if (ov) {
    offset = BigInt(m.readU32(ov + mode.field('OVERLAPPED', 'Offset'))) | (BigInt(m.readU32(ov + mode.field('OVERLAPPED', 'OffsetHigh'))) << 32n);
    m.writeU32(ov + mode.field('OVERLAPPED', 'Internal'), mode.c('STATUS_PENDING'));
    const ev = mode.objectOf(p, m.readU32(ov + mode.field('OVERLAPPED', 'hEvent')) & ~1);
    if (ev?.kind === 'event') ev.signalled = false;
  }
  const PENDING = mode.c('STATUS_PENDING') | 0;
  return yield* mode.syscall(t, service, function* () {
    const r = yield* issue(windows, offset);
    if (overlapped && r.status === PENDING && r.origin) {
      const origin: IrpOrigin = r.origin;
      origin.onComplete = (status, information) => { release(information); completeOverlapped(t, p, ov, file, status, information); };
      return { status: r.status, information: 0 };
    }
    release(r.information);
    if (overlapped) completeOverlapped(t, p, ov, file, r.status, r.information);
    return { status: r.status, information: r.information };
  });
}

/** The Win32 result of a request: TRUE, or FALSE with the error (ERROR_IO_PENDING for a pending overlapped one). */
function finish(t: UserThread, r: { status: number; information: number }, countOut: number): number {
  const mode = t.process.mode;
  if (countOut) t.process.memory.writeU32(countOut, r.information);
  if ((r.status | 0) === (mode.c('STATUS_PENDING') | 0)) return fail(t, mode.c('ERROR_IO_PENDING'), 0);
  if ((r.status | 0) < 0) return fail(t, mode.errors.fromStatus(r.status), 0);
  t.lastError = 0;
  return 1;
}

function* readWrite(t: UserThread, write: boolean, handle: number, buf: number, n: number, done: number, ov: number): Gen<number> {
  const p = t.process, mode = p.mode, m = p.memory;
  if (done) m.writeU32(done, 0);
  const file = fileOf(t, handle);
  if (!file) return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
  const o = file.object;
  if (o?.kind === 'console') {
    if (write) { p.console.write(String.fromCharCode(...m.read(buf, n >>> 0))); if (done) m.writeU32(done, n >>> 0); return 1; }
    const line = yield* readConsoleLine(t);
    const text = line === undefined ? '' : line + '\r\n';
    const k = Math.min(text.length, n >>> 0);
    writeC(m, buf, text.slice(0, k), false);
    if (done) m.writeU32(done, k);
    return 1;
  }
  if (o?.kind === 'disk') {
    if (write) {
      if (!o.writable) return fail(t, mode.c('ERROR_ACCESS_DENIED'), 0);
      const bytes = m.read(buf, n >>> 0), need = o.pos + bytes.length;
      if (need > o.data.length) { const d = new Uint8Array(Math.max(need, o.data.length * 2)); d.set(o.data); o.data = d; }
      o.data.set(bytes, o.pos); o.pos += bytes.length; o.size = Math.max(o.size, o.pos);
      mode.disk?.writeFile(o.path, o.data.slice(0, o.size));
      if (done) m.writeU32(done, bytes.length);
      return 1;
    }
    const k = Math.max(0, Math.min(n >>> 0, o.size - o.pos));
    if (k) m.write(buf, o.data.slice(o.pos, o.pos + k));
    o.pos += k;
    if (done) m.writeU32(done, k);
    return 1;
  }
  if (file.header.type !== 'File' || o) return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
  if (file.extra?.overlapped && !ov) return fail(t, mode.c('ERROR_INVALID_PARAMETER'), 0);
  const io = mode.k.io;
  const r = yield* deviceRequest(t, handle, write ? 'NtWriteFile' : 'NtReadFile', ov, [{ user: buf, size: n >>> 0, back: write ? 'none' : 'info' }],
    (w, offset) => ntReadWrite(io, handle, write, w[0]!, n >>> 0, { offset }, 1));
  return finish(t, r, done);
}

function* ioctl(t: UserThread, handle: number, code: number, inBuf: number, inLen: number, outBuf: number, outLen: number, returned: number, ov: number): Gen<number> {
  const mode = t.process.mode;
  if (returned) t.process.memory.writeU32(returned, 0);
  const file = fileOf(t, handle);
  if (!file) return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
  if (file.object) return fail(t, mode.c(file.object.kind === 'disk' ? 'ERROR_INVALID_FUNCTION' : 'ERROR_INVALID_HANDLE'), 0);
  if (file.extra?.overlapped && !ov) return fail(t, mode.c('ERROR_INVALID_PARAMETER'), 0);
  const io = mode.k.io;
  const method = code & 3;
  const r = yield* deviceRequest(t, handle, 'NtDeviceIoControlFile', ov, [
    { user: inBuf, size: inLen >>> 0, back: 'none' },
    { user: outBuf, size: outLen >>> 0, back: method === mode.c('METHOD_BUFFERED') ? 'info' : 'all' },
  ], (w) => ntDeviceIoControlFile(io, handle, code >>> 0, w[0]!, inLen >>> 0, w[1]!, outLen >>> 0, {}, 1));
  return finish(t, r, returned);
}

function* getOverlappedResult(t: UserThread, handle: number, ov: number, bytes: number, wait: boolean, timeoutMs?: number): Gen<number> {
  const p = t.process, mode = p.mode, m = p.memory;
  const at = ov + mode.field('OVERLAPPED', 'Internal');
  const pending = () => (m.readU32(at) | 0) === (mode.c('STATUS_PENDING') | 0);
  if (pending()) {
    if (!wait) return fail(t, mode.c('ERROR_IO_INCOMPLETE'), 0);
    const deadline = timeoutMs === undefined || timeoutMs === 0xffffffff ? undefined : mode.deadlineAfterMs(timeoutMs);
    const ok = yield* mode.syscall(t, 'NtWaitForSingleObject', () => mode.waitUntil(() => !pending(), deadline));
    if (!ok) return fail(t, mode.c('WAIT_TIMEOUT'), 0);
  }
  const status = m.readU32(at), info = m.readU32(ov + mode.field('OVERLAPPED', 'InternalHigh'));
  if (bytes) m.writeU32(bytes, info);
  if ((status | 0) < 0) return fail(t, mode.errors.fromStatus(status), 0);
  return 1;
}

function* closeHandle(t: UserThread, handle: number): Gen<number> {
  const mode = t.process.mode;
  const h = handle >>> 0;
  if (h === 0xffffffff || h === 0xfffffffe) return 1;
  const st = yield* mode.syscall(t, 'NtClose', () => mode.k.io.ob.close(handle));
  if (st !== 'STATUS_SUCCESS') return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
  return 1;
}

function* cancel(t: UserThread, handle: number): Gen<number> {
  const mode = t.process.mode;
  const st = yield* mode.syscall(t, 'NtCancelIoFile', () => ntCancelIoFile(mode.k.io, handle));
  if ((st | 0) < 0) return fail(t, mode.errors.fromStatus(st), 0);
  return 1;
}

function* queuedCompletion(t: UserThread, port: number, bytes: number, key: number, ovOut: number, ms: number): Gen<number> {
  const p = t.process, mode = p.mode, m = p.memory;
  m.writeU32(ovOut, 0);
  const o = mode.objectOf(p, port);
  if (o?.kind !== 'port') return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
  if (!o.packets.length && ms !== 0) {
    const deadline = (ms >>> 0) === 0xffffffff ? undefined : mode.deadlineAfterMs(ms >>> 0);
    yield* mode.syscall(t, 'NtRemoveIoCompletion', () => mode.waitUntil(() => o.packets.length > 0, deadline));
  }
  const pk = o.packets.shift();
  if (!pk) return fail(t, mode.c('WAIT_TIMEOUT'), 0);
  m.writeU32(bytes, pk.bytes); m.writeU32(key, pk.key); m.writeU32(ovOut, pk.overlapped);
  if ((pk.status | 0) < 0) return fail(t, mode.errors.fromStatus(pk.status), 0);
  return 1;
}

function createPort(t: UserThread, file: number, existing: number, key: number): number {
  const p = t.process, mode = p.mode;
  let port: Extract<UserObject, { kind: 'port' }>;
  let handle = existing;
  if (existing) {
    const o = mode.objectOf(p, existing);
    if (o?.kind !== 'port') return fail(t, mode.c('ERROR_INVALID_PARAMETER'), 0);
    port = o;
  } else {
    port = { kind: 'port', packets: [] };
    handle = mode.insertHandle(p, port);
  }
  if ((file >>> 0) !== 0xffffffff) {
    const f = fileOf(t, file);
    if (!f || f.object) return fail(t, mode.c('ERROR_INVALID_PARAMETER'), 0);
    const extra = f.extra ?? { overlapped: false };
    extra.port = { object: port, key };
    setDeviceExtra(f.header, extra);
  }
  return handle;
}

function diskSeek(t: UserThread, handle: number, dist: number, high: number, method: number): number {
  const p = t.process, mode = p.mode, o = mode.objectOf(p, handle);
  if (o?.kind !== 'disk') return fail(t, mode.c(o ? 'ERROR_INVALID_FUNCTION' : 'ERROR_INVALID_HANDLE'), mode.c('INVALID_SET_FILE_POINTER'));
  const base = method === mode.c('FILE_BEGIN') ? 0 : method === mode.c('FILE_CURRENT') ? o.pos : o.size;
  const to = base + (dist | 0) + (high ? (p.memory.readI32(high) * 2 ** 32) : 0);
  if (to < 0) return fail(t, mode.c('ERROR_NEGATIVE_SEEK'), mode.c('INVALID_SET_FILE_POINTER'));
  o.pos = to;
  if (high) p.memory.writeU32(high, Math.floor(to / 2 ** 32));
  return to >>> 0;
}

function deleteFile(t: UserThread, path: string): number {
  const mode = t.process.mode;
  try {
    const full = resolvePath(t, path);
    if (!mode.disk?.stat(full)) return fail(t, mode.c('ERROR_FILE_NOT_FOUND'), 0);
    if (mode.disk.stat(full)!.dir) return fail(t, mode.c('ERROR_ACCESS_DENIED'), 0);
    mode.disk.remove(full);
    return 1;
  } catch (e) { return fail(t, e instanceof FsError ? e.code : mode.c('ERROR_ACCESS_DENIED'), 0); }
}

function* consoleRead(t: UserThread, buf: number, n: number, got: number, wide: boolean): Gen<number> {
  const m = t.process.memory;
  const line = yield* readConsoleLine(t);
  const text = (line ?? '') + (line === undefined ? '' : '\r\n');
  const k = Math.min(text.length, n >>> 0);
  for (let i = 0; i < k; i++) if (wide) m.writeU16(buf + 2 * i, text.charCodeAt(i)); else m.writeU8(buf + i, text.charCodeAt(i) & 0xff);
  if (got) m.writeU32(got, k);
  return 1;
}

export const fileRoutines: RoutineTable = {
  CreateFileW: user((t, name, access, share, _sa, disp, flags) => createFile(t, name ? wstr(t.process.memory, name) : '', access >>> 0, share >>> 0, disp >>> 0, flags >>> 0)),
  CreateFileA: user((t, name, access, share, _sa, disp, flags) => createFile(t, name ? cstr(t.process.memory, name) : '', access >>> 0, share >>> 0, disp >>> 0, flags >>> 0)),
  ReadFile: user((t, h, buf, n, done, ov) => readWrite(t, false, h, buf, n, done, ov)),
  WriteFile: user((t, h, buf, n, done, ov) => readWrite(t, true, h, buf, n, done, ov)),
  DeviceIoControl: user((t, h, code, ib, il, ob, ol, ret, ov) => ioctl(t, h, code, ib, il, ob, ol, ret, ov)),
  GetOverlappedResult: user((t, h, ov, bytes, wait) => getOverlappedResult(t, h, ov, bytes, (wait & 0xff) !== 0)),
  GetOverlappedResultEx: user((t, h, ov, bytes, ms, _alertable) => getOverlappedResult(t, h, ov, bytes, (ms >>> 0) !== 0, ms >>> 0)),
  CloseHandle: user((t, h) => closeHandle(t, h)),
  CancelIo: user((t, h) => cancel(t, h)),
  CancelIoEx: user((t, h) => cancel(t, h)),
  CreateIoCompletionPort: user((t, file, existing, key) => createPort(t, file, existing, key)),
  GetQueuedCompletionStatus: user((t, port, bytes, key, ov, ms) => queuedCompletion(t, port, bytes, key, ov, ms)),
  PostQueuedCompletionStatus: user((t, port, bytes, key, ov) => {
    const o = t.process.mode.objectOf(t.process, port);
    if (o?.kind !== 'port') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    o.packets.push({ bytes: bytes >>> 0, key, overlapped: ov, status: 0 });
    t.process.mode.poke();
    return 1;
  }),
  GetFileSize: user((t, h, high) => {
    const o = t.process.mode.objectOf(t.process, h);
    if (o?.kind !== 'disk') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), t.process.mode.c('INVALID_FILE_SIZE'));
    if (high) t.process.memory.writeU32(high, 0);
    return o.size;
  }),
  SetFilePointer: user((t, h, dist, high, method) => diskSeek(t, h, dist, high, method >>> 0)),
  FlushFileBuffers: user((t, h) => (t.process.mode.headerOf(t.process, h) ? 1 : fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0))),
  DeleteFileW: user((t, name) => deleteFile(t, wstr(t.process.memory, name))),
  DeleteFileA: user((t, name) => deleteFile(t, cstr(t.process.memory, name))),
  GetStdHandle: user((t, which) => stdHandle(t, which)),
  SetStdHandle: user(() => 1),
  WriteConsoleW: user((t, _h, buf, n, done) => { t.process.console.write(wstr(t.process.memory, buf, n >>> 0).slice(0, n >>> 0)); if (done) t.process.memory.writeU32(done, n >>> 0); return 1; }),
  WriteConsoleA: user((t, _h, buf, n, done) => { t.process.console.write(String.fromCharCode(...t.process.memory.read(buf, n >>> 0))); if (done) t.process.memory.writeU32(done, n >>> 0); return 1; }),
  ReadConsoleW: user((t, _h, buf, n, got) => consoleRead(t, buf, n, got, true)),
  ReadConsoleA: user((t, _h, buf, n, got) => consoleRead(t, buf, n, got, false)),
  GetConsoleMode: user((t, h, out) => {
    const o = t.process.mode.objectOf(t.process, h);
    if (o?.kind !== 'console') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    t.process.memory.writeU32(out, o.input ? 0x1f7 : 0x3);
    return 1;
  }),
  SetConsoleMode: user((t, h) => (t.process.mode.objectOf(t.process, h)?.kind === 'console' ? 1 : fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0))),
};
