// Overlapped I/O from user mode: a request the driver holds completes later, signalling the OVERLAPPED's event
// (another thread of the program releases it after Sleep), GetOverlappedResult reports it, CancelIoEx aborts one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, installDriver, ownPrograms, runProgram, target, text } from './target.ts';

test('overlapped DeviceIoControl: ERROR_IO_PENDING, completion later by another thread, event and GetOverlappedResult, CancelIoEx', async () => {
  const t = await target();
  await installDriver(t, 'IoClassic');
  const exe = await build(path.join(ownPrograms, 'overlapped'), 'overlapped.exe');
  const p = runProgram(t, exe, 'overlapped');
  assert.equal(text(t), [
    'pend: returned 0, error 997', 'completed: 0', 'wait 0 ms: 258', 'not yet: error 996',
    'released after 50 ms', 'wait: 0', 'waited at least 50 ms: yes', 'value 0x1dc1a55c, 4 bytes', 'releaser exit code 7',
    'pend again: returned 0, error 997', 'after cancel: returned 0, error 995', '',
  ].join('\n'));
  assert.equal(p.exitCode, 0);
  assert.equal(t.k.io.files.size, 0);
});
