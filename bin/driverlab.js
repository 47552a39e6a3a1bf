#!/usr/bin/env node
// Shim: run the TypeScript CLI through tsx so `npx driverlab` works in the repo.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/driverlab.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: process.cwd() });
process.exit(r.status ?? 1);
