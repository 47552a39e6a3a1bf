// What electron-builder packages, computed from package.json's "build" config over this tree without the builder:
// the files its globs take (node_modules only for production dependencies, as the builder does), and a staged copy
// of exactly those files that tests run the built app from.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';

export interface BuilderConfig { appId: string; productName: string; electronDist: string; asar: boolean; files: string[];
  directories: { output: string }; win: { target: string[] }; mac: { target: string[] }; linux: { target: string[] } }
export const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  main: string; scripts: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; build: BuilderConfig };

/** Folders of the tree that are never the app (the builder's own output, caches, VCS). */
const NOT_APP = new Set(['node_modules', '.git', '.cache', 'dist', 'test-results']);

export function walk(dir: string, out: string[] = [], skip = NOT_APP): string[] {
  for (const n of readdirSync(dir)) {
    if (skip.has(n)) continue;
    const p = path.join(dir, n);
    if (lstatSync(p).isDirectory()) walk(p, out, new Set()); else out.push(path.relative(repoRoot, p).split(path.sep).join('/'));
  }
  return out;
}

/** electron-builder's rule: a file is packaged when it matches an include glob and no later `!` glob. */
export function packaged(file: string, globs = pkg.build.files): boolean {
  let inc = false;
  for (const g of globs) {
    if (g.startsWith('!')) { if (path.matchesGlob(file, g.slice(1))) inc = false; }
    else if (path.matchesGlob(file, g)) inc = true;
  }
  return inc;
}

/** Every packaged file of the app (repo-relative), node_modules included for production dependencies only. */
export function packagedFiles(): string[] {
  const files = walk(repoRoot).filter((f) => packaged(f));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const dir = path.join(repoRoot, 'node_modules', dep);
    if (existsSync(dir)) files.push(...walk(dir, [], new Set()).filter((f) => packaged(f)));
  }
  return files;
}

/** Copy the packaged files into `dir` (dependencies' folders linked, not copied: they are large and read-only),
 *  but for those `skip` leaves out (a test builds the Electron bundles into the copy itself). */
export function stageApp(dir: string, skip: (f: string) => boolean = () => false): void {
  const deps = Object.keys(pkg.dependencies ?? {}).map((d) => `node_modules/${d}/`);
  for (const f of packagedFiles()) {
    if (deps.some((d) => f.startsWith(d)) || skip(f)) continue;
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(repoRoot, f), path.join(dir, f));
  }
  for (const d of Object.keys(pkg.dependencies ?? {})) {
    if (!packaged(`node_modules/${d}/package.json`)) continue;
    mkdirSync(path.dirname(path.join(dir, 'node_modules', d)), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules', d), path.join(dir, 'node_modules', d), 'dir');
  }
}
