// Test support: run `driverlab play <scenario>` as a person does (its own process) and collect the transcript.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The process's exit code and everything it printed (stdout and stderr, in arrival order). */
export function play(scenario: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(repo, 'bin/driverlab.js'), 'play', scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += String(d); });
    p.stderr.on('data', (d) => { out += String(d); });
    p.on('close', (code) => resolve({ code, out }));
  });
}
