// The I/O view's engine side on a booted target: watching KmdfHelloWorld's device gives its stack (the PnP
// manager's PDO under the driver's FDO) and, while the watch is on, the IRPs that pass it — devcon restart sends
// REMOVE then START down the stack and each completes back up with its status; nothing is traced once the watch
// is off, and a broken-in target sends nothing until it runs again.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEngine } from '../lab-engine.ts';
import type { TargetConsole } from '../../cli/target-console.ts';
import { helloTarget } from './fixtures/hello-target.ts';
import { irpEvent } from '../../api/host/lab/io-view.ts';
import type { IrpEvent } from '../../api/contract.ts';

const NAME = 'IoTarget';
let lab: LabEngine;
let con: TargetConsole;
let instanceId = '';
const seen: IrpEvent[] = [];

before(async () => {
  ({ lab, con, instanceId } = await helloTarget(NAME));
  lab.onEvent((e) => { if (e.kind === 'irps') seen.push(...e.events.map(irpEvent)); });
});
after(async () => { await lab.shutdown(); });

const settle = () => new Promise((r) => setTimeout(r, 400)); // longer than the worker's ~100 ms batches

test('the watched stack, and devcon restart\'s PnP IRPs going down and completing back up', async () => {
  const stack = await lab.ioWatch(NAME, instanceId);
  assert.deepEqual(stack.map((d) => [d.role, d.driver]), [['PDO', '\\Driver\\PnpManager'], ['FDO', '\\Driver\\KmdfHelloWorld']]);
  seen.length = 0;
  assert.match(await con.run('devcon restart Root\\KmdfHelloWorld'), /Restarted/i);
  await settle();
  const rows = (minor: string, phase: IrpEvent['phase']) => seen.filter((e) => e.major === 'IRP_MJ_PNP' && e.minor === minor && e.phase === phase);
  // START: the FDO's driver gets it first, passes it to the PDO; it completes at the PDO, then back up at the FDO.
  const start = seen.filter((e) => e.minor === 'IRP_MN_START_DEVICE');
  assert.deepEqual(start.map((e) => [e.phase, e.driver, e.status ?? '']), [
    ['call', '\\Driver\\KmdfHelloWorld', ''], ['call', '\\Driver\\PnpManager', ''],
    ['complete', '\\Driver\\PnpManager', 'STATUS_SUCCESS'], ['complete', '\\Driver\\KmdfHelloWorld', 'STATUS_SUCCESS'],
  ], JSON.stringify(seen.map((e) => [e.phase, e.major, e.minor, e.driver, e.status])));
  assert.equal(new Set(start.map((e) => e.irp)).size, 1, 'one IRP travels the whole stack');
  assert.deepEqual(start.map((e) => e.done ?? false), [false, false, false, true], 'it leaves the stack at the top');
  assert.ok(rows('IRP_MN_REMOVE_DEVICE', 'call').length >= 1, 'the restart removed the stack first');
  // The restarted stack has new device objects; the watch follows the device node.
  const again = await lab.ioWatch(NAME, instanceId);
  assert.equal(again.length, 2);

  // Watch off: the same restart sends nothing.
  assert.deepEqual(await lab.ioWatch(NAME), []);
  seen.length = 0;
  await con.run('devcon restart Root\\KmdfHelloWorld');
  await settle();
  assert.deepEqual(seen, []);
});
