// Test support: walk a lab exactly as a person runs it - `driverlab lab <id> --json` in its own process, a fresh
// lab engine with real targets, real clang builds and the real debugger - and read back each step's result.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLab } from '../../main/engine/labs/load.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StepResult { id: string; passed: boolean; detail?: string; playError?: string }
export interface Walk { lab: string; ok: boolean; setup: string[]; firstFailing?: { id: string; reason: string }; steps: StepResult[]; output: string }

/** Run the lab's scenario (each line within `lineTimeoutS`) and return the step results. `o.args`: more options
 *  (`--until=<step>`, `--fresh`); `o.env`: more environment (DRIVERLAB_SNAPSHOT_DIR, the start snapshots' cache). */
export function walk(id: string, lineTimeoutS = 60, o: { args?: string[]; env?: Record<string, string> } = {}): Promise<Walk> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'main/cli/driverlab.ts'), 'lab', id, '--json', `--timeout=${lineTimeoutS}`, ...(o.args ?? [])], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('LABRUN '));
      if (!line) { reject(new Error(`driverlab lab ${id} printed no result:\n${out.slice(-4000)}`)); return; }
      resolve({ ...(JSON.parse(line.slice(7)) as Omit<Walk, 'output'>), output: out });
    });
  });
}

/** Every step of the lab up to and including `last` ran its lines and passed its check, in order. */
export function assertPassedThrough(w: Walk, last: string): void {
  const ids = loadLab(w.lab).lab.steps.map((s) => s.id);
  const upTo = ids.slice(0, ids.indexOf(last) + 1);
  assert.ok(upTo.length, `${last} is a step of ${w.lab}`);
  for (const [i, id] of upTo.entries()) {
    const s = w.steps[i];
    assert.ok(s && s.id === id && s.passed, `${w.lab}: step ${id} did not pass: ${s ? s.playError ?? s.detail : 'not reached'}\n${w.output.slice(-3000)}`);
  }
}

/** The first step that cannot pass yet, in words (for the test's diagnostics). */
export function firstGap(w: Walk): string {
  return w.ok ? `${w.lab}: every step passes` : `${w.lab}: first step that cannot pass yet: ${w.firstFailing?.id} (${w.firstFailing?.reason})`;
}
