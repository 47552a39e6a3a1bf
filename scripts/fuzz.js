// npm run fuzz: the fault suite's fuzzers in their long form (DRIVERLAB_FUZZ_LONG=1: every target runs 20x the
// cases `npm test` runs; DRIVERLAB_FUZZ_FACTOR changes that). Same deterministic seeds, so a failure reproduces.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.fuzz.test.ts')) files.push(p);
  }
}
for (const r of ['main', 'kernel']) walk(r);
const only = process.argv[2];
const selected = only ? files.filter((f) => f.includes(only)) : files;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
  { stdio: 'inherit', env: { ...process.env, DRIVERLAB_FUZZ_LONG: '1' } });
process.exit(r.status ?? 1);
