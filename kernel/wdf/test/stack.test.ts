// KmdfStack installed from its INF at the target's prompt: the .HW AddReg lands in the device's hardware key
// (Enum\ROOT\STACKSAMPLE\0000\Device Parameters) and the driver reads it with WdfDeviceOpenRegistryKey; its
// service AddReg lands in Services\KmdfStack\Parameters, read and written with WdfDriverOpenParametersRegistryKey
// and WdfRegistryQueryULong/AssignULong; the driver key has DriverDate and DriverVersion from DriverVer. The
// PnP/power callbacks run in KMDF's order on start (PrepareHardware, D0Entry from D3Final, SelfManagedIoInit) and
// on disable/remove (D0Exit to D3Final, ReleaseHardware). Then the KmdfFilter extension INF adds an upper filter,
// a class lower filter comes from the class key, and stackapp's IOCTL passes down through each driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackTarget, CLASS, P } from './stack-target.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';

import { lines } from './stack-target.ts';

test('KmdfStack: .HW AddReg in Device Parameters, Parameters key, DriverVer, PnP/power callbacks in order', async () => {
  const { t, s, debug } = await stackTarget();
  assert.match(s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  assert.equal(t.k.bugCheck, undefined);
  const node = pnp(t.k).node('ROOT\\STACKSAMPLE\\0000')!;
  assert.ok(node, 'devcon names the device after its class');
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  const enumKey = pnp(t.k).enumKey(node)!;
  const params = t.k.registry.open(`${enumKey.path}\\Device Parameters`)!;
  assert.equal(params.value('Greeting')?.data, 'hello from the INF');
  assert.equal(params.value('FailAt')?.data, 0);
  assert.equal(enumKey.value('Greeting'), undefined, 'HKR in .HW is the hardware key, not the devnode key');
  const D3Final = t.k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final');
  assert.deepEqual(lines(debug), [
    'KmdfStack: DriverEntry',
    'KmdfStack: Parameters\\Verbose = 3',
    'KmdfStack: Parameters\\Loads = 1 (0x00000000)',
    'KmdfStack: EvtDeviceAdd',
    `KmdfStack: DeviceDescription "KmdfStack Device" (${('KmdfStack Device'.length + 1) * 2} bytes)`,
    'KmdfStack: HardwareID "root\\KmdfStack"',
    `KmdfStack: Greeting "hello from the INF" (${'hello from the INF'.length * 2} bytes)`,
    'KmdfStack: EvtDevicePrepareHardware',
    `KmdfStack: EvtDeviceD0Entry, previous state ${D3Final}`,
    'KmdfStack: EvtDeviceSelfManagedIoInit',
  ]);
  assert.equal(t.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfStack\\Parameters')?.value('Loads')?.data, 1, 'WdfRegistryAssignULong wrote it');
  // The driver key: DriverVer's date and version both kept (Device Manager's Driver tab shows them).
  const driverKey = t.k.registry.open(`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\${String(enumKey.value('Driver')!.data)}`)!;
  assert.match(String(driverKey.value('DriverDate')?.data), /^\d{1,2}-\d{1,2}-\d{4}$/);
  assert.match(String(driverKey.value('DriverVersion')?.data), /^\d+\.\d+\.\d+\.\d+$/);
  assert.match(s.type('pnputil /enum-drivers'), /Driver Version: {5}\d\d\/\d\d\/\d{4} \d+\.\d+\.\d+\.\d+\n/);

  // Disable: the stack goes the framework's way down (D0Exit to D3Final, then ReleaseHardware), the driver unloads.
  let from = debug.length;
  assert.match(s.type('devcon disable root\\KmdfStack'), /1 device\(s\) disabled\./);
  assert.deepEqual(lines(debug, from), [`KmdfStack: EvtDeviceD0Exit, target state ${D3Final}`, 'KmdfStack: EvtDeviceReleaseHardware', 'KmdfStack: EvtDriverUnload']);
  assert.equal(s.type('devcon status root\\KmdfStack'), `devcon status root\\KmdfStack\nROOT\\STACKSAMPLE\\0000\n    Name: KmdfStack Device\n    Device is disabled.\n1 matching device(s) found.\n\n${P}`);
  // Enable: loaded again; the Parameters value the driver wrote is there for it.
  from = debug.length;
  assert.match(s.type('devcon enable root\\KmdfStack'), /1 device\(s\) are enabled\./);
  assert.ok(lines(debug, from).includes('KmdfStack: Parameters\\Loads = 2 (0x00000000)'), lines(debug, from).join('\n'));
  from = debug.length;
  assert.match(s.type('devcon remove root\\KmdfStack'), /1 device\(s\) were removed\./);
  assert.deepEqual(lines(debug, from), [`KmdfStack: EvtDeviceD0Exit, target state ${D3Final}`, 'KmdfStack: EvtDeviceReleaseHardware', 'KmdfStack: EvtDriverUnload']);
  assert.equal(fx(t.k).objects.size, 0, 'every framework object (the WDFKEYs too) deleted');
  assert.equal(t.k.bugCheck, undefined);
});

test('filters: an extension INF adds an upper filter, the class key a lower one; stackapp\'s IOCTL passes down through each', async () => {
  const { t, s, debug } = await stackTarget();
  assert.match(s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  const node = pnp(t.k).node('ROOT\\STACKSAMPLE\\0000')!;
  // Without filters the function driver alone sees the request; the PnP manager's PDO below does not handle it.
  assert.match(s.type('stackapp'), /Seen by: KmdfStack> \(11 bytes back\)\n/);

  // The extension INF: the filter's service, and UpperFilters on the device; the device restarts with it.
  const add = s.type('pnputil /add-driver KmdfFilter.inf /install');
  assert.match(add, /Published Name: {9}oem1\.inf\nDriver package installed on matching devices\.\n/);
  assert.deepEqual(pnp(t.k).enumKey(node)?.value('UpperFilters')?.data, ['KmdfFilter'], 'a device property, on the devnode key');
  assert.equal(t.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfFilter')?.value('Start')?.data, 3);
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  assert.match(s.type('stackapp'), /Seen by: UpperFilter>KmdfStack> /);

  // A class lower filter (the class key's LowerFilters), then a restart: PDO, lower filter, FDO, upper filter.
  s.type(`reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\${CLASS} /v LowerFilters /t REG_MULTI_SZ /d KmdfFilter /f`);
  const from = debug.length;
  assert.match(s.type('devcon restart root\\KmdfStack'), /1 device\(s\) restarted\./);
  assert.deepEqual(lines(debug, from).filter((l) => /EvtDeviceAdd|DriverEntry/.test(l)), [
    'KmdfFilter: DriverEntry', 'KmdfFilter: EvtDeviceAdd as LowerFilter', 'KmdfStack: DriverEntry', 'KmdfStack: EvtDeviceAdd', 'KmdfFilter: EvtDeviceAdd as UpperFilter',
  ]);
  const names = (dev: number) => t.k.ob.pathOf(t.k.io.ob.fromBody(t.k.io.at('DEVICE_OBJECT', dev).get('DriverObject'))!);
  assert.deepEqual([node.pdo, ...node.attached].map(names), ['\\Driver\\PnpManager', '\\Driver\\KmdfFilter', '\\Driver\\KmdfStack', '\\Driver\\KmdfFilter']);
  assert.equal(s.type('devcon stack root\\KmdfStack'), `devcon stack root\\KmdfStack\nROOT\\STACKSAMPLE\\0000\n    Name: KmdfStack Device\n`
    + `    Setup Class: ${CLASS.toUpperCase()} StackSample\n    Upper filters:\n        KmdfFilter\n    Controlling service:\n        KmdfStack\n`
    + `    Class lower filters:\n        KmdfFilter\n1 matching device(s) found.\n\n${P}`);

  const io = debug.length;
  assert.match(s.type('stackapp'), /Seen by: UpperFilter>KmdfStack>LowerFilter> \(\d+ bytes back\)\n/);
  assert.deepEqual(lines(debug, io), [
    'KmdfFilter: UpperFilter passes IOCTL 0x00222400 down',
    'KmdfStack: IOCTL seen, sending it down',
    'KmdfFilter: LowerFilter passes IOCTL 0x00222400 down',
    `KmdfStack: the stack below answered 0x${(t.k.constant('STATUS_INVALID_DEVICE_REQUEST') >>> 0).toString(16).toUpperCase()}`,
    `KmdfFilter: UpperFilter sees IOCTL 0x00222400 complete, status 0x00000000, ${'UpperFilter>KmdfStack>LowerFilter>'.length + 1} bytes`,
  ]);
  assert.equal(t.k.io.files.size, 0);

  // Removal takes the whole stack: both drivers unload, no framework object is left.
  assert.match(s.type('devcon remove root\\KmdfStack'), /1 device\(s\) were removed\./);
  assert.equal(t.k.ob.lookup('\\Driver\\KmdfFilter').header, undefined);
  assert.equal(t.k.ob.lookup('\\Driver\\KmdfStack').header, undefined);
  assert.equal(fx(t.k).objects.size, 0);
  assert.equal(t.k.bugCheck, undefined);
});
