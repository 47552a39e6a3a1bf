// The system loader (MmLoadSystemImage's job): maps a kernel image (a wasm32 PIC module built by our clang) into
// system space, resolves its imports against the kernel's export tables and other loaded images, relocates it and
// hands back a LoadedImage. A bad image is refused with the status a Windows user sees, never a JS exception.

import { decodeModule, WasmFormatError, type FuncType, type WasmModule } from '../../../../main/formats/wasm/index.ts';
import { PAGE_SIZE, toVA, type PageAllocator, type SystemMemory } from '../../../../main/machine/memory.ts';
import { Processor, ValidationError, type ImportBinding } from '../../../../main/machine/cpu/processor.ts';
import { Status } from '../../../../main/machine/cpu/status.ts';
import type { Func, HostRoutine, Instance } from '../../../../main/machine/cpu/types.ts';
import { imageTimestamp } from './timestamp.ts';
import { TableAllocator } from './table.ts';

/** What the loader works on: the machine's memory, its page allocator and its processor. */
export interface SystemSpace { memory: SystemMemory; pages: PageAllocator; processor: Processor }

/** How the kernel satisfies one import: a host routine, an existing function, or a data address. */
export type ImportResolution =
  | { kind: 'host'; routine: HostRoutine }
  | { kind: 'func'; func: Func }
  | { kind: 'data'; address: number }
  | undefined;
/** Looks an import up in the kernel's export tables (ntoskrnl.exe, HAL.dll, Wdf01000.sys...). */
export type ResolveImport = (module: string, name: string, kind: 'func' | 'data', type?: FuncType) => ImportResolution;

export type ImageExport = { kind: 'func'; func: Func; codeOffset: number } | { kind: 'data'; address: number };

export interface LoadedImage {
  /** File name as loaded (mydrv.sys) and the module name the debugger shows (mydrv). */
  name: string;
  moduleName: string;
  path: string;
  /** System-space offset of the image and its size (page multiple); base VA as the learner sees it. */
  base: number;
  size: number;
  baseVA: bigint;
  /** Code section payload is at `base`; data at `memoryBase`; table slots from `tableBase`. */
  codeBase: number;
  memoryBase: number;
  tableBase: number;
  /** Deterministic link timestamp (a hash of the bytes). */
  timestamp: number;
  /** The entry the I/O manager calls: FxDriverEntry (KMDF), GsDriverEntry or DriverEntry. */
  entry?: Func;
  exports: Map<string, ImageExport>;
  /** Every function defined by the image: module index, name, code offset. */
  functions: { index: number; name: string; func: Func; codeOffset: number }[];
  hasDebugInfo: boolean;
  bytes: Uint8Array;
  module: WasmModule;
  instance: Instance;
}

export type LoadResult = { ok: true; image: LoadedImage } | { ok: false; status: number; message: string };

/** A row of the loaded-module list (`lm`). Kernel images implemented by the host register rows too. */
export interface ModuleEntry { moduleName: string; name: string; path: string; base: number; size: number; timestamp: number; hasDebugInfo: boolean; image?: LoadedImage }

export interface LoadOptions { path?: string; runConstructors?: boolean }

const LOADER_STACK = 64 * 1024;
/** The shared function table's limit (a damaged dylink.0 must not grow it without bound). */
const MAX_TABLE_SLOTS = 1 << 20;

export class SystemLoader {
  private readonly images: LoadedImage[] = [];
  private readonly extra: ModuleEntry[] = [];
  private readonly tables: TableAllocator;
  private stack?: { base: number; limit: number };

  constructor(readonly space: SystemSpace) {
    this.tables = new TableAllocator(space.processor.table);
  }

  /** Map, link and relocate an image. */
  loadImage(bytes: Uint8Array, name: string, resolve: ResolveImport, opts: LoadOptions = {}): LoadResult {
    const bad = (why: string): LoadResult => ({ ok: false, status: Status.INVALID_IMAGE_FORMAT, message: `${name} is not a valid kernel image: ${why}.` });
    let m: WasmModule;
    try { m = decodeModule(bytes); } catch (e) {
      if (e instanceof WasmFormatError) return bad(e.message);
      return bad(String(e));
    }
    if (!m.dylink) return bad('it is not relocatable (no dylink.0 section; link with -shared -fPIC)');
    if (this.find(name)) return { ok: false, status: Status.IMAGE_ALREADY_LOADED, message: `${name} is already loaded.` };
    const { processor: P, memory, pages } = this.space;
    const d = m.dylink;

    // Lay out: code payload at the image base, then data at __memory_base (aligned as dylink asks).
    const align = Math.max(16, 2 ** Math.min(d.memoryAlign, 12));
    const dataOff = Math.ceil(m.code.length / align) * align;
    const size = Math.ceil((dataOff + d.memorySize) / PAGE_SIZE) * PAGE_SIZE || PAGE_SIZE;
    const base = pages.alloc(size);
    if (base === undefined) return { ok: false, status: Status.INSUFFICIENT_RESOURCES, message: `No system space left to map ${name}.` };
    const memoryBase = base + dataOff;

    // Own data exports (for GOT.mem entries that refer to the image itself).
    const ownData = new Map<string, number>();
    const exportedFuncIndex = new Map<string, number>();
    const importedGlobals = m.imports.filter((i) => i.kind === 'global').length;
    for (const e of m.exports) {
      if (e.kind === 'func') exportedFuncIndex.set(e.name, e.index);
      if (e.kind === 'global') {
        const g = m.globals[e.index - importedGlobals];
        if (g && g.init.op === 'i32.const') ownData.set(e.name, memoryBase + g.init.value);
      }
    }

    const gotFunc: { slot: number; fill: () => Func | undefined }[] = [];
    const slotsNeeded = d.tableSize + m.imports.filter((i) => i.module === 'GOT.func').length;
    if (P.table.length + slotsNeeded > MAX_TABLE_SLOTS) {
      pages.release(base);
      return { ok: false, status: Status.INSUFFICIENT_RESOURCES, message: `No function table space left to map ${name} (it asks for ${slotsNeeded} slots).` };
    }
    const tableBase = this.tables.alloc(slotsNeeded, 2 ** Math.min(d.tableAlign, 8));
    let nextGot = tableBase + d.tableSize;
    const cleanup = () => { pages.release(base); this.tables.release(tableBase); };

    const bindings: ImportBinding[] = [];
    for (const imp of m.imports) {
      const notFound = (): LoadResult => {
        cleanup();
        return { ok: false, status: Status.PROCEDURE_NOT_FOUND, message: `The procedure entry point ${imp.name} could not be located in the dynamic link library ${imp.module}.` };
      };
      if (imp.kind === 'memory') {
        if (imp.module !== 'env' || imp.name !== 'memory') { cleanup(); return bad(`unexpected memory import ${imp.module}.${imp.name}`); }
        if (imp.limits.min * 65536 > memory.size) { cleanup(); return bad('it needs more memory than system space has'); }
        bindings.push({ kind: 'memory' });
      } else if (imp.kind === 'table') {
        bindings.push({ kind: 'table' });
      } else if (imp.kind === 'global') {
        if (imp.module === 'env' && imp.name === '__stack_pointer') bindings.push({ kind: 'sp' });
        else if (imp.module === 'env' && imp.name === '__memory_base') bindings.push({ kind: 'global', value: memoryBase });
        else if (imp.module === 'env' && imp.name === '__table_base') bindings.push({ kind: 'global', value: tableBase });
        else if (imp.module === 'GOT.mem') {
          const addr = ownData.get(imp.name) ?? this.findData(imp.name) ?? asData(resolve('env', imp.name, 'data'));
          if (addr === undefined) return notFound();
          bindings.push({ kind: 'global', value: addr });
        } else if (imp.module === 'GOT.func') {
          const slot = nextGot++;
          const own = exportedFuncIndex.get(imp.name);
          const other = own === undefined ? this.findFunc(imp.name, P, resolve, imp.module) : undefined;
          if (own === undefined && !other) return notFound();
          gotFunc.push({ slot, fill: () => (own !== undefined ? instance!.funcs[own] : other) });
          bindings.push({ kind: 'global', value: slot });
        } else {
          const addr = asData(resolve(imp.module, imp.name, 'data'));
          if (addr === undefined) return notFound();
          if (imp.type.mutable) { cleanup(); return bad(`mutable global import ${imp.name}`); }
          bindings.push({ kind: 'global', value: addr });
        }
      } else {
        const type = m.types[imp.type];
        if (!type) { cleanup(); return bad(`import ${imp.name} has an unknown type`); }
        const f = this.importFunc(imp.module, imp.name, type, resolve);
        if (!f) return notFound();
        if (f.sig !== P.sigId(type)) { cleanup(); return { ok: false, status: Status.PROCEDURE_NOT_FOUND, message: `The procedure entry point ${imp.name} in ${imp.module} has a different signature than ${name} expects.` }; }
        bindings.push({ kind: 'func', func: f });
      }
    }

    // Copy the code bytes (so code has real addresses), zero the data area, create the functions.
    memory.u8.fill(0, base, base + size);
    memory.u8.set(m.code, base);
    let instance: Instance | undefined;
    try {
      instance = P.instantiate({ name, module: m, codeBase: base, memoryBase, tableBase, imports: bindings });
    } catch (e) {
      cleanup();
      if (e instanceof ValidationError) return bad(e.message);
      throw e;
    }
    const fail = (r: LoadResult): LoadResult => { P.removeInstance(instance!); cleanup(); return r; };
    let segErr: string | undefined;
    try {
      // Element segments may fill only the image's own table slots (a damaged offset must not write other images'
      // slots, nor grow the shared table without bound).
      for (const seg of m.elems) {
        if (seg.mode !== 'active') continue;
        const at = Number(P.evalConst(instance, seg.offset!));
        if (!(at >= tableBase && at + seg.funcs.length <= tableBase + d.tableSize)) { segErr = `element segment at table slot ${at} is outside the image's table`; break; }
      }
      segErr ??= P.initSegments(instance);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      segErr = e.message;
    }
    if (segErr) return fail(bad(segErr));
    for (const g of gotFunc) P.table[g.slot] = g.fill() ?? null;

    const exports = new Map<string, ImageExport>();
    for (const e of m.exports) {
      if (e.kind === 'func') {
        const func = instance.funcs[e.index];
        if (!func) return fail(bad(`its export ${e.name} names no function`));
        exports.set(e.name, { kind: 'func', func, codeOffset: func.inst === instance ? P.codeOffset(func.id, 0) : 0 });
      } else if (e.kind === 'global' && ownData.has(e.name)) exports.set(e.name, { kind: 'data', address: ownData.get(e.name)! });
    }

    // Relocate as a dynamic linker does, with the image's own code as wasm-ld emits it: the start function first (it
    // fills the GOT globals that reach data in other object files, __wasm_apply_global_relocs), then the data
    // relocations, then the constructors.
    const startFunc = m.start !== undefined ? instance.funcs[m.start] : undefined;
    if (m.start !== undefined && (!startFunc || startFunc.type.params.length || startFunc.type.results.length)) return fail(bad('its start function is not a function of no arguments'));
    const start = startFunc ? { name: '__wasm_start', func: startFunc } : undefined;
    const inits = [...(start ? [start] : []), ...['__wasm_apply_data_relocs', ...(opts.runConstructors === false ? [] : ['__wasm_call_ctors'])]
      .flatMap((name) => { const x = exports.get(name); return x?.kind === 'func' ? [{ name, func: x.func }] : []; })];
    for (const { name: init, func } of inits) {
      const r = P.callSync(func, [], this.loaderStack());
      if (r.stop.reason !== 'exited') return fail(bad(`${init} did not complete (${r.stop.reason}${r.exception ? ` 0x${(r.exception.code >>> 0).toString(16)}` : ''})`));
    }

    const functions = m.bodies.map((_, k) => {
      const index = m.importedFuncs + k;
      const func = instance!.funcs[index]!;
      return { index, name: func.name, func, codeOffset: P.codeOffset(func.id, 0) };
    });
    const entryExport = ['FxDriverEntry', 'GsDriverEntry', 'DriverEntry'].map((n) => exports.get(n)).find((x) => x?.kind === 'func');
    const image: LoadedImage = {
      name, moduleName: name.replace(/\.[^.]*$/, ''), path: opts.path ?? `\\SystemRoot\\System32\\drivers\\${name}`,
      base, size, baseVA: toVA(base), codeBase: base, memoryBase, tableBase, timestamp: imageTimestamp(bytes),
      entry: entryExport?.kind === 'func' ? entryExport.func : undefined, exports, functions,
      hasDebugInfo: m.customs.some((c) => c.name === '.debug_info'), bytes, module: m, instance,
    };
    this.images.push(image);
    return { ok: true, image };
  }

  /** Unmap an image: its functions become uncallable, its table slots and system space are freed. */
  unloadImage(image: LoadedImage): boolean {
    const i = this.images.indexOf(image);
    if (i < 0) return false;
    this.images.splice(i, 1);
    this.space.processor.removeInstance(image.instance);
    this.tables.release(image.tableBase);
    this.space.memory.u8.fill(0, image.base, image.base + image.size);
    this.space.pages.release(image.base);
    return true;
  }

  /**
   * A function-table slot for a kernel routine handed to drivers as a function pointer (nt!IopInvalidDeviceRequest
   * in MajorFunction, the cancel-safe queue's cancel routine): driver code may call through it like any pointer.
   */
  allocateKernelSlot(func: Func): number {
    const slot = this.tables.alloc(1);
    this.space.processor.table[slot] = func;
    return slot;
  }
  releaseKernelSlot(slot: number): void { this.tables.release(slot); }

  /** Add a row for a kernel image implemented by the host (nt, hal, Wdf01000) so `lm` lists it. */
  registerModule(e: ModuleEntry): void { this.extra.push(e); }

  /** The loaded-module list in address order (what `lm` prints). */
  modules(): ModuleEntry[] {
    const rows: ModuleEntry[] = this.images.map((im) => ({
      moduleName: im.moduleName, name: im.name, path: im.path, base: im.base, size: im.size, timestamp: im.timestamp,
      hasDebugInfo: im.hasDebugInfo, image: im,
    }));
    return [...rows, ...this.extra].sort((a, b) => a.base - b.base);
  }

  loaded(): readonly LoadedImage[] { return this.images; }
  find(name: string): LoadedImage | undefined {
    const n = name.toLowerCase();
    return this.images.find((im) => im.name.toLowerCase() === n || im.moduleName.toLowerCase() === n);
  }
  /** The image containing a system-space offset. */
  imageAt(offset: number): LoadedImage | undefined { return this.images.find((im) => offset >= im.base && offset < im.base + im.size); }

  private importFunc(module: string, name: string, type: FuncType, resolve: ResolveImport): Func | undefined {
    const P = this.space.processor;
    const r = resolve(module, name, 'func', type);
    if (r?.kind === 'host') return P.hostFunc(`${module.replace(/\.[^.]*$/, '')}!${name}`, type, r.routine);
    if (r?.kind === 'func') return r.func;
    // Export driver support: another loaded image named like the import module (or any image for 'env').
    for (const im of this.images) {
      if (module !== 'env' && im.name.toLowerCase() !== module.toLowerCase()) continue;
      const x = im.exports.get(name);
      if (x?.kind === 'func') return x.func;
    }
    return undefined;
  }

  private findFunc(name: string, _P: Processor, resolve: ResolveImport, module: string): Func | undefined {
    for (const im of this.images) { const x = im.exports.get(name); if (x?.kind === 'func') return x.func; }
    const r = resolve(module === 'GOT.func' ? 'env' : module, name, 'func');
    if (r?.kind === 'func') return r.func;
    return undefined;
  }

  private findData(name: string): number | undefined {
    for (const im of this.images) { const x = im.exports.get(name); if (x?.kind === 'data') return x.address; }
    return undefined;
  }

  private loaderStack(): { base: number; limit: number } {
    if (!this.stack) {
      const at = this.space.pages.alloc(LOADER_STACK);
      if (at === undefined) throw new Error('no system space for the loader stack');
      this.stack = { base: at + LOADER_STACK, limit: at };
    }
    return this.stack;
  }
}

function asData(r: ImportResolution): number | undefined { return r?.kind === 'data' ? r.address : undefined; }
