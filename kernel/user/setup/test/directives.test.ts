// INF directives end to end on a real build of Hello World whose INF carries more than the lab's: AddReg and DelReg
// in the DDInstall section (HKR = the driver key) and in .HW (HKR = Device Parameters), a value continued over two
// lines with `\`, %strings% in data. Setup runs DelReg before AddReg, and an update keeps the device's driver key,
// so what an older install left is deleted. A file [SourceDisksFiles] names that is not beside the INF stops the
// import, and setupapi.dev.log says which file.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, type Booted } from '../../../wdf/test/harness.ts';
import { SetupEngine } from '../engine.ts';
import { pnp } from '../../../ntos/io/pnp/manager.ts';
import { REG_SZ, REG_DWORD } from '../../../ntos/cm/registry.ts';

const DIR = 'C:\\DriverTest\\Drivers';
const INF = `${DIR}\\KmdfHelloWorld.inf`;
let pkg: Record<string, Uint8Array>;
before(async () => {
  pkg = (await buildDriver('KmdfHelloWorld', {
    'KmdfHelloWorld.inf': (s) => s
      .replace('[KmdfHelloWorld_Device.NT]\nCopyFiles=Drivers_Dir\n', '[KmdfHelloWorld_Device.NT]\nCopyFiles=Drivers_Dir\nAddReg=Hello_AddReg\nDelReg=Hello_DelReg\n\n'
        + '[KmdfHelloWorld_Device.NT.HW]\nAddReg=Hello_HwAddReg\nDelReg=Hello_HwDelReg\n\n'
        + '[Hello_AddReg]\nHKR,,Greeting,,%Greeting%\nHKR,,Levels,0x00010000,"low",\\\n    "high" ; one entry over two lines\nHKR,,Stale,,"written again"\n\n'
        + '[Hello_DelReg]\nHKR,,Stale\nHKR,,Obsolete\n\n[Hello_HwAddReg]\nHKR,,Mode,0x00010001,2\n\n[Hello_HwDelReg]\nHKR,,OldMode\n')
      .replace('[Strings]\n', '[Strings]\nGreeting = "Hello from the INF"\n'),
  }, 'KmdfHelloDirectives')).files;
});

function deploy(b: Booted, files: Record<string, Uint8Array>, skip = ''): void {
  for (const [name, bytes] of Object.entries(files)) if (name !== skip) b.disk.set(`\\??\\${DIR}\\${name}`.toLowerCase(), bytes);
}

test('AddReg and DelReg with HKR in DDInstall and .HW: DelReg first, a continued line, %strings%; update keeps the driver key', async () => {
  const b = await boot();
  deploy(b, pkg);
  const s = new SetupEngine(b.k);
  s.testSigning = true;
  const r = s.installInf(INF, 'root\\kmdfhelloworld');
  assert.equal(r.ok, true, r.lines.join('\n'));
  const node = r.node!;
  const enumKey = pnp(b.k).enumKey(node)!;
  const driverPath = String(enumKey.value('Driver')?.data);
  assert.match(driverPath, /^\{78a1c341-4539-11d3-b88d-00c04fad5171\}\\0000$/);
  const driverKey = () => b.k.registry.open(`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\${driverPath}`)!;
  const params = () => b.k.registry.open(`${enumKey.path}\\Device Parameters`)!;
  assert.equal(driverKey().value('Greeting')?.data, 'Hello from the INF');
  assert.deepEqual(driverKey().value('Levels')?.data, ['low', 'high']);
  assert.equal(driverKey().value('Stale')?.data, 'written again', 'DelReg ran before AddReg');
  assert.equal(params().value('Mode')?.data, 2);

  // What an older driver left behind: DelReg removes it when the driver is updated on the device.
  driverKey().setValue('Stale', REG_SZ, 'left by an old version');
  driverKey().setValue('Obsolete', REG_DWORD, 1);
  driverKey().deleteValue('Greeting');
  params().setValue('OldMode', REG_DWORD, 7);
  const u = s.updateDriver(INF, 'root\\kmdfhelloworld');
  assert.equal(u.ok, true, u.lines.join('\n'));
  assert.equal(String(enumKey.value('Driver')?.data), driverPath, 'the device keeps its driver key');
  assert.equal(b.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{78a1c341-4539-11d3-b88d-00c04fad5171}\\0001'), undefined);
  assert.equal(driverKey().value('Stale')?.data, 'written again');
  assert.equal(driverKey().value('Obsolete'), undefined, 'DDInstall DelReg removed it');
  assert.equal(driverKey().value('Greeting')?.data, 'Hello from the INF');
  assert.equal(params().value('OldMode'), undefined, '.HW DelReg removed it');
  assert.equal(params().value('Mode')?.data, 2);
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  assert.equal(b.k.bugCheck, undefined);
});

test('a file [SourceDisksFiles] names is missing: the import fails, nothing is staged, setupapi.dev.log names the file', async () => {
  const b = await boot();
  deploy(b, pkg, 'KmdfHelloWorld.sys');
  const s = new SetupEngine(b.k);
  s.testSigning = true;
  const r = s.installInf(INF, 'root\\kmdfhelloworld');
  assert.equal(r.ok, false);
  assert.deepEqual(s.enumDrivers(), ['Microsoft PnP Utility', ''], 'no oemN.inf');
  assert.equal(b.k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfHelloWorld'), undefined);
  const log = s.log.text();
  assert.match(log, /^\[Device Install Log\]\r\n {5}OS Version = 10\.0\.19041\r\n/, 'the version cmd\'s ver shows');
  assert.match(log, />>> {2}\[Setup Import Driver Package - C:\\DriverTest\\Drivers\\KmdfHelloWorld\.inf\]\r\n>>> {2}Section start \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\r\n/);
  assert.match(log, /!!! {2}sto: Failed to copy file 'C:\\DriverTest\\Drivers\\KmdfHelloWorld\.sys'\. Error = 0x00000002\r\n/);
  assert.match(log, /<<< {2}Section end \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\r\n<<< {2}\[Exit status: FAILURE\(0x00000002\)\]\r\n/);
});
