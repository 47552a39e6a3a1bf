// The app's lab across runs (issue 8, saved state): machines, their disks, cables and Configure Devices' settings are
// saved by themselves a moment after each change; an app killed without closing comes back with all of it on the
// next start; a damaged newest save is named in plain words and the one before it loads, nothing deleted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../../engine/lab-engine.ts';
import { LabHost } from '../host/lab/lab-host.ts';
import { machineHandlers } from '../host/lab/machines.ts';
import { targetKernel } from '../../cli/target-kernel.ts';
import { TargetConsole } from '../../cli/target-console.ts';

const NAME = 'MyTestComputer';
const engines: LabEngine[] = [];
after(async () => { for (const e of engines) await e.shutdown(); });
/** Each run's console of the target, listening from the engine's start (a restored screen is drawn while loading). */
const consoles = new Map<LabEngine, TargetConsole>();

const host = (dir: string) => new LabHost(async () => {
  const e = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 0 }), watchdogMs: 0 });
  engines.push(e);
  consoles.set(e, new TargetConsole(e, NAME));
  return e;
}, { dir, settleMs: 200 });

const ctx = {} as Parameters<ReturnType<typeof machineHandlers>['machine.list']>[1];

/** The generations in the save folder, newest first, with when each was saved. */
async function saves(dir: string): Promise<{ name: string; saved: number }[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^gen-\d{6}$/.test(n)).sort().reverse();
  return Promise.all(names.map(async (name) => ({ name, saved: Date.parse((JSON.parse(await readFile(path.join(dir, name, 'manifest.json'), 'utf8')) as { saved: string }).saved) })));
}

/** Waits for a save whose host section holds `text` (a hang guard, not a timing). */
async function savedWith(dir: string, text: string): Promise<string> {
  for (let i = 0; i < 2400; i++) {
    const s = (await saves(dir))[0];
    if (s && (await readFile(path.join(dir, s.name, 'extra.json'), 'utf8').catch(() => '')).includes(text)) return s.name;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the lab was never saved');
}

test('the lab saves itself; killed and started again it is all back; a damaged newest save is reported and the one before loads', async () => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'driverlab-labsave-')), '.driverlab-lab');

  // First run: a target created and started, a file written at its prompt, a serial cable, provisioning settings.
  const h1 = host(dir);
  const m1 = machineHandlers(h1);
  await m1['machine.create']({ name: NAME }, ctx);
  await m1['machine.power']({ name: NAME, on: true }, ctx);
  const lab1 = await h1.lab();
  await lab1.waitFor(NAME, ['running']);
  const con1 = consoles.get(lab1)!;
  await con1.ready();
  await con1.run('mkdir C:\\Notes');
  await con1.run('echo kept across runs> C:\\Notes\\a.txt');
  await m1['cable.plug']({ kind: 'serial', a: 'host:COM1', b: `${NAME}:COM1` }, ctx);
  h1.provisioned.set(NAME, { hostName: 'HOST', debug: { kind: 'net', hostIp: '169.254.0.1', port: 50000, key: '1.2.3.4' } });
  h1.changed(lab1);
  // Saved by itself a moment later (the file and the cable came before the settings, so that save has them too).
  await savedWith(dir, '169.254.0.1');
  // Killed: the engine goes away without closing the host (nothing more is written).
  await lab1.shutdown();

  // Second run: the same lab, running, with its file, cables and settings.
  const h2 = host(dir);
  const lab2 = await h2.lab();
  assert.deepEqual(h2.saver!.problems, []);
  const net = h2.network(lab2);
  const me = net.machines.find((m) => m.name === NAME);
  assert.ok(me, 'the target is back');
  assert.equal(me.status.state, 'running');
  assert.equal(me.netCabled, true);
  assert.deepEqual(me.provisioned?.debug, { kind: 'net', hostIp: '169.254.0.1', port: 50000, key: '1.2.3.4' });
  assert.ok(net.cables.some((c) => c.kind === 'serial' && c.a === 'host:COM1' && c.b === `${NAME}:COM1`), JSON.stringify(net.cables));
  const con2 = consoles.get(lab2)!;
  await con2.ready();
  assert.equal(await con2.run('type C:\\Notes\\a.txt'), 'kept across runs\n');
  // A change, then the app closes: closing waits for its save.
  await con2.run('echo newer> C:\\Notes\\b.txt');
  await h2.close();
  const newest = (await saves(dir))[0]!.name;

  // The newest save is damaged (a crash mid-write): the next start names it and loads the one before.
  const file = path.join(dir, newest, 'machines', `${NAME}.json`);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.slice(0, text.length >> 1));
  const h3 = host(dir);
  const lab3 = await h3.lab();
  assert.match(h3.saver!.problems[0]!, new RegExp(`The lab save ${newest} cannot be used: machines/${NAME}\\.json does not match its checksum`));
  assert.match(h3.saver!.problems.at(-1)!, /Restored the previous good save gen-\d{6}/);
  assert.match(h3.noted('host'), /cannot be used/);
  const con3 = consoles.get(lab3)!;
  await con3.ready();
  assert.equal(await con3.run('type C:\\Notes\\a.txt'), 'kept across runs\n');
  assert.ok((await readdir(dir)).includes(newest), 'the damaged save is kept for inspection');
  await h3.close();
});
