// A program reading the console: its prompt, the typed line going to the program (not to cmd), the kernel
// debugger receiving OutputDebugString, Sleep on the machine clock, and the exit code in %ERRORLEVEL%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, ownPrograms, target } from './target.ts';
import { session } from './shell.ts';

const P = 'C:\\Users\\User>';

test('a program reads a typed line; OutputDebugString reaches the kernel debugger; Sleep and GetTickCount agree', async () => {
  const t = await target();
  const debug: string[] = [];
  t.k.debugger = { debugOutput: (s: string) => debug.push(s), bugCheck() {}, imageLoaded() {}, threadStopped() {}, holding: () => false } as never;
  const s = session(t);
  t.disk.writeFile('C:\\Users\\User\\greet.exe', await build(path.join(ownPrograms, 'greet'), 'greet.exe'));
  assert.equal(s.type('greet'), 'greet\nYour name? ');
  assert.ok(s.cmd.child, 'the program waits for its line');
  assert.equal(s.type('Ada'), `Ada\nHello, Ada, from TARGET (pid user)\nslept 100 ms\nmissing variable: error 203\n\n${P}`);
  assert.deepEqual(debug, ['greet: said hello\n']);
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n3\n\n${P}`);
});

test('Ctrl+C: a program waiting for its line ends with STATUS_CONTROL_C_EXIT; at an idle prompt cmd shows ^C and a new prompt', async () => {
  const t = await target();
  const s = session(t);
  t.disk.writeFile('C:\\Users\\User\\greet.exe', await build(path.join(ownPrograms, 'greet'), 'greet.exe'));
  assert.equal(s.type('greet'), 'greet\nYour name? ');
  const from = t.um.console.text.length;
  t.um.console.interrupt();
  t.k.run({ until: () => !s.cmd.busy, maxCycles: 2e9 });
  assert.equal(t.um.console.text.slice(from).replace(/\r\n/g, '\n'), `^C\n${P}`);
  assert.equal(t.um.list().filter((p) => p.name === 'greet.exe').length, 0, 'the program is gone');
  assert.equal(s.type('echo %ERRORLEVEL%'), `echo %ERRORLEVEL%\n-1073741510\n\n${P}`);
  const idle = t.um.console.text.length;
  t.um.console.interrupt();
  assert.equal(t.um.console.text.slice(idle).replace(/\r\n/g, '\n'), `^C\n${P}`);
  assert.equal(s.type('ver').split('\n')[2], 'Microsoft Windows [Version 10.0.19041.1]', 'cmd takes commands again');
});
