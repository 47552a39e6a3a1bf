// Device Manager's problem codes, each reached the way Windows reaches it: Code 10 when the stack fails
// IRP_MN_START_DEVICE, Code 22 when the user disables a device (and it starts again when enabled), Code 28 when
// no driver is installed for the device, Code 43 when the stack answers IRP_MN_QUERY_PNP_DEVICE_STATE (asked
// after every start) with PNP_DEVICE_FAILED. (Codes 31, 39 and 52 are reached in kernel/user/setup/test, and with
// a KMDF driver at the prompt in kernel/wdf/test/problems.test.ts.)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, allowIhvOutput, installByHand } from '../../../../wdf/test/harness.ts';
import { CONFIGFLAG_DISABLED, pnp } from '../manager.ts';
import { CM_PROB } from '../devnode.ts';

const GUID = '{5b0a3c2e-8f41-4d6a-9c1e-2a7d3b4c5e60}';
let good: Uint8Array;
let startFails: Uint8Array;
let reportsFailed: Uint8Array;
before(async () => {
  good = (await buildDriver('WdmPnp')).files['WdmPnp.sys']!;
  startFails = (await buildDriver('WdmPnp', {
    'WdmPnp.c': (s) => s.replace('status = Irp->IoStatus.Status;\n', 'status = STATUS_NO_SUCH_DEVICE;\n'),
  }, 'WdmPnpStartFails')).files['WdmPnp.sys']!;
  reportsFailed = (await buildDriver('WdmPnp', {
    'WdmPnp.c': (s) => s.replace('    case IRP_MN_QUERY_REMOVE_DEVICE:\n', '    case IRP_MN_QUERY_PNP_DEVICE_STATE:\n        Irp->IoStatus.Information |= PNP_DEVICE_FAILED;\n        Irp->IoStatus.Status = STATUS_SUCCESS;\n        break;\n    case IRP_MN_QUERY_REMOVE_DEVICE:\n'),
  }, 'WdmPnpReportsFailed')).files['WdmPnp.sys']!;
});

test('Code 10: the driver fails IRP_MN_START_DEVICE; the stack is torn down and the driver unloads', async () => {
  const b = await boot();
  allowIhvOutput(b.k);
  const n = installByHand(b, 'WdmPnp', startFails, 'Root\\WdmPnp');
  const m = pnp(b.k);
  assert.equal(m.startDevice(n), CM_PROB.FAILED_START);
  assert.equal(n.problem, 10);
  assert.equal(n.problemStatus >>> 0, b.k.constant('STATUS_NO_SUCH_DEVICE') >>> 0);
  assert.equal(n.statusText, 'This device cannot start. (Code 10)');
  assert.notEqual(n.state, 'DeviceNodeStarted');
  assert.equal(m.interfaces.list(GUID).length, 0, 'a device that did not start has no enabled interface');
  assert.equal(b.output.at(-1), 'WdmPnp: Unload\n', 'the driver has no device left and unloads');
  assert.equal(m.events.at(-1)?.kind, 'failed');
});

test('Code 22: disabled, the stack goes and ConfigFlags remembers; enabled, it starts again', async () => {
  const b = await boot();
  allowIhvOutput(b.k);
  const n = installByHand(b, 'WdmPnp', good, 'Root\\WdmPnp');
  const m = pnp(b.k);
  assert.equal(m.startDevice(n), 0, n.statusText);
  assert.equal(m.interfaces.list(GUID).length, 1);
  assert.equal(m.disableDevice(n), true);
  assert.equal(n.problem, 22);
  assert.equal(n.statusText, 'This device is disabled. (Code 22)');
  assert.equal(Number(m.enumKey(n)!.value('ConfigFlags')!.data) & CONFIGFLAG_DISABLED, CONFIGFLAG_DISABLED);
  assert.equal(m.interfaces.list(GUID).length, 0);
  assert.equal(b.output.at(-1), 'WdmPnp: Unload\n');
  // A start attempt while disabled (the next boot) leaves it disabled without loading the driver.
  const before = b.output.length;
  assert.equal(m.startDevice(n), CM_PROB.DISABLED);
  assert.equal(b.output.length, before, 'no DriverEntry for a disabled device');
  assert.equal(m.enableDevice(n), 0, n.statusText);
  assert.equal(n.state, 'DeviceNodeStarted');
  assert.equal(Number(m.enumKey(n)!.value('ConfigFlags')!.data) & CONFIGFLAG_DISABLED, 0);
  assert.equal(m.interfaces.list(GUID).length, 1);
});

test('Code 28: a device with no driver installed (no Service) does not start', async () => {
  const b = await boot();
  const m = pnp(b.k);
  const n = m.createRootDevice({ hardwareIds: ['Root\\NoDriverHere'], description: 'Unknown device' });
  assert.equal(m.startDevice(n), CM_PROB.FAILED_INSTALL);
  assert.equal(n.statusText, 'The drivers for this device are not installed. (Code 28)');
  assert.equal(n.state, 'DeviceNodeInitialized');
});

test('Code 43: the stack answers IRP_MN_QUERY_PNP_DEVICE_STATE with PNP_DEVICE_FAILED after the start; it is removed', async () => {
  const b = await boot();
  allowIhvOutput(b.k);
  const n = installByHand(b, 'WdmPnp', reportsFailed, 'Root\\WdmPnp');
  const m = pnp(b.k);
  assert.equal(m.startDevice(n), CM_PROB.FAILED_POST_START);
  assert.equal(n.statusText, 'Windows has stopped this device because it has reported problems. (Code 43)');
  assert.ok(b.output.some((l) => l.startsWith('WdmPnp: started')), 'it had started');
  assert.equal(m.interfaces.list(GUID).length, 0, 'REMOVE_DEVICE disabled the interface');
  assert.equal(b.output.at(-1), 'WdmPnp: Unload\n');
  assert.equal(b.k.bugCheck, undefined);
});
