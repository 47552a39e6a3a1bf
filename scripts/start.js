// npm start: build the renderer and the Electron main process, then launch Electron if its binary is present.
// Where it is not (it cannot be downloaded here), say so and point to `npm run web`, which serves the same app.
// --build-only: build and stop (npm run dist uses it before electron-builder).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = path.join(root, 'node_modules', 'electron');
const pathFile = path.join(pkg, 'path.txt');
// Not require('electron'): that tries to download the binary when it is missing.
const binary = existsSync(pathFile) ? path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
const buildOnly = process.argv.includes('--build-only');
if (!buildOnly && (!binary || !existsSync(binary))) {
  console.log('The Electron binary is not installed here (node_modules/electron has no downloaded dist).');
  console.log('Run the same app in your browser instead:  npm run web');
  process.exit(0);
}
const tsx = (file) => spawnSync(process.execPath, ['--import', 'tsx', '-e', `await (await import(${JSON.stringify(file)})).${file.endsWith('renderer-build.ts') ? 'ensureRenderer' : 'buildElectron'}((m) => console.log(m))`],
  { cwd: root, stdio: 'inherit' });
for (const f of ['./main/web/renderer-build.ts', './main/electron/build.ts']) {
  const r = tsx(f);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (buildOnly) process.exit(0);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
