// Where the Electron binary is, without `require('electron')` (which would try to download it when missing).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../toolchain/clang.ts';

export function electronBinary(): { path?: string; reason?: string } {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was not downloaded (node_modules/electron/path.txt is missing)' };
  const bin = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { reason: `the Electron binary ${bin} is missing` };
}
