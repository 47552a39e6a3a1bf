// Saved lab state under damage: corrupt and truncated generation files, a damaged CURRENT pointer, a disk that
// fills up in the middle of a save (ENOSPC from a fault-injecting wrapper around the real fs), and the app killed
// mid-save (a child process SIGKILLed while saving). Each time the last good save loads, a failed save says so
// (the caller keeps what the learner typed), and the next save works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGeneration, saveGeneration } from '../workspace-store.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dl-store-'));
const text = (g: { files: Record<string, Buffer> } | undefined, f: string) => g?.files[f]?.toString('utf8');
const gens = (dir: string) => readdirSync(dir).filter((n) => /^gen-\d{6}$/.test(n)).sort();

test('damaged generation files, manifests and CURRENT: the newest good save loads, and the damage is named', async () => {
  const cases: [string, (dir: string, g2: string) => void, RegExp][] = [
    ['a file truncated', (d, g) => truncateSync(path.join(d, g, 'src/driver.c'), 5), /src\/driver\.c does not match its checksum/],
    ['a file with a flipped byte', (d, g) => { const p = path.join(d, g, 'src/driver.c'); const b = readFileSync(p); b[3]! ^= 0x20; writeFileSync(p, b); }, /does not match its checksum/],
    ['a file missing', (d, g) => rmSync(path.join(d, g, 'lab.json')), /lab\.json is missing/],
    ['the manifest truncated', (d, g) => truncateSync(path.join(d, g, 'manifest.json'), 20), /manifest is missing or unreadable/],
    ['the manifest not ours', (d, g) => writeFileSync(path.join(d, g, 'manifest.json'), '{"version":7}'), /not a DriverLab save/],
    ['a file grown by junk', (d, g) => appendFileSync(path.join(d, g, 'lab.json'), '\0\0\0'), /lab\.json does not match/],
  ];
  for (const [what, damage, why] of cases) {
    const dir = tmp();
    try {
      await saveGeneration(dir, { 'src/driver.c': 'int DriverEntry(void) { return 0; } // first', 'lab.json': '{"step":1}' });
      const g2 = await saveGeneration(dir, { 'src/driver.c': 'int DriverEntry(void) { return 1; } // second', 'lab.json': '{"step":2}' });
      damage(dir, g2);
      const g = await loadGeneration(dir);
      assert.equal(text(g, 'src/driver.c'), 'int DriverEntry(void) { return 0; } // first', what);
      assert.match(g!.problems.join('\n'), why, what);
      assert.match(g!.problems.join('\n'), /Restored the previous good save gen-000001/, what);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  // A damaged or empty CURRENT pointer: the newest generation that verifies still loads.
  for (const junk of ['gen-9x', '', '\0\0\0\0', '../../etc/passwd']) {
    const dir = tmp();
    try {
      await saveGeneration(dir, { 'a.txt': 'one' });
      await saveGeneration(dir, { 'a.txt': 'two' });
      writeFileSync(path.join(dir, 'CURRENT'), junk);
      assert.equal(text(await loadGeneration(dir), 'a.txt'), 'two', JSON.stringify(junk));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  // Nothing usable at all: undefined, not an exception.
  const empty = tmp();
  try {
    assert.equal(await loadGeneration(empty), undefined);
    assert.equal(await loadGeneration(path.join(empty, 'does-not-exist')), undefined);
  } finally { rmSync(empty, { recursive: true, force: true }); }
});

/**
 * The real fs with a disk of `free` bytes: file writes past it write what fits and fail with ENOSPC. It wraps
 * fs.promises.open, which the store calls for every file it writes.
 */
async function withDiskSpace<T>(free: number, body: () => Promise<T>): Promise<T> {
  const realOpen = fsp.open;
  let left = free;
  fsp.open = (async (file: Parameters<typeof realOpen>[0], flags?: Parameters<typeof realOpen>[1], mode?: Parameters<typeof realOpen>[2]) => {
    const h = await realOpen(file, flags, mode);
    if (flags !== 'w') return h;
    const realWrite = h.writeFile.bind(h);
    h.writeFile = (async (data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
      if (bytes.length <= left) { left -= bytes.length; return realWrite(bytes); }
      const fits = left; left = 0;
      await realWrite(bytes.subarray(0, fits));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }) as typeof h.writeFile;
    return h;
  }) as typeof realOpen;
  try { return await body(); } finally { fsp.open = realOpen; }
}

test('a disk that fills up during a save: the save fails loudly, the last good save loads, the next save works', async () => {
  const good = { 'src/driver.c': 'first version '.repeat(50), 'lab.json': '{"step":1}' };
  const next = { 'src/driver.c': 'typed since the last save '.repeat(80), 'src/queue.c': 'q'.repeat(3000), 'lab.json': '{"step":2}' };
  const total = Object.values(next).reduce((n, s) => n + s.length, 0) + 600; // + manifest and CURRENT
  const outcomes = { failed: 0, saved: 0 };
  for (let free = 0; free <= total; free += 97) {
    const dir = tmp();
    try {
      await saveGeneration(dir, good);
      let failed: NodeJS.ErrnoException | undefined;
      await withDiskSpace(free, () => saveGeneration(dir, next).then(() => undefined, (e: NodeJS.ErrnoException) => { failed = e; }));
      const g = await loadGeneration(dir);
      outcomes[failed ? 'failed' : 'saved']++;
      if (failed) {
        assert.equal(failed.code, 'ENOSPC', `free ${free}: the caller is told, so it keeps what was typed`);
        assert.equal(text(g, 'src/driver.c'), good['src/driver.c'], `free ${free}: the last good save loads`);
      } else {
        assert.equal(text(g, 'src/driver.c'), next['src/driver.c'], `free ${free}: a save that reported success is what loads`);
      }
      // Space again: the learner saves again and gets it all back.
      await saveGeneration(dir, next);
      const after = await loadGeneration(dir);
      assert.deepEqual([text(after, 'src/driver.c'), text(after, 'src/queue.c'), after?.problems], [next['src/driver.c'], next['src/queue.c'], []], `free ${free}`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  assert.ok(outcomes.failed > 10 && outcomes.saved >= 1, `the disk filled at every stage of a save, and a big enough disk saved: ${JSON.stringify(outcomes)}`);
});

const here = path.dirname(fileURLToPath(import.meta.url));

/** A child that saves generation after generation ("version N" in every file) and reports each completed save. */
function saver(dir: string, start: number): { done: Promise<void>; saved: () => number; kill: () => void } {
  const store = path.join(here, '..', 'workspace-store.ts');
  const code = `
    import { saveGeneration } from ${JSON.stringify(store)};
    const dir = ${JSON.stringify(dir)};
    for (let n = ${start}; ; n++) {
      const body = 'version ' + n + '\\n' + 'x'.repeat(200000);
      await saveGeneration(dir, { 'src/driver.c': body, 'src/queue.c': body, 'lab.json': JSON.stringify({ n }) });
      process.stdout.write('saved ' + n + '\\n');
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: path.join(here, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let last = start - 1;
  child.stdout.on('data', (d: Buffer) => { for (const m of d.toString().matchAll(/saved (\d+)/g)) last = Number(m[1]); });
  return { done: new Promise((r) => child.once('exit', () => r())), saved: () => last, kill: () => child.kill('SIGKILL') };
}

test('the app killed in the middle of saving: every save it finished loads, intact', async () => {
  const dir = tmp();
  try {
    let next = 1;
    // Kill at different moments of the save cycle (the delays are after the first completed save).
    for (const delay of [0, 7, 23, 41, 66]) {
      const s = saver(dir, next);
      while (s.saved() < next) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, delay));
      s.kill();
      await s.done;
      const acknowledged = s.saved();
      const g = await loadGeneration(dir);
      assert.ok(g, 'a save loads');
      const n = JSON.parse(text(g, 'lab.json')!).n as number;
      assert.ok(n >= acknowledged, `saved ${acknowledged} was reported done; ${n} loaded`);
      for (const f of ['src/driver.c', 'src/queue.c']) assert.ok(text(g, f)!.startsWith(`version ${n}\n`), `${f} belongs to the same save`);
      next = n + 1;
    }
    assert.ok(gens(dir).length <= 4, 'old generations are pruned');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
