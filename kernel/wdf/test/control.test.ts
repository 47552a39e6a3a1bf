// A non-PnP KMDF driver at the target's prompt: sc create/start loads KmdfControl, whose DriverEntry reads its
// Parameters key (WdfDriverOpenParametersRegistryKey, WdfRegistryQueryULong) and makes a named control device
// (WdfControlDeviceInitAllocate, WdfDeviceInitAssignName, WdfDeviceCreateSymbolicLink, WdfControlFinishInitializing);
// controlapp opens \\.\KmdfControl and its IOCTLs reach the default queue. sc stop runs EvtDriverUnload and the
// control device and its link go with the driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDriver } from './harness.ts';
import { build, programs, target } from '../../user/test/target.ts';
import { session } from '../../user/test/shell.ts';
import { fx } from '../framework.ts';
import { lines, DIR, stackTarget } from './stack-target.ts';

test('KmdfControl: sc start makes the control device, controlapp talks to it, sc stop runs EvtDriverUnload', async () => {
  const [pkg, app] = await Promise.all([buildDriver('KmdfControl'), build(path.join(programs, 'controlapp'), 'controlapp.exe')]);
  const t = await target();
  t.disk.mkdir(DIR);
  t.disk.writeFile(`${DIR}\\KmdfControl.sys`, pkg.files['KmdfControl.sys']!);
  t.disk.writeFile(`${DIR}\\controlapp.exe`, app);
  t.k.memory.writeU32(t.k.printFilter.masks.get(t.k.enumValue('DPFLTR_TYPE', 'DPFLTR_IHVDRIVER_ID'))!.address, 0xf);
  const debug: string[] = [];
  const sink = t.k.debugOutput.bind(t.k);
  t.k.debugOutput = (text) => { debug.push(text); sink(text); };
  const s = session(t);
  s.type(`cd ${DIR}`);

  assert.match(s.type('controlapp'), /Cannot open \\\\\.\\KmdfControl: error 2\n/);
  assert.match(s.type(`sc create KmdfControl type= kernel binPath= ${DIR}\\KmdfControl.sys`), /\[SC\] CreateService SUCCESS/);
  s.type('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfControl\\Parameters /v Start /t REG_DWORD /d 40 /f');
  assert.match(s.type('sc start KmdfControl'), /STATE {14}: 4 {2}RUNNING/);
  assert.deepEqual(lines(debug), ['KmdfControl: DriverEntry', 'KmdfControl: control device ready, count starts at 40']);
  assert.equal(t.k.ob.lookup('\\Device\\KmdfControl').header?.type, 'Device');
  assert.match(s.type('sc query KmdfControl'), /\(STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN\)/, 'EvtDriverUnload makes a non-PnP driver stoppable');

  assert.equal(s.type('controlapp 2'), 'controlapp 2\nRequest 1: the control device has served 41 (4 bytes back)\n'
    + `Request 2: the control device has served 42 (4 bytes back)\n\n${DIR}>`);
  assert.equal(t.k.io.files.size, 0);

  assert.match(s.type('sc stop KmdfControl'), /STATE {14}: 1 {2}STOPPED/);
  assert.deepEqual(lines(debug).slice(2), ['KmdfControl: EvtDriverUnload after 42 requests']);
  assert.equal(t.k.ob.lookup('\\Device\\KmdfControl').header, undefined, 'the control device went with the driver');
  assert.equal(t.k.ob.lookup('\\GLOBAL??\\KmdfControl').header, undefined, 'and its symbolic link');
  assert.equal(t.k.ob.lookup('\\Driver\\KmdfControl').header, undefined);
  assert.equal(fx(t.k).objects.size, 0);
  assert.match(s.type('controlapp'), /Cannot open \\\\\.\\KmdfControl: error 2\n/);
  assert.equal(t.k.bugCheck, undefined);
});

test('a remote I/O target: KmdfControl opens \\DosDevices\\KmdfStack by name and sends it an IOCTL synchronously', async () => {
  const { t, s, debug } = await stackTarget();
  const [pkg, app] = await Promise.all([buildDriver('KmdfControl'), build(path.join(programs, 'controlapp'), 'controlapp.exe')]);
  t.disk.writeFile(`${DIR}\\KmdfControl.sys`, pkg.files['KmdfControl.sys']!);
  t.disk.writeFile(`${DIR}\\controlapp.exe`, app);
  assert.match(s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  s.type(`sc create KmdfControl type= kernel binPath= ${DIR}\\KmdfControl.sys`);
  assert.match(s.type('sc start KmdfControl'), /RUNNING/);
  const from = debug.length;
  // The code is KmdfStack's IOCTL_KMDFSTACK_WHO_SEES (stackapp sends the same one).
  assert.match(s.type('controlapp forward \\DosDevices\\KmdfStack 0x222400'), /\\DosDevices\\KmdfStack answered IOCTL 0x00222400 with 11 bytes: KmdfStack>\n/);
  assert.deepEqual(lines(debug, from), [
    'KmdfControl: opened \\DosDevices\\KmdfStack 0x00000000',
    'KmdfStack: IOCTL seen, sending it down',
    `KmdfStack: the stack below answered 0x${(t.k.constant('STATUS_INVALID_DEVICE_REQUEST') >>> 0).toString(16).toUpperCase()}`,
    'KmdfControl: IOCTL 0x00222400 to \\DosDevices\\KmdfStack: 0x00000000, 11 bytes',
  ]);
  assert.equal(t.k.io.files.size, 0, 'deleting the target closed its file; controlapp closed its handle');
  // A name that is not there: the open fails as ZwCreateFile would.
  assert.match(s.type('controlapp forward \\Device\\NotThere 0x222400'), /Forwarding IOCTL 0x00222400 to \\Device\\NotThere failed: error 2\n/);
  assert.match(s.type('sc stop KmdfControl'), /STOPPED/);
  assert.match(s.type('devcon remove root\\KmdfStack'), /1 device\(s\) were removed\./);
  assert.equal(fx(t.k).objects.size, 0);
  assert.equal(t.k.bugCheck, undefined);
});
