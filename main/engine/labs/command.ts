// `driverlab lab`: list the labs, validate them, show a step's hint or answer, or walk a lab from its scenario
// and print each step's check result. The consoles (host>, targets, kd>) come from the CLI that calls this
// (main/cli/driverlab.ts), so the lab walks exactly what `driverlab play` runs.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LabEngine } from '../lab-engine.ts';
import { listLabIds, loadLab } from './load.ts';
import { answerFor, hintFor, runLab, type LabRun, type PlayOutcome } from './runner.ts';
import { RecordingWorld, type KdView } from './world.ts';
import type { StartResult, StartSnapshot } from './start-snapshot.ts';

/** A console as driverlab play drives it (main/cli/play.ts's Console). */
export interface LabConsole { readonly prompt: string; run(line: string): Promise<string> }
export type ConsoleLookup = (name: string) => LabConsole | undefined;

/** One lab session's consoles over one lab engine. */
export interface LabSession {
  consoles: ConsoleLookup;
  engine(): LabEngine | undefined;
  /** The kd> console (a KdSession-backed console exposes `session.state`). */
  kd(): unknown;
  /** Make a lab's start target from its snapshot (restored, or made and cached); what it printed. */
  start?(spec: StartSnapshot): Promise<StartResult>;
  close(): Promise<void>;
}

export interface LabCommandEnv {
  session(workDir: string): Promise<LabSession>;
  play(text: string, consoles: ConsoleLookup, o?: { lineTimeoutMs?: number }): Promise<PlayOutcome>;
  createProject?: (workDir: string, templateId: string, name: string) => void;
  addToProject?: (workDir: string, file: string) => void;
  print?: (line: string) => void;
}

const USAGE = `usage: driverlab lab list
       driverlab lab check                      (validate every lab file)
       driverlab lab <id> [--work=<dir>] [--until=<step>] [--timeout=<seconds per line>] [--fresh] [--json]
                 (--fresh: a lab that starts "already provisioned" provisions its target from scratch, by its
                  setup lines, instead of restoring the cached start snapshot)
       driverlab lab <id> hint|answer <step>`;

/**
 * What the debugger looks like to a check: a session's own state when the kd console exposes it; otherwise
 * connected once the connect banner went by, and stopped exactly when a target is broken into.
 */
function kdView(kd: unknown, world: RecordingWorld, engine: LabEngine | undefined): KdView | undefined {
  if (!kd) return undefined;
  const s = (kd as { session?: { state?: unknown } }).session?.state ?? (kd as { state?: unknown }).state;
  if (typeof s === 'string') return { state: s };
  if (!world.kdOutput().includes('Kernel Debugger connection established.')) return { state: 'waiting' };
  const broken = engine?.targetNames().some((n) => engine.status(n).state === 'broken-in' || engine.status(n).state === 'bugchecked');
  return { state: broken ? 'broken' : 'running' };
}

/**
 * Consoles that also write what they print into the world's transcripts. A line for a target that was just let
 * go at kd> (g) waits a moment for it to run again, as a person switching windows would.
 */
function recording(get: ConsoleLookup, world: RecordingWorld, engine: () => LabEngine | undefined): ConsoleLookup {
  return (name) => {
    const c = get(name);
    if (!c) return undefined;
    return {
      get prompt() { return c.prompt; },
      async run(line: string) {
        const lab = engine();
        const target = lab?.targetNames().find((n) => n.toLowerCase() === name.toLowerCase());
        if (lab && target && lab.status(target).state === 'broken-in') await lab.waitFor(target, ['running'], 3000).catch(() => undefined);
        const prompt = c.prompt;
        try {
          const out = await c.run(line);
          world.record(name, `${prompt}${line}\n${out}`);
          return out;
        } catch (e) { world.record(name, `${prompt}${line}\n${(e as Error).message}`); throw e; }
      },
    };
  };
}

/** Walk a lab in a fresh work folder; the session is closed at the end. */
export async function walkLab(id: string, env: LabCommandEnv, o: { workDir?: string; until?: string; settleMs?: number; lineTimeoutMs?: number; fresh?: boolean } = {}): Promise<LabRun> {
  const loaded = loadLab(id);
  const workDir = o.workDir ?? mkdtempSync(path.join(tmpdir(), `driverlab-${id}-`));
  const session = await env.session(workDir);
  const pending = (): string => { const p = (session.kd() as { pending?: unknown } | undefined)?.pending; return typeof p === 'string' ? p : ''; };
  const world: RecordingWorld = new RecordingWorld(workDir, { engine: () => session.engine(), kd: (): KdView | undefined => kdView(session.kd(), world, session.engine()), kdPending: pending });
  const consoles = recording(session.consoles, world, () => session.engine());
  const print = env.print ?? (() => {});
  const sessionStart = session.start?.bind(session);
  // The start snapshot instead of the setup lines (their output goes in the host transcript, as typed lines' would).
  const start = sessionStart && !o.fresh ? async (spec: StartSnapshot): Promise<PlayOutcome> => {
    const r = await sessionStart(spec);
    const text = r.lines.join('\n');
    for (const l of r.lines) print(l);
    world.record('host', text);
    return { ok: true, transcript: text };
  } : undefined;
  try {
    return await runLab(loaded, {
      world, play: (text) => env.play(text, consoles, { lineTimeoutMs: o.lineTimeoutMs }), start, createProject: env.createProject, addToProject: env.addToProject, workspace: workDir, until: o.until, settleMs: o.settleMs,
      onStep: (r) => print(`*** step ${r.id} (${r.title}): ${r.passed ? 'PASSED' : 'NOT PASSED'}${r.check ? ` - ${r.check.detail.split('\n')[0]}` : r.play.ok ? '' : ` - ${r.play.reason}`}`),
    });
  } finally { await session.close(); }
}

export async function labCommand(argv: string[], env: LabCommandEnv): Promise<number> {
  const print = env.print ?? ((l: string) => console.log(l));
  const [id, sub, stepId] = argv.filter((a) => !a.startsWith('--'));
  const opt = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  if (!id) { print(USAGE); return 1; }
  if (id === 'list') {
    for (const l of listLabIds()) { const x = loadLab(l).lab; print(`${l.padEnd(26)} ${x.title} (${x.steps.length} steps)`); }
    return 0;
  }
  if (id === 'check') {
    let bad = 0;
    for (const l of listLabIds()) {
      try { const x = loadLab(l); print(`${l}: ok (${x.lab.steps.length} steps)`); } catch (e) { bad++; print((e as Error).message); }
    }
    return bad ? 1 : 0;
  }
  const loaded = loadLab(id);
  if (sub === 'hint' || sub === 'answer') {
    if (!stepId) { print(USAGE); return 1; }
    if (sub === 'hint') { print(hintFor(loaded, stepId)); return 0; }
    const a = answerFor(loaded, stepId);
    print(a.text);
    for (const [f, text] of Object.entries(a.files)) print(`\n--- ${f} ---\n${text}`);
    return 0;
  }
  print(`*** Lab: ${loaded.lab.title} (${loaded.lab.steps.length} steps)`);
  // The learner's prompt is in the work folder: relative paths (build, .sympath+, .srcpath+) mean the same everywhere.
  const workDir = path.resolve(opt('work') ?? mkdtempSync(path.join(tmpdir(), `driverlab-${id}-`)));
  mkdirSync(workDir, { recursive: true });
  const cwd = process.cwd();
  process.chdir(workDir);
  let run: LabRun;
  const timeout = opt('timeout');
  try { run = await walkLab(id, { ...env, print }, { workDir, until: opt('until'), lineTimeoutMs: timeout ? Number(timeout) * 1000 : undefined, fresh: argv.includes('--fresh') }); } finally { process.chdir(cwd); }
  if (argv.includes('--json')) print(`LABRUN ${JSON.stringify({ lab: run.lab, ok: run.ok, setup: run.setup.transcript.split('\n').slice(0, 40), firstFailing: run.firstFailing, steps: run.steps.map((s) => ({ id: s.id, passed: s.passed, detail: s.check?.detail, playError: s.play.ok ? undefined : s.play.reason })) })}`);
  const reachedUntil = !!opt('until') && run.steps.at(-1)?.id === opt('until') && run.steps.every((s) => s.passed);
  print(run.ok ? `*** Lab ${id}: every step passed.` : reachedUntil ? `*** Lab ${id}: every step up to ${opt('until')} passed.` : `*** Lab ${id}: stopped at step ${run.firstFailing?.id}: ${run.firstFailing?.reason}`);
  return run.ok || reachedUntil ? 0 : 1;
}
