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
