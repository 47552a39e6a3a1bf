// The compiler: real clang (LLVM 22, compiled to wasm by YoWASP) running inside Node, offline.
// The clang module is compiled once per process and kept; later calls cost only the compile itself.
import { commands, runLLVM, Exit } from '@yowasp/clang';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Tree = { [name: string]: Tree | string | Uint8Array };
export type ImageKind = 'kmdf' | 'wdm' | 'umdf' | 'exe' | 'dll';
export type Configuration = 'Debug' | 'Release';

/** Repository root, and our WDK include tree inside it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const includeRoot = path.join(repoRoot, 'kernel', 'inc');

/** Include directories (relative to includeRoot) for each kind of image, in search order. */
export function includeDirs(kind: ImageKind): string[] {
  const crt = ['crt'];
  switch (kind) {
    case 'kmdf': return ['km', 'shared', 'wdf/kmdf/1.15', 'wdf/family', ...crt];
    case 'wdm': return ['km', 'shared', ...crt];
    case 'umdf': return ['um', 'shared', 'wdf/umdf/2.15', 'wdf/family', ...crt];
    case 'exe': case 'dll': return ['um', 'shared', ...crt];
  }
}

/** Preprocessor definitions the real WDK/SDK project templates set. */
export function defines(kind: ImageKind, config: Configuration): string[] {
  const d = ['_WIN64', '_AMD64_', 'AMD64', '_M_AMD64=100', '_WIN32_WINNT=0x0A00', 'WINVER=0x0A00', 'NTDDI_VERSION=0x0A00000C', '_UNICODE', 'UNICODE'];
  if (kind === 'kmdf' || kind === 'wdm') d.push('_KERNEL_MODE', 'POOL_NX_OPTIN=1');
  if (kind === 'kmdf') d.push('KMDF_VERSION_MAJOR=1', 'KMDF_VERSION_MINOR=15');
  if (kind === 'umdf') d.push('UMDF_VERSION_MAJOR=2', 'UMDF_VERSION_MINOR=15');
  if (config === 'Debug') d.push('DBG=1', '_DEBUG'); else d.push('NDEBUG');
  return d;
}

/** Flags for compiling one C or C++ translation unit to a wasm32 PIC object. */
export function compileFlags(kind: ImageKind, config: Configuration, cxx: boolean, incRoot = '/inc'): string[] {
  return [
    '--target=wasm32', '-fPIC', '-fshort-wchar', '-fms-extensions', '-fdeclspec', '-nostdinc',
    ...(cxx ? ['-nostdinc++', '-fno-exceptions', '-fno-rtti', '-std=c++17'] : ['-std=gnu17']),
    config === 'Debug' ? '-O0' : '-O2', '-g', '-gdwarf-5',
    '-fno-builtin-printf', '-Wno-unused-command-line-argument', '-Wno-ignored-attributes', '-Wno-pragma-pack',
    // MSVC compiles a call to an undeclared function with warning C4013 and the link then fails (LNK2019).
    '-Wno-error=implicit-function-declaration', '-Wno-error=int-conversion', '-Wno-error=incompatible-pointer-types',
    // Warnings MSVC's /W4 gives too (unused locals C4101/C4189, unused parameters are off in the WDK templates).
    '-Wall', '-Wno-unused-parameter', '-Wno-unknown-pragmas', '-Wno-microsoft-anon-tag', '-Wno-missing-braces',
    '-fno-caret-diagnostics', '-fno-color-diagnostics', '-fdiagnostics-format=clang', '-fmessage-length=0',
    ...includeDirs(kind).map((d) => `-isystem${incRoot}/${d}`),
    ...defines(kind, config).map((d) => `-D${d}`),
  ];
}

/** Linker flags: a position-independent image that imports memory, table and its base globals.
 *  `exports` are exported when the image defines them (entry points such as FxDriverEntry, DriverEntry, main). */
export function linkFlags(exports: string[]): string[] {
  const ex = exports.map((e) => `--export-if-defined=${e}`).join(',');
  return ['--target=wasm32', '-fPIC', '-shared', '-nostdlib',
    `-Wl,--import-memory,--import-table,--experimental-pic,--unresolved-symbols=import-dynamic,--no-entry,--no-gc-sections${ex ? ',' + ex : ''}`];
}

export interface ToolResult { ok: boolean; files: Tree; stderr: string; stdout: string }

async function run(tool: (args: string[], files: Tree, opts: object) => unknown, args: string[], files: Tree): Promise<ToolResult> {
  let stderr = '', stdout = '';
  const dec = new TextDecoder();
  const opts = {
    stdout: (b: Uint8Array | null) => { if (b) stdout += dec.decode(b, { stream: true }); },
    stderr: (b: Uint8Array | null) => { if (b) stderr += dec.decode(b, { stream: true }); },
    fetchProgress: () => {},
  };
  try {
    const out = (await tool(args, files, opts)) as Tree | undefined;
    return { ok: true, files: out ?? {}, stderr, stdout };
  } catch (e) {
    if (e instanceof Exit) return { ok: false, files: e.files, stderr, stdout };
    throw e;
  }
}

/** Run clang (or clang++) over an in-memory file tree. */
export function clang(args: string[], files: Tree, cxx = false): Promise<ToolResult> {
  return run((a, f, o) => commands[cxx ? 'clang++' : 'clang'](a, f, o), args, files);
}

/** Run an LLVM utility (wasm-ld, objdump, ...). */
export function llvm(tool: string, args: string[], files: Tree): Promise<ToolResult> {
  return run((a, f, o) => runLLVM([tool, ...a], f, o), args, files);
}

/** Load our include tree into a clang file tree under /inc (cached; headers change only between runs). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
let incCache: Tree | undefined;
export function includeTree(): Tree {
  if (incCache) return incCache;
  const load = (dir: string): Tree => {
    const t: Tree = {};
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) t[n] = load(p);
      else if (/\.(h|hpp|inl|tmh)$/i.test(n)) t[n] = readFileSync(p, 'utf8');
    }
    return t;
  };
  incCache = load(includeRoot);
  return incCache;
}
export function resetIncludeCache(): void { incCache = undefined; }

/** Load the clang module once, quietly (the first run otherwise prints download progress). */
let ready: Promise<void> | undefined;
export function prefetch(): Promise<void> {
  // With no arguments the runner only fetches and compiles the module.
  const fetchOnly = runLLVM as unknown as (args: null, files: Tree, opts: object) => unknown;
  ready ??= Promise.resolve(fetchOnly(null, {}, { fetchProgress: () => {} })).then(() => {});
  return ready;
}

/* The clang driver costs one extra module instance per call. We ask it once (`-###`) for the exact cc1 and wasm-ld
   command lines of a given flag set and then run those directly, so the flags stay defined only above. */
const IN = '/__in__', OUT = '/__out__.o';
const jobCache = new Map<string, Promise<string[]>>();
async function driverJob(driverArgs: string[], cxx: boolean, which: 'cc1' | 'link'): Promise<string[]> {
  const key = `${cxx}\0${which}\0${driverArgs.join('\0')}`;
  let job = jobCache.get(key);
  if (!job) {
    job = (async () => {
      await prefetch();
      let out = '';
      const dec = new TextDecoder();
      const cap = (b: Uint8Array | null) => { if (b) out += dec.decode(b, { stream: true }); };
      const inFile = which === 'cc1' ? (cxx ? IN + '.cpp' : IN + '.c') : IN + '.o';
      const args = which === 'cc1' ? ['-c', ...driverArgs, inFile, '-o', OUT] : [...driverArgs, inFile, '-o', OUT];
      try { await runLLVM([cxx ? 'clang++' : 'clang', '-###', ...args], { [inFile.slice(1)]: '' }, { stdout: cap, stderr: cap }); }
      catch (e) { if (!(e instanceof Exit)) throw e; }
      const line = out.split('\n').find((l) => l.startsWith(' "'));
      if (!line) throw new Error(`clang -### gave no job:\n${out}`);
      const argv = Array.from(line.matchAll(/ (?:([^ "]+)|"((?:[^"\\]|\\.)*)")/g), (m) => m[1] ?? m[2].replace(/\\(.)/g, '$1'));
      if (argv[0] === '') argv.shift();
      return argv;
    })();
    jobCache.set(key, job);
  }
  return job;
}

export interface CompileRequest {
  kind: ImageKind; config: Configuration; cxx: boolean;
  source: string;          // absolute path of the source inside `files`
  object: string;          // absolute path for the object file
  files: Tree;             // the file tree (sources, /inc, generated headers)
  includeDirs?: string[];  // extra -I directories (absolute, inside `files`)
  defines?: string[];      // extra -D definitions
  incRoot?: string;        // where our include tree sits in `files` (default /inc)
}

/** Compile one translation unit (cc1 directly). Diagnostics come back in `stderr` in clang's `file:line:col:` form. */
export async function compileUnit(r: CompileRequest): Promise<ToolResult & { object?: Uint8Array }> {
  const flags = [...compileFlags(r.kind, r.config, r.cxx, r.incRoot), ...(r.includeDirs ?? []).map((d) => `-I${d}`), ...(r.defines ?? []).map((d) => `-D${d}`)];
  const tmpl = await driverJob(flags, r.cxx, 'cc1');
  const inFile = r.cxx ? IN + '.cpp' : IN + '.c';
  const argv = tmpl.map((a) => a === inFile ? r.source : a === OUT ? r.object : a === path.posix.basename(inFile) ? path.posix.basename(r.source) : a);
  const res = await llvmRaw(argv, r.files);
  return { ...res, object: res.ok ? pick(res.files, r.object) : undefined };
}

export interface LinkRequest { objects: Record<string, Uint8Array>; output: string; exports: string[]; extraArgs?: string[] }

/** Link objects (given by absolute path) into one wasm32 PIC image with wasm-ld. */
export async function linkImage(r: LinkRequest): Promise<ToolResult & { image?: Uint8Array }> {
  const tmpl = await driverJob(linkFlags(r.exports), false, 'link');
  const argv: string[] = [];
  for (const a of tmpl) {
    if (a === IN + '.o') argv.push(...Object.keys(r.objects), ...(r.extraArgs ?? []));
    else argv.push(a === OUT ? r.output : a);
  }
  const files: Tree = {};
  for (const [p, bytes] of Object.entries(r.objects)) put(files, p, bytes);
  const res = await llvmRaw(argv, files);
  return { ...res, image: res.ok ? pick(res.files, r.output) : undefined };
}

async function llvmRaw(argv: string[], files: Tree): Promise<ToolResult> {
  await prefetch();
  return run((a, f, o) => runLLVM(a, f, o), argv, files);
}

/** Put bytes or text at an absolute path in a file tree, creating folders. */
export function put(tree: Tree, absPath: string, data: string | Uint8Array | Tree): void {
  const parts = absPath.split('/').filter(Boolean);
  let t = tree;
  for (const p of parts.slice(0, -1)) {
    const n = t[p];
    if (n === undefined || typeof n === 'string' || n instanceof Uint8Array) t = (t[p] = {});
    else t = n;
  }
  t[parts[parts.length - 1]] = data;
}

/** Read a file from a tree by absolute path. */
export function pick(tree: Tree, absPath: string): Uint8Array | undefined {
  let n: Tree | string | Uint8Array | undefined = tree;
  for (const p of absPath.split('/').filter(Boolean)) {
    if (n === undefined || typeof n === 'string' || n instanceof Uint8Array) return undefined;
    n = n[p];
  }
  return typeof n === 'string' ? new TextEncoder().encode(n) : n instanceof Uint8Array ? n : undefined;
}
