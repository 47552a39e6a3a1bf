// The memory dump a bugcheck writes (our MEMORY.DMP): a record of our own format the debugger loads later
// (`windbg -z MEMORY.DMP` style). Layout: 8-byte magic "DLDUMP01", a little-endian u32 header length, the header
// as UTF-8 JSON (bugcheck, time, version, loaded and unloaded modules, every thread's frames, which one faulted),
// then the whole system memory, raw-deflated (system space is mostly zero pages, so it packs small).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { toVA } from '../../../main/machine/memory.ts';
import type { Thread } from '../../../main/machine/cpu/types.ts';
import type { Kernel } from '../kernel.ts';
import { OS_VERSION } from './version.ts';

export const DUMP_MAGIC = 'DLDUMP01';

const hex = (v: bigint | number) => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');

/** A wasm value in JSON: numbers as they are, 64-bit integers as decimal strings. */
export type DumpValue = number | string;
export interface DumpFrame {
  function: string; image?: string; address?: string; returnAddress?: string;
  /** The frame as the debugger's context has it (dv and r read the locals). */
  kind?: 'wasm' | 'host' | 'start'; locals?: DumpValue[]; stack?: DumpValue[];
}
export interface DumpThread { id: number; name: string; state: string; irql: number; faulting: boolean; frames: DumpFrame[]; sp?: string; stackBase?: string }
export interface DumpModule {
  name: string; moduleName: string; path: string; base: string; size: number; timestamp: number;
  /** Where the image's data starts from its base (globals); 0 for images the kernel implements itself. */
  dataOffset?: number;
  /** An image the kernel implements in TS (nt, hal, Wdf01000): no code of its own in the dump. */
  hostImage?: boolean;
}

export interface DumpHeader {
  format: 'DriverLab kernel memory dump';
  version: 1;
  bugCheck: { code: number; name: string; parameters: string[]; driver?: string };
  /** System time (100 ns since 1601) and machine cycles since boot when the system stopped. */
  systemTime: string;
  uptimeCycles: number;
  os: { major: number; minor: number; build: number };
  memorySize: number;
  /** VA of system-space offset 0 (memory byte i is at systemBase + i). */
  systemBase: string;
  modules: DumpModule[];
  unloadedModules: { name: string; base: string; size: number }[];
  threads: DumpThread[];
}

export interface CrashDump { header: DumpHeader; memory: Uint8Array }

const value = (v: number | bigint): DumpValue => (typeof v === 'bigint' ? v.toString() : v);

function frames(k: Kernel, t: Thread): DumpFrame[] {
  const P = k.processor;
  try {
    return P.stack(t).map((f) => {
      let code = f.codeOffset;
      if (code === undefined && f.kind === 'start') { const F = P.funcs[f.fid]; if (F?.kind === 'wasm') code = P.codeOffset(F.id, 0); }
      return {
        function: f.function, image: f.image, kind: f.kind,
        address: code !== undefined ? hex(toVA(code)) : undefined,
        returnAddress: f.returnOffset !== undefined ? hex(toVA(f.returnOffset)) : undefined,
        locals: f.locals.map(value), stack: f.stack.map(value),
      };
    });
  } catch { return []; }
}

/** Build the dump record of a stopped kernel. */
export function writeCrashDump(k: Kernel): Uint8Array {
  const b = k.bugCheck;
  const code = b ? (b.code in k.layouts.constants ? k.constant(b.code) >>> 0 : 0) : 0;
  const faulting = k.bugCheckThread;
  const threads = [...new Set([...(faulting ? [faulting] : []), ...k.threads])];
  const header: DumpHeader = {
    format: 'DriverLab kernel memory dump', version: 1,
    bugCheck: { code, name: b?.code ?? 'NONE', parameters: (b?.params ?? [0n, 0n, 0n, 0n]).map(hex), driver: b?.driver },
    systemTime: String(k.clock.systemTimePrecise()), uptimeCycles: k.ke.now(),
    os: { major: OS_VERSION.major, minor: OS_VERSION.minor, build: OS_VERSION.build },
    memorySize: k.memory.size, systemBase: hex(toVA(0)),
    modules: k.loader.modules().map((m) => ({
      name: m.name, moduleName: m.moduleName, path: m.path, base: hex(toVA(m.base)), size: m.size, timestamp: m.timestamp,
      dataOffset: m.image ? m.image.memoryBase - m.base : 0, hostImage: !m.image,
    })),
    unloadedModules: (k.io?.unloaded ?? []).map((u) => ({ name: u.name, base: hex(toVA(u.base)), size: u.size })),
    threads: threads.map((t, i) => ({
      id: i, name: t.name ?? 'thread', state: t.state, irql: t.irql, faulting: t === faulting, frames: frames(k, t),
      sp: hex(toVA(t.sp)), stackBase: hex(toVA(t.stackBase)),
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const packed = deflateRawSync(k.memory.u8, { level: 1 }); // fast: the dump is written while the machine stops
  const out = new Uint8Array(8 + 4 + json.length + packed.length);
  out.set(new TextEncoder().encode(DUMP_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(packed, 12 + json.length);
  return out;
}

/** Read a dump record back (the debugger's side). */
export function readCrashDump(bytes: Uint8Array): CrashDump {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== DUMP_MAGIC) throw new Error('not a DriverLab kernel memory dump');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + n))) as DumpHeader;
  const memory = new Uint8Array(inflateRawSync(bytes.subarray(12 + n)));
  if (memory.length !== header.memorySize) throw new Error('the dump\'s memory is damaged');
  return { header, memory };
}
