#!/usr/bin/env node
// Shim: run the TypeScript CLI through tsx (resolved from this package, so it runs from any folder).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'main/cli/driverlab.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: process.cwd() });
process.exit(r.status ?? 1);
