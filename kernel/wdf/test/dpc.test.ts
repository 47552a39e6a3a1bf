// A KMDF DPC object from a real driver (KmdfDpc, built with real clang, installed from its INF with devcon):
// WdfDpcCreate refuses a DPC without a parent; at DISPATCH_LEVEL a queued DPC waits (a second WdfDpcEnqueue says
// FALSE) and WdfDpcCancel takes it back before it runs; an IOCTL (sent through KmdfControl's remote I/O target by
// controlapp) is kept by EvtIoDeviceControl and completed by EvtDpcFunc, which runs at DISPATCH_LEVEL and finds its
// device with WdfDpcGetParentObject and its KDPC with WdfDpcWdmGetDpc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDriver } from './harness.ts';
import { build, programs, target } from '../../user/test/target.ts';
import { session } from '../../user/test/shell.ts';
import { setup } from '../../user/setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { fx } from '../framework.ts';
import { lines, DIR } from './stack-target.ts';

test('KmdfDpc: a WDFDPC queued from EvtIoDeviceControl completes the request at DISPATCH_LEVEL; cancel before it runs', async () => {
  const [pkg, control, app] = await Promise.all([buildDriver('KmdfDpc'), buildDriver('KmdfControl'), build(path.join(programs, 'controlapp'), 'controlapp.exe')]);
  const t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  t.disk.writeFile(`${DIR}\\KmdfControl.sys`, control.files['KmdfControl.sys']!);
  t.disk.writeFile(`${DIR}\\controlapp.exe`, app);
  pnp(t.k);
  setup(t.k).testSigning = true;
  t.k.memory.writeU32(t.k.printFilter.masks.get(t.k.enumValue('DPFLTR_TYPE', 'DPFLTR_IHVDRIVER_ID'))!.address, 0xf);
  const debug: string[] = [];
  const sink = t.k.debugOutput.bind(t.k);
  t.k.debugOutput = (text) => { debug.push(text); sink(text); };
  const s = session(t);
  s.type(`cd ${DIR}`);

  assert.match(s.type('devcon install KmdfDpc.inf root\\KmdfDpc'), /Drivers installed successfully\./);
  const parentless = (t.k.constant('STATUS_WDF_PARENT_NOT_SPECIFIED') >>> 0).toString(16).toUpperCase();
  assert.deepEqual(lines(debug).filter((l) => l.startsWith('KmdfDpc:')), [
    `KmdfDpc: WdfDpcCreate without a parent 0x${parentless}`,
    'KmdfDpc: enqueue 1, again 0, cancel 1, cancel again 0',
  ], 'the cancelled DPC never ran');

  s.type(`sc create KmdfControl type= kernel binPath= ${DIR}\\KmdfControl.sys`);
  assert.match(s.type('sc start KmdfControl'), /RUNNING/);
  const from = debug.length;
  assert.match(s.type('controlapp forward \\DosDevices\\KmdfDpc 0x222000'), /\\DosDevices\\KmdfDpc answered IOCTL 0x00222000 with 14 bytes: DPC at IRQL 2\n/);
  assert.deepEqual(lines(debug, from).filter((l) => l.startsWith('KmdfDpc:')), [
    'KmdfDpc: IOCTL 0x00222000 at IRQL 0, queueing the DPC',
    'KmdfDpc: DPC at IRQL 2, KDPC initialized',
  ]);

  assert.match(s.type('sc stop KmdfControl'), /STOPPED/);
  assert.match(s.type('devcon remove root\\KmdfDpc'), /1 device\(s\) were removed\./);
  assert.equal(fx(t.k).objects.size, 0, 'the DPC went with its device');
  assert.equal(t.k.bugCheck, undefined);
});
