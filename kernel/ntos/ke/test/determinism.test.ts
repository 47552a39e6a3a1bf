// Determinism (the processor issue's point 5): with the same inputs the kernel runs the same instruction stream.
// A real driver (ExecutiveSync) with a periodic timer DPC, a thread that waits on events, a mutex and a timeout, and a
// thread that spins until told to stop is run twice on fresh kernels; the cycle counts and the trace of every
// dispatcher slice (thread, stop reason, code offset where it stopped) must be identical. The runs happen with every
// wall-clock and randomness source of the JS host replaced by a function that throws and records the call.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Layouts } from '../../../layout/layouts.ts';
import type { RunResult, Thread } from '../../../../main/machine/cpu/types.ts';
import { repoRoot } from '../../../../main/toolchain/clang.ts';
import { buildTestDriver, loadDriver, testLayouts } from './driver.ts';

const EXPORTS = ['RunTimerDpcWithSpinner', 'SpinLoops', 'Results'];
let L: Layouts;
let bytes: Uint8Array;

before(async () => {
  [L, bytes] = await Promise.all([testLayouts(), buildTestDriver('ExecutiveSync', EXPORTS)]);
});

interface Run { result: unknown; executed: number; clock: number; idle: number; slices: string[]; threads: Map<string, number>; spinLoops: number; timerFires: number }

/** Every way host JS reads the time or a random number, made to throw while `fn` runs; returns what was called. */
function withoutWallClock<T>(fn: () => T): { value: T; calls: string[] } {
  const calls: string[] = [];
  const trap = (name: string) => (): never => { calls.push(name); throw new Error(`${name} read during a deterministic run`); };
  const RealDate = globalThis.Date;
  const saved = { now: RealDate.now, perf: performance.now, random: Math.random, hrtime: process.hrtime, big: process.hrtime.bigint };
  class TrappedDate extends RealDate {
    constructor(...a: unknown[]) {
      if (a.length === 0) trap('new Date()')();
      super(...(a as [number]));
    }
  }
  TrappedDate.now = trap('Date.now');
  globalThis.Date = TrappedDate as DateConstructor;
  performance.now = trap('performance.now');
  Math.random = trap('Math.random');
  const hr = trap('process.hrtime') as unknown as typeof process.hrtime;
  hr.bigint = trap('process.hrtime.bigint');
  process.hrtime = hr;
  try { return { value: fn(), calls }; } finally {
    globalThis.Date = RealDate; performance.now = saved.perf; Math.random = saved.random;
    process.hrtime = saved.hrtime; process.hrtime.bigint = saved.big;
  }
}

function runOnce(): Run {
  const d = loadDriver(L, bytes, 'ExecutiveSync');
  const P = d.k.processor;
  const slices: string[] = [];
  const threads = new Map<string, number>();
  // Observe each slice the dispatcher hands the processor: who ran, why it stopped, and where.
  const run = P.run.bind(P);
  P.run = (t: Thread, budget: number): RunResult => {
    const r = run(t, budget);
    const at = P.stack(t).find((f) => f.kind === 'wasm')?.codeOffset ?? -1;
    slices.push(`${t.id}:${t.name} ${r.reason} ${r.cycles} @${at.toString(16)}`);
    threads.set(`${t.id}:${t.name}`, t.cycles);
    return r;
  };
  const { value, calls } = withoutWallClock(() => d.k.call(d.fn('RunTimerDpcWithSpinner'), []));
  assert.deepEqual(calls, [], 'the kernel and processor read no wall clock and no random number');
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  const results = d.data('Results');
  return {
    result: value.result, executed: d.k.ke.executed(), clock: P.cycles, idle: d.k.ke.idleCycles, slices, threads,
    spinLoops: d.k.memory.readU32(d.data('SpinLoops')), timerFires: d.k.memory.readI32(results),
  };
}

test('a timer DPC, a waiting thread and a spinning thread run the same instruction stream twice', () => {
  const a = runOnce(), b = runOnce();
  assert.equal(a.result, 0);
  assert.equal(a.timerFires, 3, 'the periodic timer fired three times');
  assert.ok(a.spinLoops > 0, 'the spinner ran');
  const names = [...a.threads.keys()].map((k) => k.replace(/^\d+:/, ''));
  assert.ok(names.includes('DPC'), `the DPC ran on its own context: ${names.join(', ')}`);
  assert.ok(a.threads.size >= 4, 'the caller, the worker, the spinner and the DPC context each ran');
  assert.ok(a.slices.filter((s) => / preempted /.test(s)).length > 3, 'the spinner was preempted by the clock, more than once');
  assert.ok(a.slices.some((s) => / blocked /.test(s)), 'threads blocked in waits');
  assert.ok(a.idle === 0, 'the spinner keeps the processor busy: no idle time was skipped');
  assert.equal(b.executed, a.executed, 'executed instructions (cycles)');
  assert.equal(b.clock, a.clock);
  assert.equal(b.spinLoops, a.spinLoops, 'the spinner went round the same number of times');
  assert.deepEqual([...b.threads], [...a.threads], 'cycles per thread');
  assert.deepEqual(b.slices, a.slices, 'the same slices: thread, stop reason, cycles and code offset');
});

/** Source files under `dir` (not tests). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'test' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

test('no wall clock or randomness in the processor or the kernel, beside the listed reads of outside inputs', () => {
  // Each allowed read with why it does not reach the instruction stream.
  const allowed = new Map([
    // The uptime KD reports in its version answer to the debugger: a debugger-facing value, not kernel state.
    ['kernel/ntos/kd/stub/stub.ts', 2],
  ]);
  const pattern = /\bDate\.now\b|\bperformance\.now\b|\bMath\.random\b|\bnew Date\(\s*\)|\bhrtime\b|\bgetRandomValues\b|\brandomBytes\b|\brandomUUID\b/g;
  const found = new Map<string, number>();
  for (const f of [...sources(path.join(repoRoot, 'main/machine/cpu')), ...sources(path.join(repoRoot, 'kernel/ntos'))]) {
    const n = readFileSync(f, 'utf8').match(pattern)?.length ?? 0;
    if (n) found.set(path.relative(repoRoot, f), n);
  }
  assert.deepEqual([...found], [...allowed]);
});
