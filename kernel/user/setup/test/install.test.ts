// devcon install of the Hello World package the build produced (stamped INF, test-signed catalog, .sys) on a
// target: the driver store gets oem0.inf, the service and device keys come from the INF, and the device starts
// when test signing is on; without it the install prompts and the device shows Code 52. A driver whose
// EvtDeviceAdd fails shows Code 31, a missing image Code 39. devcon remove and pnputil /delete-driver clean up.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, allowIhvOutput, type Booted } from '../../../wdf/test/harness.ts';
import { SetupEngine } from '../engine.ts';
import { pnp } from '../../../ntos/io/pnp/manager.ts';

let pkg: Record<string, Uint8Array>;
let failing: Record<string, Uint8Array>;
before(async () => {
  pkg = (await buildDriver('KmdfHelloWorld')).files;
  failing = (await buildDriver('KmdfHelloWorld', {
    'Driver.c': (s) => s.replace('    return status;\n}\n', '    return status;\n}\n').replace(/(KmdfHelloWorldEvtDeviceAdd\\n"\s*\)\);)/, '$1\n    return STATUS_INSUFFICIENT_RESOURCES;'),
  }, 'KmdfHelloFails')).files;
});

const DIR = 'C:\\DriverTest\\Drivers';
function deploy(b: Booted, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) b.disk.set(`\\??\\${DIR}\\${name}`.toLowerCase(), bytes);
}

test('devcon install with test signing on: oem0.inf, service, running device; remove and delete-driver clean up', async () => {
  const b = await boot();
  allowIhvOutput(b.k);
  deploy(b, pkg);
  const s = new SetupEngine(b.k);
  s.testSigning = true;
  const r = s.installInf(`${DIR}\\KmdfHelloWorld.inf`, 'root\\kmdfhelloworld');
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.deepEqual(r.lines, ['Device node created. Install is complete when drivers are installed...',
    `Updating drivers for root\\kmdfhelloworld from ${DIR}\\KmdfHelloWorld.inf.`, 'Drivers installed successfully.']);
  assert.equal(r.prompt, "Windows can't verify the publisher of this driver software.", 'a test-signed package still prompts');
  const node = r.node!;
  assert.equal(node.instanceId, 'ROOT\\SAMPLE\\0000', 'devcon names root devices after the class');
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  assert.deepEqual(b.output, ['KmdfHelloWorld: DriverEntry\n', 'KmdfHelloWorld: KmdfHelloWorldEvtDeviceAdd\n']);
  // Registry as the INF says.
  const svc = b.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfHelloWorld')!;
  assert.equal(svc.value('Start')?.data, 3);
  assert.match(String(svc.value('ImagePath')?.data), /^\\SystemRoot\\System32\\DriverStore\\FileRepository\\kmdfhelloworld\.inf_amd64_[0-9a-f]+\\KmdfHelloWorld\.sys$/);
  assert.equal(b.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfHelloWorld\\Parameters\\Wdf')?.value('KmdfLibraryVersion')?.data, '1.15');
  assert.equal(pnp(b.k).enumKey(node)?.value('Service')?.data, 'KmdfHelloWorld');
  assert.equal(b.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{78a1c341-4539-11d3-b88d-00c04fad5171}')?.value('')?.data, 'Samples');
  // Queries shaped as devcon and pnputil print them.
  assert.deepEqual(s.status('root\\kmdfhelloworld'), ['ROOT\\SAMPLE\\0000', '    Name: KmdfHelloWorld Device', '    Driver is running.', '1 matching device(s) found.']);
  const drivers = s.enumDrivers().join('\n');
  assert.match(drivers, /Published Name:     oem0\.inf\nOriginal Name:      kmdfhelloworld\.inf\nProvider Name:      DriverLab\nClass Name:         Samples/);
  // setupapi.dev.log records the install.
  const log = s.log.text();
  assert.match(log, />>> {2}\[Device Install \(UpdateDriverForPlugAndPlayDevices\) - root\\kmdfhelloworld\]\r\n>>> {2}Section start 2024\/01\/15 09:00:00\.000/);
  assert.match(log, / {5}dvi: Device instance: {3}ROOT\\SAMPLE\\0000/);
  assert.match(log, /<<< {2}\[Exit status: SUCCESS\]/);

  // pnputil refuses while the device uses the package; devcon remove, then it can go.
  assert.equal(s.deleteDriver('oem0.inf').lines.at(-1), 'Failed to delete driver package: One or more devices are presently installed using the specified INF.');
  const rm = s.removeDevice('root\\kmdfhelloworld');
  assert.deepEqual(rm.lines, [`${'ROOT\\SAMPLE\\0000'.padEnd(52)}: Removed`, '1 device(s) were removed.']);
  assert.equal(b.k.ob.lookup('\\Driver\\KmdfHelloWorld').header, undefined, 'the driver unloaded');
  assert.equal(s.deleteDriver('oem0.inf').lines.at(-1), 'Driver package deleted successfully.');
  assert.deepEqual(s.enumDrivers(), ['Microsoft PnP Utility', '']);
  assert.equal(b.k.bugCheck, undefined);
});

test('without test signing the test-signed driver does not load: Code 52', async () => {
  const b = await boot();
  deploy(b, pkg);
  const s = new SetupEngine(b.k);
  const r = s.installInf(`${DIR}\\KmdfHelloWorld.inf`, 'root\\kmdfhelloworld');
  assert.equal(r.ok, true, 'the install itself completes (the learner chose "Install this driver software anyway")');
  assert.equal(r.node!.problem, 52);
  assert.match(r.node!.statusText, /Windows cannot verify the digital signature for the drivers required for this device.*\(Code 52\)$/);
  assert.ok(!b.k.loader.find('KmdfHelloWorld.sys'), 'never loaded');
  assert.match(s.log.text(), /!!! {2}dvi: Device 'ROOT\\SAMPLE\\0000' has problem: CM_PROB_UNSIGNED_DRIVER \(0x00000034\)/);
  // bcdedit /set testsigning on (and a restart of the device) lets it load.
  s.testSigning = true;
  s.updateDriver(`${DIR}\\KmdfHelloWorld.inf`, 'root\\kmdfhelloworld');
  assert.equal(r.node!.problem, 0, r.node!.statusText);
  assert.equal(r.node!.state, 'DeviceNodeStarted');
});

test('EvtDeviceAdd failing is Code 31; a missing image is Code 39', async () => {
  const b = await boot();
  deploy(b, failing);
  const s = new SetupEngine(b.k);
  s.testSigning = true;
  const r = s.installInf(`${DIR}\\KmdfHelloWorld.inf`, 'root\\kmdfhelloworld');
  assert.equal(r.node!.problem, 31, r.node!.statusText);
  assert.equal(r.node!.problemStatus >>> 0, b.k.constant('STATUS_INSUFFICIENT_RESOURCES') >>> 0);
  assert.equal(b.k.ob.lookup('\\Driver\\KmdfHelloWorld').header, undefined, 'a driver with no device unloads');
  assert.equal(b.k.bugCheck, undefined);

  // The image vanishes from the driver store: the next start cannot load it.
  const b2 = await boot();
  deploy(b2, pkg);
  const s2 = new SetupEngine(b2.k);
  s2.testSigning = true;
  const r2 = s2.installInf(`${DIR}\\KmdfHelloWorld.inf`, 'root\\kmdfhelloworld');
  assert.equal(r2.node!.state, 'DeviceNodeStarted');
  for (const k of [...s2.written.keys()]) if (k.endsWith('kmdfhelloworld.sys')) s2.written.delete(k);
  assert.equal(pnp(b2.k).restartDevice(r2.node!), 39);
  assert.match(r2.node!.statusText, /\(Code 39\)$/);
});
