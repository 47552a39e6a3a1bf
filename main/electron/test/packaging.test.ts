// The electron-builder config (package.json "build") without the Electron binary: targets for the three
// platforms, electronDist, and the packaged file list — computed from the config's own globs over the built
// tree — holds what the app loads at run time and no tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import { buildElectron } from '../build.ts';
import { ensureRenderer } from '../../web/renderer-build.ts';
import { listTemplates } from '../../api/host/templates.ts';

interface BuilderConfig { appId: string; productName: string; electronDist: string; files: string[]; directories: { output: string };
  win: { target: string[] }; mac: { target: string[] }; linux: { target: string[] } }
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; build: BuilderConfig };

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n === '.git') continue;
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out); else out.push(path.relative(repoRoot, p).split(path.sep).join('/'));
  }
  return out;
}
/** electron-builder's rule: a file is packaged when it matches an include glob and no later `!` glob. */
function packaged(file: string, globs: string[]): boolean {
  let inc = false;
  for (const g of globs) {
    if (g.startsWith('!')) { if (path.matchesGlob(file, g.slice(1))) inc = false; }
    else if (path.matchesGlob(file, g)) inc = true;
  }
  return inc;
}

test('electron-builder config: Windows, macOS and Linux targets from the local Electron dist', () => {
  const b = pkg.build;
  assert.equal(b.productName, 'DriverLab');
  assert.match(b.appId, /^[a-z]+(\.[a-z]+)+$/);
  assert.equal(b.electronDist, 'node_modules/electron/dist');
  for (const os of ['win', 'mac', 'linux'] as const) assert.ok(b[os].target.length > 0, os);
  assert.match(pkg.scripts.dist!, /electron-builder/);
  assert.equal(pkg.scripts.web, 'node --import tsx main/web/server.ts');
});

test('the packaged file list holds the built app, headers, libraries and templates, and no tests', async () => {
  await ensureRenderer();
  await buildElectron();
  const files = [...walk(path.join(repoRoot, 'out')), ...walk(path.join(repoRoot, 'kernel')), ...walk(path.join(repoRoot, 'assets')), 'package.json'];
  const list = files.filter((f) => packaged(f, pkg.build.files));
  const must = [pkg.main, 'out/electron/main.mjs', 'out/electron/preload.cjs', 'out/renderer/index.html', 'assets/templates/kmdf-empty/template.json'];
  for (const f of must) { assert.ok(existsSync(path.join(repoRoot, f)), `${f} was built`); assert.ok(list.includes(f), `${f} is packaged`); }
  assert.ok(list.some((f) => /^out\/renderer\/assets\/.*\.js$/.test(f)), 'renderer bundles are packaged');
  assert.ok(list.some((f) => f.startsWith('kernel/inc/') && f.endsWith('.h')), 'our WDK headers are packaged');
  for (const t of listTemplates()) {
    const src = t.from ?? `assets/templates/${t.id}`;
    for (const f of files.filter((x) => x.startsWith(src + '/') && !x.endsWith('.test.ts'))) assert.ok(list.includes(f), `${f} (template ${t.id})`);
  }
  assert.deepEqual(list.filter((f) => f.endsWith('.test.ts')), []);
  // The main loader finds the bundle where the builder puts it, and the bundle finds its preload beside it.
  assert.match(readFileSync(path.join(repoRoot, pkg.main), 'utf8'), /electron', 'main\.mjs'/);
  assert.match(readFileSync(path.join(repoRoot, 'out/electron/main.mjs'), 'utf8'), /preload\.cjs/);
});
