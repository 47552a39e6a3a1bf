// `driverlab play` on the Hello World scenario (labs/scenarios/hello-world.txt), run as a learner would run it:
// the real CLI in its own process, building the driver, making and cabling a target, provisioning it,
// deploying the package and installing it with devcon at the target's prompt. The transcript reads like the
// screens: each line at its prompt, then what that console printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function driverlab(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(repo, 'bin/driverlab.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += String(d); });
    p.stderr.on('data', (d) => { out += String(d); });
    p.on('close', (code) => resolve({ code, out }));
  });
}

test('play hello-world: build → new-target → cable → provision → deploy → devcon install at the target → windbg, break in, lm, g', async () => {
  // The scenario builds the driver where it points; here a copy, so the source tree gets no build output.
  const tmp = mkdtempSync(path.join(tmpdir(), 'dl-play-lab-'));
  cpSync(path.join(repo, 'kernel/test/drivers/KmdfHelloWorld'), path.join(tmp, 'KmdfHelloWorld'), { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const scenario = readFileSync(path.join(repo, 'labs/scenarios/hello-world.txt'), 'utf8').replaceAll('../../kernel/test/drivers/KmdfHelloWorld', 'KmdfHelloWorld');
  writeFileSync(path.join(tmp, 'hello-world.txt'), scenario);
  const r = await driverlab(['play', path.join(tmp, 'hello-world.txt')]);
  const t = r.out;
  assert.equal(r.code, 0, t);
  const after = (line: string): string => { const i = t.indexOf(`${line}\n`); assert.ok(i >= 0, `the transcript has "${line}":\n${t}`); return t.slice(i + line.length + 1); };
  assert.match(after('host> build KmdfHelloWorld'), /^Build started\.\.\.\n[\s\S]*?Build succeeded\.\n/);
  assert.match(after('host> new-target MyTestComputer'), /^Created MyTestComputer: IP 192\.168\.137\.2, MAC 00-15-5D-89-00-02[\s\S]*?\[ 95%\] session: starting the user session\nMyTestComputer is running \(started in [\d.]+ s\)\.\n/);
  assert.match(after('C:\\Users\\User>hostname'), /^MyTestComputer\n/);
  assert.match(after('C:\\Users\\User>ipconfig'), /IPv4 Address\. \. \. \. \. \. \. \. \. \. \. : 192\.168\.137\.2\n/);
  assert.match(after('host> ping MyTestComputer'), /^\nPinging MyTestComputer \[192\.168\.137\.2\] with 32 bytes of data:\nReply from 192\.168\.137\.2: bytes=32 time[<=]\d+ms TTL=128\n/);
  assert.match(after('host> provision MyTestComputer net port=50000 key=1.2.3.4'), /Task "Configuring kernel debugger settings \(possible reboot\)" completed successfully\. \(rebooted\)\n[\s\S]*Provisioning MyTestComputer completed successfully\./);
  assert.match(after('host> deploy KmdfHelloWorld MyTestComputer --copy-only'), /Copying driver package to MyTestComputer: C:\\DriverTest\\Drivers\n[\s\S]*?========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========\n/);
  assert.match(after('C:\\DriverTest\\Drivers>dir'), / KmdfHelloWorld\.sys\n/);
  assert.match(after('C:\\DriverTest\\Drivers>devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld'), /^Device node created\. Install is complete when drivers are installed\.\.\.\nUpdating drivers for Root\\KmdfHelloWorld from C:\\DriverTest\\Drivers\\KmdfHelloWorld\.inf\.\nDrivers installed successfully\.\n/);
  assert.match(after('C:\\DriverTest\\Drivers>sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
  // The kernel debugger over the network with provisioning's port and key: connect, break in, lm, go.
  assert.match(after('host> windbg -k net:port=50000,key=1.2.3.4'), /^Using NET for debugging\nOpened WinSock 2\.0\nWaiting to reconnect\.\.\.\n/);
  assert.match(after('0: kd> Ctrl+Break'), /^Connected to target 192\.168\.137\.2 on port \d+ on local IP 192\.168\.137\.1\.\n[\s\S]*Kernel Debugger connection established\.[\s\S]*Break instruction exception - code 80000003 \(first chance\)\n/);
  assert.match(after('0: kd> lm'), /^start {13}end {17}module name\n[\s\S]*\bKmdfHelloWorld\b/);
  assert.match(after('0: kd> g\nC:\\DriverTest\\Drivers>hostname'), /^MyTestComputer\n/);
});
