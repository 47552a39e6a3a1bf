// The getting-started lab's Hello World KMDF driver, built with real clang, runs on our kernel: FxDriverEntry binds
// to the framework, DriverEntry creates the WDFDRIVER, the PnP manager adds the root-enumerated device and the
// framework calls KmdfHelloWorldEvtDeviceAdd, whose WdfDeviceCreate attaches an FDO to the PDO. Its KdPrintEx
// lines reach the debugger only once Kd_IHVDRIVER_Mask allows INFO level. Removing the device unloads it cleanly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, allowIhvOutput, installByHand } from './harness.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';
import type { RunResult, Thread } from '../../../main/machine/cpu/types.ts';
import type { LoadedImage } from '../../ntos/mm/loader/loader.ts';

let image: Uint8Array;
before(async () => { image = (await buildDriver('KmdfHelloWorld')).files['KmdfHelloWorld.sys']!; });

test('Hello World: DriverEntry and EvtDeviceAdd run; KdPrintEx shows once the filter allows it; remove unloads', async () => {
  const b = await boot();
  const { k } = b;
  allowIhvOutput(k);
  pnp(k); // the device tree every target has, before the baseline
  const poolBefore = new Set(k.io.pool.outstanding().map((x) => x.address));
  const node = installByHand(b, 'KmdfHelloWorld', image, 'Root\\KmdfHelloWorld');
  assert.equal(node.instanceId, 'ROOT\\KMDFHELLOWORLD\\0000');
  assert.equal(pnp(k).startDevice(node), 0, node.statusText);
  assert.equal(k.bugCheck, undefined);
  assert.equal(node.state, 'DeviceNodeStarted');
  assert.equal(node.statusText, 'This device is working properly.');
  assert.deepEqual(b.output, ['KmdfHelloWorld: DriverEntry\n', 'KmdfHelloWorld: KmdfHelloWorldEvtDeviceAdd\n']);

  // The device stack: the framework's FDO on the PnP manager's PDO, owned by \Driver\KmdfHelloWorld.
  const io = k.io;
  const fdo = io.at('DEVICE_OBJECT', node.pdo).get('AttachedDevice');
  assert.ok(fdo);
  const drv = io.at('DEVICE_OBJECT', fdo).get('DriverObject');
  assert.equal(k.ob.lookup('\\Driver\\KmdfHelloWorld').header?.body, drv);
  assert.equal(io.at('DEVICE_OBJECT', fdo).get('Flags') & io.c('DO_DEVICE_INITIALIZING'), 0);
  assert.ok(io.at('DEVICE_OBJECT', fdo).get('Flags') & io.c('DO_BUFFERED_IO'), 'WdfDeviceIoBuffered is the default');
  const wdfDev = fx(k).devices.get(fdo)!;
  assert.equal(wdfDev.state, 'started');
  assert.equal(wdfDev.binding.service, 'KmdfHelloWorld');
  // The framework owns the driver's AddDevice and dispatch routines.
  const addDevice = io.at('DRIVER_EXTENSION', io.at('DRIVER_OBJECT', drv).get('DriverExtension')).get('AddDevice');
  assert.equal(k.processor.table[addDevice]?.name, 'Wdf01000!FxDriver::AddDevice');
  assert.match(fx(k).logs.get('kmdfhelloworld')!.dump().join('\n'), /FxDriver::AddDevice - WDFDEVICE 0x[0-9a-f]+ added/);

  // devcon remove: the stack goes, the driver unloads (FxStubDriverUnload → framework unload → unbind).
  assert.equal(pnp(k).removeDevice(node), true);
  assert.equal(k.bugCheck, undefined);
  assert.equal(k.ob.lookup('\\Driver\\KmdfHelloWorld').header, undefined);
  assert.ok(!k.loader.find('KmdfHelloWorld.sys'), 'image unloaded');
  assert.equal(fx(k).bindings.size, 0);
  assert.equal(fx(k).objects.size, 0);
  const left = k.io.pool.outstanding().filter((x) => !poolBefore.has(x.address));
  assert.deepEqual(left.map((x) => x.tag), [], 'nothing the driver, the framework or PnP allocated is left');
});

test('Hello World: nothing reaches the debugger while Kd_IHVDRIVER_Mask is 0 (the default)', async () => {
  const b = await boot();
  const node = installByHand(b, 'KmdfHelloWorld', image, 'Root\\KmdfHelloWorld');
  assert.equal(pnp(b.k).startDevice(node), 0);
  assert.equal(node.state, 'DeviceNodeStarted');
  assert.deepEqual(b.output, []);
});

test('Hello World: at a breakpoint in EvtDeviceAdd the stack reads as on Windows', async () => {
  const b = await boot();
  const { k } = b;
  let stopped: { t: Thread; frames: string[] } | undefined;
  k.debugger = {
    debugOutput: () => {}, bugCheck: () => {}, holding: () => false,
    imageLoaded: (im: LoadedImage, unloading: boolean) => {
      if (unloading || im.name !== 'KmdfHelloWorld.sys') return;
      const f = im.functions.find((x) => x.name === 'KmdfHelloWorldEvtDeviceAdd')!;
      k.processor.setBreakpoint(f.codeOffset);
    },
    threadStopped: (t: Thread, _s: RunResult) => { stopped = { t, frames: k.processor.stack(t).map((f) => f.function) }; },
  };
  const node = installByHand(b, 'KmdfHelloWorld', image, 'Root\\KmdfHelloWorld');
  pnp(k).startDevice(node);
  assert.ok(stopped, 'the breakpoint was hit');
  const names = stopped.frames;
  assert.equal(names[0], 'KmdfHelloWorldEvtDeviceAdd');
  const order = ['Wdf01000!FxDriverDeviceAdd::Invoke', 'Wdf01000!FxDriver::AddDevice', 'ntoskrnl!PpvUtilCallAddDevice',
    'ntoskrnl!PnpCallAddDevice', 'ntoskrnl!PipCallDriverAddDevice'];
  const at = order.map((n) => names.indexOf(n));
  assert.ok(at.every((i, j) => i > 0 && (j === 0 || i > at[j - 1]!)), names.join('\n'));
  // Continue: the device starts.
  k.processor.clearBreakpoint(k.loader.find('KmdfHelloWorld.sys')!.functions.find((x) => x.name === 'KmdfHelloWorldEvtDeviceAdd')!.codeOffset);
  k.processor.release(stopped.t);
  k.run({ until: () => stopped!.t.state === 'exited' });
  assert.equal(node.state, 'DeviceNodeStarted');
});
