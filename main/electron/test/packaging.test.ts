// The electron-builder config (package.json "build") without the Electron binary: targets for the three
// platforms, electronDist, and the packaged file list — computed from the config's own globs over the built
// tree — holds every file the app loads or reads at run time (named here through the code's own constants:
// the bundles, headers, layout probes, libraries, certificate, templates, labs and their samples, clang) and no
// TypeScript sources or tests. bundle.test.ts runs the app from exactly this list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { includeRoot, repoRoot } from '../../toolchain/clang.ts';
import { buildElectron, electronOutDir } from '../build.ts';
import { bundledEngine } from '../bundles.ts';
import { ensureRenderer, rendererOutDir } from '../../web/renderer-build.ts';
import { listTemplates } from '../../api/host/templates.ts';
import { probePath, userProbePath } from '../../toolchain/layouts.ts';
import { LIBS } from '../../toolchain/build.ts';
import { certDir } from '../../toolchain/catalog.ts';
import { answerSource, labsRoot, listLabIds, loadLab } from '../../engine/labs/load.ts';
import { packagedFiles, pkg, walk } from './packaged.ts';

const rel = (abs: string): string => path.relative(repoRoot, abs).split(path.sep).join('/');
const under = (abs: string): string[] => walk(abs, [], new Set()).filter((f) => !f.endsWith('.test.ts'));
/** Build outputs left in sample folders are not copied to the learner (labs/runner.ts), nor packaged. */
const buildOutput = (f: string): boolean => /\/(x64|Debug|Release)\//.test(f);

test('electron-builder config: Windows, macOS and Linux targets from the local Electron dist, clang a production dependency', () => {
  const b = pkg.build;
  assert.equal(b.productName, 'DriverLab');
  assert.match(b.appId, /^[a-z]+(\.[a-z]+)+$/);
  assert.equal(b.electronDist, 'node_modules/electron/dist');
  for (const os of ['win', 'mac', 'linux'] as const) assert.ok(b[os].target.length > 0, os);
  assert.match(pkg.scripts.dist!, /electron-builder/);
  assert.equal(pkg.scripts.web, 'node --import tsx main/web/server.ts');
  // The targets' worker threads import ES modules and read headers from the app folder, and clang reads its wasm:
  // a plain folder, as the bundle test runs it, not an asar archive.
  assert.equal(b.asar, false);
  // electron-builder packages production dependencies only, whatever the globs say.
  assert.ok(pkg.dependencies?.['@yowasp/clang'], '@yowasp/clang is a dependency');
  assert.equal(pkg.devDependencies?.['@yowasp/clang'], undefined);
});

test('the packaged file list holds everything the app loads and reads at run time, and no sources or tests', async () => {
  await ensureRenderer();
  const external = await buildElectron();
  const list = new Set(packagedFiles());
  const must = new Map<string, string>(); // file → why
  const need = (f: string, why: string): void => { must.set(f, why); };

  // The bundles: main, preload, the machine worker and kernel modules the lab engine is given, their chunks.
  need(pkg.main, 'main loader');
  need('out/electron/preload.cjs', 'preload');
  const engine = bundledEngine(pathToFileURL(electronOutDir + path.sep));
  need(rel(fileURLToPath(engine.workerUrl)), 'machine worker');
  for (const [k, u] of Object.entries(engine.kernelModules)) need(rel(fileURLToPath(u)), `kernel module ${k}`);
  for (const f of readdirSync(electronOutDir)) need(`out/electron/${f}`, 'Electron bundle or chunk');
  for (const f of under(rendererOutDir)) need(f, 'renderer');
  // The toolchain's and engine's data: headers, layout probes, static libraries, test certificate.
  for (const f of under(includeRoot)) need(f, 'WDK headers');
  need(rel(probePath), 'kernel layout probe');
  need(rel(userProbePath), 'user layout probe');
  for (const l of Object.values(LIBS)) for (const s of [...l.sources, ...(l.onDemand ?? [])]) for (const f of under(path.join(repoRoot, path.dirname(s)))) need(f, `library ${s}`);
  for (const f of under(certDir)) need(f, 'test certificate');
  // Templates and the sample folders they copy.
  for (const t of listTemplates()) for (const f of under(path.join(repoRoot, t.from ?? `assets/templates/${t.id}`))) need(f, `template ${t.id}`);
  // Labs: their folders, the samples they copy and the answer files they name.
  if (existsSync(path.join(labsRoot, 'order.json'))) need(rel(path.join(labsRoot, 'order.json')), 'lab order');
  for (const id of listLabIds()) {
    const l = loadLab(id);
    for (const f of under(l.dir)) if (!f.includes('/test/')) need(f, `lab ${id}`);
    for (const from of Object.values(l.lab.starter?.samples ?? {})) for (const f of under(path.join(repoRoot, from))) if (!buildOutput(f)) need(f, `lab ${id} sample ${from}`);
    for (const s of l.lab.steps) for (const from of Object.keys(s.answer.files ?? {})) need(rel(answerSource(l.dir, from)), `lab ${id} answer`);
  }
  // clang: its entry module and the wasm and resources beside it.
  const clangEntry = fileURLToPath(import.meta.resolve('@yowasp/clang'));
  for (const f of walk(path.dirname(clangEntry), [], new Set())) if (/\.(js|wasm|tar)$/.test(f)) need(f, 'clang');
  need(rel(path.join(path.dirname(clangEntry), '..', 'package.json')), 'clang package');

  const missing = [...must].filter(([f]) => !list.has(f)).map(([f, why]) => `${f} (${why})`);
  assert.deepEqual(missing, [], 'read at run time but not packaged');
  for (const f of must.keys()) assert.ok(existsSync(path.join(repoRoot, f)), `${f} exists`);

  // Packages the bundles leave to Node at run time are production dependencies (the builder packages no others).
  const deps = new Set(['electron', ...Object.keys(pkg.dependencies ?? {})]);
  for (const [file, specs] of Object.entries(external)) {
    assert.ok(list.has(`out/electron/${file}`), `${file} is packaged`);
    for (const spec of specs) {
      if (isBuiltin(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      assert.ok(deps.has(name), `${file} imports ${spec}, which is not a production dependency`);
    }
  }
  assert.ok(Object.values(external).flat().includes('@yowasp/clang'), 'the check sees the bundles\' external imports');
  // The app runs bundles: no TypeScript source and no test is shipped.
  assert.deepEqual([...list].filter((f) => f.endsWith('.ts') && !f.startsWith('node_modules/')), []);
  // The main loader finds the bundle where the builder puts it, and the bundle finds its preload beside it.
  assert.match(readFileSync(path.join(repoRoot, pkg.main), 'utf8'), /electron', 'main\.mjs'/);
  assert.match(readFileSync(path.join(repoRoot, 'out/electron/main.mjs'), 'utf8'), /preload\.cjs/);
});
