// npm test: type-check everything (strict), then run every *.test.ts with Node's test runner.
// Each test file has 15 minutes at most: a hung test fails with its name instead of stalling CI; a file whose tests
// are done exits even if something it started (a worker, a socket) is still open.
// Tests live in test/ folders beside the code they test. DRIVERLAB_TEST_FILTER narrows the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = ['main', 'kernel', 'renderer', 'labs'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
}
for (const r of roots) if (existsSync(r)) walk(r);
const filter = process.env.DRIVERLAB_TEST_FILTER;
const selected = filter ? files.filter((f) => f.includes(filter)) : files;

if (!filter) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) { console.error('typecheck failed'); process.exit(1); }
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=900000', '--test-reporter=spec', ...selected],
  { stdio: 'inherit' });
process.exit(r.status ?? 1);
