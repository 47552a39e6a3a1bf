// The command prompt: banner and prompt, the built-in commands' output and error texts, %ERRORLEVEL%, running
// programs by name with arguments, and unknown commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, programs, ownPrograms, target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('banner, prompt, ver, hostname, echo, unknown command and %ERRORLEVEL%', async () => {
  const s = session(await target());
  assert.equal(s.t.um.console.text, 'Microsoft Windows [Version 10.0.19041.1]\r\n(c) Microsoft Corporation. All rights reserved.\r\n\r\n' + P);
  assert.equal(s.type('ver'), `ver\n\nMicrosoft Windows [Version 10.0.19041.1]\n\n${P}`);
  assert.equal(s.type('hostname'), `hostname\nTARGET\n\n${P}`);
  assert.equal(s.type('echo Hello,   world'), `echo Hello,   world\nHello,   world\n\n${P}`);
  assert.equal(s.type('echo'), `echo\nECHO is on.\n\n${P}`);
  assert.equal(s.type('foo bar'), `foo bar\n'foo' is not recognized as an internal or external command,\noperable program or batch file.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n9009\n\n${P}`);
  assert.equal(s.type(''), `\n${P}`);
});

test('set: define, show by prefix, missing variable, expansion', async () => {
  const s = session(await target());
  assert.equal(s.type('set LAB=driver lab'), `set LAB=driver lab\n\n${P}`);
  assert.equal(s.type('set LA'), `set LA\nLAB=driver lab\n\n${P}`);
  assert.equal(s.type('echo [%LAB%]'), `echo [%LAB%]\n[driver lab]\n\n${P}`);
  assert.equal(s.type('set NOPE'), `set NOPE\nEnvironment variable NOPE not defined\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.match(s.type('set'), /\nComSpec=C:\\Windows\\system32\\cmd\.exe\n/);
});

test('cd, mkdir, dir, type, copy, del and their errors', async () => {
  const s = session(await target());
  assert.equal(s.type('mkdir work'), `mkdir work\n\n${P}`);
  assert.equal(s.type('mkdir work'), `mkdir work\nA subdirectory or file work already exists.\n\n${P}`);
  assert.equal(s.type('cd work'), `cd work\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('echo hello file> a.txt'), `echo hello file> a.txt\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('type a.txt'), `type a.txt\nhello file\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('copy a.txt b.txt'), `copy a.txt b.txt\n        1 file(s) copied.\n\nC:\\Users\\User\\work>`);
  const listing = s.type('dir');
  assert.match(listing, /^dir\n Volume in drive C has no label\.\n Volume Serial Number is [0-9A-F]{4}-[0-9A-F]{4}\n\n Directory of C:\\Users\\User\\work\n\n/);
  assert.match(listing, /\n\d\d\/\d\d\/\d{4}  \d\d:\d\d [AP]M    <DIR>          \.\n/);
  assert.match(listing, /\n\d\d\/\d\d\/\d{4}  \d\d:\d\d [AP]M                12 a\.txt\n/);
  assert.match(listing, /\n               2 File\(s\)             24 bytes\n               2 Dir\(s\) +[\d,]+ bytes free\n/);
  assert.equal(s.type('del a.txt'), `del a.txt\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('del a.txt'), `del a.txt\nCould Not Find C:\\Users\\User\\work\\a.txt\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('type a.txt'), `type a.txt\nThe system cannot find the file specified.\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('copy nothere.txt x.txt'), `copy nothere.txt x.txt\nThe system cannot find the file specified.\n        0 file(s) copied.\n\nC:\\Users\\User\\work>`);
  assert.match(s.type('dir *.zip'), /File Not Found\n/);
  assert.equal(s.type('cd \\nowhere'), `cd \\nowhere\nThe system cannot find the path specified.\n\nC:\\Users\\User\\work>`);
  assert.equal(s.type('cd ..'), `cd ..\n\n${P}`);
  assert.equal(s.type('cd'), `cd\nC:\\Users\\User\n\n${P}`);
});

test('programs run by name with arguments from the current directory or PATH; ERRORLEVEL is their exit code', async () => {
  const s = session(await target());
  s.t.disk.mkdir('C:\\DriverTest\\Drivers');
  s.t.disk.writeFile('C:\\DriverTest\\Drivers\\hello.exe', await build(path.join(programs, 'hello'), 'hello.exe'));
  s.t.disk.writeFile('C:\\Users\\User\\crash.exe', await build(path.join(ownPrograms, 'crash'), 'crash.exe'));
  assert.equal(s.type('hello 3 1 2'), [
    'hello 3 1 2', 'Hello from user mode!', 'argc = 4', 'argv[0] = "hello"', 'argv[1] = "3"', 'argv[2] = "1"', 'argv[3] = "2"',
    '3 number(s), sorted: 1 2 3', 'sum = 6', '', P].join('\n'));
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n0\n\n${P}`);
  const crash = s.type('crash');
  assert.match(crash, /^crash\nabout to fault\nThe instruction at 0x[0-9A-F]{16} referenced memory at 0x0{16}\. The memory could not be written\.\n\nC:\\Users\\User>$/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n-1073741819\n\n${P}`);
  // The system is still up and the next program runs.
  assert.match(s.type('hello.exe'), /No numbers given\.\n\nC:\\Users\\User>$/);
  assert.equal(s.t.k.bugCheck, undefined);
});

test('tasklist shows System and cmd.exe, filters by image name; taskkill reports what it cannot end', async () => {
  const s = session(await target());
  const list = s.type('tasklist');
  assert.match(list, /^tasklist\n\nImage Name                     PID Session Name        Session#    Mem Usage\n========================= ======== ================ =========== ============\n/);
  assert.match(list, /\nSystem Idle Process              0 Services                   0          8 K\n/);
  assert.match(list, /\nSystem                           4 Services                   0        144 K\n/);
  assert.match(list, new RegExp(`\\ncmd\\.exe +${s.cmd.pid} Console +1 +[\\d,]+ K\\n`));
  assert.match(s.type('tasklist /FI "IMAGENAME eq nothing.exe"'), /INFO: No tasks are running which match the specified criteria\.\n/);
  assert.match(s.type('taskkill /IM nothing.exe /F'), /ERROR: The process "nothing\.exe" not found\.\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n128\n\n${P}`);
  assert.match(s.type('taskkill'), /ERROR: Invalid syntax\. Neither \/FI nor \/PID nor \/IM were specified\./);
});

test('reg query and reg add on the registry, with the not-found error', async () => {
  const s = session(await target());
  assert.equal(s.type('reg add HKLM\\SOFTWARE\\DriverLab /v Level /t REG_DWORD /d 3'), `reg add HKLM\\SOFTWARE\\DriverLab /v Level /t REG_DWORD /d 3\nThe operation completed successfully.\n\n${P}`);
  assert.equal(s.type('reg add HKLM\\SOFTWARE\\DriverLab /v Name /d lab'), `reg add HKLM\\SOFTWARE\\DriverLab /v Name /d lab\nThe operation completed successfully.\n\n${P}`);
  assert.equal(s.type('reg query HKLM\\SOFTWARE\\DriverLab'),
    `reg query HKLM\\SOFTWARE\\DriverLab\n\nHKEY_LOCAL_MACHINE\\SOFTWARE\\DriverLab\n    Level    REG_DWORD    0x3\n    Name    REG_SZ    lab\n\n\n${P}`);
  assert.equal(s.type('reg query HKLM\\SOFTWARE\\DriverLab /v Level'), `reg query HKLM\\SOFTWARE\\DriverLab /v Level\n\nHKEY_LOCAL_MACHINE\\SOFTWARE\\DriverLab\n    Level    REG_DWORD    0x3\n\n\n${P}`);
  assert.equal(s.type('reg query HKLM\\SOFTWARE\\Nothing'), `reg query HKLM\\SOFTWARE\\Nothing\nERROR: The system was unable to find the specified registry key or value.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
});
