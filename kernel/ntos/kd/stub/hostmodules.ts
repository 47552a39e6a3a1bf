// Kernel images our kernel implements in TypeScript (nt, hal, Wdf01000) get a region of system space as real
// images have: an export directory at the base (the debugger reads it for export-only symbols), one code slot per
// exported routine (so a host routine has an address for `k`, `ln` and `bp nt!Name`; each slot holds an int 3
// byte), slots given out later to internal routines as they show on stacks (routineSlot), and, for nt, the data
// the debugger reads: KiBugCheckData and PsLoadedModuleList; after it, the tables of the publishers
// (publishers.ts) whose module it is.
import { knownModules, moduleExports } from '../../../exports.ts';
import { encodeExports, encodeModuleList, BUGCHECK_DATA_SIZE, MODULE_RECORD_SIZE, type ExportRecord, type ModuleRecord } from '../../../../main/formats/kd/ntdata.ts';
import { PAGE_SIZE, toVA } from '../../../../main/machine/memory.ts';
import { imageTimestamp } from '../../mm/loader/timestamp.ts';
import type { Kernel } from '../../kernel.ts';
import { CODE_SLOT_SIZE as SLOT, CodeSlots } from '../../mm/code-slots.ts';
import { kdPublishers, type KdPublisher } from './publishers.ts';

export const MAX_MODULES = 128;
/** Code slots each module keeps for its internal routines (Wdf01000!FxDriver::AddDevice...), given out the first
 *  time one shows on a stack or in a function table, so every frame has a code address and a return address. */
const INTERNAL_SLOTS = 512;

/** The debugger's short module name for a kernel file (ntoskrnl.exe → nt, as WinDbg names the kernel). */
export function debuggerModuleName(file: string): string {
  const lower = file.toLowerCase();
  if (lower === 'ntoskrnl.exe') return 'nt';
  if (lower === 'wdf01000.sys') return 'Wdf01000';
  return file.replace(/\.[^.]*$/, '');
}

/** The file name as Windows spells it. */
function fileName(file: string): string { return file.toLowerCase() === 'wdf01000.sys' ? 'Wdf01000.sys' : file; }

function filePath(file: string): string {
  if (/\.sys$/i.test(file)) return `\\SystemRoot\\System32\\drivers\\${file === 'wdf01000.sys' ? 'Wdf01000.sys' : file}`;
  return `\\SystemRoot\\system32\\${file}`;
}

export interface HostModule {
  file: string; moduleName: string; base: number; size: number;
  /** Routine name → code slot: the exported routines' first, in export order, then internal ones as they show. */
  slots: CodeSlots;
  /** The export directory's records (internal routines are added as they get a slot). */
  exports: ExportRecord[];
}

/** The code address of a host routine (`Routine` of module `hm`): its export slot, or an internal slot given out
 *  now and named in the export directory (as a PDB names a non-exported function); 0 when none is left. */
export function routineSlot(k: Kernel, hm: HostModule, routine: string): number {
  const known = hm.slots.find(routine);
  if (known !== undefined) return known;
  const at = hm.slots.get(routine);
  if (!at) return 0;
  hm.exports.push({ name: routine, address: toVA(at) });
  k.memory.u8.set(encodeExports(hm.exports), hm.base);
  return at;
}

export interface NtData { kiBugCheckData: number; psLoadedModuleList: number; dbgBreakPointWithStatus: number; dbgBreakPoint: number }

/** Where each publisher's symbols were placed (refreshPublished rewrites them). */
export interface Published { publisher: KdPublisher; at: Map<string, number> }

/** Rewrite every published table (the stub calls this as it freezes the target). */
export function refreshPublished(k: Kernel, published: Published[]): void {
  for (const p of published) p.publisher.refresh(k, (n) => p.at.get(n) ?? 0);
}

/** Lay out every host module in system space and register it in the loaded-module list (once). */
export function mapHostModules(k: Kernel): { modules: HostModule[]; nt: NtData; published: Published[] } {
  const modules: HostModule[] = [];
  const published: Published[] = [];
  let nt: NtData | undefined;
  // Kernel-mode images only (the user-mode DLLs our kernel also implements live in processes, not in system space).
  for (const file of knownModules().filter((f) => /^(ntoskrnl\.exe|hal\.dll|.*\.sys)$/i.test(f))) {
    const names = [...(moduleExports(file) ?? [])].sort();
    const isNt = file === 'ntoskrnl.exe';
    if (isNt) for (const n of ['DbgBreakPointWithStatus', 'DbgBreakPoint']) if (!names.includes(n)) names.push(n);
    const extra = isNt ? ['KiBugCheckData', 'PsLoadedModuleList', ...k.printFilter.symbols().map(([n]) => n)] : [];
    const pubs = kdPublishers.filter((p) => p.file === file);
    const pubSymbols = pubs.flatMap((p) => p.symbols);
    const exportBytes = 8 + (names.length + extra.length + pubSymbols.length + INTERNAL_SLOTS) * 64;
    const codeAt = Math.ceil(exportBytes / 16) * 16;
    const dataAt = codeAt + (names.length + INTERNAL_SLOTS) * SLOT;
    const ntDataSize = isNt ? BUGCHECK_DATA_SIZE + 8 + 8 + MAX_MODULES * MODULE_RECORD_SIZE : 0;
    const pubAt = Math.ceil((dataAt + ntDataSize) / 16) * 16;
    const pubSize = pubSymbols.reduce((n, x) => n + Math.ceil(x.size / 16) * 16, 0);
    const size = Math.ceil((pubAt + pubSize) / PAGE_SIZE) * PAGE_SIZE;
    const base = k.pages.alloc(size);
    if (base === undefined) throw new Error('no system space for the kernel images');
    k.memory.u8.fill(0, base, base + size);
    const slots = new CodeSlots(k.memory, base + codeAt, names.length + INTERNAL_SLOTS);
    const ex: ExportRecord[] = names.map((n) => ({ name: n, address: toVA(slots.get(n)) }));
    if (isNt) {
      const bc = base + dataAt, list = bc + BUGCHECK_DATA_SIZE + 8;
      nt = { kiBugCheckData: bc, psLoadedModuleList: list, dbgBreakPointWithStatus: slots.get('DbgBreakPointWithStatus'), dbgBreakPoint: slots.get('DbgBreakPoint') };
      ex.push({ name: 'KiBugCheckData', address: toVA(bc) }, { name: 'PsLoadedModuleList', address: toVA(list) });
      for (const [n, a] of k.printFilter.symbols()) ex.push({ name: n, address: toVA(a) });
    }
    let next = base + pubAt;
    for (const p of pubs) {
      const at = new Map<string, number>();
      for (const x of p.symbols) { at.set(x.name, next); ex.push({ name: x.name, address: toVA(next) }); next += Math.ceil(x.size / 16) * 16; }
      published.push({ publisher: p, at });
    }
    k.memory.u8.set(encodeExports(ex), base);
    const moduleName = debuggerModuleName(file);
    if (!k.loader.modules().some((m) => m.moduleName.toLowerCase() === moduleName.toLowerCase())) {
      k.loader.registerModule({ moduleName, name: fileName(file), path: filePath(file), base, size, timestamp: imageTimestamp(new TextEncoder().encode(file)), hasDebugInfo: false });
    }
    modules.push({ file, moduleName, base, size, slots, exports: ex });
  }
  if (!nt) throw new Error('ntoskrnl.exe is not among the kernel modules');
  return { modules, nt, published };
}

/** Rewrite PsLoadedModuleList from the loader's list (after every load and unload). */
export function writeModuleList(k: Kernel, at: number, hostModules: HostModule[]): void {
  const hostBases = new Set(hostModules.map((m) => m.base));
  const recs: ModuleRecord[] = k.loader.modules().slice(0, MAX_MODULES).map((m) => ({
    base: toVA(m.base), size: m.size, timestamp: m.timestamp, hasDebugInfo: m.hasDebugInfo,
    exportDirectory: hostBases.has(m.base), dataOffset: m.image ? m.image.memoryBase - m.base : 0, name: m.name, path: m.path,
  }));
  k.memory.u8.set(encodeModuleList(recs), at);
}
