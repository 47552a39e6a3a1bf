// locate.exe: CM_Locate_DevNode finds a device by its instance ID (or fails with CR_NO_SUCH_DEVNODE), CM_Get_Device_ID
// and CM_Get_DevNode_Status describe it; CreateFileA opens a device by its DOS name or fails with the Win32 error;
// ExitProcess's code is the process's exit code (%ERRORLEVEL%).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, ownPrograms, target } from './target.ts';
import { session } from './shell.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';

const P = 'C:\\Users\\User>';

test('locate.exe: CM_Locate_DevNode, CM_Get_Device_ID, CM_Get_DevNode_Status, CreateFileA, ExitProcess', async () => {
  const t = await target();
  pnp(t.k); // the device tree a booted target has
  t.disk.writeFile('C:\\Users\\User\\locate.exe', await build(path.join(ownPrograms, 'locate'), 'locate.exe'));
  const s = session(t);
  assert.equal(s.type('locate ACPI\\PNP0501\\1'), `locate ACPI\\PNP0501\\1\nACPI\\PNP0501\\1: started\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n0\n\n${P}`);
  // Instance IDs are matched without regard to case, and the configuration manager answers with the stored one.
  assert.equal(s.type('locate acpi\\pnp0400\\1'), `locate acpi\\pnp0400\\1\nACPI\\PNP0400\\1: started\n\n${P}`);
  assert.equal(s.type('locate ROOT\\NOPE\\0000'), `locate ROOT\\NOPE\\0000\nCM_Locate_DevNode(ROOT\\NOPE\\0000) failed: CR 0x0000000D\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n3\n\n${P}`);
  assert.equal(s.type('locate HTREE\\ROOT\\0 \\\\.\\NoSuchDevice'),
    `locate HTREE\\ROOT\\0 \\\\.\\NoSuchDevice\nHTREE\\ROOT\\0: started\nCreateFileA(\\\\.\\NoSuchDevice) failed, error 2\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n5\n\n${P}`);
  // A file on the disk opens through the same call (the A string converted for the Nt side).
  assert.equal(s.type('locate HTREE\\ROOT\\0 C:\\Users\\User\\locate.exe'),
    `locate HTREE\\ROOT\\0 C:\\Users\\User\\locate.exe\nHTREE\\ROOT\\0: started\nCreateFileA(C:\\Users\\User\\locate.exe) opened\n\n${P}`);
  assert.equal(t.k.bugCheck, undefined);
});
