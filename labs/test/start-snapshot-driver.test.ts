// A lab start "provisioned, driver installed" (startSnapshot.installed): the first start provisions the target,
// builds the Echo sample, deploys it (copy only) and installs it with devcon, and caches the snapshot; the second
// restores it and at the target's prompt the driver is running, with nothing built or installed again. The driver's
// sources name the snapshot: a changed sample gives another name, and its next start is made anew (the stale one
// dropped). The sample is a copy in a temp folder and the cache a temp folder (DRIVERLAB_SNAPSHOT_DIR), never a
// user's.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../main/toolchain/clang.ts';
import { validateLab } from '../../main/engine/labs/schema.ts';
import { startLines, startSnapshotName, type StartSnapshot } from '../../main/engine/labs/start-snapshot.ts';
import { HostLab } from '../../main/cli/lab-console.ts';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'lab-snapshots-'));
process.env.DRIVERLAB_SNAPSHOT_DIR = cacheDir;
const sampleRoot = mkdtempSync(path.join(tmpdir(), 'lab-sample-'));
const sample = path.join(sampleRoot, 'Echo');
cpSync(path.join(repoRoot, 'kernel/test/drivers/Echo'), sample, { recursive: true });
const labs: HostLab[] = [];
after(async () => {
  for (const l of labs) await l.close();
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(sampleRoot, { recursive: true, force: true });
});

// As a lab.json says it (one of our samples), then pointed at the test's own copy of that sample.
const fromLab = validateLab({
  id: 'demo', title: 'D', seed: 'S', goal: 'G', starter: { samples: { echo: 'kernel/test/drivers/Echo' } },
  startSnapshot: {
    description: 'MyTestComputer, provisioned (port 50000, key 1.2.3.4), with the Echo driver installed (root\\ECHO).', target: 'MyTestComputer',
    provisioned: true, debugger: 'net', port: 50000, key: '1.2.3.4', installed: { project: 'echo', sample: 'kernel/test/drivers/Echo', inf: 'echo.inf', hwid: 'root\\ECHO' },
  },
  steps: [{ id: 'one', title: 'T', instructions: 'I', hint: 'H', check: { kind: 'kd-connected' }, answer: { text: 'A' } }],
}).startSnapshot!;
const spec: StartSnapshot = { ...fromLab, installed: { ...fromLab.installed!, sample } };
const cached = () => readdirSync(cacheDir).filter((n) => n.endsWith('.json'));
async function start(): Promise<{ lab: HostLab; r: Awaited<ReturnType<HostLab['startFrom']>> }> {
  const lab = new HostLab(cacheDir);
  labs.push(lab);
  return { lab, r: await lab.startFrom(spec) };
}

test('the start\'s lines are the learner\'s: provision, then build, deploy --copy-only, cd and devcon install', () => {
  assert.deepEqual(startLines(fromLab).slice(3), [
    'host> build echo', 'host> deploy echo MyTestComputer --copy-only',
    'MyTestComputer> cd C:\\DriverTest\\Drivers', 'MyTestComputer> devcon install echo.inf root\\ECHO',
  ]);
});

let first = '';
test('first start: provisioned, Echo built, deployed and installed, and the snapshot cached', { timeout: 300_000 }, async () => {
  const { lab, r } = await start();
  assert.equal(r.from, 'new');
  const said = r.lines.join('\n');
  assert.match(said, /Provisioning MyTestComputer completed successfully\.[\s\S]*host> build echo[\s\S]*Build succeeded\.[\s\S]*Copying driver package to MyTestComputer[\s\S]*echo\.sys[\s\S]*MyTestComputer> devcon install echo\.inf root\\ECHO\n[\s\S]*Drivers installed successfully\./);
  assert.ok(existsSync(r.snapshotFile));
  first = path.basename(r.snapshotFile);
  assert.deepEqual(cached(), [first]);
  assert.equal(first, startSnapshotName(spec));
  assert.deepEqual(readdirSync(cacheDir).filter((n) => n.startsWith('.build')), [], 'the build copy is gone');
  await lab.close();
});

test('second start: restored, and at the target prompt the Echo device and its service are running', { timeout: 300_000 }, async () => {
  const { lab, r } = await start();
  assert.equal(r.from, 'snapshot');
  assert.doesNotMatch(r.lines.join('\n'), /Provisioning|host> build|devcon install/);
  const con = lab.target('MyTestComputer')!;
  assert.match(await con.run('devcon status root\\ECHO'), /Driver is running\.[\s\S]*1 matching device\(s\) found\./i);
  assert.match(await con.run('sc query ECHO'), /SERVICE_NAME: ECHO[\s\S]*STATE\s+: 4  RUNNING/);
  await lab.close();
});

test('a changed driver source names another snapshot, made anew; the stale one is dropped', { timeout: 300_000 }, async () => {
  appendFileSync(path.join(sample, 'queue.c'), '\n/* changed */\n');
  assert.notEqual(startSnapshotName(spec), first);
  assert.notEqual(startSnapshotName({ ...spec, installed: { ...spec.installed!, hwid: 'root\\ECHO2' } }), startSnapshotName(spec), 'the installed spec is in the name too');
  const { r } = await start();
  assert.equal(r.from, 'new');
  assert.deepEqual(cached(), [startSnapshotName(spec)]);
});
