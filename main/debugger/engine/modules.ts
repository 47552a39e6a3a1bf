// The loaded-module list as the debugger knows it (read from the target's PsLoadedModuleList, updated by load
// and unload state changes) and symbols found in the symbol path: <name>.sys with DWARF, matched by name and
// timestamp, as WinDbg matches a PDB to an image. Host-implemented images (nt, hal, Wdf01000) get export symbols
// from the export directory at their base.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeModule, type WasmModule } from '../../formats/wasm/index.ts';
import { loadSymbols, type SymbolModule, type FunctionSymbol } from '../symbols/module.ts';
import { sizeOf } from '../symbols/types.ts';
import { imageTimestamp } from '../../../kernel/ntos/mm/loader/timestamp.ts';
import type { ModuleRecord } from '../../formats/kd/ntdata.ts';

export type SymbolState = 'deferred' | 'private' | 'export' | 'none';

export interface DebugModule {
  /** Module name as the debugger shows it (nt, hal, Wdf01000, mydrv). */
  name: string;
  file: string;
  path: string;
  base: bigint;
  size: number;
  timestamp: number;
  dataOffset: number;
  exportDirectory: boolean;
  state: SymbolState;
  symbols?: SymbolModule;
  symbolFile?: string;
  wasm?: WasmModule;
  exports?: { name: string; address: bigint }[];
}

export function moduleNameOf(file: string): string {
  const lower = file.toLowerCase();
  if (lower === 'ntoskrnl.exe') return 'nt';
  if (lower === 'wdf01000.sys') return 'Wdf01000';
  return file.replace(/\.[^.]*$/, '');
}

export function fromRecord(r: ModuleRecord): DebugModule {
  return {
    name: moduleNameOf(r.name), file: r.name, path: r.path, base: r.base, size: r.size, timestamp: r.timestamp,
    dataOffset: r.dataOffset, exportDirectory: r.exportDirectory, state: 'deferred',
  };
}

/** Search the symbol path folders (and one level of subfolders, as x64\Debug\<Name>\) for a matching image. */
/** A path as the learner typed it (Windows separators, relative to the work folder) as the host's file system names it. */
export function hostPath(p: string, workDir = process.cwd()): string {
  const native = path.sep === '\\' ? p : p.replaceAll('\\', '/');
  return path.resolve(workDir, native);
}

export function findSymbolFile(sympath: string[], m: DebugModule, workDir?: string): { file: string; bytes: Uint8Array } | undefined {
  const want = m.file.toLowerCase();
  const visit = (dir: string, depth: number): { file: string; bytes: Uint8Array } | undefined => {
    let names: string[];
    try { names = readdirSync(dir); } catch { return undefined; }
    for (const n of names) {
      if (n.toLowerCase() !== want) continue;
      const file = path.join(dir, n);
      const bytes = new Uint8Array(readFileSync(file));
      if (imageTimestamp(bytes) === m.timestamp) return { file, bytes };
    }
    if (depth > 0) for (const n of names) {
      const p = path.join(dir, n);
      try { if (statSync(p).isDirectory()) { const f = visit(p, depth - 1); if (f) return f; } } catch { /* unreadable */ }
    }
    return undefined;
  };
  for (const entry of sympath) {
    if (!entry || entry.toLowerCase().startsWith('srv*')) continue;
    const dir = hostPath(entry, workDir);
    if (!existsSync(dir)) continue;
    const f = visit(dir, 3);
    if (f) return f;
  }
  return undefined;
}

/** Load private symbols for a driver module (returns false when no matching file is in the path). */
export function loadModuleSymbols(m: DebugModule, sympath: string[], workDir?: string): boolean {
  if (m.exportDirectory) return false;
  const f = findSymbolFile(sympath, m, workDir);
  if (!f) { m.state = 'none'; return false; }
  m.wasm = decodeModule(f.bytes);
  m.symbols = loadSymbols(m.wasm, m.name);
  m.symbolFile = f.file;
  m.state = 'private';
  return true;
}

/**
 * A function's entry: its first instruction. DWARF's low_pc of a wasm function is the start of its body (the
 * local declarations); code addresses the processor runs and stops at are instructions, so the debugger treats
 * the first instruction as the function's address (bp, x, ln, `module!Function:` after a stop).
 */
export function entryOf(m: DebugModule, lowPc: number): number {
  const b = m.wasm?.bodies.find((x) => lowPc >= x.start && lowPc < x.end);
  return b && lowPc < b.codeStart ? b.codeStart : lowPc;
}

export interface SymbolAt { module: DebugModule; name: string; offset: number; fn?: FunctionSymbol; exact: boolean }

/** `module!name+0x1a` for a VA (function symbols, then exports, then `module+0x…`). */
export function symbolAt(mods: DebugModule[], va: bigint): SymbolAt | undefined {
  const m = mods.find((x) => va >= x.base && va < x.base + BigInt(x.size));
  if (!m) return undefined;
  const rel = Number(va - m.base);
  if (m.symbols) {
    const s = m.symbols.addressToSymbol(rel);
    if (s) {
      const offset = Math.max(0, rel - entryOf(m, s.function.lowPc));
      return { module: m, name: s.name, offset, fn: s.function, exact: offset === 0 };
    }
    // A global's storage names itself (ln, bl of a ba), as a PDB's data symbols do.
    const d = rel - m.dataOffset;
    const g = m.symbols.globals.find((x) => x.offset !== undefined && d >= x.offset && d < x.offset + Math.max(1, sizeOf(x.type)));
    if (g) return { module: m, name: g.name, offset: d - g.offset!, exact: d === g.offset };
  }
  if (m.exports?.length) {
    let best: { name: string; address: bigint } | undefined;
    for (const e of m.exports) if (e.address <= va && (!best || e.address > best.address) && e.address >= m.base && e.address < m.base + BigInt(m.size)) best = e;
    if (best) return { module: m, name: best.name, offset: Number(va - best.address), exact: va === best.address };
  }
  return { module: m, name: '', offset: rel, exact: false };
}

export function formatSymbolAt(s: SymbolAt | undefined, va: bigint): string {
  if (!s) return `0x${va.toString(16)}`;
  if (!s.name) return `${s.module.name}+0x${s.offset.toString(16)}`;
  return `${s.module.name}!${s.name}${s.offset ? `+0x${s.offset.toString(16)}` : ''}`;
}
