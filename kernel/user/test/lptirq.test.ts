// Device interrupts from user mode: lptirqtest.exe (built by our clang) writes to \\.\LptIrq1 and reads back;
// the write crosses the gate as an IRP the LptIrq driver pends, each dongle answer raises LPT1's IRQ 7, the ISR
// collects it at DIRQL and the DpcForIsr completes the IRP, so WriteFile returns with every byte written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { dongleAnswer } from '../../../main/machine/devices/parallel.ts';
import { buildTestDriver } from '../../ntos/ke/test/driver.ts';
import { build, programs, runProgram, target, text } from './target.ts';

test('lptirqtest.exe against LptIrq: WriteFile completes from the DpcForIsr after IRQ 7, ReadFile returns the answers', async () => {
  const t = await target({ lpt: true });
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  t.disk.writeFile('C:\\DriverTest\\Drivers\\LptIrq.sys', await buildTestDriver('LptIrq', ['DriverEntry']));
  assert.equal(t.k.io.services.create('LptIrq', { binaryPath: 'C:\\DriverTest\\Drivers\\LptIrq.sys' }), 0);
  assert.equal(t.k.io.services.start('LptIrq'), 0);
  const exe = await build(path.join(programs, 'lptirqtest'), 'lptirqtest.exe');
  const p = runProgram(t, exe, 'lptirqtest');
  const out = text(t);
  assert.equal(p.exitCode, 0, out);
  const answers = [...'IRQ 7!'].map((c) => dongleAnswer(c.charCodeAt(0), 0xa5).toString(16).padStart(2, '0'));
  assert.equal(out, `wrote 6 bytes\nread 6 answers: ${answers.join(' ')}\n`);
  assert.equal(t.k.bugCheck, undefined);
  assert.equal(t.k.io.services.stop('LptIrq'), 0);
  assert.equal(t.k.ke.interrupts.connected().length, 0);
});
