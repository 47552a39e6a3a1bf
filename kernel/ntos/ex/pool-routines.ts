// The pool routines drivers call, with Driver Verifier's checks: IRQL rules (0xC4 sub-codes 0x00-0x12), frees of
// bad addresses, double frees and wrong tags (BAD_POOL_CALLER 0xC2 with its real sub-codes), leaks at unload (0xC4/0x62).
import { toVA } from '../../../main/machine/memory.ts';
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { NtException } from '../ke/raise.ts';

const APC_LEVEL = (k: Kernel) => k.constant('APC_LEVEL');
const DISPATCH_LEVEL = (k: Kernel) => k.constant('DISPATCH_LEVEL');

function verifier(k: Kernel, sub: number, a: bigint, b: bigint, c: bigint): BugCheck {
  return new BugCheck('DRIVER_VERIFIER_DETECTED_VIOLATION', [BigInt(sub), a, b, c], k.caller);
}

/** PagedPool's bit in a POOL_TYPE (PagedPool, PagedPoolCacheAligned, PagedPoolSession ... all have it). */
function isPagedType(k: Kernel, poolType: number): boolean { return (poolType & k.enumValue('POOL_TYPE', 'PagedPool')) !== 0; }

export interface AllocRequest { size: number; tag: number; poolType: number; paged: boolean; zero: boolean; raise: boolean; cacheAligned: boolean }

export function allocate(k: Kernel, r: AllocRequest): number {
  const irql = k.processor.irql;
  if (r.size === 0) throw verifier(k, 0x00, BigInt(irql), BigInt(r.poolType), 0n);
  if (r.paged && irql > APC_LEVEL(k)) throw verifier(k, 0x01, BigInt(irql), BigInt(r.poolType), BigInt(r.size));
  if (!r.paged && irql > DISPATCH_LEVEL(k)) throw verifier(k, 0x02, BigInt(irql), BigInt(r.poolType), BigInt(r.size));
  const a = k.pool.allocateBlock(r.size, r.tag, { paged: r.paged, poolType: r.poolType, zero: r.zero, owner: k.caller, cacheAligned: r.cacheAligned });
  if (a === undefined) {
    if (r.raise) throw new NtException(k.constant('STATUS_INSUFFICIENT_RESOURCES'));
    return 0;
  }
  return a;
}

export function free(k: Kernel, p: number, tag?: number): void {
  const irql = k.processor.irql;
  const blk = k.pool.block(p);
  if (blk) {
    if (blk.paged && irql > APC_LEVEL(k)) throw verifier(k, 0x11, BigInt(irql), BigInt(blk.poolType), toVA(p));
    if (!blk.paged && irql > DISPATCH_LEVEL(k)) throw verifier(k, 0x12, BigInt(irql), BigInt(blk.poolType), toVA(p));
    if (k.ke.timers.has(p) || [...k.ke.timers.keys()].some((t) => t >= p && t < p + blk.size)) {
      // Freeing memory that holds an armed timer: the verifier's 0x15 (timer entry, pool type, pool address).
      const t = [...k.ke.timers.keys()].find((x) => x >= p && x < p + blk.size)!;
      throw verifier(k, 0x15, toVA(t), BigInt(blk.poolType), toVA(p));
    }
  }
  const r = k.pool.freeBlock(p, tag);
  if (r.ok) return;
  if (r.why === 'double-free') throw new BugCheck('BAD_POOL_CALLER', [0x07n, 0n, poolHeader(r.block.size, r.block.poolType, r.block.tag), toVA(p)], k.caller);
  if (r.why === 'wrong-tag') throw new BugCheck('BAD_POOL_CALLER', [0x0an, toVA(p), BigInt(r.block.tag), BigInt((tag ?? 0) >>> 0)], k.caller);
  throw new BugCheck('BAD_POOL_CALLER', [0x42n, toVA(p), 0n, 0n], k.caller);
}

/** The first 8 bytes of an x64 POOL_HEADER for a block (PreviousSize, PoolIndex, BlockSize, PoolType, PoolTag). */
function poolHeader(size: number, poolType: number, tag: number): bigint {
  const blockSize = BigInt(Math.ceil((size + 16) / 16) & 0xff);
  return (BigInt(tag >>> 0) << 32n) | (BigInt((poolType + 1) & 0xff) << 24n) | (blockSize << 16n);
}

/**
 * For the I/O manager at driver unload: a driver that leaves pool allocated stops the system with the verifier's
 * 0xC4/0x62 (driver name, verifier data, outstanding allocations), as Driver Verifier's pool tracking does.
 */
export function checkPoolLeaks(k: Kernel, image: { name: string; moduleName?: string } | string): void {
  const name = typeof image === 'string' ? image : image.name;
  const owner = typeof image === 'string' ? image.replace(/\.[^.]*$/, '') : image.moduleName ?? name.replace(/\.[^.]*$/, '');
  const left = k.pool.outstandingOf(owner);
  if (left.length === 0) return;
  const nameAt = k.pool.allocate(2 * name.length + 2, 'Vrfy') ?? 0;
  if (nameAt) for (let i = 0; i < name.length; i++) k.memory.writeU16(nameAt + 2 * i, name.charCodeAt(i));
  throw new BugCheck('DRIVER_VERIFIER_DETECTED_VIOLATION', [0x62n, nameAt ? toVA(nameAt) : 0n, 0n, BigInt(left.length)], name);
}

function poolTypeOfFlags(k: Kernel, flags: bigint): { poolType: number; paged: boolean } | undefined {
  const f = (n: string) => (flags & BigInt(k.constant(n))) !== 0n;
  const paged = f('POOL_FLAG_PAGED'), np = f('POOL_FLAG_NON_PAGED'), npx = f('POOL_FLAG_NON_PAGED_EXECUTE');
  if (Number(paged) + Number(np) + Number(npx) !== 1) return undefined;
  const pt = (n: string) => k.enumValue('POOL_TYPE', n);
  return { paged, poolType: paged ? pt('PagedPool') : npx ? pt('NonPagedPoolExecute') : pt('NonPagedPoolNx') };
}

function allocate2(k: Kernel, flags: bigint, size: number, tag: number): number {
  const t = poolTypeOfFlags(k, flags);
  if (!t) throw verifier(k, 0x00, BigInt(k.processor.irql), 0n, BigInt(size)); // no (or several) pool kinds chosen
  const f = (n: string) => (flags & BigInt(k.constant(n))) !== 0n;
  return allocate(k, { size, tag, poolType: t.poolType, paged: t.paged, zero: !f('POOL_FLAG_UNINITIALIZED'), raise: f('POOL_FLAG_RAISE_ON_FAILURE'), cacheAligned: f('POOL_FLAG_CACHE_ALIGNED') });
}

function withTag(k: Kernel, poolType: number, size: number, tag: number): number {
  return allocate(k, { size, tag, poolType, paged: isPagedType(k, poolType), zero: false, raise: false, cacheAligned: (poolType & 4) !== 0 });
}

/** ExAllocatePool without a tag: Windows tags these 'None'. */
const NONE_TAG = 0x656e6f4e;

export const poolRoutines: RoutineTable = {
  ExAllocatePool2: (k, flags: bigint, size: number, tag: number) => allocate2(k, BigInt.asUintN(64, flags), size >>> 0, tag),
  ExAllocatePool3: (k, flags: bigint, size: number, tag: number) => allocate2(k, BigInt.asUintN(64, flags), size >>> 0, tag),
  ExAllocatePoolWithTag: (k, type: number, size: number, tag: number) => withTag(k, type, size >>> 0, tag),
  ExAllocatePoolWithQuotaTag: (k, type: number, size: number, tag: number) => withTag(k, type, size >>> 0, tag),
  ExAllocatePoolWithTagPriority: (k, type: number, size: number, tag: number) => withTag(k, type, size >>> 0, tag),
  ExAllocatePool: (k, type: number, size: number) => withTag(k, type, size >>> 0, NONE_TAG),
  ExAllocatePoolWithQuota: (k, type: number, size: number) => withTag(k, type, size >>> 0, NONE_TAG),
  ExFreePoolWithTag: (k, p: number, tag: number) => free(k, p, tag),
  ExFreePool: (k, p: number) => free(k, p),
  ExFreePool2: (k, p: number, tag: number) => free(k, p, tag),
  ExQueryPoolBlockSize: (k, p: number, quota: number) => {
    if (quota) k.memory.writeU8(quota, 0);
    return k.pool.block(p)?.size ?? 0;
  },
};
