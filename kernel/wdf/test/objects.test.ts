// KMDF's general objects from a real driver (KmdfObjects, built with real clang): cleanup and destroy callbacks
// with a parent and a child (deleting the parent cleans up both, the child first; a reference defers the parent's destroy until it
// is released), a collection under a wait lock and a spin lock,
// WdfDriverGetRegistryPath, WdfDeviceInitSetExclusive, and a work item that runs later at PASSIVE_LEVEL on its own
// thread; the rest of the objects go with the device.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver, installByHand } from './harness.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';

let image: Uint8Array;
before(async () => { image = (await buildDriver('KmdfObjects')).files['KmdfObjects.sys']!; });

test('KmdfObjects: cleanup/destroy order, references, collection, locks, registry path, work item, exclusive', async () => {
  const b = await boot();
  const { k } = b;
  pnp(k);
  // ed nt!Kd_DEFAULT_Mask 0xF: DbgPrint's lines reach the debugger.
  k.memory.writeU32(k.printFilter.masks.get(k.enumValue('DPFLTR_TYPE', 'DPFLTR_DEFAULT_ID'))!.address, 0xf);
  const node = installByHand(b, 'KmdfObjects', image, 'Root\\KmdfObjects');
  assert.equal(pnp(k).startDevice(node), 0, node.statusText);
  const at = (line: string) => { const i = b.output.indexOf(`KmdfObjects: ${line}\n`); assert.ok(i >= 0, `${line}: ${b.output.join('')}`); return i; };
  assert.equal(b.output[0], 'KmdfObjects: registry path \\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\KmdfObjects\n');
  // Deleting the parent cleans up both, the child first (as KMDF documents); the child is destroyed once the
  // parent's cleanup returned, the parent only once the driver's reference goes.
  assert.deepEqual(b.output.slice(at('deleting the parent') + 1, at('releasing the reference')),
    ['KmdfObjects: cleanup 2\n', 'KmdfObjects: cleanup 1\n', 'KmdfObjects: destroy 2\n']);
  assert.equal(at('destroy 1'), at('releasing the reference') + 1);
  assert.deepEqual(b.output.slice(at('destroy 1') + 1), ['KmdfObjects: collection holds 2, item 1 has tag 11\n',
    'KmdfObjects: after remove 1, first item has tag 11\n', 'KmdfObjects: work item queued\n']);
  k.run({ until: () => b.output.some((l) => l.includes('work item ran')), maxCycles: 2e8 });
  assert.ok(b.output.includes('KmdfObjects: work item ran at IRQL 0, parent is the device: yes\n'), b.output.join(''));
  assert.ok(b.output.indexOf('KmdfObjects: work item queued\n') < b.output.indexOf('KmdfObjects: work item ran at IRQL 0, parent is the device: yes\n'), 'the work item ran later');
  const fdo = k.io.at('DEVICE_OBJECT', node.pdo).get('AttachedDevice');
  assert.ok(k.io.at('DEVICE_OBJECT', fdo).get('Flags') & k.io.c('DO_EXCLUSIVE'), 'WdfDeviceInitSetExclusive');
  assert.equal(k.bugCheck, undefined);

  // Removal: objects 10 and 11 (children of the device) are cleaned up and destroyed with it.
  const before = b.output.length;
  assert.equal(pnp(k).removeDevice(node), true);
  assert.deepEqual(b.output.slice(before).sort(), ['KmdfObjects: cleanup 10\n', 'KmdfObjects: cleanup 11\n', 'KmdfObjects: destroy 10\n', 'KmdfObjects: destroy 11\n']);
  assert.equal(fx(k).objects.size, 0);
  assert.equal(k.bugCheck, undefined);
});
