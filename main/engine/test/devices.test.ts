// Device Manager's data from a booted target: the fixed devices with their types and status, a device devcon
// installs appearing with its driver, disable (Code 22) and enable, uninstall and a scan for hardware changes.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../lab-engine.ts';
import { targetKernel } from '../../cli/target-kernel.ts';
import { TargetConsole } from '../../cli/target-console.ts';
import { buildDriver } from '../../../kernel/wdf/test/harness.ts';

const WORKING = 'This device is working properly.';
const NAME = 'DevTarget';
let lab: LabEngine;
let con: TargetConsole;
let files: Record<string, Uint8Array>;

before(async () => {
  const [kernel, built] = await Promise.all([targetKernel({ serviceModules: [], stageMs: 0 }), buildDriver('KmdfHelloWorld')]);
  files = built.files;
  lab = new LabEngine({ kernel, watchdogMs: 0 });
  await lab.newTarget(NAME);
  await lab.setFirmware(NAME, { secureBoot: false }); // so test signing can take effect
  con = new TargetConsole(lab, NAME);
  await lab.power(NAME, true);
  await lab.waitFor(NAME, ['running']);
  await con.ready();
});
after(async () => { await lab.shutdown(); });

test('a target that is off has no device tree to read', async () => {
  await lab.newTarget('OffOne');
  await assert.rejects(lab.devices('OffOne'), /OffOne is off: Device Manager can read its devices once Windows is running/);
  await lab.removeTarget('OffOne');
});

test('the fixed devices: ACPI, PCI bus, disk, NIC, COM1, LPT1, each working, by type and by connection', async () => {
  const devices = await lab.devices(NAME);
  const by = (name: string) => devices.find((d) => d.name === name);
  const expected: [string, string][] = [
    ['ACPI x64-based PC', 'Computer'], ['Microsoft ACPI-Compliant System', 'System'], ['PCI Bus', 'System'],
    ['Standard SATA AHCI Controller', 'HDC'], ['Disk drive', 'DiskDrive'], ['Intel(R) PRO/1000 MT Network Connection', 'Net'],
    ['Communications Port (COM1)', 'Ports'], ['Printer Port (LPT1)', 'Ports'],
  ];
  for (const [name, cls] of expected) {
    const d = by(name);
    assert.ok(d, `${name} is listed (have: ${devices.map((x) => x.name).join(', ')})`);
    assert.equal(d.className, cls, name);
    assert.equal(d.status, WORKING, name);
    assert.equal(d.problem, 0);
    assert.equal(d.driver.provider, 'Microsoft');
  }
  // By connection: the HAL hangs off the computer, the disk off its controller, the controller off the PCI bus.
  assert.equal(by('ACPI x64-based PC')!.parent, undefined);
  assert.equal(by('Disk drive')!.parent, by('Standard SATA AHCI Controller')!.instanceId);
  assert.equal(by('Standard SATA AHCI Controller')!.parent, by('PCI Bus')!.instanceId);
  assert.equal(by('Intel(R) PRO/1000 MT Network Connection')!.service, 'E1G60');
  assert.ok(!devices.some((d) => d.instanceId === 'HTREE\\ROOT\\0'), 'the root is the computer itself, not a device row');
  await assert.rejects(lab.deviceAction(NAME, 'disable', by('PCI Bus')!.instanceId), /system device/);
});

test('devcon install: the device appears with its driver; disable shows Code 22, enable makes it work; uninstall and scan', async () => {
  const host = lab.machineHost(NAME);
  await host.request({ t: 'disk', op: 'mkdir', path: 'C:\\DriverTest\\Drivers' });
  for (const [f, bytes] of Object.entries(files)) await host.request({ t: 'disk', op: 'write', path: `C:\\DriverTest\\Drivers\\${f}`, data: bytes });
  // Test-signed packages load once test signing is on (a restart applies it).
  assert.match(await con.run('bcdedit /set testsigning on'), /The operation completed successfully\./);
  await con.run('shutdown /r /t 0');
  await lab.waitFor(NAME, ['booting']);
  await lab.waitFor(NAME, ['running']);
  await con.ready();
  const before = await lab.devices(NAME);
  assert.ok(!before.some((d) => d.hardwareIds.some((h) => /kmdfhelloworld/i.test(h))));

  const out = await con.run('devcon install C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf Root\\KmdfHelloWorld');
  assert.match(out, /Drivers installed successfully\./, out);
  const find = async () => (await lab.devices(NAME)).find((d) => d.hardwareIds.some((h) => h.toLowerCase() === 'root\\kmdfhelloworld'));
  const dev = await find();
  assert.ok(dev, 'the installed device is listed');
  assert.match(dev.instanceId, /^ROOT\\[A-Z]+\\\d{4}$/);
  assert.equal(dev.parent, undefined, 'root-enumerated devices hang off the computer');
  assert.equal(dev.status, WORKING);
  assert.equal(dev.service, 'KmdfHelloWorld');
  assert.match(dev.driver.inf, /^oem\d+\.inf$/);
  // Date and version are the package's DriverVer (as stampinf left it), provider its Provider.
  const driverVer = /^DriverVer\s*=\s*([^;\r\n]*)/m.exec(Buffer.from(files['KmdfHelloWorld.inf']!).toString('utf8'))![1]!.split(',').map((x) => x.trim());
  assert.deepEqual([dev.driver.date, dev.driver.version], [driverVer[0] ?? '', driverVer[1] ?? '']);
  assert.ok(dev.driver.provider.length > 0 && dev.driver.signer.length > 0, JSON.stringify(dev.driver));
  assert.ok(dev.driver.files.some((f) => /KmdfHelloWorld\.sys$/i.test(f.path)), JSON.stringify(dev.driver.files));
  assert.ok(dev.events.some((e) => e.text === 'Device started (KmdfHelloWorld)'), JSON.stringify(dev.events));

  assert.equal(await lab.deviceAction(NAME, 'disable', dev.instanceId), `${dev.instanceId}: Disabled`);
  const off = (await find())!;
  assert.equal(off.status, 'This device is disabled. (Code 22)');
  assert.equal(off.problem, 22);
  assert.equal(off.disabled, true);
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 1 {2}STOPPED/);

  assert.match(await lab.deviceAction(NAME, 'enable', dev.instanceId), /: Enabled\. This device is working properly\.$/);
  const on = (await find())!;
  assert.equal(on.status, WORKING);
  assert.equal(on.disabled, false);
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);

  assert.equal(await lab.deviceAction(NAME, 'uninstall', dev.instanceId), `${dev.instanceId}: Removed`);
  assert.equal(await find(), undefined);
  assert.match(await lab.deviceAction(NAME, 'scan'), /^Scanning for new hardware\..*Scanning completed\.$/);
  assert.equal(await find(), undefined, 'an uninstalled root device does not come back on a scan');
  await assert.rejects(lab.deviceAction(NAME, 'enable', dev.instanceId), /No device has the instance path/);
});
