// Payloads of KD data packets. The API and state numbers are the real ones (constants.ts); the structures behind
// them are our own, shaped like DBGKD_MANIPULATE_STATE64 / DBGKD_ANY_WAIT_STATE_CHANGE / DBGKD_DEBUG_IO: a fixed
// head (API number, status) and the API's fields.
import { Reader, Writer } from './bytes.ts';
import { Api, DebugIo, StateChange } from './constants.ts';

// ---------------------------------------------------------------- state manipulate

export type ManipulateRequest =
  | { api: typeof Api.ReadVirtualMemory; address: bigint; count: number }
  | { api: typeof Api.WriteVirtualMemory; address: bigint; data: Uint8Array }
  | { api: typeof Api.GetVersion }
  /** `thread`: an ETHREAD's VA for that thread's context (.thread, !thread); 0n for the thread the target stopped on. */
  | { api: typeof Api.GetContextEx; offset: number; count: number; thread?: bigint }
  | { api: typeof Api.SetContextEx; frame: number; local: number; value: bigint }
  | { api: typeof Api.WriteBreakPoint; address: bigint }
  | { api: typeof Api.RestoreBreakPoint; handle: number }
  | { api: typeof Api.Continue; status: number }
  | { api: typeof Api.Continue2; status: number; control: ControlSet }
  | { api: typeof Api.ReadControlSpace }
  | { api: typeof Api.WriteControlSpace; regs: DebugRegisters }
  | { api: typeof Api.Reboot };

/** How the target continues: run, step one instruction, or step while the pc stays in [rangeStart, rangeEnd). */
export interface ControlSet {
  /** 0 run; 1 trace (step). */
  traceFlag: number;
  /** 0 into calls, 1 over calls, 2 out of the current function. */
  stepKind: number;
  /** Source-line stepping: the current line's code range (VAs); 0,0 steps one instruction. */
  rangeStart: bigint;
  rangeEnd: bigint;
}

/** x64 debug registers as `ba` programs them: DR0..DR3 addresses, DR7 enables/kinds/lengths. */
export interface DebugRegisters { dr: [bigint, bigint, bigint, bigint]; dr6: bigint; dr7: bigint }

export interface VersionInfo {
  majorVersion: number; minorVersion: number; protocolVersion: number; flags: number; machineType: number;
  kernBase: bigint; psLoadedModuleList: bigint; debuggerDataList: bigint;
  /** Our additions: nt's export directory and KiBugCheckData addresses, processors, uptime, product text. */
  ntExports: bigint; kiBugCheckData: bigint; processors: number; uptimeMs: number; buildLab: string;
}

export type ManipulateResponse =
  | { api: typeof Api.ReadVirtualMemory; status: number; data: Uint8Array }
  | { api: typeof Api.WriteVirtualMemory; status: number; written: number }
  | { api: typeof Api.GetVersion; status: number; version: VersionInfo }
  | { api: typeof Api.GetContextEx; status: number; total: number; data: Uint8Array }
  | { api: typeof Api.WriteBreakPoint; status: number; handle: number }
  | { api: typeof Api.ReadControlSpace; status: number; regs: DebugRegisters }
  | { api: number; status: number };

function writeRegs(w: Writer, r: DebugRegisters): void { for (const d of r.dr) w.u64(d); w.u64(r.dr6).u64(r.dr7); }
function readRegs(r: Reader): DebugRegisters {
  const dr: [bigint, bigint, bigint, bigint] = [r.u64(), r.u64(), r.u64(), r.u64()];
  return { dr, dr6: r.u64(), dr7: r.u64() };
}

export function encodeRequest(q: ManipulateRequest): Uint8Array {
  const w = new Writer().u32(q.api).u32(0);
  switch (q.api) {
    case Api.ReadVirtualMemory: w.u64(q.address).u32(q.count); break;
    case Api.WriteVirtualMemory: w.u64(q.address).u32(q.data.length).bytes(q.data); break;
    case Api.GetContextEx: w.u32(q.offset).u32(q.count).u64(q.thread ?? 0n); break;
    case Api.SetContextEx: w.u32(q.frame).u32(q.local).u64(q.value); break;
    case Api.WriteBreakPoint: w.u64(q.address); break;
    case Api.RestoreBreakPoint: w.u32(q.handle); break;
    case Api.Continue: w.u32(q.status); break;
    case Api.Continue2: w.u32(q.status).u32(q.control.traceFlag).u32(q.control.stepKind).u64(q.control.rangeStart).u64(q.control.rangeEnd); break;
    case Api.WriteControlSpace: writeRegs(w, q.regs); break;
  }
  return w.done();
}

/** The request, or undefined for an API this side does not know (answered STATUS_NOT_IMPLEMENTED). */
export function decodeRequest(data: Uint8Array): ManipulateRequest | undefined {
  const r = new Reader(data);
  const api = r.u32(); r.u32();
  switch (api) {
    case Api.ReadVirtualMemory: return { api, address: r.u64(), count: r.u32() };
    case Api.WriteVirtualMemory: { const address = r.u64(); const n = r.u32(); return { api, address, data: r.bytes(n) }; }
    case Api.GetVersion: case Api.ReadControlSpace: case Api.Reboot: return { api } as ManipulateRequest;
    case Api.GetContextEx: return { api, offset: r.u32(), count: r.u32(), thread: r.left >= 8 ? r.u64() : 0n };
    case Api.SetContextEx: return { api, frame: r.u32(), local: r.u32(), value: r.u64() };
    case Api.WriteBreakPoint: return { api, address: r.u64() };
    case Api.RestoreBreakPoint: return { api, handle: r.u32() };
    case Api.Continue: return { api, status: r.u32() };
    case Api.Continue2: return { api, status: r.u32(), control: { traceFlag: r.u32(), stepKind: r.u32(), rangeStart: r.u64(), rangeEnd: r.u64() } };
    case Api.WriteControlSpace: return { api, regs: readRegs(r) };
  }
  return undefined;
}

export function encodeResponse(s: ManipulateResponse): Uint8Array {
  const w = new Writer().u32(s.api).u32(s.status);
  if ('data' in s && s.api === Api.ReadVirtualMemory) w.u32(s.data.length).bytes(s.data);
  else if ('written' in s) w.u32(s.written);
  else if ('version' in s) {
    const v = s.version;
    w.u16(v.majorVersion).u16(v.minorVersion).u16(v.protocolVersion).u16(v.flags).u16(v.machineType)
      .u64(v.kernBase).u64(v.psLoadedModuleList).u64(v.debuggerDataList).u64(v.ntExports).u64(v.kiBugCheckData)
      .u32(v.processors).f64(v.uptimeMs).str(v.buildLab);
  } else if ('total' in s) w.u32(s.total).u32(s.data.length).bytes(s.data);
  else if ('handle' in s) w.u32(s.handle);
  else if ('regs' in s) writeRegs(w, s.regs);
  return w.done();
}

export function decodeResponse(data: Uint8Array): ManipulateResponse {
  const r = new Reader(data);
  const api = r.u32(), status = r.u32();
  if (r.left === 0) return { api, status };
  switch (api) {
    case Api.ReadVirtualMemory: { const n = r.u32(); return { api, status, data: r.bytes(n) }; }
    case Api.WriteVirtualMemory: return { api, status, written: r.u32() };
    case Api.GetVersion: return {
      api, status, version: {
        majorVersion: r.u16(), minorVersion: r.u16(), protocolVersion: r.u16(), flags: r.u16(), machineType: r.u16(),
        kernBase: r.u64(), psLoadedModuleList: r.u64(), debuggerDataList: r.u64(), ntExports: r.u64(), kiBugCheckData: r.u64(),
        processors: r.u32(), uptimeMs: r.f64(), buildLab: r.str(),
      },
    };
    case Api.GetContextEx: { const total = r.u32(); const n = r.u32(); return { api, status, total, data: r.bytes(n) }; }
    case Api.WriteBreakPoint: return { api, status, handle: r.u32() };
    case Api.ReadControlSpace: return { api, status, regs: readRegs(r) };
  }
  return { api, status };
}

// ---------------------------------------------------------------- state change

/** Why the target stopped (our addition to the exception record, so the host prints the right banner). */
export const StopKind = { BreakIn: 0, Breakpoint: 1, Step: 2, DataBreakpoint: 3, Exception: 4, BugCheck: 5, Connect: 6, Assertion: 7 } as const;

export interface StateHead { processor: number; processors: number; thread: number; pc: bigint; irql: number }
export type StateChangePacket =
  | (StateHead & { state: typeof StateChange.Exception; code: number; address: bigint; firstChance: boolean; kind: number; dataAddress: bigint })
  | (StateHead & { state: typeof StateChange.LoadSymbols; base: bigint; size: number; timestamp: number; unload: boolean; path: string });

export function encodeStateChange(s: StateChangePacket): Uint8Array {
  const w = new Writer().u32(s.state).u16(s.processor).u16(s.processors).u32(s.thread).u64(s.pc).u32(s.irql);
  if (s.state === StateChange.Exception) w.u32(s.code).u64(s.address).u32(s.firstChance ? 1 : 0).u32(s.kind).u64(s.dataAddress);
  else w.u64(s.base).u32(s.size).u32(s.timestamp).u32(s.unload ? 1 : 0).str(s.path);
  return w.done();
}

export function decodeStateChange(data: Uint8Array): StateChangePacket {
  const r = new Reader(data);
  const state = r.u32();
  const head: StateHead = { processor: r.u16(), processors: r.u16(), thread: r.u32(), pc: r.u64(), irql: r.u32() };
  if (state === StateChange.Exception) return { ...head, state, code: r.u32(), address: r.u64(), firstChance: r.u32() === 1, kind: r.u32(), dataAddress: r.u64() };
  if (state === StateChange.LoadSymbols) return { ...head, state, base: r.u64(), size: r.u32(), timestamp: r.u32(), unload: r.u32() === 1, path: r.str() };
  throw new RangeError(`unknown state change 0x${state.toString(16)}`);
}

// ---------------------------------------------------------------- debug I/O

export function encodePrint(text: string, processor = 0): Uint8Array {
  const b = new TextEncoder().encode(text);
  return new Writer().u32(DebugIo.PrintString).u32(0).u16(processor).u16(0).u32(b.length).bytes(b).done();
}

/** DbgPrompt's question (GetString): the prompt and the most characters the answer may have. The host's reply is
 *  the same packet with the answer as its text. */
export function encodeGetString(text: string, max: number, processor = 0): Uint8Array {
  const b = new TextEncoder().encode(text);
  return new Writer().u32(DebugIo.GetString).u32(0).u16(processor).u16(0).u32(b.length).bytes(b).u32(max).done();
}

export function decodeDebugIo(data: Uint8Array): { api: number; text: string; max?: number } {
  const r = new Reader(data);
  const api = r.u32(); r.u32(); r.u16(); r.u16();
  const n = r.u32();
  const text = new TextDecoder().decode(r.bytes(n));
  return api === DebugIo.GetString && r.left >= 4 ? { api, text, max: r.u32() } : { api, text };
}

/** Bytes of DEBUG_IO head before the text (to size batches under PACKET_MAX_SIZE). */
export const PRINT_HEAD = 16;
