// The runner walks a lab: starter files into the work folder, each step's answer files written, its scenario
// lines played (with values captured from earlier output), its check evaluated; the walk stops at the first step
// that does not pass and names it; passed steps are saved as progress that survives a damaged save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLab } from '../load.ts';
import { answerFor, applyAnswerFiles, hintFor, playSegment, prepareWorkFolder, runLab, type PlayOutcome } from '../runner.ts';
import { currentStep, loadProgress, progressDir, saveProgress, emptyProgress } from '../progress.ts';
import { RecordingWorld } from '../world.ts';

/** A console for the test: `host> echo TEXT` prints TEXT; `host> fail` is a line that throws. */
function player(world: RecordingWorld, seen: string[]): (text: string) => Promise<PlayOutcome> {
  return async (text) => {
    const out: string[] = [];
    for (const raw of text.split('\n')) {
      const m = /^(\w+)> (.*)$/.exec(raw.trim());
      if (!m) continue;
      seen.push(m[2]!);
      if (m[2] === 'fail') return { ok: false, transcript: out.join('\n'), reason: 'the line failed' };
      const said = m[2]!.replace(/^echo /, '');
      world.record(m[1]!, `${m[1]}> ${m[2]}\n${said}`);
      out.push(said);
    }
    return { ok: true, transcript: out.join('\n') };
  };
}

function miniLab(scenario: string): { root: string; work: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'labs-'));
  const dir = path.join(root, 'mini');
  mkdirSync(path.join(dir, 'starter', 'Mini'), { recursive: true });
  mkdirSync(path.join(dir, 'answer'));
  writeFileSync(path.join(dir, 'starter', 'Mini', 'Mini.inf'), '; Root\\Mini\n');
  writeFileSync(path.join(dir, 'answer', 'Driver.c'), 'NTSTATUS DriverEntry(void) { return WdfDriverCreate(); }\n');
  const step = (id: string, check: object, files?: object) => ({ id, title: id, instructions: `Do ${id}.`, check, hint: `hint for ${id}`, answer: { text: `answer for ${id}`, ...(files ? { files } : {}) } });
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify({
    id: 'mini', title: 'Mini', seed: 'test', goal: 'walk', starter: { files: 'starter' },
    steps: [
      step('project', { kind: 'file-exists', target: 'host', path: 'Mini/Mini.inf', contains: 'Root\\Mini' }),
      step('type', { kind: 'file-exists', target: 'host', path: 'Mini/Driver.c', contains: 'WdfDriverCreate' }, { 'answer/Driver.c': 'Mini/Driver.c' }),
      step('capture', { kind: 'transcript-contains', console: 'host', text: 'device at 0xfffff801' }),
      step('never', { kind: 'transcript-contains', console: 'host', text: 'something nobody printed' }),
    ],
  }));
  writeFileSync(path.join(dir, 'scenario.txt'), scenario);
  return { root, work: mkdtempSync(path.join(tmpdir(), 'work-')) };
}

const SCENARIO = `# setup
host> echo ready
# step: project
# step: type
host> echo typed
# step: capture
# capture addr /PDO (0x[0-9a-f]+)/
host> echo DevNode for PDO 0xfffff80112345678
host> echo device at \${addr}
# step: never
host> echo something else
`;

test('a walk: starter files, answer files, lines played, captured values, stops at the first failing step', async () => {
  const { root, work } = miniLab(SCENARIO);
  const l = loadLab('mini', root);
  const world = new RecordingWorld(work);
  const seen: string[] = [];
  const steps: string[] = [];
  const run = await runLab(l, { world, play: player(world, seen), workspace: work, settleMs: 600, onStep: (r) => steps.push(`${r.id}:${r.passed}`) });
  assert.deepEqual(steps, ['project:true', 'type:true', 'capture:true', 'never:false']);
  assert.equal(run.ok, false);
  assert.equal(run.firstFailing?.id, 'never');
  assert.match(run.firstFailing!.reason, /its check did not pass: host has not printed "something nobody printed"/);
  assert.equal(readFileSync(path.join(work, 'Mini', 'Driver.c'), 'utf8'), readFileSync(path.join(root, 'mini', 'answer', 'Driver.c'), 'utf8'));
  assert.ok(seen.includes('echo device at 0xfffff80112345678'), seen.join('\n'));
  // Progress: the three passed steps, saved in the workspace; the guide's current step is the failing one.
  const p = await loadProgress(work, 'mini');
  assert.deepEqual(Object.keys(p.steps), ['project', 'type', 'capture']);
  assert.equal(currentStep(p, l.lab.steps.map((s) => s.id)), 'never');
});

test('a scenario line that fails stops the walk at its step, and a capture that finds nothing says so', async () => {
  const failing = miniLab(SCENARIO.replace('host> echo typed', 'host> fail'));
  const w1 = new RecordingWorld(failing.work);
  const r1 = await runLab(loadLab('mini', failing.root), { world: w1, play: player(w1, []), settleMs: 0 });
  assert.equal(r1.firstFailing?.id, 'type');
  assert.match(r1.firstFailing!.reason, /a scenario line failed: the line failed/);
  const noMatch = await playSegment('# capture x /nothing (here)/\nhost> echo hello\nhost> echo ${x}', player(w1, []), new Map());
  assert.equal(noMatch.ok, false);
  assert.match(noMatch.reason!, /line 2: its output has nothing that matches \/nothing \(here\)\/ \(capture x\)/);
  const unset = await playSegment('host> echo ${never}', player(w1, []), new Map());
  assert.match(unset.reason!, /\$\{never\} was not captured/);
});

test('hints and answers on request are recorded; progress survives a damaged newest save', async () => {
  const { root, work } = miniLab(SCENARIO);
  const l = loadLab('mini', root);
  const p = emptyProgress('mini');
  assert.equal(hintFor(l, 'type', p), 'hint for type');
  const a = answerFor(l, 'type', p);
  assert.equal(a.text, 'answer for type');
  assert.match(a.files['Mini/Driver.c']!, /WdfDriverCreate/);
  assert.deepEqual([p.hints, p.answers], [['type'], ['type']]);
  assert.throws(() => hintFor(l, 'nope'), /Lab mini has no step "nope"\./);
  p.steps['project'] = { passed: true, at: 'then', detail: 'ok' };
  await saveProgress(work, p);
  p.steps['type'] = { passed: true, at: 'later', detail: 'ok' };
  await saveProgress(work, p);
  // The newest save torn half-way: the previous good one comes back.
  const dir = progressDir(work, 'mini');
  const newest = readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim();
  const file = path.join(dir, newest, 'progress.json');
  assert.ok(existsSync(file));
  writeFileSync(file, readFileSync(file, 'utf8').slice(0, 20));
  const back = await loadProgress(work, 'mini');
  assert.deepEqual(Object.keys(back.steps), ['project']);
  assert.deepEqual((await loadProgress(work, 'other')).steps, {});
});

test('a one-line answer: the crash lab\'s bug choice and its fix change only the CRASHY_BUG line of the starter\'s Crashy.c', () => {
  const l = loadLab('crash-and-analyze');
  const work = mkdtempSync(path.join(tmpdir(), 'dl-lab-edit-'));
  prepareWorkFolder(l, work);
  const starter = readFileSync(path.join(work, 'Crashy', 'Crashy.c'), 'utf8');
  assert.deepEqual(applyAnswerFiles(l, 'choose-bug', work), ['Crashy/Crashy.c']);
  const buggy = readFileSync(path.join(work, 'Crashy', 'Crashy.c'), 'utf8');
  const changed = buggy.split('\n').filter((line, i) => line !== starter.split('\n')[i]);
  assert.deepEqual(changed, ['#define CRASHY_BUG CRASHY_BUG_IRQL']);
  applyAnswerFiles(l, 'fix', work);
  assert.equal(readFileSync(path.join(work, 'Crashy', 'Crashy.c'), 'utf8'), starter);
  // The answer the guide shows is the whole file with that line changed.
  assert.equal(answerFor(l, 'choose-bug').files['Crashy/Crashy.c'], buggy);
  // The concepts lab changes the same sample (copied from the crash lab's starter) the same way.
  const c = loadLab('concepts-you-can-see');
  assert.match(answerFor(c, 'kernel-crash').files['Crashy/Crashy.c']!, /^#define CRASHY_BUG CRASHY_BUG_NULL_POINTER$/m);
});
