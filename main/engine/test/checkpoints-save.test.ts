// Named checkpoints survive closing and reopening the lab, as Hyper-V's do: each is written once, as its own file in
// the workspace folder, and saves list them. A new engine that loads the save lists the same checkpoints and applies
// them (a file written before the checkpoint is back); a damaged or missing checkpoint file is said plainly and the
// target keeps running; a file is never rewritten by later saves, and a removed target's files go only once no save
// generation left on disk names them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../lab-engine.ts';
import { targetKernel } from '../../cli/target-kernel.ts';
import type { KernelRef } from '../../machine/machine.ts';

const NAME = 'MyTestComputer';
const FILE = 'C:\\DriverTest\\Drivers\\a.txt';
const engines: LabEngine[] = [];
const dirs: string[] = [];
let kernel: KernelRef;
const lab = (k?: KernelRef): LabEngine => { const e = new LabEngine({ kernel: k, watchdogMs: 0 }); engines.push(e); return e; };
const folder = async (): Promise<string> => { const d = await mkdtemp(path.join(tmpdir(), 'dl-cp-save-')); dirs.push(d); return d; };
before(async () => { kernel = await targetKernel({ serviceModules: [], stageMs: 0 }); });
after(async () => {
  for (const e of engines) await e.shutdown();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const write = (e: LabEngine, text: string) => e.machineHost(NAME).request({ t: 'disk', op: 'write', path: FILE, data: new TextEncoder().encode(text) });
const read = async (e: LabEngine): Promise<string> => new TextDecoder().decode(await e.machineHost(NAME).request<Uint8Array>({ t: 'disk', op: 'read', path: FILE }));

/** Each checkpoint file of a target in the folder: its modification time and the hash of its bytes. */
async function files(dir: string, target = NAME): Promise<Map<string, { mtimeMs: number; sha: string }>> {
  const m = new Map<string, { mtimeMs: number; sha: string }>();
  const d = path.join(dir, 'checkpoints', target);
  for (const n of await readdir(d).catch(() => [] as string[])) {
    m.set(n, { mtimeMs: (await stat(path.join(d, n))).mtimeMs, sha: createHash('sha256').update(await readFile(path.join(d, n))).digest('hex') });
  }
  return m;
}

/** The file of a checkpoint as the newest save lists it. */
async function fileOf(dir: string, name: string): Promise<string> {
  const gen = (await readFile(path.join(dir, 'CURRENT'), 'utf8')).trim();
  const labJson = JSON.parse(await readFile(path.join(dir, gen, 'lab.json'), 'utf8')) as { checkpoints: Record<string, { list: { name: string; file: string }[] }> };
  const c = labJson.checkpoints[NAME]!.list.find((x) => x.name === name);
  assert.ok(c, `the save lists "${name}"`);
  return path.join(dir, c.file);
}

test('checkpoints are saved with the lab: listed again after a load, applied from their files, never rewritten; a damaged file is said and the target runs on', { timeout: 600_000 }, async () => {
  const dir = await folder();
  const e1 = lab(kernel);
  await e1.newTarget(NAME);
  await e1.power(NAME, true);
  await e1.waitFor(NAME, ['running'], 120_000);
  await e1.machineHost(NAME).request({ t: 'disk', op: 'mkdir', path: 'C:\\DriverTest\\Drivers' });
  await write(e1, 'one');
  await e1.checkpoint(NAME, 'Before change');
  await write(e1, 'two');
  await e1.checkpoint(NAME); // Hyper-V's default name, a child of "Before change"
  assert.equal((await files(dir)).size, 0, 'nothing is written before the lab has a folder');

  // The first save writes the two checkpoints' files; a checkpoint taken after it is written at once.
  await e1.saveWorkspace(dir);
  assert.equal((await files(dir)).size, 2);
  await write(e1, 'three');
  await e1.checkpoint(NAME, 'After save');
  const written = await files(dir);
  assert.equal(written.size, 3, 'the new checkpoint has its file before the next save');
  await new Promise((r) => setTimeout(r, 20)); // a rewrite would show in the modification times
  await e1.saveWorkspace(dir);
  await e1.saveWorkspace(dir);
  assert.deepEqual(await files(dir), written, 'later saves do not rewrite a checkpoint file');
  const list = e1.checkpoints(NAME);
  assert.deepEqual(list.map((c) => [c.name, c.parent]), [['Before change', undefined], [list[1]!.name, 'Before change'], ['After save', list[1]!.name]]);
  assert.match(list[1]!.name, new RegExp(`^${NAME} - \\(\\d{1,2}/\\d{1,2}/\\d{4} - \\d{1,2}:\\d{2}:\\d{2} [AP]M\\)$`));
  await e1.shutdown();

  // The lab reopened: the same list (names, times, parents, states), and the machine at "After save".
  const e2 = lab(kernel);
  assert.deepEqual((await e2.loadWorkspace(dir)).problems, []);
  assert.deepEqual(e2.checkpoints(NAME), list);
  assert.equal(e2.currentCheckpoint(NAME), 'After save');
  await e2.waitFor(NAME, ['running'], 120_000);
  assert.equal(await read(e2), 'three');
  const r = await e2.applyCheckpoint(NAME, 'Before change');
  assert.equal(r.status.state, 'running');
  assert.equal(await read(e2), 'one', 'the file as it was at the checkpoint');
  assert.equal(e2.currentCheckpoint(NAME), 'Before change');

  // A damaged checkpoint file: said plainly, the target runs on as it was, the other checkpoints still apply.
  const damaged = await fileOf(dir, list[1]!.name);
  const bytes = await readFile(damaged);
  bytes[bytes.length >> 1]! ^= 0x20;
  await writeFile(damaged, bytes);
  await assert.rejects(e2.applyCheckpoint(NAME, list[1]!.name),
    new RegExp(`^Error: The checkpoint "${list[1]!.name.replace(/[()]/g, '\\$&')}" of ${NAME} cannot be applied: its file is damaged \\(checkpoints/${NAME}/[0-9a-f-]+\\.json does not match its checksum\\)\\. ${NAME} was left as it was\\.$`));
  assert.equal(e2.status(NAME).state, 'running');
  assert.equal(await read(e2), 'one');
  assert.equal(e2.currentCheckpoint(NAME), 'Before change');
  await rm(damaged);
  await assert.rejects(e2.applyCheckpoint(NAME, list[1]!.name), /cannot be applied: its file is missing/);
  await e2.applyCheckpoint(NAME, 'After save');
  assert.equal(await read(e2), 'three');
  assert.deepEqual(e2.checkpoints(NAME), list, 'the list is as it was');
});

test('a removed target\'s checkpoint files stay while a save generation names them; a file no save names goes at the next save', { timeout: 120_000 }, async () => {
  const dir = await folder();
  const e1 = lab();
  await e1.newTarget('Old');
  await e1.newTarget(NAME);
  await e1.checkpoint('Old', 'a');
  await e1.saveWorkspace(dir); // the generation that names Old's checkpoint
  assert.equal((await files(dir, 'Old')).size, 1);
  await e1.removeTarget('Old');
  assert.equal((await files(dir, 'Old')).size, 1, 'not removed before the next save');
  // Saves keep three generations: the file goes with the last one that names it.
  for (let i = 0; i < 2; i++) {
    await e1.saveWorkspace(dir);
    assert.equal((await files(dir, 'Old')).size, 1, `save ${i + 2}: an older generation still names it`);
  }
  await e1.saveWorkspace(dir);
  assert.equal((await files(dir, 'Old')).size, 0, 'gone once its last generation was pruned');
  assert.ok(!existsSync(path.join(dir, 'checkpoints', 'Old')), 'its empty folder too');

  // A checkpoint written after the last save, the lab then killed: the next lab's save drops the file no save names.
  await e1.checkpoint(NAME, 'unsaved');
  assert.equal((await files(dir)).size, 1);
  await e1.shutdown();
  const e2 = lab();
  await e2.loadWorkspace(dir);
  assert.deepEqual(e2.checkpoints(NAME), []);
  await e2.checkpoint(NAME, 'kept');
  await e2.saveWorkspace(dir);
  const left = await files(dir);
  assert.equal(left.size, 1);
  assert.equal(path.basename(await fileOf(dir, 'kept')), [...left.keys()][0]);
});
