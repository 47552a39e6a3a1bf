// cmd's line syntax at the target prompt: `&`, `&&`, `||`, `|`, redirections of each handle, `^` escapes and
// quotes, and cmd's messages for lines it cannot parse (with their %ERRORLEVEL%).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('&, && and || run or skip commands by the last exit code; | feeds a command that does not read its input', async () => {
  const s = session(await target());
  assert.equal(s.type('echo one & echo two'), `echo one & echo two\none\ntwo\n\n${P}`);
  assert.equal(s.type('nope && echo skipped'), `nope && echo skipped\n'nope' is not recognized as an internal or external command,\noperable program or batch file.\n\n${P}`);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n9009\n\n${P}`);
  assert.equal(s.type('nope || echo ran'), `nope || echo ran\n'nope' is not recognized as an internal or external command,\noperable program or batch file.\nran\n\n${P}`);
  assert.equal(s.type('ver && echo ok || echo not'), `ver && echo ok || echo not\n\nMicrosoft Windows [Version 10.0.19041.1]\nok\n\n${P}`);
  assert.equal(s.type('echo hidden | hostname'), `echo hidden | hostname\nTARGET\n\n${P}`);
  assert.equal(s.type('echo a ^& b "c & d" ^| e'), `echo a ^& b "c & d" ^| e\na & b "c & d" | e\n\n${P}`);
  assert.equal(s.type('echo trailing &'), `echo trailing &\ntrailing\n\n${P}`);
});

test('redirections: > and >> of output, 2> creates the file, < needs an existing file, echo > writes ECHO is on.', async () => {
  const s = session(await target());
  s.type('echo first> out.txt & echo second>>out.txt');
  assert.equal(s.t.disk.readText('C:\\Users\\User\\out.txt'), 'first\r\nsecond\r\n');
  s.type('echo > "with space.txt"');
  assert.equal(s.t.disk.readText('C:\\Users\\User\\with space.txt'), 'ECHO is on.\r\n');
  assert.equal(s.type('echo shown 2> err.txt'), `echo shown 2> err.txt\nshown\n\n${P}`);
  assert.equal(s.t.disk.readText('C:\\Users\\User\\err.txt'), '');
  assert.equal(s.type('ver < missing.txt'), `ver < missing.txt\nThe system cannot find the file specified.\n\n${P}`);
  assert.equal(s.type('hostname < out.txt'), `hostname < out.txt\nTARGET\n\n${P}`);
  assert.equal(s.type('echo x 2>&1'), `echo x 2>&1\nx\n\n${P}`);
  assert.equal(s.type('echo x > .'), `echo x > .\nAccess is denied.\n\n${P}`);
  assert.equal(s.type('echo x > nodir\\f.txt'), `echo x > nodir\\f.txt\nThe system cannot find the path specified.\n\n${P}`);
});

test('lines cmd cannot parse: its messages, and %ERRORLEVEL% after them', async () => {
  const s = session(await target());
  const bad: [string, string, number][] = [
    ['&& echo a', '&& was unexpected at this time.', 255],
    ['| ver', '| was unexpected at this time.', 255],
    ['echo a || || echo b', '|| was unexpected at this time.', 255],
    ['echo a &&', 'The syntax of the command is incorrect.', 1],
    ['ver |', 'The syntax of the command is incorrect.', 1],
    ['echo a >', 'The syntax of the command is incorrect.', 1],
    ['echo a > | ver', '| was unexpected at this time.', 255],
    ['echo a 1>&3', 'The handle could not be duplicated\nduring redirection of handle 1.', 1],
  ];
  for (const [line, message, code] of bad) {
    assert.equal(s.type(line), `${line}\n${message}\n\n${P}`, line);
    assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n${code}\n\n${P}`, line);
  }
});
