// DbgPrint flood: a real driver (bench/drivers/dbgflood.c, built by our clang) prints 10,000 numbered lines in one
// call on the target kernel; every line must reach the debug output, in order (lines lost must be 0), and the time
// to drain them all is reported beside the cost of one line. `npm run bench dbgprint` runs only this section.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileUnit, includeRoot, includeTree, linkImage, put, type Tree } from '../main/toolchain/clang.ts';
import { generateLayouts } from '../main/toolchain/layouts.ts';
import { Kernel } from '../kernel/ntos/kernel.ts';
import { record } from './results.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const LINES = 10_000;

async function build(): Promise<Uint8Array> {
  const source = path.join(here, 'drivers', 'dbgflood.c');
  const files: Tree = {};
  put(files, includeRoot, includeTree());
  put(files, source, readFileSync(source, 'utf8'));
  const c = await compileUnit({ kind: 'wdm', config: 'Release', cxx: false, source, object: '/obj/dbgflood.o', files, incRoot: includeRoot });
  if (!c.object) throw new Error(c.stderr);
  const l = await linkImage({ objects: { '/obj/dbgflood.o': c.object }, output: '/out/dbgflood.sys', exports: ['FloodLines'] });
  if (!l.image) throw new Error(l.stderr);
  return l.image;
}

export async function run(): Promise<string[]> {
  const bytes = await build();
  const got: string[] = [];
  const k = new Kernel({ layouts: await generateLayouts(), onDebugOutput: (t) => got.push(t) });
  const r = k.loadImage(bytes, 'dbgflood.sys');
  if (!r.ok) throw new Error(r.message);
  const flood = r.image.exports.get('FloodLines');
  if (flood?.kind !== 'func') throw new Error('FloodLines not exported');
  k.call(flood.func, [1]); // warm: the first call translates the routine
  got.length = 0;
  const t0 = performance.now();
  k.call(flood.func, [LINES]);
  const drain = performance.now() - t0;
  const text = got.join('');
  let lost = 0, outOfOrder = 0, next = 0;
  for (const m of text.matchAll(/^DBGFLOOD: line (\d+) of \d+$/gm)) {
    const n = Number(m[1]);
    if (n > next) lost += n - next; else if (n < next) outOfOrder++;
    next = Math.max(next, n + 1);
  }
  lost += LINES - next;
  record('dbgprint.linesLost', lost, 'lines', `of ${LINES} DbgPrintEx lines from one driver call (must be 0)`);
  record('dbgprint.drain', drain, 'ms', `${LINES} lines printed and delivered to the debug output`);
  record('dbgprint.perLine', (drain * 1000) / LINES, 'µs');
  return [`DbgPrint flood: ${LINES} lines, ${lost} lost, ${outOfOrder} out of order, drained in ${drain.toFixed(0)} ms (${((drain * 1000) / LINES).toFixed(1)} µs a line)`];
}
