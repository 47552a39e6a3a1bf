// A lab that starts "already provisioned" (lab.json's startSnapshot) started twice: the first start makes the
// target as the scenario's setup lines do and caches its snapshot (replacing an older kernel's), the second restores
// it and still reaches its first steps, the debugger connecting over the network. A target restored from that cache
// is really provisioned: bcdedit shows debugging and test signing on with the lab's key, C:\DriverTest is there, and
// a debugger connects and breaks in. `--fresh` provisions from scratch and leaves the cache alone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertPassedThrough, walk } from './walk.ts';
import { loadLab } from '../../main/engine/labs/load.ts';
import { targetVersion } from '../../main/engine/labs/start-snapshot.ts';
import { HostLab } from '../../main/cli/lab-console.ts';
import { openLabDebugger } from '../../main/debugger/lab/debugger.ts';

const LAB = 'crash-and-analyze';
const cacheDir = mkdtempSync(path.join(tmpdir(), 'lab-snapshots-'));
const env = { DRIVERLAB_SNAPSHOT_DIR: cacheDir };
const stale = path.join(cacheDir, 'MyTestComputer-net-50000-1.2.3.4-0123456789abcdef.json');
const cached = () => readdirSync(cacheDir).filter((n) => n.endsWith('.json'));

test('first start: the target is made, provisioned and cached; an older kernel\'s snapshot is dropped', { timeout: 300_000 }, async () => {
  writeFileSync(stale, '{"version":1}');
  const w = await walk(LAB, 60, { args: ['--until=attach'], env });
  assertPassedThrough(w, 'attach');
  assert.match(w.setup.join('\n'), /Making the lab's start[\s\S]*Provisioning MyTestComputer completed successfully\.[\s\S]*Saved MyTestComputer's start snapshot/);
  assert.deepEqual(cached(), [`MyTestComputer-net-50000-1.2.3.4-${targetVersion()}.json`]);
  assert.equal(existsSync(stale), false);
});

test('second start: restored from the snapshot, no provisioning, the first steps pass and the debugger connects', { timeout: 300_000 }, async () => {
  const file = path.join(cacheDir, cached()[0]!);
  const mtime = statSync(file).mtimeMs;
  const w = await walk(LAB, 60, { args: ['--until=attach'], env });
  assertPassedThrough(w, 'attach');
  assert.match(w.setup.join('\n'), /^Restoring MyTestComputer from the lab's start snapshot/);
  assert.doesNotMatch(w.setup.join('\n'), /Provisioning/);
  assert.match(w.steps.find((s) => s.id === 'attach')!.detail!, /The debugger is connected/);
  assert.equal(statSync(file).mtimeMs, mtime, 'the cache was read, not written');
});

const lab = new HostLab(cacheDir);
after(() => lab.close());

test('a restored start is provisioned: bcdedit debug and testsigning on with the lab\'s key, C:\\DriverTest, a debugger breaks in', { timeout: 300_000 }, async () => {
  const spec = loadLab(LAB).lab.startSnapshot!;
  const r = await lab.startFrom(spec, { cacheDir });
  assert.equal(r.from, 'snapshot');
  const con = lab.target('MyTestComputer')!;
  const bcd = await con.run('bcdedit');
  assert.match(bcd, /testsigning\s+Yes/);
  assert.match(bcd, /debug\s+Yes/);
  const dbg = await con.run('bcdedit /dbgsettings');
  assert.match(dbg, /key\s+1\.2\.3\.4/);
  assert.match(dbg, /port\s+50000/);
  assert.match(await con.run('dir C:\\DriverTest'), /<DIR>\s+Drivers/);
  const d = openLabDebugger(await lab.lab(), { transport: 'net', port: 50000, key: '1.2.3.4' });
  try {
    assert.match(await d.connected, /Kernel Debugger connection established\./);
    assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003/);
    assert.equal((await lab.lab()).status('MyTestComputer').state, 'broken-in');
    await d.console.run('g');
    await (await lab.lab()).waitFor('MyTestComputer', ['running'], 10_000);
  } finally { d.session.disconnect(); }
});
