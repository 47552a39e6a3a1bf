// Build benchmarks: cold first build (the clang module compiled in a fresh process), warm rebuild of a 3-file driver,
// and our clang-in-wasm against Debian's native clang compiling the same files with the same flags.
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject } from '../main/toolchain/build.ts';
import { compileFlags, compileUnit, includeRoot, includeTree, put, type Tree } from '../main/toolchain/clang.ts';
import { record, median } from './results.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.join(root, 'main/toolchain/test/fixtures/Three');

function copy(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dl-bench-')), 'Three');
  cpSync(fixture, dir, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  return dir;
}
function touchAll(dir: string, n: number): void {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.c'))) writeFileSync(path.join(dir, f), readFileSync(path.join(dir, f), 'utf8') + `\n/* ${n} */\n`);
}
function nativeClang(): string | undefined {
  const have = () => spawnSync('sh', ['-c', 'command -v clang'], { encoding: 'utf8' }).stdout.trim() || undefined;
  if (have()) return have();
  // The bench installs what it compares against (Debian's clang has the WebAssembly back end).
  spawnSync('sh', ['-c', 'apt-get install -y -qq clang >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq clang) >/dev/null 2>&1']);
  return have();
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  // Cold: a fresh process that builds once (module compile included), against a process that only starts.
  const script = `import { buildProject } from ${JSON.stringify(path.join(root, 'main/toolchain/build.ts'))}; const r = await buildProject(${JSON.stringify(copy())}); if (!r.success) process.exit(1);`;
  const t0 = performance.now();
  const cold = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
  const coldMs = performance.now() - t0;
  const t1 = performance.now();
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', 'void 0'], { cwd: root });
  const baseMs = performance.now() - t1;
  record('build.cold_first_build_ms', coldMs - baseMs, 'ms', 'fresh process, minus an empty process start');
  lines.push(`cold first build (3-file driver, clang module compile included): ${(coldMs - baseMs).toFixed(0)} ms${cold.status ? ' (FAILED)' : ''}`);

  // Warm: the same process, every file changed each time.
  const dir = copy();
  await buildProject(dir);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    touchAll(dir, i);
    const s = performance.now();
    const r = await buildProject(dir);
    warm.push(performance.now() - s);
    if (!r.success) throw new Error(r.log.join('\n'));
  }
  record('build.warm_rebuild_3_files_ms', median(warm), 'ms');
  lines.push(`warm rebuild of a 3-file driver (all files changed, median of 5): ${median(warm).toFixed(0)} ms`);

  // Ours vs native clang: compile only, the same three files, same flags.
  const sources = readdirSync(fixture).filter((f) => f.endsWith('.c'));
  const tree: Tree = {};
  put(tree, includeRoot, includeTree());
  for (const f of readdirSync(fixture)) put(tree, path.join(fixture, f), readFileSync(path.join(fixture, f), 'utf8'));
  const ours: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    for (const f of sources) {
      const r = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: path.join(fixture, f), object: `/o/${f}.o`, files: tree, incRoot: includeRoot });
      if (!r.ok) throw new Error(r.stderr);
    }
    ours.push(performance.now() - s);
  }
  const cc = nativeClang();
  if (!cc) {
    lines.push('native clang: not available (apt-get install clang failed); ratio not measured');
  } else {
    const out = mkdtempSync(path.join(tmpdir(), 'dl-native-'));
    const flags = compileFlags('wdm', 'Debug', false, includeRoot);
    const native: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      for (const f of sources) execFileSync(cc, [...flags, '-Wno-unknown-warning-option', '-c', path.join(fixture, f), '-o', path.join(out, f + '.o')], { stdio: 'pipe' });
      native.push(performance.now() - s);
    }
    const ratio = median(ours) / median(native);
    record('build.clang_wasm_vs_native_ratio', ratio, 'x', 'compile of 3 files, warm, median of 5 (goal <= 3x)');
    lines.push(`clang-in-wasm vs native clang (3 files, compile only, warm): ${median(ours).toFixed(0)} ms vs ${median(native).toFixed(0)} ms = ${ratio.toFixed(2)}x (goal <= 3x)`);
  }
  return lines;
}
