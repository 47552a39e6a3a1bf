// Whole outputs of tools whose shape a learner compares with a real machine: bcdedit /enum (entries, identifier,
// device, path, element order, testsigning/debug rows; /enum all adds the debugger settings), ipconfig with a switch
// it does not know (error line, syntax block, exit 1) and wevtutil with no command (banner and command list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('bcdedit /enum lists the boot manager and the loader in full, in element order; /enum all adds Debugger Settings', async () => {
  const s = session(await target());
  s.type('bcdedit /set {current} testsigning on');
  s.type('bcdedit /debug on');
  s.type('bcdedit /dbgsettings net hostip:192.168.56.1 port:50000 key:1.2.3.4');
  const loader = [
    'Windows Boot Loader', '-------------------',
    'identifier              {current}',
    'device                  partition=C:',
    'path                    \\Windows\\system32\\winload.efi',
    'description             Windows 10',
    'locale                  en-US',
    'testsigning             Yes',
    'osdevice                partition=C:',
    'systemroot              \\Windows',
    'debug                   Yes',
  ];
  const active = [
    'bcdedit /enum', '',
    'Windows Boot Manager', '--------------------',
    'identifier              {bootmgr}',
    'device                  partition=\\Device\\HarddiskVolume1',
    'path                    \\EFI\\Microsoft\\Boot\\bootmgfw.efi',
    'description             Windows Boot Manager',
    'locale                  en-US',
    'default                 {current}',
    'displayorder            {current}',
    'timeout                 30', '',
    ...loader, '', P].join('\n');
  assert.equal(s.type('bcdedit /enum'), active);
  assert.equal(s.type('bcdedit /enum active'), active.replace('bcdedit /enum', 'bcdedit /enum active'));
  const all = s.type('bcdedit /enum all');
  assert.ok(all.startsWith(active.replace('bcdedit /enum', 'bcdedit /enum all').replace(`\n\n${P}`, '\n')), all);
  assert.ok(all.endsWith(['', 'Debugger Settings', '-----------------', 'identifier              {dbgsettings}',
    'key                     1.2.3.4', 'debugtype               NET', 'hostip                  192.168.56.1', 'port                    50000', '', P].join('\n')), all);
  assert.equal(s.type('bcdedit /set testsigning off'), `bcdedit /set testsigning off\nThe operation completed successfully.\n\n${P}`);
  assert.match(s.type('bcdedit /enum'), /\ntestsigning             No\nosdevice /);
  assert.equal(s.type('bcdedit /enum bogus'), `bcdedit /enum bogus\nThe parameter is incorrect.\nRun "bcdedit /?" for command line assistance.\n\n${P}`);
});

test('ipconfig /bogus prints the error line and the syntax, exit code 1; ipconfig /? the syntax alone', async () => {
  const s = session(await target());
  const out = s.type('ipconfig /bogus');
  assert.ok(out.startsWith('ipconfig /bogus\n\nError: unrecognized or incomplete command line.\n\nUSAGE:\n    ipconfig [/allcompartments] [/? | /all |\n'), out);
  assert.match(out, /\n    Options:\n       \/\?               Display this help message\n       \/all             Display full configuration information\.\n/);
  assert.doesNotMatch(out, /Windows IP Configuration/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.ok(s.type('ipconfig all').includes('Error: unrecognized or incomplete command line.'));
  const help = s.type('ipconfig /?');
  assert.ok(help.startsWith('ipconfig /?\n\nUSAGE:\n') && !help.includes('Error:'), help);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n0\n\n${P}`);
});

test('wevtutil with no command prints its banner and command list, exit code 0; an unknown command fails', async () => {
  const s = session(await target());
  const out = s.type('wevtutil');
  assert.ok(out.startsWith('wevtutil\nWindows Events Command Line Utility.\n\n'), out);
  assert.match(out, /\nwevtutil COMMAND \[ARGUMENT \[ARGUMENT\] \.\.\.\] \[\/OPTION:VALUE \[\/OPTION:VALUE\] \.\.\.\]\n\nCommands:\n\nel \| enum-logs +List log names\.\n/);
  assert.match(out, /\nqe \| query-events +Query events from a log or log file\.\n/);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n0\n\n${P}`);
  assert.equal(s.type('wevtutil frob'), `wevtutil frob\nThe command "frob" is not recognized.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n87\n\n${P}`);
});
