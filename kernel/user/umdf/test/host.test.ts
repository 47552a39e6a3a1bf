// UMDF 2 end to end: the template (kernel/test/drivers/UmdfTemplate, the files New Project gives) builds with real
// clang into a Universal DLL that imports WUDFx02000.dll; its INF installs WUDFRd as the device's kernel service and
// the DLL as its UMDF service; PnP starts the reflector, which starts WUDFHost.exe, where the driver's DriverEntry and
// EvtDriverDeviceAdd run on kernel/wdf over the process's memory. A crash in the driver ends the host, not the system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildDriver } from '../../../wdf/test/harness.ts';
import { generateUserLayouts } from '../../../../main/toolchain/layouts.ts';
import { readWasm } from '../../../../main/toolchain/wasm/read.ts';
import { SetupEngine } from '../../setup/engine.ts';
import { pnp } from '../../../ntos/io/pnp/manager.ts';
import { UserMode } from '../../usermode.ts';
import { hosts } from '../host.ts';
import { WUDF_SERVICES_KEY } from '../reflector.ts';
import { SERVICES_KEY } from '../../../ntos/io/driver.ts';
import { build } from '../../test/target.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The template's IOCTL handler made to echo its input (as a learner would fill it in). */
const echoIoctl = (s: string) => s.replace('    WdfRequestComplete(Request, STATUS_SUCCESS);\n', `    {
        PVOID in = NULL, out = NULL;
        size_t inLength = 0, outLength = 0, i;
        NTSTATUS status = WdfRequestRetrieveInputBuffer(Request, 1, &in, &inLength);
        if (NT_SUCCESS(status)) {
            status = WdfRequestRetrieveOutputBuffer(Request, inLength, &out, &outLength);
        }
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        for (i = 0; i < inLength; i++) {
            ((UCHAR*)out)[i] = ((UCHAR*)in)[i];
        }
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, inLength);
    }
`);

async function installed(edit: Record<string, (s: string) => string> = {}, as = 'UmdfTemplate') {
  const pkg = await buildDriver('UmdfTemplate', edit, as);
  const b = await boot();
  const um = new UserMode(b.k, { layouts: await generateUserLayouts() });
  for (const [name, bytes] of Object.entries(pkg.files)) b.disk.set(`\\??\\c:\\drivertest\\drivers\\${name}`.toLowerCase(), bytes);
  const s = new SetupEngine(b.k);
  s.testSigning = true;
  const r = s.installInf('C:\\DriverTest\\Drivers\\UmdfTemplate.inf', 'Root\\UmdfTemplate');
  return { ...b, um, pkg, r };
}

test('the UMDF 2 template builds as a Universal driver DLL whose WDF calls import WUDFx02000.dll', async () => {
  const pkg = await buildDriver('UmdfTemplate');
  assert.ok(pkg.log.includes('1>Driver is a Universal Driver.'), pkg.log.join('\n'));
  assert.deepEqual(Object.keys(pkg.files).sort(), ['UmdfTemplate.cat', 'UmdfTemplate.dll', 'UmdfTemplate.inf']);
  const img = readWasm(pkg.files['UmdfTemplate.dll']!);
  const from = (m: string) => img.imports.filter((i) => i.module === m).map((i) => i.name);
  for (const n of ['WdfVersionBind', 'WdfDriverCreate', 'WdfDeviceCreate', 'WdfIoQueueCreate']) assert.ok(from('WUDFx02000.dll').includes(n), n);
  assert.ok(from('advapi32.dll').includes('EventRegister'), 'user-mode WPP registers through advapi32');
  assert.equal(from('Wdf01000.sys').length + from('ntoskrnl.exe').length, 0, 'nothing from kernel modules');
  assert.ok(img.exports.some((e) => e.name === 'FxDriverEntryUm'), 'the stub of WdfDriverStubUm.lib is the entry');
});

test('INF install: WUDFRd is the function driver, WUDFHost.exe hosts the DLL, EvtDriverDeviceAdd runs, the device starts', async () => {
  const { k, um, r, pkg } = await installed();
  assert.equal(r.ok, true, r.lines.join('\n'));
  const node = r.node!;
  assert.equal(node.state, 'DeviceNodeStarted', `${node.statusText} problem ${node.problem}`);
  assert.equal(k.bugCheck, undefined);
  assert.deepEqual(node.services, ['WUDFRd']);
  // The template's INF names no service itself: Include=WUDFRD.inf / Needs=WUDFRD.NT.Services bring the reflector's.
  assert.doesNotMatch(new TextDecoder().decode(pkg.files['UmdfTemplate.inf']!), /AddService/);
  assert.equal(k.registry.open(`${SERVICES_KEY}\\WUDFRd`)?.value('DisplayName')?.data, 'Windows Driver Foundation - User-mode Driver Framework Reflector');
  assert.equal(k.registry.open(`${WUDF_SERVICES_KEY}\\UmdfTemplate`)?.value('UmdfLibraryVersion')?.data, '2.15');
  assert.ok(k.loader.find('WUDFRd.sys'), 'the reflector is a loaded kernel image');
  const host = um.findByName('WUDFHost.exe');
  assert.equal(host.length, 1, 'one host process');
  const h = hosts(k).get(host[0]!)!;
  assert.ok(host[0]!.loader.find('UmdfTemplate.dll'), 'the driver DLL is mapped in the host, not in system space');
  assert.equal(k.loader.find('UmdfTemplate.dll'), undefined);
  // EvtDriverDeviceAdd made a WDFDEVICE (context, default queue) on the host's framework, for the reflector's device.
  const dev = [...h.fx.devices.values()][0]!;
  assert.equal(dev.state, 'started');
  assert.ok(dev.defaultQueue, 'the template\'s default queue');
  assert.equal(dev.wdm, h.fdos.get(node.pdo));
  // Its device interface (Public.h's GUID) is enabled once started.
  const ifaces = pnp(k).interfaces.all.filter((i) => i.node === node);
  assert.equal(ifaces.length, 1);
  assert.equal(ifaces[0]!.enabled, true);
});

test('killing WUDFHost.exe stops the device with Code 43; the system runs on', async () => {
  const { k, um, r } = await installed();
  const node = r.node!;
  assert.equal(node.state, 'DeviceNodeStarted');
  um.terminate(um.findByName('WUDFHost.exe')[0]!, 1);
  k.run({ until: () => node.problem !== 0, maxCycles: 50_000_000 });
  assert.equal(node.problem, 43, node.statusText);
  assert.equal(k.bugCheck, undefined);
  assert.equal(um.findByName('WUDFHost.exe').length, 0);
});

test('a NULL dereference in EvtDriverDeviceAdd ends WUDFHost.exe with an access violation, the device gets a problem code, no bugcheck', async () => {
  const { k, um, r } = await installed({
    'Device.c': (s) => s.replace(/(\n\s*status = WdfDeviceCreate\()/, '\n    *(volatile int*)0 = 1;$1'),
  }, 'UmdfCrash');
  const node = r.node!;
  assert.equal(k.bugCheck, undefined);
  assert.notEqual(node.state, 'DeviceNodeStarted');
  assert.ok(node.problem === 10 || node.problem === 31, `problem ${node.problem}: ${node.statusText}`);
  assert.equal(um.findByName('WUDFHost.exe').length, 0, 'the host process ended');
});

/** The template's queue made to hold IOCTL 0x801 requests in a manual queue until an IOCTL 0x802 completes one. */
const holdIoctl = (s: string) => s
  .replace('#include "queue.tmh"', '#include "queue.tmh"\n\nstatic WDFQUEUE HeldQueue;')
  .replace(/(        return status;\n    }\n\n)(    return status;\n}\n)/, `$1    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &HeldQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

$2`)
  .replace('    WdfRequestComplete(Request, STATUS_SUCCESS);\n', `    if (IoControlCode == CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)) {
        NTSTATUS status = WdfRequestForwardToIoQueue(Request, HeldQueue);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
        }
        return;
    }
    {
        WDFREQUEST held;
        if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(HeldQueue, &held))) {
            WdfRequestComplete(held, STATUS_SUCCESS);
        }
    }
    WdfRequestComplete(Request, STATUS_SUCCESS);
`);

type Installed = Awaited<ReturnType<typeof installed>>;

/** Runs umdfio against the device's interface (its \\?\ path, as CM_Get_Device_Interface_List gives it). */
async function umdfio(t: Installed, program = 'umdfio'): Promise<{ code: number; out: string }> {
  const { k, um, r } = t;
  const link = pnp(k).interfaces.all.find((i) => i.node === r.node!)!.link;
  const image = await build(path.join(here, 'programs', program), `${program}.exe`);
  const devicePath = link.replace(/^\\\?\?\\/, '\\\\?\\');
  const p = um.createProcess(image, { name: `${program}.exe`, path: `C:\\DriverTest\\${program}.exe`, commandLine: `${program}.exe ${devicePath}` });
  assert.ok(p.ok, p.ok ? '' : p.message);
  k.run({ until: () => p.process.state === 'exited', maxCycles: 2e9 });
  assert.equal(p.process.state, 'exited');
  return { code: p.process.exitCode!, out: um.console.text.replace(/\r\n/g, '\n') };
}

test('I/O from a user program: CreateFile on the interface, DeviceIoControl goes kernel -> WUDFRd -> WUDFHost.exe -> EvtIoDeviceControl and back', async () => {
  const t = await installed({ 'Queue.c': echoIoctl }, 'UmdfEcho');
  const { k, um, r } = t;
  const node = r.node!;
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  const { code, out } = await umdfio(t);
  assert.equal(code, 0, out);
  assert.match(out, /DeviceIoControl returned 20 bytes: hello from user mode\n/);
  // The template's queue has no EvtIoRead: the framework fails the read, Win32 says ERROR_INVALID_FUNCTION (1).
  assert.match(out, /ReadFile failed: 1\n/);
  assert.equal(um.findByName('WUDFHost.exe').length, 1, 'the host still runs');
  assert.equal(k.bugCheck, undefined);
});

test('a NULL dereference in EvtIoDeviceControl ends WUDFHost.exe: the request fails, the device shows Code 43, no bugcheck', async () => {
  const t = await installed({ 'Queue.c': (s) => s.replace('    WdfRequestComplete(Request, STATUS_SUCCESS);\n', '    *(volatile int*)0 = 1;\n    WdfRequestComplete(Request, STATUS_SUCCESS);\n') }, 'UmdfIoCrash');
  const { k, um, r } = t;
  const node = r.node!;
  assert.equal(node.state, 'DeviceNodeStarted', node.statusText);
  const host = um.findByName('WUDFHost.exe')[0]!;
  const { code, out } = await umdfio(t);
  assert.equal(code, 1, out);
  // The reflector completes I/O outstanding in the ended host with STATUS_DRIVER_PROCESS_TERMINATED, which the
  // application gets as ERROR_DRIVER_PROCESS_TERMINATED (1291).
  assert.match(out, /DeviceIoControl failed: 1291\n/);
  assert.equal(host.exitCode, 0xc0000005, 'the host ended with the access violation');
  assert.match(host.crash ?? '', /^The instruction at 0x[0-9A-F]{16} referenced memory at 0x0000000000000000\. The memory could not be written\.$/);
  k.run({ until: () => node.problem !== 0, maxCycles: 50_000_000 });
  assert.equal(node.problem, 43, node.statusText);
  assert.equal(k.bugCheck, undefined, 'user mode: no bugcheck');
});

test('UMDF verifier: completing a request twice ends the host (a KMDF driver would stop the system with 0x10D)', async () => {
  const t = await installed({ 'Queue.c': (s) => s.replace('    WdfRequestComplete(Request, STATUS_SUCCESS);\n', '    WdfRequestComplete(Request, STATUS_SUCCESS);\n    WdfRequestComplete(Request, STATUS_SUCCESS);\n') }, 'UmdfTwice');
  const { k, um, r } = t;
  const host = um.findByName('WUDFHost.exe')[0]!;
  const { out } = await umdfio(t);
  assert.match(out, /DeviceIoControl returned 0 bytes: \n/, 'the first completion reached the application');
  assert.equal(host.state, 'exited');
  k.run({ until: () => r.node!.problem !== 0, maxCycles: 50_000_000 });
  assert.equal(r.node!.problem, 43);
  assert.equal(k.bugCheck, undefined);
});

test('overlapped I/O to a UMDF driver: a request the driver holds pends in the application until the driver completes it', async () => {
  const t = await installed({ 'Queue.c': holdIoctl }, 'UmdfHeld');
  assert.equal(t.r.node!.state, 'DeviceNodeStarted', t.r.node!.statusText);
  const { code, out } = await umdfio(t, 'umdfheld');
  assert.equal(code, 0, out);
  assert.match(out, /wait pending\nwait completed\n/);
  assert.equal(t.k.bugCheck, undefined);
});
