// KMDF's verifier stops the machine with 0x10D WDF_VIOLATION and the sub-code KMDF uses, blamed on the driver:
// a request completed twice (the second call passes the handle of a request the framework already completed and
// deleted: WDF_INVALID_HANDLE, Parameter 2 the handle), and a read completed with more Information than its buffer
// holds (WDF_REQUEST_FATAL_ERROR / WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH, Parameter 3 pointing at
// the WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH_DATA). The test drivers are the Echo driver with one
// bug each, driven by echoapp at the target's prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDriver } from './harness.ts';
import { build, programs, target } from '../../user/test/target.ts';
import { session } from '../../user/test/shell.ts';
import { setup } from '../../user/setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';

const COMPLETE = /(WdfRequestCompleteWithInformation\(request,\s*queueContext->CurrentStatus,\s*queueContext->CurrentLength\);)/;

async function runBuggy(as: string, edit: Record<string, (s: string) => string>) {
  const [pkg, app] = await Promise.all([buildDriver('Echo', edit, as), build(path.join(programs, 'echoapp'), 'echoapp.exe')]);
  const t = await target();
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`C:\\DriverTest\\Drivers\\${name}`, bytes);
  t.disk.writeFile('C:\\DriverTest\\Drivers\\echoapp.exe', app);
  pnp(t.k);
  setup(t.k).testSigning = true;
  const s = session(t);
  s.type('cd C:\\DriverTest\\Drivers');
  assert.match(s.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  s.type('echoapp');
  return t;
}

test('completing a request twice: 0x10D WDF_VIOLATION, WDF_INVALID_HANDLE with the request handle, in echo.sys', async () => {
  const t = await runBuggy('EchoTwice', { 'queue.c': (s) => s.replace(COMPLETE, '$1\n    WdfRequestComplete(request, STATUS_SUCCESS); /* the bug */') });
  const b = t.k.bugCheck;
  assert.ok(b, 'the machine stopped');
  assert.equal(b.code, 'WDF_VIOLATION');
  assert.equal(t.k.constant('WDF_VIOLATION'), 0x10d);
  assert.equal(b.params[0], BigInt(t.k.enumValue('WDF_BUGCHECK_CODES', 'WDF_INVALID_HANDLE')));
  assert.equal(b.params[0], 5n);
  assert.match(b.driver ?? '', /^echo\.sys$/i);
  // Parameter 2 is the handle the driver passed: the request the framework completed a moment before.
  const log = fx(t.k).logs.get('echo')!.dump().join('\n');
  const handle = /WDFREQUEST 0x([0-9a-f]+) completed/.exec(log)![1]!;
  assert.equal(b.params[1], BigInt(`0x${handle}`));
  assert.match(log, /WDF_VIOLATION WDF_INVALID_HANDLE \(0x5\)/);
});

test('a read completed with more Information than its buffer: 0x10D, WDF_REQUEST_FATAL_ERROR / INFORMATION_LENGTH_MISMATCH', async () => {
  const t = await runBuggy('EchoOverflow', { 'queue.c': (s) => s.replace('EchoPendRequest(Queue, Request, STATUS_SUCCESS, copyLength);', 'EchoPendRequest(Queue, Request, STATUS_SUCCESS, Length + 16); /* the bug */') });
  const b = t.k.bugCheck;
  assert.ok(b, 'the machine stopped');
  assert.equal(b.code, 'WDF_VIOLATION');
  assert.equal(b.params[0], BigInt(t.k.enumValue('WDF_BUGCHECK_CODES', 'WDF_REQUEST_FATAL_ERROR')));
  assert.equal(b.params[0], 6n);
  assert.equal(b.params[1], BigInt(t.k.enumValue('WDF_REQUEST_FATAL_ERROR_CODES', 'WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH')));
  assert.equal(b.params[1], 4n);
  // Parameter 3: the data block KMDF fills in (!wdfkd shows it): the 512-byte read completed with 528.
  const data = t.k.io.at('WDF_REQUEST_FATAL_ERROR_INFORMATION_LENGTH_MISMATCH_DATA', Number(b.params[2] & 0xffffffffn));
  assert.equal(data.get('OutputBufferLength'), 512);
  assert.equal(data.get('Information'), 528);
  assert.equal(data.get('MajorFunction'), t.k.constant('IRP_MJ_READ'));
});
