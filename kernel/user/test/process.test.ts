// User processes end to end: programs built by our clang run in their own address space on the target, with
// argv, printf, malloc, qsort (calling back into the program) and their exit code; a fault ends only its process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, ownPrograms, programs, runProgram, target, text } from './target.ts';

test('hello.exe runs with its arguments: printf, strtol, malloc, qsort and exit code 0', async () => {
  const t = await target();
  const exe = await build(path.join(programs, 'hello'), 'hello.exe');
  const p = runProgram(t, exe, 'hello 42 0x10 -7 "two words" 010');
  assert.equal(p.exitCode, 0);
  assert.equal(text(t), [
    'Hello from user mode!', 'argc = 6', 'argv[0] = "hello"', 'argv[1] = "42"', 'argv[2] = "0x10"', 'argv[3] = "-7"',
    'argv[4] = "two words"', 'argv[5] = "010"', '"two words" is not a number, skipped', '4 number(s), sorted: -7 8 16 42', 'sum = 59', '',
  ].join('\n'));
  // Its memory was its own: the system's memory does not hold the program's strings.
  assert.ok(!Buffer.from(t.k.memory.u8).includes(Buffer.from('Hello from user mode!')));
});

test('a process faulting on a NULL write ends with 0xC0000005 and the Windows message; the system runs on', async () => {
  const t = await target();
  const crash = await build(path.join(ownPrograms, 'crash'), 'crash.exe');
  const p = runProgram(t, crash, 'crash');
  assert.equal(p.exitCode, 0xc0000005);
  assert.match(text(t), /^about to fault\nThe instruction at 0x[0-9A-F]{16} referenced memory at 0x0000000000000000\. The memory could not be written\.\n$/);
  assert.equal(t.k.bugCheck, undefined);
  // The next program still runs.
  const hello = await build(path.join(programs, 'hello'), 'hello.exe');
  const q = runProgram(t, hello, 'hello');
  assert.equal(q.exitCode, 0);
  assert.match(text(t), /No numbers given\.\n$/);
});

test('a NULL read and a division by zero end the process with their codes', async () => {
  const t = await target();
  const crash = await build(path.join(ownPrograms, 'crash'), 'crash.exe');
  assert.equal(runProgram(t, crash, 'crash read').exitCode, 0xc0000005);
  assert.match(text(t), /The memory could not be read\./);
  assert.equal(runProgram(t, crash, 'crash div').exitCode, 0xc0000094);
  assert.match(text(t), /The exception Integer division by zero \(0xc0000094\) occurred in the application at location 0x[0-9A-F]{16}\./);
});
