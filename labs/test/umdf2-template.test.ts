// The UMDF 2 template lab walked end to end from its scenario: the User Mode Driver (UMDF V2) template's files, a
// real build ("Driver is a Universal Driver."), the package folder (.dll, .inf, .cat), a target provisioned over the
// network, Hardware ID Driver Update, devcon install at the target's prompt with the device started (the reflector
// WUDFRd.sys in the kernel), WUDFHost.exe in tasklist hosting the DLL, the host ended by hand (the device gets a
// problem, the machine runs on) and the device restarted with a new host - each step's check against real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('UMDF 2 template: every step from the template to WUDFHost.exe hosting the driver, its end and a restart passes its check', { timeout: 600_000 }, async (t) => {
  const w = await walk('umdf2-template', 60);
  assertPassedThrough(w, 'restart');
  assert.equal(w.ok, true, firstGap(w));
  assert.match(w.output, /1>Driver is a Universal Driver\./);
  assert.match(w.output, /WUDFHost\.exe +\d+ Services +0 /, 'the host runs in the services session');
  assert.match(w.output, /Driver is running\./);
  assert.match(w.output, /SUCCESS: The process "WUDFHost\.exe" with PID \d+ has been terminated\./);
  assert.match(w.steps.find((s) => s.id === 'host-crash')!.detail!, /has the following problem/);
  t.diagnostic(firstGap(w));
});
