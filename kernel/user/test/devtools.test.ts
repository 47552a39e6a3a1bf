// The device tools at the prompt once a driver is installed: devcon hwids/find/findall/update/enable/disable and
// their no-match and bad-input paths, pnputil /enum-devices for the fixed devices; devlist.exe walks the same tree
// through SetupAPI (SetupDiGetClassDevs, SetupDiEnumDeviceInfo, SetupDiGetDeviceRegistryProperty,
// SetupDiEnumDeviceInterfaces, SetupDiGetDeviceInterfaceDetail) and cfgmgr32 (CM_Get_Device_ID,
// CM_Get_DevNode_Status), finding COM1's GUID_DEVINTERFACE_COMPORT interface; cls; taskkill /PID's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDriver } from '../../wdf/test/harness.ts';
import { build, programs, target } from './target.ts';
import { session } from './shell.ts';
import { setup } from '../setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';

const P = 'C:\\DriverTest\\Drivers>';
const HW = 'root\\kmdfhelloworld';

async function helloPrompt() {
  const [pkg, devlist] = await Promise.all([buildDriver('KmdfHelloWorld'), build(path.join(programs, 'devlist'), 'devlist.exe')]);
  const t = await target();
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`C:\\DriverTest\\Drivers\\${name}`, bytes);
  t.disk.writeFile('C:\\DriverTest\\Drivers\\devlist.exe', devlist);
  pnp(t.k); // the device tree a booted target has
  setup(t.k).testSigning = true;
  const s = session(t);
  s.type('cd C:\\DriverTest\\Drivers');
  return { t, s };
}

test('devcon hwids, find, findall, update, disable and enable: before the install, after it, and on bad input', async () => {
  const { t, s } = await helloPrompt();
  assert.equal(s.type(`devcon hwids ${HW}`), `devcon hwids ${HW}\nNo matching devices found.\n\n${P}`);
  assert.equal(s.type(`devcon find ${HW}`), `devcon find ${HW}\nNo matching devices found.\n\n${P}`);
  assert.match(s.type(`devcon install KmdfHelloWorld.inf ${HW}`), /Drivers installed successfully\.\n/);

  assert.equal(s.type(`devcon hwids ${HW}`), `devcon hwids ${HW}\nROOT\\SAMPLE\\0000\n    Name: KmdfHelloWorld Device\n    Hardware IDs:\n        ${HW}\n1 matching device(s) found.\n\n${P}`);
  // * matches every device: the fixed ones of every target and ours.
  const all = s.type('devcon hwids *');
  assert.match(all, /\nACPI\\PNP0501\\1\n    Name: Communications Port \(COM1\)\n    Hardware IDs:\n        ACPI\\PNP0501\n/);
  assert.match(all, /\n9 matching device\(s\) found\.\n/);
  assert.equal(s.type(`devcon find ${HW}`), `devcon find ${HW}\n${'ROOT\\SAMPLE\\0000'.padEnd(52)}: KmdfHelloWorld Device\n1 matching device(s) found.\n\n${P}`);
  const found = s.type('devcon find *');
  assert.match(found, new RegExp(`\\n${'ACPI\\PNP0400\\1'.padEnd(52).replace(/\\/g, '\\\\')}: Printer Port \\(LPT1\\)\\n`));
  assert.match(found, /\n9 matching device\(s\) found\.\n/);
  assert.match(s.type('devcon findall =Ports'), /: Communications Port \(COM1\)\n[\s\S]*: Printer Port \(LPT1\)\n2 matching device\(s\) found\.\n/);

  // update reinstalls the driver on the device that is there; a missing INF fails with devcon's exit code 2.
  assert.equal(s.type(`devcon update KmdfHelloWorld.inf ${HW}`),
    `devcon update KmdfHelloWorld.inf ${HW}\nUpdating drivers for ${HW} from C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf.\nDrivers installed successfully.\n\n${P}`);
  assert.equal(pnp(t.k).node('ROOT\\SAMPLE\\0000')!.state, 'DeviceNodeStarted');
  assert.match(s.type(`devcon update nothere.inf ${HW}`), /devcon\.exe failed\.\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n2\n\n${P}`);

  assert.equal(s.type(`devcon disable ${HW}`), `devcon disable ${HW}\n${'ROOT\\SAMPLE\\0000'.padEnd(52)}: Disabled\n1 device(s) disabled.\n\n${P}`);
  assert.equal(pnp(t.k).node('ROOT\\SAMPLE\\0000')!.problem, 22);
  assert.equal(t.k.ob.lookup('\\Driver\\KmdfHelloWorld').header, undefined, 'disabling the only device unloads the driver');
  assert.equal(s.type(`devcon enable ${HW}`), `devcon enable ${HW}\n${'ROOT\\SAMPLE\\0000'.padEnd(52)}: Enabled\n1 device(s) are enabled.\n\n${P}`);
  assert.equal(s.type(`devcon status ${HW}`), `devcon status ${HW}\nROOT\\SAMPLE\\0000\n    Name: KmdfHelloWorld Device\n    Driver is running.\n1 matching device(s) found.\n\n${P}`);
  assert.equal(s.type('devcon disable root\\nothing'), `devcon disable root\\nothing\nNo matching devices found.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n2\n\n${P}`);
  assert.match(s.type('devcon bogus'), /^devcon bogus\nDevice Console Help:\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n3\n\n${P}`);
  assert.equal(t.k.bugCheck, undefined);
});

test('devlist.exe: SetupAPI and cfgmgr32 see each device with its ID, name, service and status, and COM1\'s interface', async () => {
  const { t, s } = await helloPrompt();
  assert.match(s.type(`devcon install KmdfHelloWorld.inf ${HW}`), /Drivers installed successfully\./);
  const out = s.type('devlist');
  assert.match(out, /^devlist\nROOT\\ACPI_HAL\\0000\n    Name: ACPI x64-based PC\n    Hardware ID: acpiapic\n    Status: started\n/);
  assert.match(out, /\nACPI\\PNP0501\\1\n    Name: Communications Port \(COM1\)\n    Hardware ID: ACPI\\PNP0501\n    Service: Serial\n    Status: started\n/);
  assert.match(out, /\nROOT\\SAMPLE\\0000\n    Name: KmdfHelloWorld Device\n    Hardware ID: root\\kmdfhelloworld\n    Service: KmdfHelloWorld\n    Status: started\n9 device\(s\)\n/);
  assert.match(out, /\nInterface 0: \\\\\?\\ACPI#PNP0501#1#\{86e0d1e0-8089-11d0-9ce4-08003e301f73\}\n1 interface\(s\)\n\n/);
  // A disabled device is still present (DIGCF_PRESENT): CM_Get_DevNode_Status gives DN_HAS_PROBLEM and Code 22.
  s.type(`devcon disable ${HW}`);
  assert.match(s.type('devlist'), /\nROOT\\SAMPLE\\0000\n    Name: KmdfHelloWorld Device\n    Hardware ID: root\\kmdfhelloworld\n    Service: KmdfHelloWorld\n    Status: problem 22 \(CM_PROB_DISABLED\)\n9 device\(s\)\n/);
  // Removed, it is gone from the tree SetupAPI walks.
  s.type(`devcon remove ${HW}`);
  const after = s.type('devlist');
  assert.doesNotMatch(after, /ROOT\\SAMPLE\\0000/);
  assert.match(after, /\n8 device\(s\)\n/);
  assert.equal(t.k.bugCheck, undefined);
});

test('cls clears the screen and the prompt takes its top line; taskkill /PID refuses System (1) and reports an unknown PID (128)', async () => {
  const { t, s } = await helloPrompt();
  s.type('echo something on the screen');
  s.type('cls');
  assert.equal(t.um.console.text, P, 'only the prompt is left');
  assert.equal(s.type('taskkill /PID 4'), `taskkill /PID 4\nERROR: The process with PID 4 could not be terminated.\nReason: Access is denied.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.equal(s.type('taskkill /PID 999 /F'), `taskkill /PID 999 /F\nERROR: The process "999" not found.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n128\n\n${P}`);
});
