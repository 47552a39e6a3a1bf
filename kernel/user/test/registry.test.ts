// advapi32's registry calls from a program built by real clang (regtool.c): keys created, values written and read
// back in both character sets, enumeration, deletion, and the LSTATUS errors (2 not found, 5 access denied on a
// KEY_READ handle, 234 more data with the size needed, 6 a closed handle); `reg query` at the prompt sees the
// same registry the program changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, ownPrograms, target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';
const out = (typed: string) => typed.slice(typed.indexOf('\n') + 1).replace(/\n\nC:\\Users\\User>$/, '');

test('regtool.exe: RegCreateKeyEx/RegSetValueEx/RegOpenKeyEx/RegQueryValueEx/RegEnumKeyEx/RegDeleteValue/RegDeleteKey/RegCloseKey', async () => {
  const s = session(await target());
  s.t.disk.writeFile('C:\\Users\\User\\regtool.exe', await build(path.join(ownPrograms, 'regtool'), 'regtool.exe'));
  const K = 'SOFTWARE\\DriverLab\\Settings';

  assert.equal(out(s.type(`regtool set ${K} Level dword 0x1f`)), `created HKLM\\${K}`);
  assert.equal(out(s.type(`regtool set ${K} Owner sz "Lab User"`)), `opened HKLM\\${K}`);
  assert.equal(out(s.type(`regtool get ${K} Level`)), 'Level = REG_DWORD 0x1f (4 bytes)');
  assert.equal(out(s.type(`regtool get ${K} Owner`)), 'Owner = REG_SZ "Lab User" (9 bytes)');
  // The program changed the machine's registry: the command prompt's reg sees it.
  assert.equal(s.type(`reg query HKLM\\${K} /v Level`), `reg query HKLM\\${K} /v Level\n\nHKEY_LOCAL_MACHINE\\${K}\n    Level    REG_DWORD    0x1f\n\n\n${P}`);
  assert.match(s.type(`reg query HKLM\\${K} /v Owner`), /Owner {4}REG_SZ {4}Lab User\n/);

  assert.equal(out(s.type(`regtool get ${K} Missing`)), 'RegQueryValueExA failed: 2');
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n2\n\n${P}`);
  assert.equal(out(s.type('regtool get SOFTWARE\\NoSuchVendor Level')), 'RegOpenKeyExA failed: 2');
  assert.equal(out(s.type(`regtool readonly ${K} Level`)), 'RegSetValueExA failed: 5');

  assert.equal(out(s.type('regtool wide SOFTWARE\\DriverLab\\Wide')), 'short buffer: 234, 20 bytes needed\nread back 20 bytes, same text\nmissing value: 2\nclosed twice: 6');
  assert.equal(out(s.type('regtool get SOFTWARE\\DriverLab\\Wide Greeting')), 'Greeting = REG_SZ "Wide text" (10 bytes)');
  assert.equal(out(s.type('regtool list SOFTWARE\\DriverLab')), '  Settings\n  Wide');

  assert.equal(out(s.type(`regtool del ${K} Missing`)), 'RegDeleteValueA failed: 2');
  // RegDeleteKey takes a key with its values, but not one that has subkeys.
  assert.equal(s.type(`regtool del ${K} Level`), `regtool del ${K} Level\n\n${P}`);
  assert.match(s.type(`reg query HKLM\\${K}`), /ERROR: The system was unable to find the specified registry key or value\./);
  assert.equal(out(s.type('regtool set SOFTWARE\\DriverLab Note sz x')), 'opened HKLM\\SOFTWARE\\DriverLab');
  assert.equal(out(s.type('regtool del SOFTWARE\\DriverLab Note')), 'RegDeleteKeyA failed: 5');
  assert.equal(out(s.type('regtool list SOFTWARE\\DriverLab')), '  Wide');
});
