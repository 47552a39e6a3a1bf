// The tables the stub keeps in nt's image in system memory for the debugger to read with ReadVirtualMemory: the
// loaded-module list (PsLoadedModuleList; what `lm` and `.reload` walk), nt's export directory (names the
// debugger resolves as nt!Name: Kd_*_Mask, KiBugCheckData, DbgBreakPointWithStatus) and KiBugCheckData (the
// stop code and four parameters). The layouts are ours; the stub writes and the host reads them through here.

export interface ModuleRecord {
  base: bigint; size: number; timestamp: number; hasDebugInfo: boolean;
  /** A kernel image implemented by the host: an export directory (encodeExports) sits at its base. */
  exportDirectory: boolean;
  /** Where the image's data (__memory_base) starts, from its base (0 for host images). */
  dataOffset: number;
  name: string; path: string;
}
export interface ExportRecord { address: bigint; name: string }

export const MODULE_RECORD_SIZE = 256;
const NAME_CHARS = 32, PATH_CHARS = 80;
export const EXPORT_RECORD_SIZE = 64;
const EXPORT_NAME_CHARS = 56;
/** KiBugCheckData: code, then the four parameters (ULONG64 each). */
export const BUGCHECK_DATA_SIZE = 40;

function putW(dv: DataView, at: number, s: string, max: number): void {
  const t = s.slice(0, max - 1);
  dv.setUint16(at, t.length, true);
  for (let i = 0; i < t.length; i++) dv.setUint16(at + 2 + 2 * i, t.charCodeAt(i), true);
}
function getW(dv: DataView, at: number, max: number): string {
  const n = Math.min(dv.getUint16(at, true), max);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(dv.getUint16(at + 2 + 2 * i, true));
  return s;
}

/** The module list as bytes: count, then fixed-size records. */
export function encodeModuleList(mods: ModuleRecord[]): Uint8Array {
  const out = new Uint8Array(8 + mods.length * MODULE_RECORD_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, mods.length, true);
  mods.forEach((m, i) => {
    const at = 8 + i * MODULE_RECORD_SIZE;
    dv.setBigUint64(at, m.base, true); dv.setUint32(at + 8, m.size, true); dv.setUint32(at + 12, m.timestamp, true);
    dv.setUint32(at + 16, (m.hasDebugInfo ? 1 : 0) | (m.exportDirectory ? 2 : 0), true); dv.setUint32(at + 252, m.dataOffset, true);
    putW(dv, at + 20, m.name, NAME_CHARS); putW(dv, at + 20 + 2 + 2 * NAME_CHARS, m.path, PATH_CHARS);
  });
  return out;
}
export function moduleCount(head: Uint8Array): number { return new DataView(head.buffer, head.byteOffset, 8).getUint32(0, true); }
export function decodeModuleRecords(bytes: Uint8Array, count: number): ModuleRecord[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ModuleRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * MODULE_RECORD_SIZE;
    out.push({
      base: dv.getBigUint64(at, true), size: dv.getUint32(at + 8, true), timestamp: dv.getUint32(at + 12, true),
      hasDebugInfo: (dv.getUint32(at + 16, true) & 1) !== 0, exportDirectory: (dv.getUint32(at + 16, true) & 2) !== 0, dataOffset: dv.getUint32(at + 252, true), name: getW(dv, at + 20, NAME_CHARS), path: getW(dv, at + 20 + 2 + 2 * NAME_CHARS, PATH_CHARS),
    });
  }
  return out;
}

export function encodeExports(ex: ExportRecord[]): Uint8Array {
  const out = new Uint8Array(8 + ex.length * EXPORT_RECORD_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, ex.length, true);
  ex.forEach((e, i) => {
    const at = 8 + i * EXPORT_RECORD_SIZE;
    dv.setBigUint64(at, e.address, true);
    const name = e.name.slice(0, EXPORT_NAME_CHARS - 1);
    for (let k = 0; k < name.length; k++) out[at + 8 + k] = name.charCodeAt(k);
  });
  return out;
}
export function decodeExports(bytes: Uint8Array, count: number): ExportRecord[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ExportRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * EXPORT_RECORD_SIZE;
    let name = '';
    for (let k = 0; k < EXPORT_NAME_CHARS && bytes[at + 8 + k]; k++) name += String.fromCharCode(bytes[at + 8 + k]!);
    out.push({ address: dv.getBigUint64(at, true), name });
  }
  return out;
}
