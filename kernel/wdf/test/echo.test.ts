// The Echo lab end to end at the target's prompt: the Echo package (built with real clang) is installed with
// `devcon install echo.inf root\ECHO` in cmd.exe, PnP builds the stack and KMDF creates the device, its queue and
// the device interface; echoapp.exe (built by our toolchain) finds the interface with CM_Get_Device_Interface_List,
// writes/reads/verifies 512 and 30720 bytes synchronously and then overlapped with a completion port, each request
// completed later by the driver's WDFTIMER. devcon status/remove and pnputil /delete-driver finish the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDriver } from './harness.ts';
import { build, programs, target } from '../../user/test/target.ts';
import { session } from '../../user/test/shell.ts';
import { setup } from '../../user/setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';

const P = 'C:\\DriverTest\\Drivers>';

test('Echo: devcon install at the prompt, echoapp sync and -Async pass, devcon remove and pnputil /delete-driver clean up', async () => {
  const [pkg, app] = await Promise.all([buildDriver('Echo'), build(path.join(programs, 'echoapp'), 'echoapp.exe')]);
  const t = await target();
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`C:\\DriverTest\\Drivers\\${name}`, bytes);
  t.disk.writeFile('C:\\DriverTest\\Drivers\\echoapp.exe', app);
  pnp(t.k); // the device tree a booted target has
  setup(t.k).testSigning = true; // the boot takes it from the BCD (bcdedit /set testsigning on)
  // ed nt!Kd_DEFAULT_Mask 0xF: the driver's KdPrint lines reach the debugger.
  t.k.memory.writeU32(t.k.printFilter.masks.get(t.k.enumValue('DPFLTR_TYPE', 'DPFLTR_DEFAULT_ID'))!.address, 0xf);
  const debug: string[] = [];
  const sink = t.k.debugOutput.bind(t.k);
  t.k.debugOutput = (text) => { debug.push(text); sink(text); };
  const s = session(t);
  s.type('cd C:\\DriverTest\\Drivers');

  // Before the driver: echoapp finds no interface.
  assert.match(s.type('echoapp'), /No Echo device is present\. Is the driver installed \(devcon install echo\.inf root\\ECHO\)\?\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);

  assert.equal(s.type('devcon install echo.inf root\\ECHO'), 'devcon install echo.inf root\\ECHO\nDevice node created. Install is complete when drivers are installed...\n'
    + 'Updating drivers for root\\ECHO from C:\\DriverTest\\Drivers\\echo.inf.\nDrivers installed successfully.\n\n' + P);
  assert.equal(t.k.bugCheck, undefined);
  assert.equal(s.type('devcon status root\\ECHO'), `devcon status root\\ECHO\nROOT\\SAMPLE\\0000\n    Name: Sample WDF Echo Driver\n    Driver is running.\n1 matching device(s) found.\n\n${P}`);
  const node = pnp(t.k).node('ROOT\\SAMPLE\\0000')!;
  const iface = pnp(t.k).interfaces.list('{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}');
  assert.equal(iface.length, 1);
  assert.equal(iface[0]!.node, node);

  const sync = s.type('echoapp');
  assert.equal(sync, `echoapp\nDevicePath: \\\\?\\ROOT#SAMPLE#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\nOpened the device\n`
    + 'Wrote 512 bytes\nRead 512 bytes\nVerified 512 bytes\nWrote 30720 bytes\nRead 30720 bytes\nVerified 30720 bytes\nTest passed\n\n' + P);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n0\n\n${P}`);
  // Each request waited for the queue's timer: the write is presented, then the timer completes it.
  const d = debug.join('');
  assert.match(d, /ECHO: EchoEvtIoWrite called, Request [0-9A-F]{16} Length 512\nECHO: EchoEvtTimerFunc completing Request [0-9A-F]{16}, status 0x0, 512 bytes\n/);
  assert.match(d, /ECHO: EchoEvtIoRead called, Request [0-9A-F]{16} Length 30720\nECHO: EchoEvtTimerFunc completing Request [0-9A-F]{16}, status 0x0, 30720 bytes\n/);

  const async = s.type('echoapp -Async');
  assert.match(async, /Starting 32 overlapped writes and 32 overlapped reads of 512 bytes\n/);
  assert.match(async, /Writer: 32 writes completed, 16384 bytes, no errors\n/);
  assert.match(async, /Reader: 32 reads completed, \d+ bytes, no errors\n/);
  assert.match(async, /Asynchronous test passed\n/);
  assert.equal(t.k.io.files.size, 0, 'every handle closed: the framework saw cleanup/close');

  // The driver's in-flight recorder saw the device added; the timer completed requests (pending, not inline).
  assert.match(fx(t.k).logs.get('echo')!.dump().join('\n'), /AddDevice/);

  // pnputil lists the package; it cannot go while the device uses it.
  assert.match(s.type('pnputil /enum-drivers'), /Published Name: {5}oem0\.inf\nOriginal Name: {6}echo\.inf\nProvider Name: {6}DriverLab Samples\n/);
  assert.match(s.type('pnputil /enum-devices'), /Instance ID: {16}ROOT\\SAMPLE\\0000\nDevice Description: {9}Sample WDF Echo Driver\n[\s\S]*?Status: {21}Started\nDriver Name: {16}oem0\.inf\n/);
  assert.match(s.type('pnputil /delete-driver oem0.inf'), /Failed to delete driver package: One or more devices are presently installed using the specified INF\.\n/);
  assert.equal(s.type('devcon remove root\\ECHO'), `devcon remove root\\ECHO\n${'ROOT\\SAMPLE\\0000'.padEnd(52)}: Removed\n1 device(s) were removed.\n\n${P}`);
  assert.equal(t.k.ob.lookup('\\Driver\\ECHO').header, undefined, 'the driver unloaded');
  assert.ok(!t.k.loader.find('echo.sys'), 'image unloaded');
  assert.equal(fx(t.k).objects.size, 0, 'every framework object deleted');
  assert.match(s.type('pnputil /delete-driver oem0.inf'), /Driver package deleted successfully\.\n/);
  assert.match(s.type('echoapp'), /No Echo device is present/);
  assert.equal(s.type('devcon status root\\ECHO'), `devcon status root\\ECHO\nNo matching devices found.\n\n${P}`);
  assert.equal(t.k.bugCheck, undefined);
});
