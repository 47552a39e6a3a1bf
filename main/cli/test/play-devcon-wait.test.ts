// devcon answers when the device action is over, as on Windows: a `devcon restart` whose driver load stops at a
// breakpoint (the kernel debugger holds the target) prints nothing until the debugger lets the target go, then
// "Restarted" and the device is running again. (A devcon that answered at once left the lab's next break-in to
// land in the middle of the restart, on a half-removed stack.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { play, repo } from './play.ts';

const scenario = `host> build KmdfHelloWorld
host> new-target T
host> cable net host T
host> provision T net port=50000 key=1.2.3.4
host> deploy KmdfHelloWorld T --copy-only
host> windbg -k net:port=50000,key=1.2.3.4
kd> Ctrl+Break
kd> g
T> cd C:\\DriverTest\\Drivers
T> devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld
kd> Ctrl+Break
kd> .sympath+ KmdfHelloWorld\\x64\\Debug
kd> .reload /f
kd> bu KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd
kd> g
T> devcon restart Root\\KmdfHelloWorld
kd> k
kd> g
T> devcon status Root\\KmdfHelloWorld
`;

test('devcon restart waits while the debugger holds the restarted driver, then says Restarted', { timeout: 900_000 }, async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'dl-devcon-wait-'));
  cpSync(path.join(repo, 'kernel/test/drivers/KmdfHelloWorld'), path.join(tmp, 'KmdfHelloWorld'), { recursive: true, filter: (f) => !/[\\/]x64([\\/]|$)/.test(f) });
  writeFileSync(path.join(tmp, 's.txt'), scenario);
  const r = await play(path.join(tmp, 's.txt'));
  const t = r.out;
  assert.equal(r.code, 0, t);
  const after = (line: string): string => { const i = t.indexOf(line); assert.ok(i >= 0, `the transcript has "${line}":\n${t}`); return t.slice(i + line.length); };
  // Stopped in EvtDeviceAdd on the PnP worker: devcon has not answered.
  assert.match(after('>devcon restart Root\\KmdfHelloWorld\n'), /^\[T is broken-in\]\n0: kd> k\n/, t);
  assert.match(after('0: kd> k\n'), /^Breakpoint 0 hit\nKmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd:\n[\s\S]*nt!PnpDeviceActionWorker\n0: kd> g\n/, t);
  // After g: devcon's answer, then the next command sees the device running.
  const rest = after('0: kd> k\n');
  assert.match(rest.slice(rest.indexOf('0: kd> g\n')), /^0: kd> g\nROOT\\SAMPLE\\0000 +: Restarted\n1 device\(s\) restarted\.\nC:\\DriverTest\\Drivers>devcon status Root\\KmdfHelloWorld\n[\s\S]*Driver is running\./, t);
});
