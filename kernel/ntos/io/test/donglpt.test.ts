// DongLpt, the classic parallel-port driver, end to end on a kernel wired to a real LPT1 device with the lab's
// dongle: built from its .vcxproj, loaded from its Services key, used through the Nt* services with the IOCTL
// contract of dongioctl.h (every transfer method), polled by its timer DPC (which logs the dongle's removal), and
// unloaded with nothing left behind: pool, objects, handles, IRPs, MDLs, timers, DPCs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildProject } from '../../../../main/toolchain/build.ts';
import { generateLayouts } from '../../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../../main/toolchain/clang.ts';
import { IoBus, InterruptController } from '../../../../main/machine/bus.ts';
import { ParallelPort, dongleAnswer } from '../../../../main/machine/devices/parallel.ts';
import { TICKS_PER_SECOND } from '../../../../main/machine/devices/device.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel } from '../../kernel.ts';
import { tagText } from '../../ex/pool.ts';
import type { Step } from '../../ob/manager.ts';
import { ntClose, ntCreateFile, ntDeviceIoControlFile, ntReadWrite } from '../file.ts';
import { SERVICE_RUNNING, SERVICE_STOPPED } from '../services.ts';

const DIR = path.join(repoRoot, 'kernel', 'test', 'drivers', 'DongLpt');
const IMAGE_PATH = 'C:\\DriverTest\\Drivers\\DongLpt.sys';
let layouts: Layouts;
let image: Uint8Array;
let ioctlHeader: string;

/** The IOCTL codes, read from the contract header the driver and dongtest share (CTL_CODE evaluated here). */
function ioctl(name: string): number {
  const m = new RegExp(`#define ${name} CTL_CODE\\((\\w+), (0x[0-9A-Fa-f]+), (\\w+), ([\\w |]+)\\)`).exec(ioctlHeader);
  assert.ok(m, `${name} in dongioctl.h`);
  const methods: Record<string, number> = { METHOD_BUFFERED: 0, METHOD_IN_DIRECT: 1, METHOD_OUT_DIRECT: 2, METHOD_NEITHER: 3 };
  const access = m[4]!.split('|').map((a) => ({ FILE_ANY_ACCESS: 0, FILE_READ_ACCESS: 1, FILE_WRITE_ACCESS: 2 } as Record<string, number>)[a.trim()]!).reduce((a, b) => a | b, 0);
  const deviceType = m[1] === 'FILE_DEVICE_DONGLPT' ? 0x8000 : Number(m[1]);
  return ((deviceType << 16) | (access << 14) | (Number(m[2]) << 2) | methods[m[3]!]!) >>> 0;
}
/** DongResponse of dongioctl.h: what a genuine dongle's driver answers to a challenge. */
const dongResponse = (c: number) => ((((c << 7) | (c >>> 25)) ^ 0x5a5aa5a5) >>> 0);

before(async () => {
  layouts = await generateLayouts();
  const r = await buildProject(DIR);
  assert.ok(r.success, r.log.join('\n'));
  image = readFileSync(path.join(r.outputDir, 'DongLpt.sys'));
  ioctlHeader = readFileSync(path.join(repoRoot, 'kernel', 'test', 'programs', 'dongtest', 'dongioctl.h'), 'utf8');
});

function machine() {
  const bus = new IoBus();
  const lpt = new ParallelPort('LPT1', 0x378, 7, bus, new InterruptController());
  const k = new Kernel({ layouts, ports: bus });
  k.io.readFile = (p) => (p === `\\??\\${IMAGE_PATH}` ? image : undefined);
  return { k, lpt };
}

function sys<T>(k: Kernel, name: string, body: () => Step<T>): T {
  let out: T | undefined;
  k.io.runOnSystemThread(name, function* () { out = yield* body(); return 0; });
  assert.equal(k.bugCheck, undefined, `bugcheck ${k.bugCheck?.message}`);
  return out as T;
}

test('DongLpt: loads from its Services key, serves the dongioctl.h contract, polls, logs, unloads clean', () => {
  const { k, lpt } = machine();
  const io = k.io, m = k.memory;
  const st = (n: string) => io.st(n);
  assert.equal(io.services.create('DongLpt', { binaryPath: IMAGE_PATH }), 0);
  const key = k.registry.open('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\DongLpt');
  assert.deepEqual([key?.value('Type')?.data, key?.value('Start')?.data, key?.value('ImagePath')?.data], [1, 3, `\\??\\${IMAGE_PATH}`]);
  const poolBefore = new Set(k.pool.blocks().map((b) => b.address));
  const timersBefore = k.ke.timers.size;

  assert.equal(io.services.start('DongLpt'), 0);
  assert.equal(io.services.query('DongLpt').status?.state, SERVICE_RUNNING);
  const dev = k.ob.lookup('\\Device\\DongLpt0').header!;
  assert.equal(dev.type, 'Device');
  assert.equal(k.ob.lookup('\\DosDevices\\DongLpt1').header, dev, '\\DosDevices is \\??');
  assert.equal(k.ob.lookup('\\GLOBAL??\\DongLpt1').header, dev);
  assert.equal(io.at('DEVICE_OBJECT', dev.body).get('DeviceType'), 0x8000);
  assert.equal(k.ke.timers.size, timersBefore + 1, 'the poll timer is armed');
  assert.equal(io.eventLog.length, 0, 'a dongle is plugged in: nothing to log');

  const buf = io.alloc(4096, 'Test');
  const h = sys(k, 'NtCreateFile', () => ntCreateFile(io, '\\??\\DongLpt1', {}));
  assert.equal(h.status, 0);

  // WriteFile sends challenges through port 0x378; ReadFile returns the dongle's answers.
  const text = 'Hello, dongle';
  for (let i = 0; i < text.length; i++) m.writeU8(buf + i, text.charCodeAt(i));
  const w = sys(k, 'NtWriteFile', () => ntReadWrite(io, h.handle!, true, buf, text.length));
  assert.deepEqual([w.status, w.information], [0, text.length]);
  const r = sys(k, 'NtReadFile', () => ntReadWrite(io, h.handle!, false, buf + 0x100, 64));
  assert.deepEqual([r.status, r.information], [0, text.length]);
  assert.deepEqual([...m.read(buf + 0x100, text.length)], [...text].map((c) => dongleAnswer(c.charCodeAt(0), 0xa5)));

  // IOCTL_DONG_GET_VERSION, METHOD_BUFFERED out.
  const v = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_GET_VERSION'), 0, 0, buf + 0x200, 8));
  assert.deepEqual([v.status, v.information, m.readU16(buf + 0x200), m.readU16(buf + 0x202), m.readU32(buf + 0x204)], [0, 8, 1, 0, 0x378]);
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_GET_VERSION'), 0, 0, buf + 0x200, 4)).status,
    st('STATUS_BUFFER_TOO_SMALL'));

  // IOCTL_DONG_WRITE_DATA (IN_DIRECT) then IOCTL_DONG_READ_DATA (OUT_DIRECT) at offset 16.
  m.writeU32(buf + 0x300, 16);
  for (let i = 0; i < 32; i++) m.writeU8(buf + 0x400 + i, 0xa0 + i);
  const wd = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_WRITE_DATA'), buf + 0x300, 4, buf + 0x400, 32));
  assert.deepEqual([wd.status, wd.information], [0, 32]);
  const rd = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_READ_DATA'), buf + 0x300, 4, buf + 0x500, 32));
  assert.deepEqual([rd.status, rd.information], [0, 32]);
  assert.deepEqual([...m.read(buf + 0x500, 32)], [...m.read(buf + 0x400, 32)]);
  m.writeU32(buf + 0x300, 240);
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_READ_DATA'), buf + 0x300, 4, buf + 0x500, 32)).status,
    st('STATUS_INVALID_PARAMETER'), 'past the dongle memory');

  // IOCTL_DONG_QUERY_STATUS, METHOD_NEITHER: the driver writes through the caller's pointer.
  const q = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_QUERY_STATUS'), 0, 0, buf + 0x600, 16));
  assert.deepEqual([q.status, q.information], [0, 16]);
  assert.deepEqual([0, 4, 8, 12].map((o) => m.readU32(buf + 0x600 + o)), [1, 1, text.length + 32, text.length + 32]);

  // IOCTL_DONG_CHALLENGE, METHOD_BUFFERED both ways: the genuine response of dongioctl.h.
  const challenge = 0x1234abcd;
  const challengeOnce = () => {
    m.writeU32(buf + 0x700, challenge);
    const c = sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, ioctl('IOCTL_DONG_CHALLENGE'), buf + 0x700, 4, buf + 0x700, 4));
    return { ...c, response: m.readU32(buf + 0x700) };
  };
  const before = lpt.saveState().answers;
  const c1 = challengeOnce();
  assert.deepEqual([c1.status, c1.information, c1.response], [0, 4, dongResponse(challenge)]);
  assert.equal(lpt.saveState().answers - before, 4, 'one exchange per byte on the port');
  lpt.setDongle(true, 0x3c); // another licence's dongle
  assert.notEqual(challengeOnce().response, dongResponse(challenge));
  lpt.setDongle(true, 0xa5);

  // A code outside the contract.
  const unknown = ((0x8000 << 16) | (0x8ff << 2)) >>> 0;
  assert.equal(sys(k, 'NtDeviceIoControlFile', () => ntDeviceIoControlFile(io, h.handle!, unknown, 0, 0, 0, 0)).status, st('STATUS_INVALID_DEVICE_REQUEST'));

  // The poll timer's DPC notices the dongle is gone within a second and writes an event-log entry.
  lpt.setDongle(false);
  k.run({ maxCycles: Math.round(1.1 * TICKS_PER_SECOND) });
  assert.equal(k.bugCheck, undefined);
  assert.equal(io.eventLog.length, 1);
  const ev = io.eventLog[0]!;
  assert.deepEqual([ev.source, ev.uniqueErrorValue, ev.finalStatus >>> 0, ev.strings, ev.device],
    ['DongLpt', 2, st('STATUS_DEVICE_NOT_CONNECTED') >>> 0, ['DongLpt'], '\\Device\\DongLpt0']);
  assert.equal(ev.errorCode >>> 0, k.constant('IO_ERR_NOT_READY') >>> 0);
  assert.equal(sys(k, 'NtWriteFile', () => ntReadWrite(io, h.handle!, true, buf, 1)).status, st('STATUS_DEVICE_NOT_CONNECTED'));

  assert.equal(sys(k, 'NtClose', () => ntClose(io, h.handle!)), 0);
  io.pool.free(buf);

  // sc stop: DriverUnload cancels the timer, removes the DPC, deletes the link and the device; the image goes.
  assert.equal(io.services.stop('DongLpt'), 0);
  assert.equal(k.bugCheck, undefined, 'no bugcheck at unload');
  assert.equal(io.services.query('DongLpt').status?.state, SERVICE_STOPPED);
  for (const name of ['\\Device\\DongLpt0', '\\??\\DongLpt1', '\\Driver\\DongLpt']) assert.equal(k.ob.lookup(name).status, 'STATUS_OBJECT_NAME_NOT_FOUND', name);
  assert.equal(k.loader.find('DongLpt.sys'), undefined);
  assert.deepEqual(k.pool.blocks().filter((b) => !poolBefore.has(b.address)).map((b) => `${b.owner ?? 'nt'}:${tagText(b.tag)}`), [], 'pool left behind');
  assert.deepEqual([io.ob.handleCount(), io.liveIrps.size, io.irps.size, io.mdls.size, io.devices.size, io.files.size, io.drivers.size], [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(k.ke.timers.size, timersBefore, 'no timer left armed');
  assert.equal(k.ke.dpcQueue.length, 0, 'no DPC left queued');
  // Nothing runs into the unloaded image later.
  k.run({ maxCycles: 2 * TICKS_PER_SECOND });
  assert.equal(k.bugCheck, undefined);
});

test('DongLpt without a dongle: DriverEntry logs it, writes fail as not connected', () => {
  const { k, lpt } = machine();
  lpt.setDongle(false);
  assert.equal(k.io.services.create('DongLpt', { binaryPath: IMAGE_PATH }), 0);
  assert.equal(k.io.services.start('DongLpt'), 0);
  assert.deepEqual(k.io.eventLog.map((e) => [e.source, e.uniqueErrorValue]), [['DongLpt', 1]]);
  assert.equal(k.io.services.stop('DongLpt'), 0);
  assert.equal(k.bugCheck, undefined);
});
