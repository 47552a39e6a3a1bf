// A classic NT driver (IoClassic, built with our clang) installed as a service, started, used through the I/O
// system services with every transfer method, a cancel-safe queue, a work item and the I/O timer, then stopped:
// DriverUnload removes its device and link, and nothing it or the I/O manager allocated is left.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildProject } from '../../../../main/toolchain/build.ts';
import { generateLayouts } from '../../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../../main/toolchain/clang.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel } from '../../kernel.ts';
import type { Step } from '../../ob/manager.ts';
import { ntClose, ntCancelIoFile, ntCreateFile, ntDeviceIoControlFile, ntReadWrite, type IoOutcome } from '../file.ts';
import { SERVICE_RUNNING, SERVICE_STOPPED } from '../services.ts';
import { TICKS_PER_SECOND } from '../../../../main/machine/devices/device.ts';

const DIR = path.join(repoRoot, 'kernel', 'test', 'drivers', 'IoClassic');
const IMAGE_PATH = 'C:\\DriverTest\\Drivers\\IoClassic.sys';
let layouts: Layouts;
let image: Uint8Array;

const ctl = (fn: number, method: number, access: number) => ((0x8001 << 16) | (access << 14) | (fn << 2) | method) >>> 0;
const IOCTL = {
  GET_STATS: ctl(0x900, 0, 0), READ_XOR: ctl(0x901, 2, 1), SUM: ctl(0x902, 1, 2), MAGIC: ctl(0x903, 3, 0),
  PEND: ctl(0x904, 0, 0), RELEASE: ctl(0x905, 0, 0), ASK_SELF: ctl(0x906, 0, 0), QUEUE_WORK: ctl(0x907, 0, 0),
};
const IOC_MAGIC = 0x1dc1a55c;

before(async () => {
  layouts = await generateLayouts();
  const r = await buildProject(DIR);
  assert.ok(r.success, r.log.join('\n'));
  image = readFileSync(path.join(r.outputDir, 'IoClassic.sys'));
});

function boot(): Kernel {
  const k = new Kernel({ layouts });
  k.io.readFile = (p) => (p === `\\??\\${IMAGE_PATH}` ? image : undefined);
  return k;
}

/** Runs a service on a system thread to its end and hands back what it produced. */
function sys<T>(k: Kernel, name: string, body: () => Step<T>): T {
  let out: T | undefined;
  k.io.runOnSystemThread(name, function* () { out = yield* body(); return 0; });
  assert.equal(k.bugCheck, undefined, `bugcheck ${k.bugCheck?.code}`);
  return out as T;
}

function stats(k: Kernel, h: number, buf: number) {
  const r = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(k.io, h, IOCTL.GET_STATS, 0, 0, buf, 28));
  assert.equal(r.status, 0);
  const m = k.memory;
  return { opens: m.readU32(buf), cleanups: m.readU32(buf + 4), closes: m.readU32(buf + 8), ticks: m.readU32(buf + 12),
    bytes: m.readU32(buf + 16), work: m.readU32(buf + 20), pending: m.readU32(buf + 24), information: r.information };
}

test('IoClassic: sc create/start, I/O with every transfer method, stop, nothing leaked', () => {
  const k = boot();
  const io = k.io;
  const sc = io.services;
  assert.equal(sc.start('IoClassic'), 1060, 'no such service yet');
  assert.equal(sc.create('IoClassic', { binaryPath: IMAGE_PATH }), 0);
  assert.equal(sc.create('IoClassic', { binaryPath: IMAGE_PATH }), 1073);
  assert.equal(k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Services\\IoClassic')?.value('ImagePath')?.data, `\\??\\${IMAGE_PATH}`);
  assert.equal(sc.query('IoClassic').status?.state, SERVICE_STOPPED);
  const poolBefore = new Set(io.pool.outstanding().map((b) => b.address));

  assert.equal(sc.start('IoClassic'), 0);
  assert.equal(sc.start('IoClassic'), 1056, 'already running');
  assert.equal(sc.query('IoClassic').status?.state, SERVICE_RUNNING);
  const dev = k.ob.lookup('\\Device\\IoClassic0').header!;
  assert.equal(dev.type, 'Device');
  assert.equal(k.ob.lookup('\\??\\IoClassic1').header, dev);
  assert.equal(k.ob.lookup('\\Driver\\IoClassic').header?.type, 'Driver');
  const devObj = io.at('DEVICE_OBJECT', dev.body);
  assert.equal(devObj.get('Flags') & io.c('DO_DEVICE_INITIALIZING'), 0, 'a legacy driver\'s device is ready after DriverEntry');
  assert.ok(devObj.get('Flags') & io.c('DO_BUFFERED_IO'));

  // The event-log entry DriverEntry wrote.
  assert.equal(io.eventLog.length, 1);
  const ev = io.eventLog[0]!;
  assert.deepEqual([ev.source, ev.eventId, ev.level, ev.dumpData, ev.device], ['IoClassic', 1, 'Information', [0x378, 256], '\\Device\\IoClassic0']);

  const buf = io.alloc(4096, 'Test');
  const h = sys(k, 'NtCreateFile', () => ntCreateFile(io, '\\??\\IoClassic1', {}));
  assert.equal(h.status, 0);
  assert.ok(h.handle);
  assert.equal(sys(k, 'NtCreateFile', () => ntCreateFile(io, '\\??\\NoSuchThing', {})).status, io.st('STATUS_OBJECT_NAME_NOT_FOUND'));

  // Buffered write and read back.
  const text = 'Hello, dongle';
  for (let i = 0; i < text.length; i++) k.memory.writeU8(buf + 0x100 + i, text.charCodeAt(i));
  const w = sys(k, 'NtWriteFile', () => ntReadWrite(io, h.handle!, true, buf + 0x100, text.length));
  assert.deepEqual([w.status, w.information], [0, text.length]);
  const r = sys(k, 'NtReadFile', () => ntReadWrite(io, h.handle!, false, buf + 0x200, 64));
  assert.deepEqual([r.status, r.information], [0, text.length]);
  assert.equal(Buffer.from(k.memory.read(buf + 0x200, text.length)).toString('latin1'), text);

  // METHOD_OUT_DIRECT: key buffered in, data out through the MDL.
  k.memory.writeU8(buf + 0x300, 0x20);
  const x = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.READ_XOR, buf + 0x300, 1, buf + 0x400, 5));
  assert.deepEqual([x.status, x.information], [0, 5]);
  assert.equal(Buffer.from(k.memory.read(buf + 0x400, 5)).toString('latin1'), 'hELLO');
  // METHOD_IN_DIRECT: the output buffer carries data in.
  const sum = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.SUM, 0, 0, buf + 0x100, text.length));
  assert.equal(sum.information, [...text].reduce((a, c) => a + c.charCodeAt(0), 0));
  // METHOD_NEITHER from kernel mode: the raw pointer.
  k.memory.writeU32(buf + 0x500, 0);
  const mg = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.MAGIC, 0, 0, buf + 0x500, 4));
  assert.deepEqual([mg.status, k.memory.readU32(buf + 0x500)], [0, IOC_MAGIC]);
  // IoBuildDeviceIoControlRequest + IoCallDriver inside the driver: 28 bytes from GET_STATS, one open.
  const self = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.ASK_SELF, 0, 0, buf + 0x600, 4));
  assert.deepEqual([self.status, k.memory.readU32(buf + 0x600)], [0, 28 * 1000 + 1]);
  // An unknown code fails as the driver says.
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ctl(0x9ff, 0, 0), 0, 0, 0, 0)).status,
    io.st('STATUS_INVALID_DEVICE_REQUEST'));
  // A major function the driver does not handle: nt!IopInvalidDeviceRequest answers.
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.GET_STATS, 0, 0, buf, 28, {}, 0, true)).status,
    io.st('STATUS_INVALID_DEVICE_REQUEST'));

  // Overlapped handle: a request the driver holds in its cancel-safe queue, released by another request.
  const h2 = sys(k, 'NtCreateFile', () => ntCreateFile(io, '\\Device\\IoClassic0', { synchronous: false }));
  const iosb = buf + 0x700;
  const pend = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h2.handle!, IOCTL.PEND, 0, 0, buf + 0x710, 4, { iosb }));
  assert.equal(pend.status, io.st('STATUS_PENDING'));
  assert.equal(stats(k, h.handle!, buf).pending, 1);
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.RELEASE, 0, 0, 0, 0)).status, 0);
  assert.deepEqual(pend.origin?.result, { status: 0, information: 4 });
  assert.deepEqual([k.memory.readU32(iosb), k.memory.readU32(iosb + 4), k.memory.readU32(buf + 0x710)], [0, 4, IOC_MAGIC]);
  // Another held request, cancelled by NtCancelIoFile: IoCancelIrp → IopCsqCancelRoutine → the driver's completion.
  const pend2: IoOutcome = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h2.handle!, IOCTL.PEND, 0, 0, buf + 0x710, 4));
  assert.equal(pend2.status, io.st('STATUS_PENDING'));
  sys(k, 'NtCancelIoFile', () => ntCancelIoFile(io, h2.handle!));
  assert.deepEqual(pend2.origin?.result, { status: io.st('STATUS_CANCELLED'), information: 0 });
  assert.equal(io.cancelLockHeld, false);

  // A work item runs on a worker thread; the ke clock runs the I/O timer once per second (started in DriverEntry,
  // less than a second of machine time ago), so three seconds more are three ticks.
  assert.equal(stats(k, h.handle!, buf).ticks, 0);
  sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, IOCTL.QUEUE_WORK, 0, 0, 0, 0));
  k.run({ maxCycles: 3 * TICKS_PER_SECOND });
  const s = stats(k, h.handle!, buf);
  assert.deepEqual([s.opens, s.work, s.ticks, s.bytes, s.pending, s.cleanups], [2, 1, 3, text.length, 0, 0]);

  // Close: IRP_MJ_CLEANUP then IRP_MJ_CLOSE for each handle.
  assert.equal(sys(k, 'NtClose', () => ntClose(io, h2.handle!)), 0);
  assert.equal(sys(k, 'NtClose', () => ntClose(io, h2.handle!)), io.st('STATUS_INVALID_HANDLE'));
  const s2 = stats(k, h.handle!, buf);
  assert.deepEqual([s2.cleanups, s2.closes], [1, 1]);
  assert.equal(sys(k, 'NtClose', () => ntClose(io, h.handle!)), 0);
  assert.equal(io.ob.handleCount(), 0);

  // Stop: DriverUnload deletes device and link; the driver object and image go.
  assert.equal(sc.stop('IoClassic'), 0);
  assert.equal(sc.stop('IoClassic'), 1062, 'not started');
  assert.equal(sc.query('IoClassic').status?.state, SERVICE_STOPPED);
  assert.equal(k.ob.lookup('\\Device\\IoClassic0').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(k.ob.lookup('\\??\\IoClassic1').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(k.ob.lookup('\\Driver\\IoClassic').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(k.loader.find('IoClassic.sys'), undefined);
  assert.deepEqual(io.unloaded.map((u) => u.name), ['IoClassic.sys']);
  io.pool.free(buf);
  assert.deepEqual(io.pool.outstanding().filter((b) => !poolBefore.has(b.address)).map((b) => b.tag), [], 'pool left behind');
  assert.deepEqual([io.liveIrps.size, io.mdls.size, io.devices.size, io.files.size, io.drivers.size], [0, 0, 0, 0, 0]);

  // Start again works (the image name is free again); delete while running is deferred.
  assert.equal(sc.start('IoClassic'), 0);
  assert.equal(sc.delete('IoClassic'), 0);
  assert.equal(sc.stop('IoClassic'), 0);
  assert.equal(sc.query('IoClassic').error, 1060);
});

test('service start errors: a missing image file is 2, a failing DriverEntry maps its NTSTATUS', () => {
  const k = boot();
  assert.equal(k.io.services.create('Ghost', { binaryPath: 'C:\\DriverTest\\Drivers\\Ghost.sys' }), 0);
  assert.equal(k.io.services.start('Ghost'), 2);
  assert.equal(k.io.services.query('Ghost').status?.win32ExitCode, 2);
  k.io.verifyImage = () => false;
  assert.equal(k.io.services.create('IoClassic', { binaryPath: IMAGE_PATH }), 0);
  assert.equal(k.io.services.start('IoClassic'), 577, 'bad signature');
  k.io.verifyImage = () => true;
  k.io.services.isBlocked = (name) => name === 'IoClassic.sys';
  assert.equal(k.io.services.start('IoClassic'), 1275, 'blocked');
});
