// `npm run bench`: runs every bench/*.ts module (each exports `run(): Promise<string[]>`) and prints its lines.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const f of readdirSync(here).filter((n) => n.endsWith('.ts') && n !== 'run.ts' && !n.endsWith('.test.ts')).sort()) {
  if (only && !f.includes(only)) continue;
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { run?: () => Promise<string[]> };
  if (typeof mod.run !== 'function') continue;
  console.log(`== ${f}`);
  for (const line of await mod.run()) console.log(line);
}

// Every figure the modules recorded, for comparison between commits.
const { figures } = await import('./results.ts');
// A single section (`npm run bench kd`) keeps the other sections' last figures.
const { readFileSync, writeFileSync } = await import('node:fs');
const file = path.join(here, 'results.json');
let kept: Record<string, unknown> = {};
if (only) { try { kept = (JSON.parse(readFileSync(file, 'utf8')) as { figures?: Record<string, unknown> }).figures ?? {}; } catch { /* none yet */ } }
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), figures: { ...kept, ...figures } }, null, 2) + '\n');
console.log(`figures written to bench/results.json (${Object.keys(figures).length})`);
