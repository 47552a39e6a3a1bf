// Structure layouts and constants for the kernel's TypeScript, derived from our WDK headers: compile
// kernel/layout/probe.c (which uses every structure the kernel reads) with real clang, read its DWARF and
// flatten each structure into dotted member paths. Cached under .cache/ by a hash of the headers and probe.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clang, compileFlags, ImageKind, includeRoot, includeTree, linkFlags, repoRoot, Tree } from './clang.ts';
import { loadSymbols, SymbolModule } from '../debugger/symbols/module.ts';
import { typeSpelling } from '../debugger/symbols/format.ts';
import { resolved, sizeOf, StructType } from '../debugger/symbols/types.ts';
import type { FieldLayout, Layouts, StructLayout } from '../../kernel/layout/layouts.ts';

export type { Layouts };

/** Bump when the generator's output shape changes, so old cache files are not reused. */
const GENERATOR_VERSION = 'layouts-1';
/** Enumerators of this enum in the probe carry #define constants: LayoutConstant_NAME = NAME. */
const CONSTANTS_ENUM = '_LAYOUT_CONSTANTS';
const CONSTANT_PREFIX = 'LayoutConstant_';

export const probePath = path.join(repoRoot, 'kernel', 'layout', 'probe.c');

export interface LayoutOptions {
  /** C source of the probe (default: kernel/layout/probe.c). */
  probeSource?: string;
  /** Header tree to compile against (default: kernel/inc). */
  includeDir?: string;
  /** Which include set and defines (default 'kmdf': km + shared + wdf). */
  kind?: ImageKind;
  /** Where to cache (default DRIVERLAB_CACHE_DIR, else <repo>/.cache: the installed app's folder may be read-only); null: no cache. */
  cacheDir?: string | null;
}

function loadTree(dir: string): Tree {
  const t: Tree = {};
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) t[n] = loadTree(p);
    else if (/\.(h|hpp|inl|tmh)$/i.test(n)) t[n] = readFileSync(p, 'utf8');
  }
  return t;
}

function hashTree(h: ReturnType<typeof createHash>, t: Tree, prefix = ''): void {
  for (const k of Object.keys(t).sort()) {
    const v = t[k];
    if (typeof v === 'string' || v instanceof Uint8Array) { h.update(`${prefix}${k}\0`); h.update(v); h.update('\0'); }
    else hashTree(h, v, `${prefix}${k}/`);
  }
}

/** The probe's source, flags, header tree, content hash and cache folder for a set of options. */
function probeInputs(options: LayoutOptions) {
  const source = options.probeSource ?? readFileSync(probePath, 'utf8');
  const kind = options.kind ?? 'kmdf';
  const tree = options.includeDir && path.resolve(options.includeDir) !== includeRoot ? loadTree(options.includeDir) : includeTree();
  const flags = [...compileFlags(kind, 'Debug', false), '-Wno-everything'];
  const h = createHash('sha256');
  h.update(`${GENERATOR_VERSION}\0${flags.join(' ')}\0${source}\0`);
  hashTree(h, tree);
  const hash = h.digest('hex').slice(0, 16);
  const cacheDir = options.cacheDir === undefined ? process.env.DRIVERLAB_CACHE_DIR ?? path.join(repoRoot, '.cache') : options.cacheDir;
  return { source, flags, tree, hash, cacheDir };
}

/** The linked probe image (its DWARF holds every type of our headers the probe uses), cached beside the layouts. */
async function probeImage(i: ReturnType<typeof probeInputs>): Promise<Uint8Array> {
  const cacheFile = i.cacheDir && path.join(i.cacheDir, `probe-${i.hash}.wasm`);
  if (cacheFile && existsSync(cacheFile)) return new Uint8Array(readFileSync(cacheFile));
  const c = await clang([...i.flags, '-c', '/probe/probe.c', '-o', '/out/probe.o'], { inc: i.tree, probe: { 'probe.c': i.source }, out: {} });
  if (!c.ok) throw new Error(`layout probe does not compile:\n${c.stderr}`);
  const obj = (c.files.out as Tree)['probe.o'] as Uint8Array;
  const l = await clang([...linkFlags([]), '/out/probe.o', '-o', '/out/probe.wasm'], { out: { 'probe.o': obj } });
  if (!l.ok) throw new Error(`layout probe does not link:\n${l.stderr}`);
  const image = (l.files.out as Tree)['probe.wasm'] as Uint8Array;
  if (cacheFile) { mkdirSync(i.cacheDir!, { recursive: true }); writeFileSync(cacheFile, image); }
  return image;
}

/** Compile the probe, read its DWARF and build the layout table (or read it from the cache). */
export async function generateLayouts(options: LayoutOptions = {}): Promise<Layouts> {
  const i = probeInputs(options);
  const cacheFile = i.cacheDir && path.join(i.cacheDir, `layouts-${i.hash}.json`);
  if (cacheFile && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as Layouts;
  const layouts = layoutsFromSymbols(loadSymbols(await probeImage(i), 'probe'), i.hash);
  if (cacheFile) { mkdirSync(i.cacheDir!, { recursive: true }); writeFileSync(cacheFile, JSON.stringify(layouts)); }
  return layouts;
}

/** Our headers' types as a symbol module named `name`: what nt's PDB gives WinDbg's dt (dt nt!_IRP). */
export async function headerTypes(name: string, options: LayoutOptions = {}): Promise<SymbolModule> {
  return loadSymbols(await probeImage(probeInputs(options)), name);
}

/** Every named structure, union and enumeration in a symbol module, flattened. */
export function layoutsFromSymbols(m: SymbolModule, source = ''): Layouts {
  const out: Layouts = { structs: {}, enums: {}, constants: {}, source };
  for (const [name, t] of m.types) {
    const r = resolved(t);
    if ((r.kind === 'struct' || r.kind === 'union') && !r.declaration) out.structs[name] = structLayout(r);
    else if (r.kind === 'enum') {
      const values: Record<string, number> = {};
      for (const e of r.enumerators) values[e.name] = Number(e.value);
      if (r.name === CONSTANTS_ENUM) {
        for (const [k, v] of Object.entries(values)) out.constants[k.startsWith(CONSTANT_PREFIX) ? k.slice(CONSTANT_PREFIX.length) : k] = v;
      } else out.enums[name] = values;
    }
  }
  return out;
}

export function structLayout(t: StructType): StructLayout {
  const fields: Record<string, FieldLayout> = {};
  const walk = (s: StructType, prefix: string, base: number) => {
    for (const m of s.members) {
      const mt = resolved(m.type);
      const nested = mt.kind === 'struct' || mt.kind === 'union';
      // Anonymous struct/union members: their members belong to the parent, as C names them.
      if (m.name === undefined) { if (nested) walk(mt, prefix, base + m.offset); continue; }
      const p = prefix + m.name;
      const f: FieldLayout = { offset: base + m.offset, size: sizeOf(m.type), type: typeSpelling(m.type) };
      if (m.bitSize !== undefined) { f.bitOffset = m.bitOffset; f.bitSize = m.bitSize; }
      if (mt.kind === 'array' && mt.counts.length) { f.count = mt.counts[0]; f.elementSize = mt.counts[0] ? mt.size / mt.counts[0] : 0; }
      fields[p] = f;
      if (nested) walk(mt, p + '.', base + m.offset);
    }
  };
  walk(t, '', 0);
  return { size: t.size, fields };
}

/** The user-mode probe (structures and constants kernel/user reads), compiled with the exe include set. */
export const userProbePath = path.join(repoRoot, 'kernel', 'layout', 'probe-um.c');
export function generateUserLayouts(options: Omit<LayoutOptions, 'probeSource' | 'kind'> = {}): Promise<Layouts> {
  return generateLayouts({ ...options, probeSource: readFileSync(userProbePath, 'utf8'), kind: 'exe' });
}
