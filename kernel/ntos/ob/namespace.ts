import { BugCheck } from '../ke/bugcheck.ts';
import type { HostRequest } from '../../../main/machine/cpu/types.ts';

// The object manager's namespace and object headers. Object bodies (DRIVER_OBJECT, DEVICE_OBJECT, KEVENT ...)
// live in system memory with the layouts of our headers; the header that NT keeps in front of each body
// (type, name, reference and handle counts, directory) is kept here, keyed by the body's address.

export type ObjectTypeName =
  | 'Directory' | 'SymbolicLink' | 'Driver' | 'Device' | 'File' | 'Event' | 'Mutant' | 'Semaphore' | 'Timer'
  | 'Process' | 'Thread' | 'Key' | 'Callback' | 'Section' | 'Type' | 'IoCompletion';

export interface ObjectHeader {
  type: ObjectTypeName;
  /** Body address in the owning address space (0 for objects with no body in memory, e.g. directories). */
  body: number;
  name?: string;
  directory?: Directory;
  pointerCount: number;
  handleCount: number;
  /** Permanent objects stay in the namespace when their counts drop to zero (OBJ_PERMANENT). */
  permanent: boolean;
  /** Called when the last reference goes: the owner frees the body. */
  onDelete?: (h: ObjectHeader) => void;
  /** The type's close procedure: runs when the last handle is closed (a file object sends IRP_MJ_CLEANUP). */
  closeProcedure?: (h: ObjectHeader) => Generator<HostRequest, void, any> | void;
  /** The type's delete procedure: runs before onDelete when the last reference goes (IRP_MJ_CLOSE). */
  deleteProcedure?: (h: ObjectHeader) => Generator<HostRequest, void, any> | void;
  /** The object being deleted (its delete procedure is running). */
  deleting?: boolean;
}

export class Directory {
  readonly entries = new Map<string, ObjectHeader>();
  constructor(readonly header: ObjectHeader) {}
  lookup(name: string): ObjectHeader | undefined { return this.entries.get(name.toLowerCase()); }
}

export interface SymbolicLink { header: ObjectHeader; target: string }

export type ObStatus = 'STATUS_SUCCESS' | 'STATUS_OBJECT_NAME_COLLISION' | 'STATUS_OBJECT_NAME_NOT_FOUND'
  | 'STATUS_OBJECT_PATH_NOT_FOUND' | 'STATUS_OBJECT_NAME_INVALID';

const MAX_LINK_DEPTH = 32;

export class ObjectNamespace {
  readonly root: Directory;
  private readonly dirs = new WeakMap<ObjectHeader, Directory>();
  private readonly links = new WeakMap<ObjectHeader, SymbolicLink>();
  /** Every header with a body in memory, by body address. */
  readonly byBody = new Map<number, ObjectHeader>();

  constructor() {
    this.root = this.makeDirectory(undefined, '');
    for (const d of ['Device', 'Driver', 'GLOBAL??', 'Callback', 'KernelObjects', 'ObjectTypes', 'FileSystem', 'BaseNamedObjects']) {
      this.createDirectory(`\\${d}`);
    }
    this.createSymbolicLink('\\??', '\\GLOBAL??');
    this.createSymbolicLink('\\DosDevices', '\\??');
  }

  private makeDirectory(parent: Directory | undefined, name: string): Directory {
    const h: ObjectHeader = { type: 'Directory', body: 0, name, pointerCount: 1, handleCount: 0, permanent: true };
    const d = new Directory(h);
    this.dirs.set(h, d);
    if (parent) { h.directory = parent; parent.entries.set(name.toLowerCase(), h); }
    return d;
  }

  directoryOf(h: ObjectHeader): Directory | undefined { return this.dirs.get(h); }
  linkOf(h: ObjectHeader): SymbolicLink | undefined { return this.links.get(h); }

  /** Full path of a named object, e.g. `\Device\DongLpt0`. */
  pathOf(h: ObjectHeader): string {
    const parts: string[] = [];
    for (let x: ObjectHeader | undefined = h; x && x.directory; x = x.directory.header) parts.unshift(x.name ?? '');
    return '\\' + parts.join('\\');
  }

  /**
   * Resolves a path, following symbolic links in every component (as the object manager's parse does).
   * `openLink` leaves a final symbolic link unresolved (OBJ_OPENLINK), for IoDeleteSymbolicLink.
   */
  lookup(path: string, openLink = false): { status: ObStatus; header?: ObjectHeader; remaining?: string } {
    if (!path.startsWith('\\')) return { status: 'STATUS_OBJECT_NAME_INVALID' };
    let parts = path.split('\\').filter((p) => p.length > 0);
    let dir = this.root;
    let current: ObjectHeader = this.root.header;
    for (let depth = 0, i = 0; i < parts.length; i++) {
      const next = dir.lookup(parts[i]!);
      if (!next) return { status: i === parts.length - 1 ? 'STATUS_OBJECT_NAME_NOT_FOUND' : 'STATUS_OBJECT_PATH_NOT_FOUND' };
      const link = this.links.get(next);
      if (link && !(openLink && i === parts.length - 1)) {
        if (++depth > MAX_LINK_DEPTH) return { status: 'STATUS_OBJECT_NAME_NOT_FOUND' };
        parts = [...link.target.split('\\').filter((p) => p.length > 0), ...parts.slice(i + 1)];
        dir = this.root; current = this.root.header; i = -1;
        continue;
      }
      const d = this.dirs.get(next);
      if (!d) {
        // A non-directory object: whatever is left is parsed by the object's own type (a device's file name).
        return { status: 'STATUS_SUCCESS', header: next, remaining: parts.slice(i + 1).join('\\') };
      }
      dir = d; current = next;
    }
    return { status: 'STATUS_SUCCESS', header: current, remaining: '' };
  }

  private parentFor(path: string): { status: ObStatus; dir?: Directory; leaf?: string } {
    const idx = path.lastIndexOf('\\');
    if (idx < 0 || idx === path.length - 1) return { status: 'STATUS_OBJECT_NAME_INVALID' };
    const parentPath = path.slice(0, idx) || '\\';
    const r = this.lookup(parentPath);
    const dir = r.header && this.dirs.get(r.header);
    if (r.status !== 'STATUS_SUCCESS' || !dir || r.remaining) return { status: 'STATUS_OBJECT_PATH_NOT_FOUND' };
    return { status: 'STATUS_SUCCESS', dir, leaf: path.slice(idx + 1) };
  }

  createDirectory(path: string): Directory {
    const p = this.parentFor(path);
    if (!p.dir || !p.leaf) throw new Error(`bad directory path ${path}`);
    const existing = p.dir.lookup(p.leaf);
    const d = existing && this.dirs.get(existing);
    return d ?? this.makeDirectory(p.dir, p.leaf);
  }

  /** Inserts a header under `path` (named object creation). */
  insert(path: string, h: ObjectHeader): ObStatus {
    const p = this.parentFor(path);
    if (!p.dir || !p.leaf) return p.status;
    if (p.dir.lookup(p.leaf)) return 'STATUS_OBJECT_NAME_COLLISION';
    h.name = p.leaf;
    h.directory = p.dir;
    p.dir.entries.set(p.leaf.toLowerCase(), h);
    return 'STATUS_SUCCESS';
  }

  createSymbolicLink(path: string, target: string): ObStatus {
    const h: ObjectHeader = { type: 'SymbolicLink', body: 0, pointerCount: 1, handleCount: 0, permanent: true };
    const s = this.insert(path, h);
    if (s === 'STATUS_SUCCESS') this.links.set(h, { header: h, target });
    return s;
  }

  /** Removes a named object from its directory (the body stays while referenced). */
  removeName(h: ObjectHeader): void {
    if (h.directory && h.name !== undefined) h.directory.entries.delete(h.name.toLowerCase());
    h.directory = undefined;
  }

  /** Registers an object with a body in memory (unnamed or named). */
  track(h: ObjectHeader): void { if (h.body) this.byBody.set(h.body, h); }

  reference(h: ObjectHeader): void { h.pointerCount++; }

  /** Drops a reference; the object goes when no references, no handles and not permanent. */
  dereference(h: ObjectHeader): void {
    // Over-dereferencing is a driver bug Windows stops on: REFERENCE_BY_POINTER (0x18).
    if (h.pointerCount <= 0) throw new BugCheck('REFERENCE_BY_POINTER', [0n, BigInt(h.body), 1n, BigInt(h.pointerCount)]);
    h.pointerCount--;
    this.maybeDelete(h);
  }

  maybeDelete(h: ObjectHeader): void {
    if (h.pointerCount > 0 || h.handleCount > 0 || h.permanent) return;
    this.removeName(h);
    if (h.body) this.byBody.delete(h.body);
    h.onDelete?.(h);
  }
}
