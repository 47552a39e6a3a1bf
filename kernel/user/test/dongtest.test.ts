// Win32 I/O to a driver: dongtest.exe (built by our clang) opens \\.\DongLpt1 of the classic DongLpt driver with
// CreateFile, writes and reads back through WriteFile/ReadFile, and issues one IOCTL per transfer method
// (buffered, in-direct, out-direct, neither); the requests cross the gate into the I/O manager as IRPs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, installDriver, programs, runProgram, target, text } from './target.ts';

test('dongtest.exe against DongLpt: write, read back, one IOCTL per transfer method, unknown IOCTL rejected', async () => {
  const t = await target({ lpt: true });
  await installDriver(t, 'DongLpt');
  const exe = await build(path.join(programs, 'dongtest'), 'dongtest.exe');
  const p = runProgram(t, exe, 'dongtest');
  const out = text(t);
  assert.equal(p.exitCode, 0, out);
  assert.match(out, /^Opening \\\\\.\\DongLpt1\n/);
  assert.match(out, /WriteFile 14 bytes\n  wrote 14 bytes\n/);
  assert.match(out, /ReadFile up to 64 bytes\n  read \d+ bytes\n/);
  assert.match(out, /METHOD_BUFFERED\)\n  driver version \d+\.\d+, port 0x378, 8 bytes returned\n/);
  assert.match(out, /METHOD_IN_DIRECT\) 32 bytes at offset 16\n  32 bytes sent\n/);
  assert.match(out, /METHOD_OUT_DIRECT\) 32 bytes at offset 16\n  32 bytes received\n  a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af\n  b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 ba bb bc bd be bf\n  data verified\n/);
  assert.match(out, /METHOD_NEITHER\)\n  present 1, open count 1, bytes written \d+, bytes read \d+\n/);
  assert.match(out, /is genuine\n/);
  assert.match(out, /Unknown IOCTL 0x80002[0-9a-f]{3}\n  rejected as expected, error 1\n/);
  assert.match(out, /0 step\(s\) failed\n$/);
  // The process's handle was closed at exit: the driver saw IRP_MJ_CLEANUP/IRP_MJ_CLOSE and no file object is left.
  assert.equal(t.k.io.files.size, 0);
});

test('CreateFile on a device nobody created fails with ERROR_FILE_NOT_FOUND (2)', async () => {
  const t = await target();
  const exe = await build(path.join(programs, 'dongtest'), 'dongtest.exe');
  const p = runProgram(t, exe, 'dongtest 3');
  assert.equal(p.exitCode, 1);
  assert.match(text(t), /^Opening \\\\\.\\DongLpt3\nCreateFile failed, error 2\nNo such device: is the DongLpt driver installed and started\?\n$/);
});
