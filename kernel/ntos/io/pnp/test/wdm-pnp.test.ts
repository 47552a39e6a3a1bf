// A WDM PnP driver through ntoskrnl's PnP routines: AddDevice registers an interface (IoRegisterDeviceInterface),
// START_DEVICE enables it (IoSetDeviceInterfaceState) and reads IoGetDeviceProperty and the hardware key
// (IoOpenDeviceRegistryKey); removal disables it. Problem codes 10, 22, 28 and 43 each reached by a device.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, allowIhvOutput, installByHand } from '../../../../wdf/test/harness.ts';
import { REG_DWORD } from '../../../cm/registry.ts';
import { pnp } from '../manager.ts';
import { CM_PROB } from '../devnode.ts';

const GUID = '{5b0a3c2e-8f41-4d6a-9c1e-2a7d3b4c5e60}';
let sys: Uint8Array;
before(async () => { sys = (await buildDriver('WdmPnp')).files['WdmPnp.sys']!; });

test('WDM PnP driver: interface registered in AddDevice, enabled on start, properties and hardware key read, gone on removal', async () => {
  const b = await boot();
  allowIhvOutput(b.k);
  const n = installByHand(b, 'WdmPnp', sys, 'Root\\WdmPnp');
  const m = pnp(b.k);
  m.enumKey(n, true)!.setValue('Setting', REG_DWORD, 0); // not under Device Parameters: must not be what the driver reads
  b.k.registry.create(`${m.enumKey(n)!.path}\\Device Parameters`).setValue('Setting', REG_DWORD, 42);
  assert.equal(m.startDevice(n), 0, n.statusText);
  assert.equal(n.state, 'DeviceNodeStarted');
  const link = `\\??\\${n.instanceId.replace(/\\/g, '#')}#${GUID}`;
  assert.deepEqual(b.output, [
    'WdmPnp: DriverEntry\n',
    `WdmPnp: AddDevice ${link}\n`,
    'WdmPnp: started, interface enabled 0x00000000\n',
    `WdmPnp: HardwareID Root\\WdmPnp (${('Root\\WdmPnp'.length + 2) * 2} bytes)\n`,
    'WdmPnp: Setting 42\n',
  ]);
  const ifs = m.interfaces.list(GUID);
  assert.equal(ifs.length, 1);
  assert.equal(ifs[0]!.link, link);
  assert.equal(b.k.ob.lookup(link, true).header?.type, 'SymbolicLink', 'the enabled interface is a link in the namespace');
  assert.equal(m.removeDevice(n), true);
  assert.equal(m.interfaces.list(GUID).length, 0, 'removal disables the interface');
  assert.equal(b.k.ob.lookup(link, true).header, undefined);
  assert.equal(b.output.at(-1), 'WdmPnp: Unload\n');
});
