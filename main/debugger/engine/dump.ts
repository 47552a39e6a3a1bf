// A crash dump as the debugger's target (`windbg -z MEMORY.DMP`): the same requests a live KD stub answers,
// answered from the dump record our kernel writes at a bugcheck (kernel/ntos/ke/crashdump.ts). Memory reads come
// from the dumped system space; the loaded-module list and KiBugCheckData the debugger reads are laid out from
// the dump's header in a region past the end of system memory; the context is the faulting thread's frames.
// Nothing runs: breakpoints, writes and continues are refused.
import { Api, KdStatus, StateChange } from '../../formats/kd/constants.ts';
import { encodeContext, type ContextFrame, type ThreadContext, type WasmValue } from '../../formats/kd/context.ts';
import { BUGCHECK_DATA_SIZE, decodeExports, encodeExports, encodeModuleList, EXPORT_RECORD_SIZE, type ModuleRecord } from '../../formats/kd/ntdata.ts';
import { StopKind, type ManipulateRequest, type ManipulateResponse, type StateChangePacket, type VersionInfo } from '../../formats/kd/payload.ts';
import { fromVA, toVA } from '../../machine/memory.ts';
import { readCrashDump, type CrashDump, type DumpThread, type DumpValue } from '../../../kernel/ntos/ke/crashdump.ts';
import { buildLab } from '../../../kernel/ntos/ke/version.ts';
import { CYCLES_PER_UNIT, EPOCH_1970 } from '../../../kernel/ntos/ke/clock.ts';
import { imageTimestamp } from '../../../kernel/ntos/mm/loader/timestamp.ts';
import type { KdChannel } from './channel.ts';
import { moduleNameOf } from './modules.ts';

const READ_MAX = 3900;
const MAX_EXPORTS = 4096;
const big = (v: DumpValue): WasmValue => (typeof v === 'string' ? BigInt(v) : v);

export class DumpChannel implements KdChannel {
  readonly dump: CrashDump;
  readonly version: VersionInfo;
  readonly context: ThreadContext;
  readonly stop: StateChangePacket;
  /** System-space offset of the region holding the tables laid out from the header. */
  private readonly tablesAt: number;
  private readonly tables: Uint8Array;
  private readonly ctxBlob: Uint8Array;

  constructor(bytes: Uint8Array) {
    const d = (this.dump = readCrashDump(bytes));
    const h = d.header;
    this.tablesAt = Math.ceil(h.memorySize / 0x10000) * 0x10000;
    const records: ModuleRecord[] = h.modules.map((m) => ({
      base: BigInt(m.base), size: m.size, timestamp: m.timestamp, hasDebugInfo: !m.hostImage,
      exportDirectory: !!m.hostImage && this.exportsAt(BigInt(m.base)) !== undefined, dataOffset: m.dataOffset ?? 0, name: m.name, path: m.path,
    }));
    // Without a KD stub at the crash, nt has no image in system space: its stand-in is this region, whose export
    // directory names the two tables.
    const hasNt = records.some((r) => r.name.toLowerCase() === 'ntoskrnl.exe');
    const exportsSize = hasNt ? 0 : 8 + 2 * EXPORT_RECORD_SIZE;
    const bugCheckAt = this.tablesAt + exportsSize, listAt = bugCheckAt + BUGCHECK_DATA_SIZE + 8;
    if (!hasNt) records.unshift({ base: toVA(this.tablesAt), size: 0x10000, timestamp: imageTimestamp(new TextEncoder().encode('ntoskrnl.exe')), hasDebugInfo: false, exportDirectory: true, dataOffset: 0, name: 'ntoskrnl.exe', path: '\\SystemRoot\\system32\\ntoskrnl.exe' });
    const list = encodeModuleList(records);
    this.tables = new Uint8Array(listAt - this.tablesAt + list.length);
    if (!hasNt) this.tables.set(encodeExports([{ name: 'KiBugCheckData', address: toVA(bugCheckAt) }, { name: 'PsLoadedModuleList', address: toVA(listAt) }]), 0);
    const bc = new DataView(this.tables.buffer, bugCheckAt - this.tablesAt, BUGCHECK_DATA_SIZE);
    bc.setBigUint64(0, BigInt(h.bugCheck.code >>> 0), true);
    h.bugCheck.parameters.forEach((p, i) => bc.setBigUint64(8 + 8 * i, BigInt.asUintN(64, BigInt(p)), true));
    this.tables.set(list, listAt - this.tablesAt);

    const nt = records.find((r) => r.name.toLowerCase() === 'ntoskrnl.exe')!;
    this.version = {
      majorVersion: 0xf, minorVersion: h.os.build, protocolVersion: 6, flags: 0x47, machineType: 0x8664,
      kernBase: nt.base, psLoadedModuleList: toVA(listAt), debuggerDataList: 0n, ntExports: nt.base, kiBugCheckData: toVA(bugCheckAt),
      processors: 1, uptimeMs: h.uptimeCycles / CYCLES_PER_UNIT / 10_000, buildLab: buildLab(h.os.build),
    };
    const t = h.threads.find((x) => x.faulting) ?? h.threads[0];
    this.context = this.threadContext(t, records);
    this.ctxBlob = encodeContext(this.context);
    const pc = this.context.frames[0]?.pc ?? 0n;
    this.stop = { state: StateChange.Exception, processor: 0, processors: 1, thread: t?.id ?? 0, pc, irql: t?.irql ?? 0, code: 0x80000003, address: pc, firstChance: true, kind: StopKind.BugCheck, dataAddress: 0n };
  }

  /** When the system stopped. */
  get crashTime(): Date { return new Date(Number((BigInt(this.dump.header.systemTime) - EPOCH_1970) / 10_000n)); }

  private exportsAt(base: bigint): { name: string; address: bigint }[] | undefined {
    const off = fromVA(base);
    const m = this.dump.memory;
    if (off === undefined || off + 8 > m.length) return undefined;
    const n = new DataView(m.buffer, m.byteOffset + off, 8).getUint32(0, true);
    if (n === 0 || n > MAX_EXPORTS || off + 8 + n * EXPORT_RECORD_SIZE > m.length) return undefined;
    return decodeExports(m.subarray(off + 8, off + 8 + n * EXPORT_RECORD_SIZE), n);
  }

  /** The dumped thread as the stub would report it: host routines at their export addresses, images by module name. */
  private threadContext(t: DumpThread | undefined, records: ModuleRecord[]): ThreadContext {
    if (!t) return { thread: 0, threadName: 'Idle', irql: 0, sp: 0n, stackBase: 0n, frames: [] };
    const frames: ContextFrame[] = t.frames.map((f) => {
      let name = f.image ? `${moduleNameOf(f.image)}!${f.function}` : f.function;
      let pc = f.address ? BigInt(f.address) : 0n;
      if (f.kind === 'host') {
        const [mod, routine] = f.function.includes('!') ? f.function.split('!') as [string, string] : ['nt', f.function];
        const r = records.find((x) => x.exportDirectory && [moduleNameOf(x.name), x.name.replace(/\.[^.]*$/, '')].some((n) => n.toLowerCase() === mod.toLowerCase()));
        name = `${r ? moduleNameOf(r.name) : mod}!${routine}`;
        const e = r && this.exportsAt(r.base)?.find((x) => x.name === routine);
        if (e) pc = e.address;
      }
      return { kind: f.kind ?? 'host', pc, returnAddress: f.returnAddress ? BigInt(f.returnAddress) : 0n, function: name, locals: (f.locals ?? []).map(big), stack: (f.stack ?? []).map(big) };
    });
    return { thread: t.id, threadName: t.name, irql: t.irql, sp: t.sp ? BigInt(t.sp) : 0n, stackBase: t.stackBase ? BigInt(t.stackBase) : 0n, frames };
  }

  private read(address: bigint, count: number): Uint8Array | undefined {
    const off = fromVA(address);
    if (off === undefined) return undefined;
    const n = Math.min(count, READ_MAX);
    const m = this.dump.memory;
    if (off >= 0x10000 && off < m.length) return m.slice(off, Math.min(m.length, off + n));
    const t = off - this.tablesAt;
    if (t >= 0 && t < this.tables.length) return this.tables.slice(t, Math.min(this.tables.length, t + n));
    return undefined;
  }

  request<T extends ManipulateResponse = ManipulateResponse>(q: ManipulateRequest): Promise<T> {
    let r: ManipulateResponse;
    switch (q.api) {
      case Api.GetVersion: r = { api: q.api, status: KdStatus.SUCCESS, version: this.version }; break;
      case Api.ReadVirtualMemory: {
        const data = this.read(q.address, q.count);
        r = { api: q.api, status: data ? KdStatus.SUCCESS : KdStatus.ACCESS_VIOLATION, data: data ?? new Uint8Array(0) };
        break;
      }
      case Api.GetContextEx: r = { api: q.api, status: KdStatus.SUCCESS, total: this.ctxBlob.length, data: this.ctxBlob.slice(q.offset, q.offset + Math.min(q.count, READ_MAX)) }; break;
      case Api.ReadControlSpace: r = { api: q.api, status: KdStatus.SUCCESS, regs: { dr: [0n, 0n, 0n, 0n], dr6: 0n, dr7: 0n } }; break;
      case Api.WriteVirtualMemory: r = { api: q.api, status: KdStatus.UNSUCCESSFUL, written: 0 }; break;
      case Api.WriteBreakPoint: r = { api: q.api, status: KdStatus.UNSUCCESSFUL, handle: 0 }; break;
      default: r = { api: q.api, status: KdStatus.UNSUCCESSFUL };
    }
    return Promise.resolve(r as T);
  }

  breakIn(): void { /* a dump is always stopped */ }
  close(): void { /* nothing to release */ }
}
