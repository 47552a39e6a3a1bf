// Test support: run `driverlab play <scenario>` as a person does (its own process) and collect the transcript.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLine } from '../../engine/labs/runner.ts';

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

/**
 * A scratch folder with a copy of the Echo driver's sources (no build output) in `echo/`, where its symbols will be
 * built (`sym`), and the opening lines of a scenario that builds it, provisions MyTestComputer over KDNET, connects
 * WinDbg and breaks in.
 */
export function echoOverKdnet(prefix: string): { tmp: string; sym: string; opening: string } {
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(repo, 'kernel/test/drivers/Echo'), path.join(tmp, 'echo'), { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const opening = `host> build echo
host> new-target MyTestComputer
host> cable net host MyTestComputer
host> provision MyTestComputer net port=50000 key=1.2.3.4
host> windbg -k net:port=50000,key=1.2.3.4
kd> Ctrl+Break
`;
  return { tmp, sym: path.join(tmp, 'echo', 'x64', 'Debug'), opening };
}

/**
 * Play `scenario` from a scratch folder holding the Crash and analyze lab's Crashy driver with its NULL pointer bug
 * chosen (the learner's one-line choice in that lab): the scenario builds `Crashy` from there. `tmp` is the folder.
 */
export async function playWithCrashy(prefix: string, scenario: string): Promise<{ code: number | null; out: string; tmp: string }> {
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(repo, 'labs/crash-and-analyze/starter/Crashy'), path.join(tmp, 'Crashy'), { recursive: true, filter: (f) => !/[\\/]x64([\\/]|$)/.test(f) });
  const crashy = path.join(tmp, 'Crashy', 'Crashy.c');
  writeFileSync(crashy, withLine(readFileSync(crashy, 'utf8'), { file: 'Crashy/Crashy.c', linePrefix: '#define CRASHY_BUG ', line: '#define CRASHY_BUG CRASHY_BUG_NULL_POINTER' }));
  writeFileSync(path.join(tmp, 'scenario.txt'), scenario);
  return { ...(await play(path.join(tmp, 'scenario.txt'))), tmp };
}

/** The opening lines of a scenario with the legacy driver `name` (built from the scenario's folder) on target T:
 *  provisioned for KDNET (port 50000, key 1.2.3.4), the driver copied and its service created (not started), WinDbg
 *  connected and running. */
export const legacyDriverOnT = (name: string): string => `host> build ${name}
host> new-target T
host> cable net host T
host> provision T net port=50000 key=1.2.3.4
host> deploy ${name} T --copy-only
T> sc create ${name} type= kernel binPath= C:\\DriverTest\\Drivers\\${name}.sys
host> windbg -k net:port=50000,key=1.2.3.4
`;
