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
  /** Where to cache (default <repo>/.cache); null: no cache. */
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

/** Compile the probe, read its DWARF and build the layout table (or read it from the cache). */
export async function generateLayouts(options: LayoutOptions = {}): Promise<Layouts> {
  const source = options.probeSource ?? readFileSync(probePath, 'utf8');
  const kind = options.kind ?? 'kmdf';
  const tree = options.includeDir && path.resolve(options.includeDir) !== includeRoot ? loadTree(options.includeDir) : includeTree();
  const flags = [...compileFlags(kind, 'Debug', false), '-Wno-everything'];
  const h = createHash('sha256');
  h.update(`${GENERATOR_VERSION}\0${flags.join(' ')}\0${source}\0`);
  hashTree(h, tree);
  const hash = h.digest('hex').slice(0, 16);

  const cacheDir = options.cacheDir === undefined ? path.join(repoRoot, '.cache') : options.cacheDir;
  const cacheFile = cacheDir && path.join(cacheDir, `layouts-${hash}.json`);
  if (cacheFile && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as Layouts;

  const c = await clang([...flags, '-c', '/probe/probe.c', '-o', '/out/probe.o'], { inc: tree, probe: { 'probe.c': source }, out: {} });
  if (!c.ok) throw new Error(`layout probe does not compile:\n${c.stderr}`);
  const obj = (c.files.out as Tree)['probe.o'] as Uint8Array;
  const l = await clang([...linkFlags([]), '/out/probe.o', '-o', '/out/probe.wasm'], { out: { 'probe.o': obj } });
  if (!l.ok) throw new Error(`layout probe does not link:\n${l.stderr}`);
  const layouts = layoutsFromSymbols(loadSymbols((l.files.out as Tree)['probe.wasm'] as Uint8Array, 'probe'), hash);

  if (cacheFile) { mkdirSync(cacheDir!, { recursive: true }); writeFileSync(cacheFile, JSON.stringify(layouts)); }
  return layouts;
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
