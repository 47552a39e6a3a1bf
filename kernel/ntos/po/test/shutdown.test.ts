// Shutdown as Windows runs it, with real drivers built by clang: IRP_MJ_SHUTDOWN reaches the devices registered
// with IoRegisterShutdownNotification, then those registered for the last chance; then the system power IRP
// (PowerSystemShutdown) goes to each started stack: a WDM driver sees it in its IRP_MJ_POWER dispatch with the
// reset or power-off action, a KMDF device leaves D0 (EvtDeviceD0Exit with WdfPowerDeviceD3Final). A driver that
// keeps the power IRP stops the system with DRIVER_POWER_STATE_FAILURE (0x9F) parameter 3 when the watchdog fires.
// The last test starts it from the prompt (`shutdown /r /t 0`); kernel/boot/test/boot.test.ts restarts a machine.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, allowIhvOutput, installByHand, type Booted } from '../../../wdf/test/harness.ts';
import { pnp } from '../../io/pnp/manager.ts';
import { shutdownDevices } from '../shutdown.ts';

let order: Uint8Array, hung: Uint8Array, stack: Uint8Array;
before(async () => {
  order = (await buildDriver('ShutdownOrder')).files['ShutdownOrder.sys']!;
  hung = (await buildDriver('ShutdownOrder', { 'ShutdownOrder.c': (s) => s.replace('#define HOLD_POWER_IRP 0', '#define HOLD_POWER_IRP 1') }, 'ShutdownHung')).files['ShutdownOrder.sys']!;
  stack = (await buildDriver('KmdfStack')).files['KmdfStack.sys']!;
});

async function target(wdm: Uint8Array): Promise<Booted> {
  const b = await boot();
  allowIhvOutput(b.k);
  for (const [service, image, hwid] of [['ShutdownOrder', wdm, 'Root\\ShutdownOrder'], ['KmdfStack', stack, 'Root\\KmdfStack']] as const) {
    const n = installByHand(b, service, image, hwid);
    assert.equal(pnp(b.k).startDevice(n), 0, n.statusText);
  }
  assert.equal(b.k.bugCheck, undefined);
  b.output.length = 0;
  return b;
}

test('shutdown /r: IRP_MJ_SHUTDOWN (registered, then last chance), then the system power IRP to each stack', async () => {
  const { k, output } = await target(order);
  const { result } = k.io.runOnSystemThread('PopShutdownSystem', () => shutdownDevices(k, true));
  assert.equal(k.bugCheck, undefined, k.bugCheck?.message);
  assert.equal(result, 0);
  const D3Final = k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final');
  const S5 = k.enumValue('SYSTEM_POWER_STATE', 'PowerSystemShutdown'), reset = k.enumValue('POWER_ACTION', 'PowerActionShutdownReset');
  assert.deepEqual(output.map((l) => l.trimEnd()), [
    'ShutdownOrder: IRP_MJ_SHUTDOWN (shutdown)',
    'ShutdownOrder: IRP_MJ_SHUTDOWN (last chance)',
    `ShutdownOrder: IRP_MN_SET_POWER system state ${S5}, action ${reset}`,
    `KmdfStack: EvtDeviceD0Exit, target state ${D3Final}`,
  ]);
  assert.equal(D3Final, 5);
  assert.equal(k.io.liveIrps.size, 0, 'every shutdown and power IRP completed and freed');
});

test('shutdown /s: the power IRP carries PowerActionShutdownOff', async () => {
  const { k, output } = await target(order);
  k.io.runOnSystemThread('PopShutdownSystem', () => shutdownDevices(k, false));
  const off = k.enumValue('POWER_ACTION', 'PowerActionShutdownOff');
  assert.ok(output.some((l) => l.trimEnd().endsWith(`action ${off}`)), output.join(''));
});

test('a driver that keeps the system power IRP: DRIVER_POWER_STATE_FAILURE (0x9F) parameter 3 after the watchdog', async () => {
  const { k, output } = await target(hung);
  const t = k.io.startSystemThread('PopShutdownSystem', () => shutdownDevices(k, true, 30));
  k.run({ until: () => !!k.bugCheck || t.state === 'exited', idle: 'skip' });
  const b = k.bugCheck;
  assert.ok(b, 'the watchdog stopped the system');
  assert.equal(b.code, 'DRIVER_POWER_STATE_FAILURE');
  const n = pnp(k).list().find((x) => x.instanceId.startsWith('ROOT\\SHUTDOWNORDER'))!;
  const fdo = k.io.at('DEVICE_OBJECT', n.pdo).get('AttachedDevice');
  assert.deepEqual(b.params.slice(0, 3), [3n, BigInt(n.pdo), BigInt(fdo)]);
  assert.ok(k.io.liveIrps.has(Number(b.params[3])), 'parameter 4 is the blocked IRP');
  assert.equal(b.driver, 'ShutdownOrder.sys');
  assert.ok(!output.some((l) => l.includes('KmdfStack')), 'the stacks after it never got theirs');
});

test('from the prompt: `shutdown /r /t 0` with a legacy driver (sc start) and a KMDF device (devcon install)', async () => {
  const { stackTarget, lines, DIR } = await import('../../../wdf/test/stack-target.ts');
  const { t, s, debug } = await stackTarget();
  const pkg = await buildDriver('ShutdownOrder');
  t.disk.writeFile(`${DIR}\\ShutdownOrder.sys`, pkg.files['ShutdownOrder.sys']!);
  assert.match(s.type(`sc create ShutdownOrder type= kernel binPath= ${DIR}\\ShutdownOrder.sys`), /\[SC\] CreateService SUCCESS/);
  assert.match(s.type('sc start ShutdownOrder'), /STATE +: 4 +RUNNING/);
  assert.match(s.type('devcon install KmdfStack.inf root\\KmdfStack'), /Drivers installed successfully\./);
  // The machine's power control, as kernel/boot gives it: the power manager's device shutdown on a system thread.
  let thread: ReturnType<typeof t.k.io.startSystemThread> | undefined;
  t.um.machine.shutdown = (restart) => { thread = t.k.io.startSystemThread('PopShutdownSystem', () => shutdownDevices(t.k, restart)); };
  const from = debug.length;
  s.type('shutdown /r /t 0');
  t.k.run({ until: () => thread?.state === 'exited' || !!t.k.bugCheck, maxCycles: 2e9 });
  assert.equal(t.k.bugCheck, undefined);
  assert.equal(thread?.state, 'exited');
  const D3Final = t.k.enumValue('WDF_POWER_DEVICE_STATE', 'WdfPowerDeviceD3Final');
  assert.deepEqual(lines(debug, from), [
    'ShutdownOrder: IRP_MJ_SHUTDOWN (shutdown)',
    'ShutdownOrder: IRP_MJ_SHUTDOWN (last chance)',
    `KmdfStack: EvtDeviceD0Exit, target state ${D3Final}`,
  ]);
});
