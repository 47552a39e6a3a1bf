// Target memory as the host sees it while the target is frozen: read through ReadVirtualMemory in aligned chunks
// and cached until the target runs again. The symbol layer reads synchronously, so `sync(fn)` runs fn, fetches
// any chunk it asked for and was missing, and runs it again.
import { Api, KdStatus } from '../../formats/kd/constants.ts';
import { fromVA, toVA } from '../../machine/memory.ts';
import type { KdChannel } from './channel.ts';

const CHUNK = 2048;

export class NeedMemory extends Error { constructor(readonly chunk: number) { super('memory not fetched yet'); } }
/** A read of target memory that is not there (unmapped, or outside system space). */
export class TargetMemoryError extends Error { constructor(readonly address: bigint) { super('Memory access error'); } }

export class RemoteMemory {
  private chunks = new Map<number, Uint8Array | null>();
  /** Chunks a synchronous read wanted and did not find (the symbol layer may swallow the NeedMemory error). */
  private missed = new Set<number>();
  constructor(private readonly ch: () => KdChannel | undefined) {}

  invalidate(): void { this.chunks.clear(); }

  private async fetchChunk(c: number): Promise<void> {
    const ch = this.ch();
    if (!ch) throw new Error('not connected');
    const r = await ch.request({ api: Api.ReadVirtualMemory, address: toVA(c), count: CHUNK });
    const data = 'data' in r && r.status === KdStatus.SUCCESS ? r.data : undefined;
    this.chunks.set(c, data && data.length ? data : null);
  }

  /** Bytes at a VA, or undefined where the target has no memory; a short result when the end is unmapped. */
  async read(va: bigint, size: number): Promise<Uint8Array | undefined> {
    const off = fromVA(va);
    if (off === undefined) return undefined;
    for (let c = off - (off % CHUNK); c < off + size; c += CHUNK) if (!this.chunks.has(c)) await this.fetchChunk(c);
    return this.readCached(off, size, false);
  }

  /** Synchronous read by system-space offset from the cache (throws NeedMemory for a chunk not fetched yet). */
  readSync(off: number, size: number): Uint8Array {
    const r = this.readCached(off, size, true);
    if (!r || r.length < size) throw new TargetMemoryError(toVA(off));
    return r;
  }

  private readCached(off: number, size: number, strict: boolean): Uint8Array | undefined {
    const out = new Uint8Array(size);
    let got = 0;
    while (got < size) {
      const a = off + got, c = a - (a % CHUNK);
      if (!this.chunks.has(c)) { if (strict) { this.missed.add(c); throw new NeedMemory(c); } break; }
      const chunk = this.chunks.get(c);
      if (!chunk) break;
      const from = a - c;
      if (from >= chunk.length) break;
      const n = Math.min(size - got, chunk.length - from);
      out.set(chunk.subarray(from, from + n), got);
      got += n;
    }
    if (got === 0 && size > 0) return undefined;
    return got < size ? out.slice(0, got) : out;
  }

  /** Run fn, fetching the memory it needs, until it completes. */
  async sync<T>(fn: () => T): Promise<T> {
    for (let i = 0; i < 256; i++) {
      this.missed.clear();
      let r: T;
      try { r = fn(); } catch (e) {
        if (!(e instanceof NeedMemory)) throw e;
      }
      if (!this.missed.size) return r!;
      for (const c of [...this.missed]) await this.fetchChunk(c);
    }
    throw new Error('too many memory fetches');
  }

  async write(va: bigint, data: Uint8Array): Promise<boolean> {
    const ch = this.ch();
    if (!ch) return false;
    const r = await ch.request({ api: Api.WriteVirtualMemory, address: va, data });
    this.invalidate();
    return r.status === KdStatus.SUCCESS;
  }
}
