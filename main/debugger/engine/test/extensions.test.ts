// Transcript tests of the process, thread, object and pool extensions (!process, !thread, .thread, !object,
// !pool, !poolused): a target with user mode runs a real driver built by our clang (a named device, a DOS device
// link, a pool block with its own tag, a system thread parked in KeWaitForSingleObject) and a user program
// waiting at its console prompt. The session reads the target only through KD packets; the assertions compare
// what it prints with the target's real state.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { memoryPipe } from '../../../formats/kd/link.ts';
import { toVA } from '../../../machine/memory.ts';
import { KdStub } from '../../../../kernel/ntos/kd/stub/stub.ts';
import { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import { keThread } from '../../../../kernel/ntos/ke/thread.ts';
import { struct } from '../../../../kernel/layout/access.ts';
import { build, ownPrograms, target } from '../../../../kernel/user/test/target.ts';
import type { UserProcess } from '../../../../kernel/user/process.ts';
import { KdSession } from '../session.ts';
import { formatAddress } from '../../symbols/format.ts';
import { buildDriver } from './target.ts';

const PROBE_C = `#include <wdm.h>
static KEVENT Never;
PVOID Block;

static VOID Parked(PVOID Context) {
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&Never, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    UNICODE_STRING name, link;
    PDEVICE_OBJECT device;
    HANDLE thread;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&name, L"\\\\Device\\\\H3Probe");
    RtlInitUnicodeString(&link, L"\\\\DosDevices\\\\H3Probe");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) return status;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) return status;
    Block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 200, 'lp3H');
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, Parked, NULL);
    if (NT_SUCCESS(status)) ZwClose(thread);
    return status;
}
`;

interface Rig { s: KdSession; greet: UserProcess; parked: number; block: number; device: number; close(): void }
let rig: Rig;

before(async () => {
  const drv = await buildDriver('h3probe', PROBE_C);
  const t = await target();
  const k = t.k;
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  t.disk.writeFile('C:\\DriverTest\\Drivers\\h3probe.sys', drv.image);
  assert.equal(k.io.services.create('h3probe', { binaryPath: 'C:\\DriverTest\\Drivers\\h3probe.sys' }), 0);
  assert.equal(k.io.services.start('h3probe'), 0);
  const r = t.um.createProcess(await build(path.join(ownPrograms, 'greet'), 'greet.exe'), { name: 'greet.exe', path: 'C:\\Users\\User\\greet.exe', commandLine: 'greet' });
  assert.ok(r.ok);
  const greet = r.process;
  k.run({ until: () => t.um.console.text.includes('Your name?'), maxCycles: 2e9 });
  assert.match(t.um.console.text, /Your name\? $/);
  const parkedThread = k.threads.find((x) => x.state === 'blocked' && k.processor.stack(x).some((f) => f.function.endsWith('Parked')))!;
  assert.ok(parkedThread, 'the driver parked a system thread');
  const block = k.pool.outstandingOf('h3probe').find((b) => b.size === 200)!;
  const device = [...k.io.devices.values()].find((d) => d.header.name === 'H3Probe')!;
  // The debugger attaches now, as WinDbg connecting to a running target.
  const stub = new KdStub(k, { port: { resendMs: 20 } });
  const runner = new TargetRunner(k);
  stub.onResume(() => runner.poke());
  runner.start();
  const [h, tg] = memoryPipe('stream');
  stub.attach(tg);
  const s = new KdSession();
  await s.connect(h, { transport: 'com', sympath: [drv.symbolDir], link: { resendMs: 20 } });
  await s.breakIn();
  rig = { s, greet, parked: keThread(parkedThread)!.ethread, block: block.address, device: device.object, close: () => { runner.stop(); stub.detach(); s.disconnect(); } };
});
after(() => rig?.close());

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
const va16 = (off: number) => toVA(off).toString(16).padStart(16, '0');
/** The PEB user mode gave the process (a page of its own space), as its EPROCESS names it. */
const pebOf = (p: UserProcess): number => {
  const peb = p.mode.k.memory.readU32(p.eprocess + struct(p.mode.k.layouts, 'EPROCESS').field('Peb'));
  assert.ok(peb > 0);
  return peb;
};

test('!process 0 0 lists System and the user program with their ids, tables and image names', async () => {
  const { s, greet } = rig;
  const out = await s.execute('!process 0 0');
  assert.match(out, /^\*\*\*\* NT ACTIVE PROCESS DUMP \*\*\*\*\nPROCESS fffff801[0-9a-f]{8}\n {4}SessionId: none  Cid: 0004 {4}Peb: 00000000  ParentCid: 0000\n {4}DirBase: [0-9a-f]{8}  ObjectTable: fffff801[0-9a-f]{8}  HandleCount: +\d+\.\n {4}Image: System\n/);
  const block = [
    `PROCESS ${va16(greet.eprocess)}`,
    `    SessionId: 1  Cid: ${hex(greet.pid, 4)}    Peb: ${hex(pebOf(greet), 8)}  ParentCid: 0004`,
  ].join('\n');
  assert.ok(out.includes(block), out);
  assert.match(out, new RegExp(`Cid: ${hex(greet.pid, 4)}[^\\n]*\\n {4}DirBase: [0-9a-f]{8}  ObjectTable: fffff801[0-9a-f]{8}  HandleCount: +\\d+\\.\\n {4}Image: greet\\.exe`));
  assert.doesNotMatch(out, /Image: Idle/);

  const only = await s.execute('!process 0 0 greet.exe');
  assert.equal(only.split('\n').filter((l) => l.startsWith('PROCESS ')).length, 1);
  assert.ok(only.includes(block));
  assert.equal(await s.execute('!process 0 0 nosuch.exe'), '**** NT ACTIVE PROCESS DUMP ****');
});

test('!process <addr> 7 shows the program\'s thread waiting in user mode, with its stack', async () => {
  const { s, greet } = rig;
  const out = await s.execute(`!process ${va16(greet.eprocess)} 7`);
  assert.match(out, new RegExp(`^PROCESS ${va16(greet.eprocess)}\\n`));
  assert.match(out, /\n {4}ElapsedTime {23}\d\d:\d\d:\d\d\.\d{3}\n/);
  const tid = greet.threads[0]!.tid;
  // A user thread's TEB is a page of its process's space.
  const teb = keThread(greet.threads[0]!.kernel!)?.teb ?? 0;
  assert.ok(teb > 0);
  assert.match(out, new RegExp(`\\n {8}THREAD fffff801[0-9a-f]{8}  Cid ${hex(greet.pid, 4)}\\.${hex(tid, 4)}  Teb: ${hex(teb, 16)} Win32Thread: 0{16} WAIT: \\(UserRequest\\) UserMode Non-Alertable\\n`));
  assert.match(out, /\n {8}Owning Process {12}fffff801[0-9a-f]{8} {7}Image: {9}greet\.exe\n/);
  assert.match(out, /\n {8}Child-SP {10}RetAddr {11}: Args to Child/);
  assert.equal(await s.execute(`!process ${greet.pid.toString(16)} 0`), (await s.execute(`!process ${va16(greet.eprocess)} 0`)));
});

test('!thread on the driver\'s parked system thread; .thread makes k show its stack', async () => {
  const { s, parked } = rig;
  const th = await s.execute(`!thread ${va16(parked)}`);
  assert.match(th, new RegExp(`^THREAD ${va16(parked)}  Cid 0004\\.[0-9a-f]{4}  Teb: 0{16} Win32Thread: 0{16} WAIT: \\(Executive\\) KernelMode Non-Alertable\\n`));
  assert.match(th, /\nOwning Process {12}fffff801[0-9a-f]{8} {7}Image: {9}System\n/);
  assert.match(th, /\nWin32 Start Address h3probe!Parked \(0xfffff801[0-9a-f]{8}\)\n/);
  assert.match(th, /\nStack Init fffff801[0-9a-f]{8} Current fffff801[0-9a-f]{8}\nBase fffff801[0-9a-f]{8} Limit fffff801[0-9a-f]{8} Call 0{16}\n/);
  assert.match(th, /nt!KeWaitForSingleObject[\s\S]*h3probe!Parked/);

  assert.equal(await s.execute(`.thread ${va16(parked)}`), `Implicit thread is now ${formatAddress(toVA(parked))}`);
  const k = await s.execute('k');
  assert.match(k, /^ {2}\*\*\* Stack trace for last set context - \.thread\/\.cxr resets it\nChild-SP {10}RetAddr {11}Call Site\n/);
  assert.match(k, /nt!KeWaitForSingleObject\n[\s\S]*h3probe!Parked\+0x[0-9a-f]+ \[.*driver\.c @ \d+\]/);
  // Back to the thread the target stopped on (the idle thread: every thread was waiting at the break-in).
  const reset = await s.execute('.thread');
  assert.match(reset, /^Implicit thread is now fffff801`[0-9a-f]{8}$/);
  assert.doesNotMatch(await s.execute('k'), /h3probe!Parked/);
  const idleThread = await s.execute('!thread');
  assert.match(idleThread, /^THREAD fffff801[0-9a-f]{8}  Cid 0000\.0000  Teb: 0{16} Win32Thread: 0{16} RUNNING on processor 0\n[\s\S]*Image: {9}Idle/);
  // The idle thread runs on the processor's idle stack: Current is the Child-SP k shows for it.
  const idleSp = /^(\S+) /.exec((await s.execute('k')).split('\n')[1]!)![1]!.replace('`', '');
  assert.match(idleThread, new RegExp(`\\nStack Init fffff801[0-9a-f]{8} Current ${idleSp}\\nBase fffff801[0-9a-f]{8} Limit fffff801[0-9a-f]{8} Call 0{16}\\n`));
  assert.equal(await s.execute('.thread 1234'), "Can't retrieve thread context, HRESULT 0x80004005");
});

test('!object lists the driver\'s device, its driver object and its DOS device link', async () => {
  const { s, device } = rig;
  const dev = await s.execute('!object \\Device');
  assert.match(dev, /^Object: fffff801[0-9a-f]{8}  Type: \(fffff801[0-9a-f]{8}\) Directory\n {4}HandleCount: \d+  PointerCount: \d+\n {4}Directory Object: fffff801[0-9a-f]{8}  Name: Device\n\n {4}Hash Address {10}Type {22}Name\n {4}---- ------- {10}---- {22}----\n/);
  assert.match(dev, new RegExp(`\\n(?: {5}\\d\\d  | {9})${va16(device)} Device {20}H3Probe(\\n|$)`));
  const drv = await s.execute('!object \\Driver');
  assert.match(drv, /\n(?: {5}\d\d  | {9})fffff801[0-9a-f]{8} Driver {20}h3probe(\n|$)/);
  const dos = await s.execute('!object \\GLOBAL??');
  assert.match(dos, /\n(?: {5}\d\d  | {9})fffff801[0-9a-f]{8} SymbolicLink {14}H3Probe(\n|$)/);
  const link = await s.execute('!object \\GLOBAL??\\H3Probe');
  assert.match(link, /^Object: fffff801[0-9a-f]{8}  Type: \(fffff801[0-9a-f]{8}\) SymbolicLink\n[\s\S]*Name: H3Probe\n {4}Flags: 00000000 \( Local \)\n {4}Target String is '\\Device\\H3Probe'$/);
  const byAddr = await s.execute(`!object ${va16(device)}`);
  assert.match(byAddr, new RegExp(`^Object: ${va16(device)}  Type: \\(fffff801[0-9a-f]{8}\\) Device\\n[\\s\\S]*Name: H3Probe$`));
  assert.match(await s.execute('!object \\'), /Name: \\\n[\s\S]* Directory {17}Device\n/);
  assert.equal(await s.execute('!object \\NoSuchThing'), 'Object \\NoSuchThing not found');
});

test('!poolused shows the driver\'s tag; !pool finds its block', async () => {
  const { s, block } = rig;
  const used = await s.execute('!poolused');
  assert.match(used, /^ Sorting by Tag\n\n {15}NonPaged {18}Paged\n Tag {5}Allocs {9}Used {5}Allocs {9}Used\n\n/);
  assert.match(used, /\n H3pl {9}1 {10}200 {10}0 {12}0\tUNKNOWN pooltag 'H3pl', please update pooltag.txt\n/);
  assert.match(used, /\n TOTAL +\d+ +\d+ +\d+ +\d+$/);
  const sorted = await s.execute('!poolused 2');
  assert.match(sorted, /^ Sorting by NonPaged Pool Consumed\n/);
  const verbose = await s.execute('!poolused 1 H3pl');
  assert.match(verbose, /\n H3pl {10}1 {10}0 {9}1 {10}200 {11}0 {10}0 {9}0 {12}0\t/);
  assert.equal(verbose.split('\n').filter((l) => /^ [^ T]/.test(l) && !l.startsWith(' Sorting')).length, 1);
  const pool = await s.execute(`!pool ${va16(block)}`);
  assert.match(pool, new RegExp(`^Pool page ${va16(block)} region is Nonpaged pool\\n`));
  assert.match(pool, new RegExp(`\\n\\*${va16(block)} size: {3}d0 previous size: +[0-9a-f]+  \\(Allocated\\) \\*H3pl\\n\\t\\tOwning component : Unknown \\(update pooltag.txt\\)`));
  assert.match(await s.execute('!pool 0'), /^Pool page 0000000000000000 region is Unknown\n/);
});
