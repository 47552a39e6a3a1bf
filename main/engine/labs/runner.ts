// Walking a lab from its scenario: the starter files go into the work folder, then for each step the answer's
// files are written (what the learner would type), the step's scenario lines are played at their consoles, and
// the step's check is evaluated against the real state (polled for a while: a device or a service settles after
// the command that caused it returns). The walk stops at the first step that does not pass, and says which.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import { evaluateCheck, type CheckResult } from './checks.ts';
import { answerSource, starterSource, type LoadedLab } from './load.ts';
import type { LineEdit } from './schema.ts';
import type { StartSnapshot } from './start-snapshot.ts';
import { emptyProgress, saveProgress, type LabProgress } from './progress.ts';
import type { LabWorld } from './world.ts';

export interface PlayOutcome { ok: boolean; transcript: string; reason?: string }
/** Plays scenario text at the consoles (driverlab play's `play` with a registry of consoles). */
export type ScenarioPlayer = (text: string) => Promise<PlayOutcome>;

export interface StepRun { id: string; title: string; play: PlayOutcome; check?: CheckResult; passed: boolean }
export interface LabRun {
  lab: string; ok: boolean; steps: StepRun[]; setup: PlayOutcome;
  /** The first step that did not pass, and why (a scenario line that failed, or its check). */
  firstFailing?: { id: string; reason: string };
}

export interface RunOptions {
  world: LabWorld;
  play: ScenarioPlayer;
  /** Make a project from a New Project template in the work folder, as the app's File > New > Project does. */
  createProject?: (workDir: string, templateId: string, name: string) => void;
  /** Add a file the learner wrote to its project (Add > New Item), for projects that list their files. */
  addToProject?: (workDir: string, file: string) => void;
  /** Make the lab's start target from its snapshot (lab.json's startSnapshot) instead of playing the setup lines. */
  start?: (spec: StartSnapshot) => Promise<PlayOutcome>;
  /** Where progress is saved (the workspace); none: not saved. */
  workspace?: string;
  /** How long a check may take to come true after its step's lines (default 15 s). */
  settleMs?: number;
  /** Stop after this step (tests walk as far as the engine allows). */
  until?: string;
  onStep?: (r: StepRun) => void;
}

/** Put the lab's starter files (its own folder, or a template) into the work folder. */
export function prepareWorkFolder(l: LoadedLab, workDir: string, createProject?: RunOptions['createProject']): void {
  mkdirSync(workDir, { recursive: true });
  const s = l.lab.starter;
  if (s?.files) cpSync(path.join(l.dir, s.files), workDir, { recursive: true });
  // Our sample sources, as the learner gets them (build outputs left behind).
  for (const [to, from] of Object.entries(s?.samples ?? {})) {
    cpSync(path.join(repoRoot, from), path.join(workDir, to), { recursive: true, filter: (p) => !/[\\/](x64|Debug|Release)([\\/]|$)/.test(path.relative(repoRoot, p)) });
  }
  if (s?.template) {
    if (!createProject) throw new Error(`Lab ${l.lab.id} starts from the "${s.template.id}" template, and no way to create projects was given.`);
    createProject(workDir, s.template.id, s.template.name);
  }
}

/** Write a step's answer files into the work folder (what the learner types in the editor). */
export function applyAnswerFiles(l: LoadedLab, stepId: string, workDir: string, addToProject?: RunOptions['addToProject']): string[] {
  const step = l.lab.steps.find((s) => s.id === stepId);
  const written: string[] = [];
  for (const [from, to] of Object.entries(step?.answer.files ?? {})) {
    const f = path.join(workDir, to);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, readFileSync(answerSource(l.dir, from)));
    addToProject?.(workDir, to);
    written.push(to);
  }
  const e = step?.answer.edit;
  if (e) {
    const f = path.join(workDir, e.file);
    writeFileSync(f, withLine(readFileSync(f, 'utf8'), e));
    written.push(e.file);
  }
  return written;
}

/** The text with its line starting with `linePrefix` replaced (the one line a step's answer changes). */
export function withLine(text: string, e: LineEdit): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(e.linePrefix));
  if (i < 0) throw new Error(`${e.file} has no line starting with "${e.linePrefix}".`);
  lines[i] = e.line + (lines[i]!.endsWith('\r') ? '\r' : '');
  return lines.join('\n');
}

/** Evaluate a check until it passes or `settleMs` has gone by. */
export async function settle(check: () => Promise<CheckResult>, settleMs: number): Promise<CheckResult> {
  const end = Date.now() + settleMs;
  for (;;) {
    const r = await check();
    if (r.pass || Date.now() >= end) return r;
    await new Promise((res) => setTimeout(res, 500));
  }
}

const CAPTURE = /^#\s*capture\s+(\w+)\s+\/(.+)\/([im]*)\s*$/;

/**
 * Play a segment line by line so that it can use what earlier lines printed: `# capture NAME /regex/` takes the
 * first group of the regex from the next line's output, and `${NAME}` in later lines is replaced by it (the
 * address `!devnode` printed, for `!devobj ${pdo}`).
 */
export async function playSegment(text: string, play: ScenarioPlayer, vars: Map<string, string>): Promise<PlayOutcome> {
  const lines = text.split('\n');
  const transcript: string[] = [];
  let capture: { name: string; re: RegExp } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    const c = CAPTURE.exec(t);
    if (c) { capture = { name: c[1]!, re: new RegExp(c[2]!, c[3]) }; continue; }
    if (!t || t.startsWith('#')) continue;
    let missing: string | undefined;
    const line = lines[i]!.replace(/\$\{(\w+)\}/g, (_, n: string) => vars.get(n) ?? (missing = n, ''));
    if (missing) return { ok: false, transcript: transcript.join('\n'), reason: `line ${i + 1}: \${${missing}} was not captured from an earlier line's output` };
    const r = await play(`${'\n'.repeat(i)}${line}`);
    transcript.push(r.transcript);
    if (!r.ok) return { ok: false, transcript: transcript.join('\n'), reason: r.reason };
    if (capture) {
      const m = capture.re.exec(r.transcript);
      if (!m) return { ok: false, transcript: transcript.join('\n'), reason: `line ${i + 1}: its output has nothing that matches /${capture.re.source}/ (capture ${capture.name})` };
      vars.set(capture.name, m[1] ?? m[0]);
      capture = undefined;
    }
  }
  return { ok: true, transcript: transcript.join('\n') };
}

export async function runLab(l: LoadedLab, o: RunOptions): Promise<LabRun> {
  const w = o.world;
  const vars = new Map<string, string>([['workdir', w.workDir]]);
  prepareWorkFolder(l, w.workDir, o.createProject);
  const progress: LabProgress = emptyProgress(l.lab.id);
  const snap = l.lab.startSnapshot;
  const setup = snap && o.start ? await o.start(snap).catch((e: Error): PlayOutcome => ({ ok: false, transcript: '', reason: e.message })) : await playSegment(l.scenario.setup, o.play, vars);
  const run: LabRun = { lab: l.lab.id, ok: false, steps: [], setup };
  if (!run.setup.ok) {
    run.firstFailing = { id: l.lab.steps[0]!.id, reason: `the lab's setup lines failed: ${run.setup.reason}` };
    return run;
  }
  for (const seg of l.scenario.steps) {
    const step = l.lab.steps.find((s) => s.id === seg.id)!;
    applyAnswerFiles(l, step.id, w.workDir, o.addToProject);
    const play = await playSegment(seg.text, o.play, vars);
    const r: StepRun = { id: step.id, title: step.title, play, passed: false };
    if (play.ok) {
      r.check = await settle(() => evaluateCheck(step.check, w), o.settleMs ?? 15_000);
      r.passed = r.check.pass;
    }
    run.steps.push(r);
    o.onStep?.(r);
    if (r.passed) {
      progress.steps[step.id] = { passed: true, at: new Date().toISOString(), detail: r.check!.detail };
      if (o.workspace) await saveProgress(o.workspace, progress);
    } else {
      run.firstFailing = { id: step.id, reason: play.ok ? `its check did not pass: ${r.check!.detail}` : `a scenario line failed: ${play.reason}` };
      return run;
    }
    if (o.until === step.id) break;
  }
  run.ok = run.steps.length === l.lab.steps.length;
  return run;
}

/** A step's hint or answer for the learner; asking is recorded in the progress. */
export function hintFor(l: LoadedLab, stepId: string, p?: LabProgress): string {
  const s = l.lab.steps.find((x) => x.id === stepId);
  if (!s) throw new Error(`Lab ${l.lab.id} has no step "${stepId}".`);
  if (p && !p.hints.includes(stepId)) p.hints.push(stepId);
  return s.hint;
}

export function answerFor(l: LoadedLab, stepId: string, p?: LabProgress): { text: string; files: Record<string, string> } {
  const s = l.lab.steps.find((x) => x.id === stepId);
  if (!s) throw new Error(`Lab ${l.lab.id} has no step "${stepId}".`);
  if (p && !p.answers.includes(stepId)) p.answers.push(stepId);
  const files: Record<string, string> = {};
  for (const [from, to] of Object.entries(s.answer.files ?? {})) files[to] = readFileSync(answerSource(l.dir, from), 'utf8');
  // A one-line change is shown on the starter's copy of the file.
  const e = s.answer.edit;
  const from = e ? starterSource(l.lab, l.dir, e.file) : undefined;
  if (e && from) files[e.file] = withLine(readFileSync(from, 'utf8'), e);
  return { text: s.answer.text, files };
}
