// Bad input to the built-in commands and tools: each answers with its own Windows text and exit code and the
// prompt comes back (mkdir/del/copy/type without arguments, reg with a bad type or no key, bcdedit with an unknown
// switch, shutdown and ping usage, tasklist with an unknown switch, sc usage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('built-ins without their arguments: cmd\'s syntax message and ERRORLEVEL 1', async () => {
  const s = session(await target());
  for (const c of ['mkdir', 'del', 'copy', 'type']) {
    assert.equal(s.type(c), `${c}\nThe syntax of the command is incorrect.\n\n${P}`);
    assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  }
});

test('reg, bcdedit, shutdown, ping, tasklist and sc on bad input', async () => {
  const s = session(await target());
  assert.equal(s.type('reg add HKLM\\SOFTWARE\\X /v A /t REG_BOGUS /d 1'), `reg add HKLM\\SOFTWARE\\X /v A /t REG_BOGUS /d 1\nERROR: Invalid syntax.\nType "REG ADD /?" for usage.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.equal(s.type('reg query HKLM\\SOFTWARE\\X'), `reg query HKLM\\SOFTWARE\\X\nERROR: The system was unable to find the specified registry key or value.\n\n${P}`, 'the bad add created nothing');
  assert.equal(s.type('reg'), `reg\nERROR: Invalid syntax.\nType "REG /?" for usage.\n\n${P}`);
  assert.equal(s.type('reg query'), `reg query\nERROR: Invalid key name.\nType "REG QUERY /?" for usage.\n\n${P}`);
  assert.equal(s.type('bcdedit /bogus'), `bcdedit /bogus\nThe parameter is incorrect.\nRun "bcdedit /?" for command line assistance.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.match(s.type('shutdown /bogus'), /^shutdown \/bogus\nUsage: shutdown \[\/i \| \/l \| \/s \| \/sg \| \/r \| \/g \| \/a \| \/p \| \/h \| \/e \| \/o\] /);
  assert.match(s.type('ping'), /^ping\n\nUsage: ping \[-t\] \[-n count\] \[-l size\] \[-w timeout\] target_name\n/);
  assert.equal(s.type('tasklist /bogus'), `tasklist /bogus\nERROR: Invalid argument/option - '/bogus'.\nType "TASKLIST /?" for usage.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n1\n\n${P}`);
  assert.match(s.type('tasklist /v'), /\nSystem +4 Services +0 +144 K\n/, 'a real switch still lists');
  assert.match(s.type('sc bogus x'), /^sc bogus x\nDESCRIPTION:\n {8}SC is a command line program used for communicating with the\n/);
});
