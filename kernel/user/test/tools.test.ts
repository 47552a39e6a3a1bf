// The command-line tools a driver developer types: sc (create/start/query/qc/stop/delete and FAILED lines with
// the Win32 message), wevtutil qe System, bcdedit on the machine's BCD store, and the tools whose facility is not
// on a bare target (ipconfig, ping, shutdown, devcon, pnputil) answering as Windows does then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, drivers, target } from './target.ts';
import { session } from './shell.ts';
import { readBcd } from '../../../main/machine/devices/bcd-store.ts';

const P = 'C:\\Users\\User>';

test('sc create, start, query, qc, stop, delete for a kernel driver, and the FAILED forms', async () => {
  const s = session(await target({ lpt: true }));
  s.t.disk.mkdir('C:\\DriverTest\\Drivers');
  s.t.disk.writeFile('C:\\DriverTest\\Drivers\\DongLpt.sys', await build(path.join(drivers, 'DongLpt'), 'DongLpt.sys', 'Release'));
  assert.equal(s.type('sc create DongLpt type= kernel binPath= C:\\DriverTest\\Drivers\\DongLpt.sys'),
    `sc create DongLpt type= kernel binPath= C:\\DriverTest\\Drivers\\DongLpt.sys\n[SC] CreateService SUCCESS\n\n${P}`);
  assert.equal(s.type('sc create DongLpt type= kernel binPath= C:\\x.sys'),
    `sc create DongLpt type= kernel binPath= C:\\x.sys\n[SC] CreateService FAILED 1073:\n\nThe specified service already exists.\n\n\n${P}`);
  assert.equal(s.type('sc query DongLpt'), [
    'sc query DongLpt', '', 'SERVICE_NAME: DongLpt', '        TYPE               : 1  KERNEL_DRIVER', '        STATE              : 1  STOPPED',
    '        WIN32_EXIT_CODE    : 1077  (0x435)', '        SERVICE_EXIT_CODE  : 0  (0x0)', '        CHECKPOINT         : 0x0', '        WAIT_HINT          : 0x0', '', P].join('\n'));
  assert.equal(s.type('sc start DongLpt'), [
    'sc start DongLpt', '', 'SERVICE_NAME: DongLpt', '        TYPE               : 1  KERNEL_DRIVER', '        STATE              : 4  RUNNING',
    '                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)', '        WIN32_EXIT_CODE    : 0  (0x0)', '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0', '        WAIT_HINT          : 0x0', '        PID                : 0', '        FLAGS              :', '', P].join('\n'));
  assert.equal(s.type('sc start DongLpt'), `sc start DongLpt\n[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1056\n\n${P}`);
  assert.match(s.type('sc qc DongLpt'), /\[SC\] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: DongLpt\n        TYPE               : 1  KERNEL_DRIVER\n        START_TYPE         : 3   DEMAND_START\n        ERROR_CONTROL      : 1   NORMAL\n        BINARY_PATH_NAME   : \\\?\?\\C:\\DriverTest\\Drivers\\DongLpt\.sys\n/);
  assert.match(s.type('sc stop DongLpt'), /STATE              : 1  STOPPED\n        WIN32_EXIT_CODE    : 0  \(0x0\)\n/);
  assert.equal(s.type('sc stop DongLpt'), `sc stop DongLpt\n[SC] ControlService FAILED 1062:\n\nThe service has not been started.\n\n\n${P}`);
  assert.equal(s.type('sc delete DongLpt'), `sc delete DongLpt\n[SC] DeleteService SUCCESS\n\n${P}`);
  assert.equal(s.type('sc query DongLpt'), `sc query DongLpt\n[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n\n${P}`);
  assert.equal(s.type('sc start Missing'), `sc start Missing\n[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n\n${P}`);
});

test('sc start of a blocked driver: [SC] StartService FAILED 1275 with the message', async () => {
  const s = session(await target({ lpt: true }));
  s.t.disk.mkdir('C:\\DriverTest\\Drivers');
  s.t.disk.writeFile('C:\\DriverTest\\Drivers\\DongLpt.sys', await build(path.join(drivers, 'DongLpt'), 'DongLpt.sys', 'Release'));
  s.t.k.io.services.isBlocked = (name) => name.toLowerCase() === 'donglpt.sys';
  s.type('sc create DongLpt type= kernel binPath= C:\\DriverTest\\Drivers\\DongLpt.sys');
  assert.equal(s.type('sc start DongLpt'), `sc start DongLpt\n[SC] StartService FAILED 1275:\n\nThis driver has been blocked from loading\n\n\n${P}`);
  assert.match(s.type('sc query DongLpt'), /WIN32_EXIT_CODE    : 1275  \(0x4fb\)/);
});

test('wevtutil qe System reads the event log; other channels and verbs fail', async () => {
  const s = session(await target());
  s.t.k.io.eventLog.push({ channel: 'System', source: 'DongLpt', eventId: 7, level: 'Error', errorCode: 0xc0040007, finalStatus: 0, uniqueErrorValue: 1,
    majorFunction: 0, sequenceNumber: 0, ioControlCode: 0, eventCategory: 0, dumpData: [0x378], strings: [], timeCreated: 133_500_000_000_000_000n } as never);
  const text = s.type('wevtutil qe System /f:text');
  assert.match(text, /^wevtutil qe System \/f:text\nEvent\[0\]:\n  Log Name: System\n  Source: DongLpt\n  Date: \d{4}-\d\d-\d\dT[\d:.]+\n  Event ID: 7\n  Task: N\/A\n  Level: Error\n/);
  assert.match(s.type('wevtutil qe System'), /<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='DongLpt'\/><EventID Qualifiers='49156'>7<\/EventID><Level>2<\/Level>.*<Binary>00000378<\/Binary>/);
  assert.match(s.type('wevtutil qe Nothing'), /Failed to query log Nothing\. The specified channel could not be found\.\n/);
});

test('bcdedit sets testsigning, debug and dbgsettings in the machine BCD store and enumerates it', async () => {
  const t = await target();
  const s = session(t);
  assert.equal(s.type('bcdedit /set testsigning on'), `bcdedit /set testsigning on\nThe operation completed successfully.\n\n${P}`);
  assert.equal(s.type('bcdedit /debug on'), `bcdedit /debug on\nThe operation completed successfully.\n\n${P}`);
  assert.equal(s.type('bcdedit /dbgsettings serial debugport:1 baudrate:115200'), `bcdedit /dbgsettings serial debugport:1 baudrate:115200\nThe operation completed successfully.\n\n${P}`);
  assert.match(s.type('bcdedit /dbgsettings net hostip:10.0.0.1 port:50000 key:1.2.3.4'), /Key=1\.2\.3\.4\n/);
  const store = readBcd(t.disk);
  const loader = store.objects.find((o) => o.type === 'osloader')!;
  assert.equal(loader.elements['testsigning'], true);
  assert.equal(loader.elements['debug'], true);
  assert.deepEqual(store.objects.find((o) => o.type === 'dbgsettings')!.elements, { debugtype: 'NET', hostip: '10.0.0.1', port: 50000, key: '1.2.3.4' });
  assert.match(s.type('bcdedit /enum'), /\nWindows Boot Loader\n-------------------\nidentifier              \{current\}\n[\s\S]*testsigning             Yes\n/);
  assert.match(s.type('bcdedit /set testsigning maybe'), /The parameter is incorrect\./);
  t.disk.remove('C:\\Boot\\BCD');
  assert.equal(s.type('bcdedit /enum'), `bcdedit /enum\nThe boot configuration data store could not be opened.\nThe system cannot find the file specified.\n\n${P}`);
});

test('ipconfig, ping, shutdown, devcon and pnputil on a target without network, power control or PnP', async () => {
  const s = session(await target());
  assert.equal(s.type('ipconfig'), `ipconfig\n\nWindows IP Configuration\n\n\n${P}`);
  assert.equal(s.type('ping buildhost'), `ping buildhost\nPing request could not find host buildhost. Please check the name and try again.\n\n${P}`);
  assert.equal(s.type('shutdown /r /t 0'), `shutdown /r /t 0\nThe device is not ready.(21)\n\n${P}`);
  assert.equal(s.type('devcon status *'), `devcon status *\nNo matching devices found.\n\n${P}`);
  assert.match(s.type('devcon install nothere.inf root\\ECHO'), /devcon\.exe failed\.\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n2\n\n${P}`);
  assert.match(s.type('pnputil /add-driver nothere.inf /install'), /Microsoft PnP Utility\n\nAdding driver package:  nothere\.inf\nFailed to add driver package: The system cannot find the file specified\.\n/);
  assert.equal(s.type('pnputil /enum-drivers'), `pnputil /enum-drivers\nMicrosoft PnP Utility\n\n\n${P}`);
});

test('ipconfig and shutdown with the machine behind them', async () => {
  const { target: mk } = await import('./target.ts');
  const t = await mk();
  let restarted: boolean | undefined;
  Object.assign(t.um.machine, { network: { ip: '192.168.56.10', netmask: '255.255.255.0', gateway: '192.168.56.1', mac: '00:15:5d:01:02:03' }, shutdown: (r: boolean) => { restarted = r; } });
  const s = session(t);
  assert.equal(s.type('ipconfig'), `ipconfig\n\nWindows IP Configuration\n\n\nEthernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . :\n   IPv4 Address. . . . . . . . . . . : 192.168.56.10\n   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n   Default Gateway . . . . . . . . . : 192.168.56.1\n\n${P}`);
  assert.equal(s.type('shutdown /r /t 0'), `shutdown /r /t 0\n\n${P}`);
  assert.equal(restarted, true);
});
