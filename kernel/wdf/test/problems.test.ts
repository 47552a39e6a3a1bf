// Device Manager's problem codes reached by a KMDF driver installed from its INF at the target's prompt, each set
// by the INF's .HW AddReg (FailAt in Device Parameters, which KmdfStack reads in EvtDeviceAdd):
// EvtDeviceAdd fails: Code 31; EvtDeviceD0Entry fails (the start IRP fails): Code 10; WdfDeviceSetFailed once
// started: Code 43. devcon status, pnputil /enum-devices and the status text (Device Manager) each say it.
// Code 39 (the service's image is missing) and Code 52 (no test signing) are reached at the prompt too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackTarget, lines } from './stack-target.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';
import { setup } from '../../user/setup/engine.ts';

const failAt = (n: number) => ({ 'KmdfStack.inf': (s: string) => s.replace('HKR,,"FailAt",0x00010001,0', `HKR,,"FailAt",0x00010001,${n}`) });

async function install(n: number) {
  const r = await stackTarget(failAt(n), `KmdfStackFailAt${n}`);
  const out = r.s.type('devcon install KmdfStack.inf root\\KmdfStack');
  assert.match(out, /Drivers installed successfully\./, 'the install completes; the device has the problem');
  return { ...r, node: pnp(r.t.k).node('ROOT\\STACKSAMPLE\\0000')! };
}

function says(r: Awaited<ReturnType<typeof install>>, code: number, name: string): void {
  assert.equal(r.node.problem, code, r.node.statusText);
  assert.match(r.s.type('devcon status root\\KmdfStack'), new RegExp(`ROOT\\\\STACKSAMPLE\\\\0000\\n    Name: KmdfStack Device\\n    The device has the following problem: ${code}\\n`));
  assert.match(r.s.type('pnputil /enum-devices'), new RegExp(`Instance ID: {16}ROOT\\\\STACKSAMPLE\\\\0000\\n[\\s\\S]*?Status: {21}Problem\\nProblem Code: {15}${code} \\(0x${code.toString(16).toUpperCase()}\\) \\[${name}\\]\\n`));
  assert.equal(r.t.k.bugCheck, undefined);
}

test('Code 31: EvtDeviceAdd fails; the half-made device goes and the driver unloads', async () => {
  const r = await install(1);
  says(r, 31, 'CM_PROB_FAILED_ADD');
  assert.equal(r.node.statusText, 'This device is not working properly because Windows cannot load the drivers required for this device. (Code 31)');
  assert.equal(r.node.problemStatus >>> 0, r.t.k.constant('STATUS_DEVICE_CONFIGURATION_ERROR') >>> 0);
  assert.deepEqual(lines(r.debug).slice(-2), ['KmdfStack: failing EvtDeviceAdd', 'KmdfStack: EvtDriverUnload']);
  assert.equal(r.t.k.ob.lookup('\\Driver\\KmdfStack').header, undefined);
  assert.equal(fx(r.t.k).objects.size, 0);
});

test('Code 10: EvtDeviceD0Entry fails, so IRP_MN_START_DEVICE fails; hardware released, driver unloaded', async () => {
  const r = await install(2);
  says(r, 10, 'CM_PROB_FAILED_START');
  assert.equal(r.node.statusText, 'This device cannot start. (Code 10)');
  assert.equal(r.node.problemStatus >>> 0, r.t.k.constant('STATUS_DEVICE_POWER_FAILURE') >>> 0);
  // PrepareHardware had succeeded, so the framework undoes it with ReleaseHardware before the stack goes.
  assert.deepEqual(lines(r.debug).slice(-3), ['KmdfStack: failing EvtDeviceD0Entry', 'KmdfStack: EvtDeviceReleaseHardware', 'KmdfStack: EvtDriverUnload']);
  assert.equal(r.t.k.ob.lookup('\\Driver\\KmdfStack').header, undefined);
});

test('Code 43: WdfDeviceSetFailed once started; the stack is removed, devcon restart brings it back to fail again', async () => {
  const r = await install(3);
  says(r, 43, 'CM_PROB_FAILED_POST_START');
  assert.equal(r.node.statusText, 'Windows has stopped this device because it has reported problems. (Code 43)');
  const after = lines(r.debug).slice(lines(r.debug).indexOf('KmdfStack: reporting the device failed'));
  // Reported failed = surprise-removed (IRP_MN_SURPRISE_REMOVAL before IRP_MN_REMOVE_DEVICE).
  assert.deepEqual(after.slice(1), ['KmdfStack: EvtDeviceSurpriseRemoval', 'KmdfStack: EvtDeviceD0Exit, target state ' + r.t.k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final'), 'KmdfStack: EvtDeviceReleaseHardware', 'KmdfStack: EvtDriverUnload']);
  assert.equal(r.t.k.ob.lookup('\\Driver\\KmdfStack').header, undefined);
  assert.match(r.s.type('stackapp'), /Cannot open \\\\\.\\KmdfStack: error 2\n/, 'the device is gone with its stack');
  // The learner fixes the setting and restarts the device: it works.
  r.t.k.registry.open(`${pnp(r.t.k).enumKey(r.node)!.path}\\Device Parameters`)!.setValue('FailAt', 4, 0);
  assert.match(r.s.type('devcon restart root\\KmdfStack'), /1 device\(s\) restarted\./);
  assert.equal(r.node.problem, 0, r.node.statusText);
  assert.equal(r.node.statusText, 'This device is working properly.');
  assert.match(r.s.type('stackapp'), /Seen by: KmdfStack> /);
});

test('Code 39: the service\'s image is missing (its ImagePath changed to a file that is not there); Code 52 without test signing', async () => {
  const r = await stackTarget();
  assert.match(r.s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  const node = pnp(r.t.k).node('ROOT\\STACKSAMPLE\\0000')!;
  assert.equal(node.problem, 0, node.statusText);
  r.s.type('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmdfStack /v ImagePath /t REG_EXPAND_SZ /d \\SystemRoot\\System32\\drivers\\NotThere.sys /f');
  assert.match(r.s.type('devcon restart root\\KmdfStack'), /ROOT\\STACKSAMPLE\\0000 +: Restarted\n/);
  assert.equal(node.problem, 39, node.statusText);
  assert.equal(node.statusText, 'Windows cannot load the device driver for this hardware. The driver may be corrupted or missing. (Code 39)');
  assert.match(r.s.type('devcon status root\\KmdfStack'), /The device has the following problem: 39\n/);
  assert.equal(r.t.k.bugCheck, undefined);

  // A fresh target without bcdedit /set testsigning on: the test-signed package installs (the learner accepted
  // the publisher prompt) but its driver may not load.
  const u = await stackTarget();
  setup(u.t.k).testSigning = false;
  assert.match(u.s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  assert.match(u.s.type('devcon status root\\KmdfStack'), /The device has the following problem: 52\n/);
  assert.match(pnp(u.t.k).node('ROOT\\STACKSAMPLE\\0000')!.statusText, /^Windows cannot verify the digital signature .*\(Code 52\)$/);
  assert.deepEqual(lines(u.debug), [], 'never loaded');
});
