// Every lab in labs/ loads and validates (its lab.json, its starter files and answers, a scenario with every step
// in order); every check kind the schema knows is evaluated by checks.ts; a bad lab file is refused with the file
// and the field to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listLabIds, loadLab } from '../load.ts';
import { CHECK_KINDS, LabFileError, validateLab, type Check } from '../schema.ts';
import { evaluateCheck } from '../checks.ts';
import { RecordingWorld } from '../world.ts';

const ISSUE_LABS = ['hello-world-kmdf', 'kmdf-template', 'umdf2-template', 'provision-target', 'echo-kernel-debugging', 'classic-nt-driver', 'concepts-you-can-see', 'crash-and-analyze'];

test('the eight labs of the issue load and validate, in the issue\'s order', () => {
  assert.deepEqual(listLabIds(), ISSUE_LABS);
  for (const id of ISSUE_LABS) {
    const l = loadLab(id);
    assert.equal(l.lab.id, id);
    assert.ok(l.lab.steps.length >= 5, `${id} has its steps`);
    assert.deepEqual(l.scenario.steps.map((s) => s.id), l.lab.steps.map((s) => s.id), `${id}: the scenario walks every step in order`);
    for (const s of l.lab.steps) assert.ok(s.hint && s.answer.text && s.instructions.length > 40, `${id}/${s.id} has instructions, a hint and an answer`);
  }
});

test('every check a lab uses is a known kind, and every kind is evaluated (none passes on an empty lab)', async () => {
  const used = new Set<string>();
  const walk = (c: Check): void => { used.add(c.kind); if (c.kind === 'all') c.checks.forEach(walk); };
  for (const id of listLabIds()) for (const s of loadLab(id).lab.steps) walk(s.check);
  for (const k of used) assert.ok((CHECK_KINDS as readonly string[]).includes(k), k);
  const work = mkdtempSync(path.join(tmpdir(), 'labcheck-'));
  const world = new RecordingWorld(work);
  const samples: Check[] = [
    { kind: 'build-succeeded', project: 'Nothing' }, { kind: 'file-exists', target: 'host', path: 'x.c' },
    { kind: 'file-exists', target: 'T', path: 'C:\\x' }, { kind: 'devnode-status', target: 'T', hwid: 'Root\\X', status: 'started' },
    { kind: 'service-state', target: 'T', service: 'X', state: 'RUNNING' }, { kind: 'process-running', target: 'T', image: 'x.exe' },
    { kind: 'bcd', target: 'T', key: 'debug', value: true }, { kind: 'firmware', target: 'T', setting: 'secureBoot', value: false },
    { kind: 'machine-state', target: 'T', state: 'running' }, { kind: 'ping', from: 'host', to: 'T' },
    { kind: 'kd-connected' }, { kind: 'kd-output-contains', text: 'kd' }, { kind: 'transcript-contains', console: 'host', text: 'x' },
    { kind: 'bugcheck', target: 'T' }, { kind: 'all', checks: [{ kind: 'kd-connected' }] },
  ];
  assert.deepEqual([...new Set(samples.map((s) => s.kind))].sort(), [...CHECK_KINDS].sort(), 'a sample of every kind');
  for (const c of samples) {
    const r = await evaluateCheck(c, world);
    assert.equal(r.pass, false, `${c.kind} on an empty lab: ${r.detail}`);
    assert.ok(r.detail.length > 10, `${c.kind} says why`);
  }
  // And the ones that need nothing but the work folder and transcripts do pass when their state is there.
  mkdirSync(path.join(work, 'P'));
  writeFileSync(path.join(work, 'P', 'x.c'), 'int DriverEntry;');
  world.record('host', 'host> build P\nDriver is a Universal Driver.');
  assert.equal((await evaluateCheck({ kind: 'file-exists', target: 'host', path: 'P/x.c', contains: 'DriverEntry' }, world)).pass, true);
  assert.equal((await evaluateCheck({ kind: 'file-exists', target: 'host', path: 'P/x.c', contains: 'WdfDriverCreate' }, world)).pass, false);
  assert.equal((await evaluateCheck({ kind: 'transcript-contains', console: 'HOST', text: 'Universal Driver' }, world)).pass, true);
  assert.match((await evaluateCheck({ kind: 'build-succeeded', project: 'P' }, world)).detail, /has not been built in Debug yet/);
});

const good = () => ({
  id: 'demo', title: 'Demo', seed: 'none', goal: 'show the validator',
  steps: [{ id: 'one', title: 'One', instructions: 'Do it.', check: { kind: 'kd-connected' }, hint: 'h', answer: { text: 'a' } }],
});

test('a bad lab file is refused with the file, the field and what is wrong', () => {
  const bad = (mutate: (l: ReturnType<typeof good>) => unknown, message: RegExp) => {
    const l = good();
    const r = mutate(l) ?? l;
    assert.throws(() => validateLab(r, 'labs/demo/lab.json'), (e: unknown) => e instanceof LabFileError && message.test(e.message), String(message));
  };
  assert.equal(validateLab(good()).steps[0]!.check.kind, 'kd-connected');
  bad((l) => { delete (l as Partial<typeof l>).goal; }, /^labs\/demo\/lab\.json: lab\.goal: is missing$/);
  bad((l) => { (l.steps[0]!.check as { kind: string }).kind = 'button-clicked'; }, /lab\.steps\[0\]\.check\.kind: "button-clicked" is not one of build-succeeded, /);
  bad((l) => { l.steps[0]!.check = { kind: 'bugcheck', target: 'T', code: 'D1' } as never; }, /check\.code: "D1" is not a bugcheck code \(write it as 0xD1\)/);
  bad((l) => { l.steps.push({ ...l.steps[0]! }); }, /lab\.steps\[1\]\.id: "one" is used by an earlier step/);
  bad((l) => { (l.steps[0]! as Record<string, unknown>)['hints'] = 'x'; }, /lab\.steps\[0\]\.hints: is not a known field \(known: id, title/);
  bad((l) => { l.steps[0]!.check = { kind: 'devnode-status', target: 'T', hwid: 'Root\\X', status: 'running' } as never; }, /status: "running" is not one of started, disabled/);
  bad((l) => { l.steps[0]!.check = { kind: 'all', checks: [] } as never; }, /check\.checks: must be a non-empty list of checks/);
  bad((l) => { (l.steps[0]!.answer as Record<string, unknown>)['files'] = { 'answer/x.c': '../escape.c' }; }, /answer\.files\.answer\/x\.c: must map a lab file/);
  bad((l) => { (l.steps[0]!.answer as Record<string, unknown>)['files'] = { '../../etc/passwd': 'x.c' }; }, /must map a lab file/);
  bad((l) => { (l as Record<string, unknown>)['starter'] = { samples: { x: '/etc' } }; }, /lab\.starter\.samples\.x: must map a work-folder name/);
  bad(() => [], /lab\.json: : must be an object|lab\.json: must be an object/);
});

test('a lab folder whose scenario misses a step, or whose answer file is missing, is refused', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'labs-'));
  const dir = path.join(root, 'demo');
  mkdirSync(dir);
  const lab = good();
  lab.steps.push({ ...lab.steps[0]!, id: 'two', answer: { text: 'a' } });
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(lab));
  writeFileSync(path.join(dir, 'scenario.txt'), '# step: one\nhost> build x\n');
  assert.throws(() => loadLab('demo', root), /scenario\.txt: has no "# step: two" section/);
  writeFileSync(path.join(dir, 'scenario.txt'), '# step: two\n# step: one\n');
  assert.throws(() => loadLab('demo', root), /has its steps out of order or twice \(two, one\)/);
  writeFileSync(path.join(dir, 'scenario.txt'), '# step: one\n# step: three\n');
  assert.throws(() => loadLab('demo', root), /"# step: three" names no step of the lab/);
  writeFileSync(path.join(dir, 'scenario.txt'), '# step: one\n# step: two\n');
  assert.equal(loadLab('demo', root).lab.steps.length, 2);
  (lab.steps[1]!.answer as Record<string, unknown>)['files'] = { 'answer/Driver.c': 'P/Driver.c' };
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(lab));
  assert.throws(() => loadLab('demo', root), /lab\.steps\[1\]\.answer\.files: answer\/Driver\.c is missing/);
  writeFileSync(path.join(dir, 'lab.json'), '{ "id": ');
  assert.throws(() => loadLab('demo', root), /lab\.json: is not valid JSON/);
  assert.throws(() => loadLab('nope', root), /there is no lab "nope"/);
});

test('a start snapshot names its KDNET port and key, and the scenario\'s setup lines make exactly that start', () => {
  const snap = { description: 'T, provisioned', target: 'T', provisioned: true, debugger: 'net', port: 50000, key: '1.2.3.4' };
  const withSnap = (s: Record<string, unknown>) => ({ ...good(), startSnapshot: s });
  assert.deepEqual(validateLab(withSnap(snap)).startSnapshot, snap);
  assert.throws(() => validateLab(withSnap({ ...snap, port: 80 })), /lab\.startSnapshot\.port: must be the KDNET port/);
  assert.throws(() => validateLab(withSnap({ ...snap, key: '1.2.3' })), /lab\.startSnapshot\.key: "1\.2\.3" is not a KDNET key/);
  assert.equal(validateLab(withSnap({ description: 'T', target: 'T', provisioned: true, debugger: 'serial' })).startSnapshot!.debugger, 'serial');
  const root = mkdtempSync(path.join(tmpdir(), 'labs-'));
  mkdirSync(path.join(root, 'demo'));
  writeFileSync(path.join(root, 'demo', 'lab.json'), JSON.stringify({ ...withSnap(snap), id: 'demo' }));
  const setup = 'host> new-target T\nhost> cable net host T\nhost> provision T net port=50000 key=1.2.3.4\n';
  writeFileSync(path.join(root, 'demo', 'scenario.txt'), `# start\n${setup}# step: one\n`);
  assert.equal(loadLab('demo', root).lab.startSnapshot!.key, '1.2.3.4');
  writeFileSync(path.join(root, 'demo', 'scenario.txt'), `${setup.replace('key=1.2.3.4', 'key=9.9.9.9')}# step: one\n`);
  assert.throws(() => loadLab('demo', root), /scenario\.txt: its setup lines \(before the first step\) must make the lab's startSnapshot:\nhost> new-target T\nhost> cable net host T\nhost> provision T net port=50000 key=1\.2\.3\.4/);
});

test('a start snapshot\'s installed driver is one of our driver samples, its INF and a hardware ID, on a provisioned start', () => {
  const inst = { project: 'echo', sample: 'kernel/test/drivers/Echo', inf: 'echo.inf', hwid: 'root\\ECHO' };
  const snap = { description: 'T, provisioned, Echo installed', target: 'T', provisioned: true, debugger: 'net', port: 50000, key: '1.2.3.4', installed: inst };
  const withSnap = (s: Record<string, unknown>, samples: Record<string, string> = { echo: inst.sample }) => ({ ...good(), starter: { samples }, startSnapshot: s });
  assert.deepEqual(validateLab(withSnap(snap)).startSnapshot, snap);
  const bad = (i: Record<string, unknown>) => () => validateLab(withSnap({ ...snap, installed: { ...inst, ...i } }));
  assert.throws(bad({ sample: '/tmp/Echo' }), /lab\.startSnapshot\.installed\.sample: "\/tmp\/Echo" must be one of our driver samples/);
  assert.throws(bad({ inf: 'echo' }), /lab\.startSnapshot\.installed\.inf: "echo" must be the package's INF file name/);
  assert.throws(bad({ hwid: 'ECHO' }), /lab\.startSnapshot\.installed\.hwid: "ECHO" must be a hardware ID/);
  assert.throws(bad({ project: '../x' }), /lab\.startSnapshot\.installed\.project: "\.\.\/x" must be a work-folder name/);
  assert.throws(bad({ extra: 1 }), /lab\.startSnapshot\.installed\.extra: is not a known field/);
  assert.throws(() => validateLab(withSnap({ ...snap, installed: { project: 'echo' } })), /lab\.startSnapshot\.installed\.sample: is missing/);
  assert.throws(() => validateLab(withSnap({ description: 'T', target: 'T', installed: inst })), /lab\.startSnapshot\.installed: needs "provisioned": true/);
  // The scenario's setup lines build it in the work folder: the starter copies the sample there, and the lines install it.
  const root = mkdtempSync(path.join(tmpdir(), 'labs-'));
  mkdirSync(path.join(root, 'demo'));
  const setup = 'host> new-target T\nhost> cable net host T\nhost> provision T net port=50000 key=1.2.3.4\n';
  const install = 'host> build echo\nhost> deploy echo T --copy-only\nT> cd C:\\DriverTest\\Drivers\nT> devcon install echo.inf root\\ECHO\n';
  writeFileSync(path.join(root, 'demo', 'scenario.txt'), `${setup}${install}# step: one\n`);
  const save = (lab: unknown) => writeFileSync(path.join(root, 'demo', 'lab.json'), JSON.stringify({ ...(lab as object), id: 'demo' }));
  save(withSnap(snap));
  assert.equal(loadLab('demo', root).lab.startSnapshot!.installed!.hwid, 'root\\ECHO');
  save(withSnap(snap, { drivers: inst.sample }));
  assert.throws(() => loadLab('demo', root), /lab\.startSnapshot\.installed: lab\.starter\.samples must copy kernel\/test\/drivers\/Echo to echo/);
  save(withSnap({ ...snap, installed: { ...inst, inf: 'other.inf' } }));
  assert.throws(() => loadLab('demo', root), /lab\.startSnapshot\.installed\.inf: kernel\/test\/drivers\/Echo has no other\.inf/);
  save(withSnap(snap));
  writeFileSync(path.join(root, 'demo', 'scenario.txt'), `${setup}# step: one\n`);
  assert.throws(() => loadLab('demo', root), /must make the lab's startSnapshot:\n[\s\S]*host> build echo\nhost> deploy echo T --copy-only\nT> cd C:\\DriverTest\\Drivers\nT> devcon install echo\.inf root\\ECHO$/);
});
