// The compiler: real clang (LLVM 22, compiled to wasm by YoWASP) running inside Node, offline.
// The clang module is compiled once per process and kept; later calls cost only the compile itself.
import { runClang, runLLVM, Exit } from '@yowasp/clang';
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
    case 'kmdf': return ['km', 'shared', 'wdf/kmdf/1.15', ...crt];
    case 'wdm': return ['km', 'shared', ...crt];
    case 'umdf': return ['um', 'shared', 'wdf/umdf/2.15', ...crt];
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
    ...includeDirs(kind).map((d) => `-isystem${incRoot}/${d}`),
    ...defines(kind, config).map((d) => `-D${d}`),
  ];
}

/** Linker flags: a position-independent image that imports memory, table and its base globals. */
export function linkFlags(exports: string[]): string[] {
  const ex = exports.map((e) => `--export=${e}`).join(',');
  return ['--target=wasm32', '-fPIC', '-shared', '-nostdlib',
    `-Wl,--import-memory,--import-table,--experimental-pic,--unresolved-symbols=import-dynamic,--no-entry${ex ? ',' + ex : ''}`];
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
  return run((a, f, o) => runClang([cxx ? 'clang++' : 'clang', ...a], f, o), args, files);
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
