// The renderer is built by Vite into out/renderer; `npm run web` and `npm start` build it when it is missing
// (or older than its sources), so one command works from a fresh clone.
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  log('Building the renderer (Vite)...');
  await buildRenderer();
}
