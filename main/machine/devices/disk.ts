// The machine's disk: a file system store (a tree of folders and files with timestamps, names case-insensitive and
// case-preserving as NTFS keeps them). It also keeps the files the boot reads: the BCD store and the registry hives.
import { fromBase64, toBase64, type Device } from './device.ts';

export const ERROR_FILE_NOT_FOUND = 2, ERROR_PATH_NOT_FOUND = 3, ERROR_ACCESS_DENIED = 5, ERROR_DIR_NOT_EMPTY = 145, ERROR_ALREADY_EXISTS = 183;

export const SYSTEM_HIVE_PATH = 'C:\\Windows\\System32\\config\\SYSTEM';
export const SOFTWARE_HIVE_PATH = 'C:\\Windows\\System32\\config\\SOFTWARE';
export const BCD_PATH = 'C:\\Boot\\BCD';

export class FsError extends Error {
  constructor(readonly code: number, readonly path: string) {
    super(`${{ 2: 'The system cannot find the file specified.', 3: 'The system cannot find the path specified.', 5: 'Access is denied.', 145: 'The directory is not empty.', 183: 'Cannot create a file when that file already exists.' }[code] ?? 'Error.'} (${path})`);
    this.name = 'FsError';
  }
}

export interface FsEntry { name: string; dir: boolean; size: number; created: number; modified: number }
interface FileNode { name: string; dir: false; data: Uint8Array; created: number; modified: number }
interface DirNode { name: string; dir: true; children: Map<string, Node>; created: number; modified: number }
type Node = FileNode | DirNode;

type SavedNode = { name: string; created: number; modified: number } & ({ data: string } | { children: SavedNode[] });

/** Splits `C:\a\b`, `\a\b` or `C:/a/b` into components (only drive C: exists). */
export function splitPath(path: string): string[] {
  const p = path.replace(/\//g, '\\');
  const m = /^(?:([a-zA-Z]):)?\\?(.*)$/.exec(p)!;
  if (m[1] && m[1].toUpperCase() !== 'C') throw new FsError(ERROR_PATH_NOT_FOUND, path);
  return m[2]!.split('\\').filter((s) => s.length > 0 && s !== '.');
}

export class Disk implements Device {
  readonly name = 'DISK';
  private root: DirNode;

  constructor(private readonly now: () => number) { this.root = { name: 'C:', dir: true, children: new Map(), created: 0, modified: 0 }; }

  private find(parts: string[]): Node | undefined {
    let n: Node = this.root;
    for (const p of parts) {
      if (!n.dir) return undefined;
      const next: Node | undefined = n.children.get(p.toLowerCase());
      if (!next) return undefined;
      n = next;
    }
    return n;
  }

  private parentOf(path: string): { dir: DirNode; leaf: string } {
    const parts = splitPath(path);
    const leaf = parts.pop();
    const dir = this.find(parts);
    if (!leaf || !dir || !dir.dir) throw new FsError(ERROR_PATH_NOT_FOUND, path);
    return { dir, leaf };
  }

  exists(path: string): boolean { return this.find(splitPath(path)) !== undefined; }

  stat(path: string): FsEntry | undefined {
    const n = this.find(splitPath(path));
    return n && { name: n.name, dir: n.dir, size: n.dir ? 0 : n.data.length, created: n.created, modified: n.modified };
  }

  list(path: string): FsEntry[] {
    const n = this.find(splitPath(path));
    if (!n || !n.dir) throw new FsError(ERROR_PATH_NOT_FOUND, path);
    return [...n.children.values()].map((c) => ({ name: c.name, dir: c.dir, size: c.dir ? 0 : c.data.length, created: c.created, modified: c.modified }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  }

  mkdir(path: string): void {
    let n: DirNode = this.root;
    for (const p of splitPath(path)) {
      let next = n.children.get(p.toLowerCase());
      if (!next) { const t = this.now(); next = { name: p, dir: true, children: new Map(), created: t, modified: t }; n.children.set(p.toLowerCase(), next); n.modified = t; }
      if (!next.dir) throw new FsError(ERROR_ALREADY_EXISTS, path);
      n = next;
    }
  }

  readFile(path: string): Uint8Array {
    const n = this.find(splitPath(path));
    if (!n) throw new FsError(this.find(splitPath(path).slice(0, -1)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND, path);
    if (n.dir) throw new FsError(ERROR_ACCESS_DENIED, path);
    return n.data.slice();
  }

  writeFile(path: string, data: Uint8Array | string): void {
    const { dir, leaf } = this.parentOf(path);
    const bytes = typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'utf8')) : data.slice();
    const t = this.now();
    const old = dir.children.get(leaf.toLowerCase());
    if (old?.dir) throw new FsError(ERROR_ACCESS_DENIED, path);
    dir.children.set(leaf.toLowerCase(), { name: old?.name ?? leaf, dir: false, data: bytes, created: old?.created ?? t, modified: t });
    dir.modified = t;
  }

  readText(path: string): string { return Buffer.from(this.readFile(path)).toString('utf8'); }
  readJson<T>(path: string): T { return JSON.parse(this.readText(path)) as T; }
  writeJson(path: string, value: unknown): void { this.writeFile(path, JSON.stringify(value)); }

  remove(path: string, recursive = false): void {
    const { dir, leaf } = this.parentOf(path);
    const n = dir.children.get(leaf.toLowerCase());
    if (!n) throw new FsError(ERROR_FILE_NOT_FOUND, path);
    if (n.dir && n.children.size && !recursive) throw new FsError(ERROR_DIR_NOT_EMPTY, path);
    dir.children.delete(leaf.toLowerCase());
    dir.modified = this.now();
  }

  rename(from: string, to: string): void {
    const a = this.parentOf(from), b = this.parentOf(to);
    const n = a.dir.children.get(a.leaf.toLowerCase());
    if (!n) throw new FsError(ERROR_FILE_NOT_FOUND, from);
    if (b.dir.children.has(b.leaf.toLowerCase())) throw new FsError(ERROR_ALREADY_EXISTS, to);
    a.dir.children.delete(a.leaf.toLowerCase());
    n.name = b.leaf;
    b.dir.children.set(b.leaf.toLowerCase(), n);
  }

  saveState(): SavedNode {
    const save = (n: Node): SavedNode => n.dir
      ? { name: n.name, created: n.created, modified: n.modified, children: [...n.children.values()].map(save) }
      : { name: n.name, created: n.created, modified: n.modified, data: toBase64(n.data) };
    return save(this.root);
  }

  loadState(state: unknown): void {
    const load = (s: SavedNode): Node => 'data' in s
      ? { name: s.name, dir: false, data: fromBase64(s.data), created: s.created, modified: s.modified }
      : { name: s.name, dir: true, created: s.created, modified: s.modified, children: new Map(s.children.map((c) => [c.name.toLowerCase(), load(c)])) };
    const r = load(state as SavedNode);
    if (!r.dir) throw new Error('disk state: the root must be a folder');
    this.root = r;
  }
}

/** The folders a freshly installed Windows has (C:\DriverTest is created later, by provisioning). */
export function installWindowsTree(disk: Disk, userName: string): void {
  for (const d of ['Boot', 'Windows\\System32\\drivers', 'Windows\\System32\\config', 'Windows\\System32\\DriverStore\\FileRepository',
    'Windows\\INF', 'Windows\\Temp', 'Program Files', 'Program Files (x86)', 'ProgramData', 'Users\\Public', `Users\\${userName}\\Desktop`,
    `Users\\${userName}\\Documents`, `Users\\${userName}\\Downloads`]) disk.mkdir(`C:\\${d}`);
}
