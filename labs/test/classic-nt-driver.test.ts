// The classic NT driver lab walked end to end from its scenario: DongLpt's DriverEntry and port I/O read and
// built, dongtest built, both deployed (the driver package, then the program copied next to it), sc create
// writing the Services key, sc start, dongtest opening \\.\DongLpt1 and writing to the port, sc stop - each
// step's check evaluated against the real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../main/engine/labs/load.ts';
import { assertPassedThrough, walk } from './walk.ts';

test('Classic NT driver: every step from DriverEntry to sc stop passes its check', { timeout: 600_000 }, async () => {
  const w = await walk('classic-nt-driver', 60);
  assertPassedThrough(w, loadLab('classic-nt-driver').lab.steps.at(-1)!.id);
  assert.equal(w.ok, true, w.output.slice(-3000));
  assert.match(w.steps.find((s) => s.id === 'stop')!.detail!, /STOPPED/);
});
