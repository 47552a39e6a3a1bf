// The Visual Studio KMDF template (Driver.c, Device.c, Queue.c, Public.h, Trace.h with WPP) builds as a Universal
// driver, installs from its INF, and runs: EvtDeviceAdd creates the device with its context and interface and the
// default parallel queue; an IOCTL reaches EvtIoDeviceControl. Its WPP messages (the generated .tmh calling
// ntoskrnl's EtwRegister/WmiTraceMessage/EtwUnregister) land in the driver's trace buffer, which
// `!wmitrace.logdump KmdfTemplate` decodes with the formats from the image's driverlab.wpp section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver } from './harness.ts';
import { SetupEngine } from '../../user/setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import { ntClose, ntCreateFile, ntDeviceIoControlFile } from '../../ntos/io/file.ts';
import { wmitraceLogdump, wpp } from '../../ntos/etw/wpp.ts';
import { fx } from '../framework.ts';


test('KMDF template: Universal build, install, WPP trace buffer readable by !wmitrace.logdump, IOCTL, clean removal', async () => {
  const pkg = await buildDriver('KmdfTemplate');
  assert.ok(pkg.log.some((l) => /Driver is a Universal Driver\./.test(l)), pkg.log.join('\n'));
  const b = await boot();
  const { k } = b;
  for (const [name, bytes] of Object.entries(pkg.files)) b.disk.set(`\\??\\c:\\drivertest\\drivers\\${name}`.toLowerCase(), bytes);
  const s = new SetupEngine(k);
  s.testSigning = true;
  const r = s.installInf('C:\\DriverTest\\Drivers\\KmdfTemplate.inf', 'Root\\KmdfTemplate');
  assert.equal(r.ok, true, r.lines.join('\n'));
  const node = r.node!;
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  assert.equal(k.bugCheck, undefined);

  // The interface from Public.h, enabled once the device started.
  const ifaces = pnp(k).interfaces.all.filter((i) => i.node === node);
  assert.equal(ifaces.length, 1);
  assert.equal(ifaces[0]!.guid, '{6c3e8a41-2f0d-4b7e-9a51-3d8e17c462b9}', 'GUID_DEVINTERFACE_KmdfTemplate');
  assert.equal(ifaces[0]!.enabled, true);

  // An IOCTL through the interface's link reaches EvtIoDeviceControl, which completes it.
  let ioctl = -1;
  k.io.runOnSystemThread('TestIoctl', function* () {
    const o = yield* ntCreateFile(k.io, ifaces[0]!.link, {});
    assert.equal(o.status, 0);
    const out = yield* ntDeviceIoControlFile(k.io, o.handle!, 0x222004, 0, 0, 0, 0);
    ioctl = out.status;
    yield* ntClose(k.io, o.handle!);
    return 0;
  });
  assert.equal(ioctl, 0);

  // The trace buffer: DriverEntry, EvtDeviceAdd, the IOCTL, in order, decoded with %!FUNC! and the arguments.
  const dump = wmitraceLogdump(k, 'KmdfTemplate');
  assert.match(dump[0]!, /^\(WmiTrace\)LogDump for Logger Id 0x[0-9a-f]+$/);
  const lines = dump.slice(2, -1);
  const text = lines.map((l) => l.replace(/^\[0\][0-9A-F]{4}\.[0-9A-F]{4}::\d\d\/\d\d\/\d{4}-\d\d:\d\d:\d\d\.\d{3} \[KmdfTemplate\]/, ''));
  assert.ok(lines.every((l, i) => l !== text[i]), lines.join('\n'));
  assert.deepEqual(text.slice(0, 4), ['DriverEntry Entry', 'DriverEntry Exit', 'KmdfTemplateEvtDeviceAdd Entry', 'KmdfTemplateEvtDeviceAdd Exit']);
  assert.match(text.join('\n'), /KmdfTemplateEvtIoDeviceControl Queue 0xFFFFF801[0-9A-F]{8}, Request 0xFFFFF801[0-9A-F]{8} OutputBufferLength 0 InputBufferLength 0 IoControlCode 2236420/);
  assert.equal(dump.at(-1), `Total of ${lines.length} Messages from 1 Buffers`);

  // devcon remove: EvtDriverContextCleanup runs WPP_CLEANUP (EtwUnregister); the buffer stays readable.
  assert.equal(pnp(k).removeDevice(node), true);
  assert.equal(k.bugCheck, undefined);
  assert.equal(fx(k).bindings.size, 0);
  assert.equal(wpp(k).providers.size, 0, 'the provider unregistered');
  assert.match(wmitraceLogdump(k, 'KmdfTemplate').join('\n'), /KmdfTemplateEvtDriverContextCleanup Entry/);
});
