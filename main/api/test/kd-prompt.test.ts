// The app's kd window and a DbgPrompt question (issue #9): while RtlAssert's boipt question waits, the window's
// status has no prompt (kd.state says so as the question arrives), the answer typed at kd.command goes into the kd
// transcript on the question's own line, as kd.exe shows it, and the kd> prompt is back afterwards. A real target
// with a Debug-built driver that ASSERTs, joined to the window's session by an in-memory cable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KdHost, kdHandlers } from '../host/lab/kd.ts';
import { LabHost } from '../host/lab/lab-host.ts';
import type { KdStatus } from '../contract.ts';
import { buildDriver, type BuiltDriver } from '../../debugger/engine/test/target.ts';
import { rig, until, type Rig } from '../../debugger/engine/test/rig.ts';

const SOURCE = `#include <wdm.h>
volatile LONG Count = 7;
NTSTATUS DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    ASSERT(Count == 42);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "after the assert\\n");
    return 0;
}
`;
const BOIPT = 'Break repeatedly, break Once, Ignore, terminate Process, or terminate Thread (boipt)? ';

let drv: BuiltDriver;
let r: Rig | undefined;
before(async () => { drv = await buildDriver('asq', SOURCE); });
after(() => r?.close());

test('kd window: no prompt while the boipt question waits; the answer is noted on the question\'s line; kd> comes back', async () => {
  r = await rig(drv);
  const h = new LabHost(() => Promise.reject(new Error('no engine in this test')));
  const states: KdStatus[] = [];
  h.bind((name, payload) => { if (name === 'kd.state') states.push(payload as KdStatus); });
  const kd = new KdHost(h);
  kd.adopt(r.s, 'T');
  const api = kdHandlers(h, kd);
  assert.equal(kd.status().prompt, '0: kd> ');

  r.t.startEntry(r.t.load(drv));
  await until(() => states.some((s) => s.state === 'running' && s.prompt === ''), 120_000);
  assert.ok(h.noted('kd').includes('*** Assertion failed: Count == 42'), h.noted('kd'));
  assert.ok(!h.noted('kd').includes(BOIPT), 'the question is noted with its answer');

  const reply = await api['kd.command']({ text: 'i' }, { emit: h.emit });
  assert.equal(reply.output, '');
  assert.equal(reply.status.prompt, '0: kd> ');
  await until(() => h.noted('kd').includes('after the assert'), 120_000);
  assert.match(h.noted('kd'), new RegExp(`\\n${BOIPT.replace(/[()?]/g, '\\$&')}i\\n`));
  assert.doesNotMatch(h.noted('kd'), /kd> i\n/);
});
