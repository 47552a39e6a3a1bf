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

/** Play `scenario` from a scratch folder holding a copy of our sample `from` (repo-relative) as `name`, without its
 *  build output, `edit` applied to the copy first: the scenario builds it from there. `tmp` is the folder. */
export async function playWithSample(prefix: string, scenario: string, from: string, name: string, edit?: (dir: string) => void): Promise<{ code: number | null; out: string; tmp: string }> {
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(repo, from), path.join(tmp, name), { recursive: true, filter: (f) => !/[\\/]x64([\\/]|$)/.test(f) });
  edit?.(path.join(tmp, name));
  writeFileSync(path.join(tmp, 'scenario.txt'), scenario);
  return { ...(await play(path.join(tmp, 'scenario.txt'))), tmp };
}

/** playWithSample with the Crash and analyze lab's Crashy driver, its NULL pointer bug chosen (the learner's
 *  one-line choice in that lab). */
export const playWithCrashy = (prefix: string, scenario: string): ReturnType<typeof playWithSample> =>
  playWithSample(prefix, scenario, 'labs/crash-and-analyze/starter/Crashy', 'Crashy', (dir) => {
    const crashy = path.join(dir, 'Crashy.c');
    writeFileSync(crashy, withLine(readFileSync(crashy, 'utf8'), { file: 'Crashy/Crashy.c', linePrefix: '#define CRASHY_BUG ', line: '#define CRASHY_BUG CRASHY_BUG_NULL_POINTER' }));
  });

/** How a scenario cables, provisions and connects WinDbg to target T: over KDNET (the default) or KDCOM. */
export interface KdLink { cable: string; provision: string; windbg: string }
export const KDNET_T: KdLink = { cable: 'cable net host T', provision: 'net port=50000 key=1.2.3.4', windbg: 'windbg -k net:port=50000,key=1.2.3.4' };

/** The opening of a scenario (played with playWithSample of kernel/test/drivers/KmdfHelloWorld): the driver built,
 *  copied to T, WinDbg connected and running while `devcon install` loads it, then broken in with its symbols. */
export const helloInstalledUnderKd = (l: KdLink = KDNET_T): string => `host> build KmdfHelloWorld
host> new-target T
host> ${l.cable}
host> provision T ${l.provision}
host> deploy KmdfHelloWorld T --copy-only
host> ${l.windbg}
kd> Ctrl+Break
kd> g
T> cd C:\\DriverTest\\Drivers
T> devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld
kd> Ctrl+Break
kd> .sympath+ KmdfHelloWorld\\x64\\Debug
kd> .reload /f
`;

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
