// The file system services drivers call (ZwCreateFile/ZwOpenFile, ZwReadFile, ZwWriteFile, ZwQueryInformationFile;
// ZwClose is the object manager's): on files of the machine's disk, reached through KernelDisk, and on devices
// (\Device\X, \??\X), where they become IRPs through the I/O manager's Nt* services. Statuses and IO_STATUS_BLOCK
// Information are NT's: FILE_OPENED/CREATED/OVERWRITTEN, STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND,
// STATUS_OBJECT_NAME_COLLISION, STATUS_FILE_IS_A_DIRECTORY, STATUS_END_OF_FILE.
import type { Kernel } from '../kernel.ts';
import type { RoutineTable } from '../routine.ts';
import type { Step } from '../ob/manager.ts';
import { unicodeText } from '../rtl/strings.ts';
import { ntCreateFile, ntReadWrite } from './file.ts';

/** What the kernel needs of the machine's disk (main/machine/devices/disk.ts's Disk has it), by Win32 path. */
export interface KernelDisk {
  stat(path: string): { dir: boolean; size: number; created?: number; modified?: number } | undefined;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
}

interface DiskFile { path: string; position: number; appendOnly: boolean; read: boolean; write: boolean; synchronous: boolean }
const diskFiles = new WeakMap<Kernel, Map<number, DiskFile>>();
function filesOf(k: Kernel): Map<number, DiskFile> {
  let m = diskFiles.get(k);
  if (!m) { m = new Map(); diskFiles.set(k, m); }
  return m;
}

/** \??\C:\x, \DosDevices\C:\x, \GLOBAL??\C:\x and \SystemRoot\x as the Win32 path on the disk; undefined for devices. */
export function diskPathOf(ntPath: string): string | undefined {
  const m = /^\\(?:\?\?|DosDevices|GLOBAL\?\?)\\([A-Za-z]:\\.*|[A-Za-z]:)$/i.exec(ntPath);
  if (m) return m[1]!.length === 2 ? `${m[1]}\\` : m[1];
  const s = /^\\SystemRoot(\\.*)?$/i.exec(ntPath);
  if (s) return `C:\\Windows${s[1] ?? ''}`;
  return undefined;
}

const st = (k: Kernel, n: string) => k.constant(n) | 0;

function setIosb(k: Kernel, iosb: number, status: number, information: number): void {
  if (iosb) k.io.at('IO_STATUS_BLOCK', iosb).set('Status', status).set('Information', information);
}

function dosTime(k: Kernel, ms: number | undefined): bigint {
  return ms === undefined ? k.clock.systemTime() : 116_444_736_000_000_000n + BigInt(Math.round(ms)) * 10_000n;
}

/** ZwCreateFile's work on a disk file: the disposition decides create/open/overwrite. */
function createDiskFile(k: Kernel, disk: KernelDisk, path: string, access: number, disposition: number, options: number, kernelHandle: boolean): { status: number; information: number; handle?: number } {
  const C = (n: string) => k.constant(n) >>> 0;
  const parent = path.slice(0, path.lastIndexOf('\\')) || path;
  const p = disk.stat(parent.length === 2 ? `${parent}\\` : parent);
  if (!p || !p.dir) return { status: st(k, 'STATUS_OBJECT_PATH_NOT_FOUND'), information: 0 };
  const s = disk.stat(path);
  if (s?.dir) {
    if (options & C('FILE_NON_DIRECTORY_FILE')) return { status: st(k, 'STATUS_FILE_IS_A_DIRECTORY'), information: 0 };
    return { status: st(k, 'STATUS_ACCESS_DENIED'), information: 0 }; // directories are not opened for data here
  }
  let information: number;
  if (!s) {
    if (disposition === C('FILE_OPEN') || disposition === C('FILE_OVERWRITE')) return { status: st(k, 'STATUS_OBJECT_NAME_NOT_FOUND'), information: C('FILE_DOES_NOT_EXIST') };
    disk.writeFile(path, new Uint8Array(0));
    information = C('FILE_CREATED');
  } else if (disposition === C('FILE_CREATE')) {
    return { status: st(k, 'STATUS_OBJECT_NAME_COLLISION'), information: C('FILE_EXISTS') };
  } else if (disposition === C('FILE_OVERWRITE') || disposition === C('FILE_OVERWRITE_IF') || disposition === C('FILE_SUPERSEDE')) {
    disk.writeFile(path, new Uint8Array(0));
    information = disposition === C('FILE_SUPERSEDE') ? C('FILE_SUPERSEDED') : C('FILE_OVERWRITTEN');
  } else {
    information = C('FILE_OPENED');
  }
  const a = access >>> 0;
  const read = (a & (C('FILE_READ_DATA') | C('GENERIC_READ') | C('GENERIC_ALL'))) !== 0;
  const writeData = (a & (C('FILE_WRITE_DATA') | C('GENERIC_WRITE') | C('GENERIC_ALL'))) !== 0;
  const append = (a & C('FILE_APPEND_DATA')) !== 0;
  const fo = k.io.alloc(k.io.size('FILE_OBJECT'), 'File');
  k.io.at('FILE_OBJECT', fo).set('Type', C('IO_TYPE_FILE')).set('Size', k.io.size('FILE_OBJECT'));
  const files = filesOf(k);
  const header = k.io.ob.createObject('File', fo, { onDelete: () => { files.delete(fo); k.io.pool.free(fo); } }).value!;
  files.set(fo, {
    path, position: 0, appendOnly: append && !writeData, read, write: writeData || append,
    synchronous: (options & (C('FILE_SYNCHRONOUS_IO_ALERT') | C('FILE_SYNCHRONOUS_IO_NONALERT'))) !== 0,
  });
  const handle = k.io.ob.insertHandle(header, a, kernelHandle);
  header.pointerCount--;
  return { status: 0, information, handle };
}

function* zwCreateFile(k: Kernel, out: number, access: number, oa: number, iosb: number, disposition: number, options: number): Step<number> {
  const b = k.io.at('OBJECT_ATTRIBUTES', oa);
  const kernelHandle = (b.get('Attributes') & k.constant('OBJ_KERNEL_HANDLE')) !== 0;
  const name = b.get('ObjectName') ? unicodeText(k, b.get('ObjectName')) : '';
  if (b.get('RootDirectory') || !name.startsWith('\\')) { setIosb(k, iosb, st(k, 'STATUS_OBJECT_PATH_SYNTAX_BAD'), 0); return st(k, 'STATUS_OBJECT_PATH_SYNTAX_BAD'); }
  const diskPath = diskPathOf(name);
  if (diskPath !== undefined) {
    if (!k.disk) { setIosb(k, iosb, st(k, 'STATUS_OBJECT_PATH_NOT_FOUND'), 0); return st(k, 'STATUS_OBJECT_PATH_NOT_FOUND'); }
    const r = createDiskFile(k, k.disk, diskPath, access, disposition >>> 0, options >>> 0, kernelHandle);
    setIosb(k, iosb, r.status, r.information);
    if (r.handle !== undefined) k.memory.writeU32(out, r.handle);
    return r.status;
  }
  const r = yield* ntCreateFile(k.io, name, { access, kernelHandle, synchronous: true });
  setIosb(k, iosb, r.status, r.status >= 0 ? k.constant('FILE_OPENED') : 0);
  if (r.handle !== undefined) k.memory.writeU32(out, r.handle);
  return r.status;
}

/** The disk file behind a handle (undefined: not a disk file, the I/O manager's services take it). */
function diskFileOf(k: Kernel, handle: number): { status: number; file?: DiskFile; other?: boolean } {
  const e = k.io.ob.tableFor(handle).get(handle);
  if (!e) return { status: st(k, 'STATUS_INVALID_HANDLE') };
  if (e.header.type !== 'File') return { status: st(k, 'STATUS_OBJECT_TYPE_MISMATCH') };
  const f = filesOf(k).get(e.header.body);
  return f ? { status: 0, file: f } : { status: 0, other: true };
}

/** ByteOffset: a position, FILE_WRITE_TO_END_OF_FILE, FILE_USE_FILE_POINTER_POSITION, or none (the file pointer). */
function offsetOf(k: Kernel, f: DiskFile, at: number, size: number, write: boolean): number {
  if (f.appendOnly && write) return size;
  if (!at) return f.position;
  const lo = k.memory.readU32(at), hi = k.memory.readU32(at + 4);
  if (hi === 0xffffffff && lo === k.constant('FILE_WRITE_TO_END_OF_FILE')) return size;
  if (hi === 0xffffffff && lo === k.constant('FILE_USE_FILE_POINTER_POSITION')) return f.position;
  return hi * 0x1_0000_0000 + lo;
}

function* readWrite(k: Kernel, handle: number, event: number, iosb: number, buffer: number, length: number, offsetAt: number, write: boolean): Step<number> {
  const r = diskFileOf(k, handle);
  if (r.other) {
    const offset = offsetAt ? k.memory.readU64(offsetAt) : undefined;
    const o = yield* ntReadWrite(k.io, handle, write, buffer, length >>> 0, { event: event || undefined, offset });
    if (o.status !== k.constant('STATUS_PENDING')) setIosb(k, iosb, o.status, o.information);
    return o.status;
  }
  const f = r.file;
  if (!f) { return r.status; }
  if (write ? !f.write : !f.read) { setIosb(k, iosb, st(k, 'STATUS_ACCESS_DENIED'), 0); return st(k, 'STATUS_ACCESS_DENIED'); }
  const disk = k.disk!;
  const data = disk.readFile(f.path);
  const at = offsetOf(k, f, offsetAt, data.length, write);
  const n = length >>> 0;
  if (write) {
    const out = new Uint8Array(Math.max(data.length, at + n));
    out.set(data);
    out.set(k.memory.u8.subarray(buffer, buffer + n), at);
    disk.writeFile(f.path, out);
    f.position = at + n;
    setIosb(k, iosb, 0, n);
    return 0;
  }
  if (at >= data.length) { setIosb(k, iosb, st(k, 'STATUS_END_OF_FILE'), 0); return st(k, 'STATUS_END_OF_FILE'); }
  const got = data.subarray(at, Math.min(data.length, at + n));
  k.memory.u8.set(got, buffer);
  f.position = at + got.length;
  setIosb(k, iosb, 0, got.length);
  return 0;
}

function queryInformation(k: Kernel, handle: number, iosb: number, info: number, length: number, cls: number): number {
  const r = diskFileOf(k, handle);
  if (!r.file) return r.other ? st(k, 'STATUS_INVALID_DEVICE_REQUEST') : r.status;
  const f = r.file;
  const s = k.disk!.stat(f.path);
  const C = (m: string) => k.enumValue('FILE_INFORMATION_CLASS', m);
  const fill = (struct: string, write: (b: ReturnType<Kernel['io']['at']>) => void): number => {
    const size = k.io.size(struct);
    if ((length >>> 0) < size) { setIosb(k, iosb, st(k, 'STATUS_INFO_LENGTH_MISMATCH'), 0); return st(k, 'STATUS_INFO_LENGTH_MISMATCH'); }
    const b = k.io.at(struct, info).zero();
    write(b);
    setIosb(k, iosb, 0, size);
    return 0;
  };
  const size = s?.size ?? 0;
  if (cls === C('FileStandardInformation')) {
    return fill('FILE_STANDARD_INFORMATION', (b) => b.set('AllocationSize.QuadPart', BigInt(Math.ceil(size / 4096) * 4096))
      .set('EndOfFile.QuadPart', BigInt(size)).set('NumberOfLinks', 1).set('DeletePending', 0).set('Directory', 0));
  }
  if (cls === C('FilePositionInformation')) return fill('FILE_POSITION_INFORMATION', (b) => b.set('CurrentByteOffset.QuadPart', BigInt(f.position)));
  if (cls === C('FileBasicInformation')) {
    return fill('FILE_BASIC_INFORMATION', (b) => b.set('CreationTime.QuadPart', dosTime(k, s?.created)).set('LastAccessTime.QuadPart', dosTime(k, s?.modified))
      .set('LastWriteTime.QuadPart', dosTime(k, s?.modified)).set('ChangeTime.QuadPart', dosTime(k, s?.modified)).set('FileAttributes', k.constant('FILE_ATTRIBUTE_NORMAL')));
  }
  setIosb(k, iosb, st(k, 'STATUS_INVALID_INFO_CLASS'), 0);
  return st(k, 'STATUS_INVALID_INFO_CLASS');
}

export const zwFileRoutines: RoutineTable = {
  ZwCreateFile: function* (k, out, access, oa, iosb, _alloc, _attrs, _share, disposition, options) { return yield* zwCreateFile(k, out, access, oa, iosb, disposition, options); },
  ZwOpenFile: function* (k, out, access, oa, iosb, _share, options) { return yield* zwCreateFile(k, out, access, oa, iosb, k.constant('FILE_OPEN'), options); },
  ZwReadFile: function* (k, handle, event, _apc, _ctx, iosb, buffer, length, offset) { return yield* readWrite(k, handle, event, iosb, buffer, length, offset, false); },
  ZwWriteFile: function* (k, handle, event, _apc, _ctx, iosb, buffer, length, offset) { return yield* readWrite(k, handle, event, iosb, buffer, length, offset, true); },
  ZwQueryInformationFile: (k, handle, iosb, info, length, cls) => queryInformation(k, handle, iosb, info, length, cls >>> 0),
};
