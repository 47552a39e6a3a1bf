// The renderer is built by Vite into out/renderer; `npm run web` and `npm start` build it when it is missing
// (or older than its sources), so one command works from a fresh clone.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../toolchain/clang.ts';

export const rendererOutDir = path.join(repoRoot, 'out', 'renderer');
export const rendererSrcDir = path.join(repoRoot, 'renderer');

function newest(dir: string): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    if (n === 'test' || n === 'node_modules') continue;
    const p = path.join(dir, n);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

export function rendererIsCurrent(): boolean {
  const index = path.join(rendererOutDir, 'index.html');
  if (!existsSync(index)) return false;
  const sources = Math.max(newest(rendererSrcDir), newest(path.join(repoRoot, 'main', 'api')));
  return statSync(index).mtimeMs >= sources;
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(rendererSrcDir, 'vite.config.ts'), logLevel: 'warn' });
}

export async function ensureRenderer(log: (m: string) => void = () => {}): Promise<void> {
  if (rendererIsCurrent()) return;
  await whileLocked(async () => {
    if (rendererIsCurrent()) return; // another process built it while this one waited
    log('Building the renderer (Vite)...');
    await buildRenderer();
  });
}

/** One build at a time across processes (test files run side by side, `npm run web` beside them): a second build
 *  empties out/renderer under the first one's readers. A lock left by a killed process is taken over after 5 min. */
export async function whileLocked(fn: () => Promise<void>, lock = path.join(repoRoot, 'out', '.renderer-build.lock')): Promise<void> {
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try { closeSync(openSync(lock, 'wx')); break; } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try { if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) unlinkSync(lock); } catch { /* released meanwhile */ }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try { await fn(); } finally { try { unlinkSync(lock); } catch { /* already gone */ } }
}
