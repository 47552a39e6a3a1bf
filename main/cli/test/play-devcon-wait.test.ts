// devcon answers when the device action is over, as on Windows: a `devcon restart` whose driver load stops at a
// breakpoint (the kernel debugger holds the target) prints nothing until the debugger lets the target go, then
// "Restarted" and the device is running again. (A devcon that answered at once left the lab's next break-in to
// land in the middle of the restart, on a half-removed stack.) With the debugger connected, devcon install may still
// leave its start held at the driver's load notice; the restart then waits for that start first (device actions go
// in turn), so the one breakpoint hit may be in either start: `bc *` keeps it to one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helloInstalledUnderKd, playWithSample } from './play.ts';

const scenario = `${helloInstalledUnderKd()}kd> bu KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd
kd> g
T> devcon restart Root\\KmdfHelloWorld
kd> k
kd> bc *
kd> g
T> devcon status Root\\KmdfHelloWorld
`;

test('devcon restart waits while the debugger holds the restarted driver, then says Restarted', { timeout: 900_000 }, async () => {
  const r = await playWithSample('dl-devcon-wait-', scenario, 'kernel/test/drivers/KmdfHelloWorld', 'KmdfHelloWorld');
  const t = r.out;
  assert.equal(r.code, 0, t);
  const after = (line: string): string => { const i = t.indexOf(line); assert.ok(i >= 0, `the transcript has "${line}":\n${t}`); return t.slice(i + line.length); };
  // Stopped in EvtDeviceAdd on the PnP worker: devcon has not answered.
  assert.match(after('>devcon restart Root\\KmdfHelloWorld\n'), /^\[T is broken-in\]\n0: kd> k\n/, t);
  assert.match(after('0: kd> k\n'), /^Breakpoint 0 hit\nKmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd:\n[\s\S]*nt!PnpDeviceActionWorker\n0: kd> bc \*\n0: kd> g\n/, t);
  // After g: devcon's answer, then the next command sees the device running.
  const rest = after('0: kd> k\n');
  assert.match(rest.slice(rest.indexOf('0: kd> g\n')), /^0: kd> g\nROOT\\SAMPLE\\0000 +: Restarted\n1 device\(s\) restarted\.\nC:\\DriverTest\\Drivers>devcon status Root\\KmdfHelloWorld\n[\s\S]*Driver is running\./, t);
});
