// advapi32 from a program: installer.exe installs DongLpt through CreateService, starts it with StartService
// (DriverEntry runs on the program's thread in the kernel, through the gate), queries, stops and removes it;
// dongtest.exe uses the driver in between. All typed at the command prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, drivers, programs, target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('installer.exe: CreateService, StartService, QueryServiceStatusEx, ControlService(STOP), DeleteService', async () => {
  const s = session(await target({ lpt: true }));
  const d = 'C:\\DriverTest\\Drivers';
  s.t.disk.mkdir(d);
  s.t.disk.writeFile(`${d}\\DongLpt.sys`, await build(path.join(drivers, 'DongLpt'), 'DongLpt.sys', 'Release'));
  s.t.disk.writeFile(`${d}\\installer.exe`, await build(path.join(programs, 'installer'), 'installer.exe'));
  s.t.disk.writeFile(`${d}\\dongtest.exe`, await build(path.join(programs, 'dongtest'), 'dongtest.exe'));
  assert.equal(s.type(`installer install DongLpt ${d}\\DongLpt.sys`), `installer install DongLpt ${d}\\DongLpt.sys\n[SC] CreateService SUCCESS: DongLpt -> ${d}\\DongLpt.sys\n\n${P}`);
  assert.equal(s.type('installer start DongLpt'), 'installer start DongLpt\nSERVICE_NAME: DongLpt\n        TYPE               : 1\n        STATE              : 4  RUNNING\n        WIN32_EXIT_CODE    : 0  (0x0)\n\n' + P);
  assert.ok(s.t.k.io.drivers.get('donglpt')?.state === 'running');
  assert.match(s.type('dongtest'), /0 step\(s\) failed\n\nC:\\Users\\User>$/);
  assert.equal(s.type('installer start DongLpt'), `installer start DongLpt\nStartService failed, error 1056\n  the driver is already running\n\n${P}`);
  assert.match(s.type('installer status DongLpt'), /STATE              : 4  RUNNING\n/);
  assert.match(s.type('installer stop DongLpt'), /STATE              : 1  STOPPED\n/);
  assert.equal(s.t.k.io.drivers.get('donglpt'), undefined);
  assert.equal(s.type('installer remove DongLpt'), `installer remove DongLpt\n[SC] DeleteService SUCCESS\n\n${P}`);
  assert.equal(s.type('installer status DongLpt'), `installer status DongLpt\nOpenService failed, error 1060\n  no such service is installed\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
});
