// A target's snapshot as a lab starts from it: "provisioned, driver installed". Taken with a KMDF driver installed
// and working, then the learner changes things (deletes a file, disables the device so its driver stops, changes
// directory); restoring brings the target back: same files, the device working with its driver loaded, the same
// console screen and the same command prompt state. A snapshot taken with kernel debugging on comes back with its
// KD stub on the cable the BCD names: a debugger connects, breaks in and finds the driver among the loaded modules.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEngine } from '../lab-engine.ts';
import type { TargetConsole } from '../../cli/target-console.ts';
import { helloTarget } from './fixtures/hello-target.ts';
import { openLabDebugger } from '../../debugger/lab/debugger.ts';

const NAME = 'SnapTarget';
const WORKING = 'This device is working properly.';
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';
let lab: LabEngine;
let con: TargetConsole;

// Copied, test signing on, restarted, `devcon install` (each step checked by the fixture).
before(async () => { ({ lab, con } = await helloTarget(NAME)); });
const sessions: { disconnect(): void }[] = [];
/** A hang guard, not a timing: fails the test if `p` never settles. */
function guard<T>(p: Promise<T>, what: string, ms = 120_000): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, rej) => { t = setTimeout(() => rej(new Error(`${what} never happened`)), ms); })]).finally(() => clearTimeout(t));
}
after(async () => { for (const s of sessions) s.disconnect(); await lab.shutdown(); });

test('snapshot with a driver installed; delete a file, disable the device, cd; restore: all back, same screen', async () => {
  const find = async () => (await lab.devices(NAME)).find((d) => d.hardwareIds.some((h) => h.toLowerCase() === 'root\\kmdfhelloworld'));
  const dev = (await find())!;
  assert.equal(dev.status, WORKING);
  await con.run('cd C:\\DriverTest\\Drivers');
  await con.run('set LABSTEP=installed');
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
  const screen = con.text;

  const snap = await lab.snapshot(NAME);

  // The learner changes things.
  await con.run('del KmdfHelloWorld.inf');
  assert.match(await con.run('dir KmdfHelloWorld.inf'), /File Not Found/);
  assert.equal(await lab.deviceAction(NAME, 'disable', dev.instanceId), `${dev.instanceId}: Disabled`);
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 1 {2}STOPPED/);
  await con.run('cd \\');
  await con.run('set LABSTEP=changed');

  const from = con.text.length;
  await lab.restore(NAME, snap);
  assert.equal(lab.status(NAME).state, 'running');
  await con.ready();
  // The screen is drawn again as it was: cleared, then exactly the text it showed (none of the silent re-boot's).
  const shown = con.text.slice(from);
  assert.ok(shown.startsWith(CLEAR), JSON.stringify(shown.slice(0, 40)));
  assert.ok(screen.endsWith(shown.slice(CLEAR.length)), 'the restored screen is the snapshot\'s');
  assert.ok(shown.length > CLEAR.length + 200, 'more than the prompt came back');
  assert.match(shown, /devcon install[\s\S]*Drivers installed successfully\.[\s\S]*C:\\DriverTest\\Drivers>$/);

  // The device works again with its driver loaded, under the same instance ID; files and the session are back.
  const back = (await find())!;
  assert.equal(back.instanceId, dev.instanceId);
  assert.equal(back.status, WORKING);
  assert.equal(back.disabled, false);
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
  assert.match(await con.run('dir KmdfHelloWorld.inf'), /KmdfHelloWorld\.inf/);
  assert.equal(await con.run('cd'), 'C:\\DriverTest\\Drivers\n');
  assert.equal(await con.run('echo %LABSTEP%'), 'installed\n');
});

test('a snapshot taken with kernel debugging on (serial): after restore the debugger connects and sees the driver loaded', async () => {
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  assert.match(await con.run('bcdedit /dbgsettings serial debugport:1 baudrate:115200'), /The operation completed successfully\./);
  await con.run('shutdown /r /t 0');
  await lab.waitFor(NAME, ['booting']);
  await lab.waitFor(NAME, ['running']);
  await con.ready();
  const snap = await lab.snapshot(NAME);
  // The learner turns debugging off again and restarts; the snapshot still has it on.
  assert.match(await con.run('bcdedit /debug off'), /The operation completed successfully\./);
  await con.run('shutdown /r /t 0');
  await lab.waitFor(NAME, ['booting']);
  await lab.waitFor(NAME, ['running']);
  await con.ready();

  await lab.restore(NAME, snap);
  await con.ready();
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
  assert.match(await con.run('bcdedit'), /^debug +Yes$/m);
  lab.cable({ kind: 'serial', a: 'host:COM1', b: `${NAME}:COM1` });
  const d = openLabDebugger(lab, { transport: 'com', comPort: 'com1', baud: 115200 });
  sessions.push(d.session);
  assert.match(await guard(d.connected, 'the debugger connecting'), /Kernel Debugger connection established\./);
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  assert.equal(lab.status(NAME).state, 'broken-in');
  // The driver the snapshot had loaded is loaded again: the debugger lists it among the kernel's modules.
  assert.match(await d.console.run('lm m KmdfHelloWorld'), /^fffff[0-9a-f]{3}`[0-9a-f]{8} fffff[0-9a-f]{3}`[0-9a-f]{8} {3}KmdfHelloWorld /m);
  // A snapshot taken while broken in cannot be replayed (the debugger session ran on the host's event loop): it
  // restores from its saved disk as a booted system, running, and says so.
  const frozen = await lab.snapshot(NAME);
  assert.equal(frozen.status.state, 'broken-in');
  await d.console.run('g');
  await lab.waitFor(NAME, ['running'], 5000);
  assert.equal(await con.run('hostname'), `${NAME}\n`);
  d.session.disconnect();
  assert.deepEqual(await lab.restore(NAME, frozen), { exact: false, reason: 'it was taken while the kernel debugger held the target' });
  assert.equal(lab.status(NAME).state, 'running');
  await con.ready();
  assert.equal(await con.run('hostname'), `${NAME}\n`);
});
