// The KMDF template lab walked end to end from its scenario: the Kernel Mode Driver (KMDF) template's project as
// File > New > Project makes it, a real build ("Driver is a Universal Driver."), the package folder, provisioning,
// deploy, devcon install at the target's prompt and the debugger finding the driver's AddDevice callback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../main/engine/labs/load.ts';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('KMDF template lab: every step from the template to the debugger finding the driver passes its check', { timeout: 600_000 }, async () => {
  const w = await walk('kmdf-template', 60);
  assertPassedThrough(w, loadLab('kmdf-template').lab.steps.at(-1)!.id);
  assert.equal(w.ok, true, firstGap(w));
  assert.match(w.output, /1>Driver is a Universal Driver\./);
  assert.match(w.output, /Drivers installed successfully\./);
  assert.match(w.output, /KmdfDriver!KmdfDriverEvtDeviceAdd/);
});
