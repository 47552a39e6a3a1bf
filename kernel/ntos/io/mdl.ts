// MDLs for direct I/O: IoAllocateMdl/IoFreeMdl and the memory manager's MDL routines drivers and the I/O manager
// use on them. System space is one linear memory, so a buffer's "physical pages" are its page numbers and the
// system mapping of a locked buffer is the buffer itself. A page that is not mapped fails the probe as
// STATUS_ACCESS_VIOLATION, which MmProbeAndLockPages raises in the caller.
import { BugCheck } from '../ke/bugcheck.ts';
import type { IoManager } from './iomgr.ts';

const PAGE = 0x1000;

export function spanPages(va: number, length: number): number {
  return Math.ceil(((va & (PAGE - 1)) + length) / PAGE);
}

/** IoAllocateMdl: an MDL for [va, va+length); chained to the IRP when given (secondary buffers at the end). */
export function allocateMdl(io: IoManager, va: number, length: number, secondary: boolean, irp: number): number {
  const pfnSize = 4; // PFN_NUMBER is ULONG_PTR: 4 bytes in our images
  const pages = spanPages(va, length);
  const size = io.size('MDL') + pages * pfnSize;
  const mdl = io.alloc(size, 'Mdl ');
  io.at('MDL', mdl).set('Size', size).set('StartVa', va & ~(PAGE - 1)).set('ByteOffset', va & (PAGE - 1)).set('ByteCount', length);
  io.mdls.add(mdl);
  if (irp) {
    const b = io.at('IRP', irp);
    if (!secondary || !b.get('MdlAddress')) b.set('MdlAddress', mdl);
    else {
      let m = b.get('MdlAddress');
      while (io.at('MDL', m).get('Next')) m = io.at('MDL', m).get('Next');
      io.at('MDL', m).set('Next', mdl);
    }
  }
  return mdl;
}

export function freeMdl(io: IoManager, mdl: number): void {
  if (!io.mdls.has(mdl)) throw new BugCheck('BAD_POOL_CALLER', [7n, 0n, 0n, BigInt(mdl)]);
  io.mdls.delete(mdl);
  io.pool.free(mdl);
}

/** Unlock and free every MDL in a chain (the I/O manager's side of completing a direct-I/O IRP). */
export function freeMdlChain(io: IoManager, first: number): void {
  for (let m = first; m;) {
    const next = io.at('MDL', m).get('Next');
    if (io.mdls.has(m)) freeMdl(io, m);
    m = next;
  }
}

function fillPfns(io: IoManager, mdl: number): void {
  const b = io.at('MDL', mdl);
  const start = b.get('StartVa'), pages = spanPages(b.get('ByteOffset'), b.get('ByteCount'));
  for (let i = 0; i < pages; i++) io.mem.writeU32(mdl + io.size('MDL') + 4 * i, (start >>> 12) + i);
}

/** MmBuildMdlForNonPagedPool: the buffer is resident and already mapped in system space. */
export function buildMdlForNonPagedPool(io: IoManager, mdl: number): void {
  const b = io.at('MDL', mdl);
  fillPfns(io, mdl);
  b.set('MappedSystemVa', b.get('StartVa') + b.get('ByteOffset'));
  b.set('MdlFlags', b.get('MdlFlags') | io.c('MDL_SOURCE_IS_NONPAGED_POOL'));
}

/** MmProbeAndLockPages: undefined on success, else the exception status to raise in the caller. */
export function probeAndLockPages(io: IoManager, mdl: number, write: boolean): number | undefined {
  const b = io.at('MDL', mdl);
  const va = b.get('StartVa') + b.get('ByteOffset'), n = b.get('ByteCount');
  if (!io.mem.isMapped(va, Math.max(1, n))) return io.st('STATUS_ACCESS_VIOLATION');
  fillPfns(io, mdl);
  b.set('MdlFlags', b.get('MdlFlags') | io.c('MDL_PAGES_LOCKED') | (write ? io.c('MDL_WRITE_OPERATION') : 0));
  return undefined;
}

export function unlockPages(io: IoManager, mdl: number): void {
  const b = io.at('MDL', mdl);
  b.set('MdlFlags', b.get('MdlFlags') & ~(io.c('MDL_PAGES_LOCKED') | io.c('MDL_MAPPED_TO_SYSTEM_VA')));
}

/** MmMapLockedPagesSpecifyCache for a kernel-mode mapping: the buffer's own system address. */
export function mapLockedPages(io: IoManager, mdl: number): number {
  const b = io.at('MDL', mdl);
  const va = b.get('StartVa') + b.get('ByteOffset');
  b.set('MappedSystemVa', va).set('MdlFlags', b.get('MdlFlags') | io.c('MDL_MAPPED_TO_SYSTEM_VA'));
  return va;
}
