// The bugcheck suite: each small buggy driver (kernel/test/drivers) stops the system with the code, the four
// parameters and the faulting driver Windows reports; the stop screen text and the memory dump record come from
// the same stop, and a stopped machine leaves every other machine running.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { toVA } from '../../../../main/machine/memory.ts';
import { TICKS_PER_SECOND } from '../../../../main/machine/devices/device.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel, type KernelOptions } from '../../kernel.ts';
import { tagValue } from '../../ex/pool.ts';
import { blueScreenText } from '../bluescreen.ts';
import { readCrashDump } from '../crashdump.ts';
import { buildTestDriver, testLayouts } from './driver.ts';

const DRIVERS = ['PassiveAtDispatch', 'PagedAtDispatch', 'DivideThread', 'WildPointer', 'DoubleFree', 'LeakyTimer', 'DeepRecursion'] as const;
type Name = typeof DRIVERS[number];
let layouts: Layouts;
const images = new Map<Name, Uint8Array>();

before(async () => {
  layouts = await testLayouts();
  for (const n of DRIVERS) images.set(n, await buildTestDriver(n, ['DriverEntry']));
});

/** A kernel with the driver installed as a demand-start service and started (sc create + sc start). */
function start(name: Name, o: Partial<KernelOptions> = {}, verifier = true) {
  const k = new Kernel({ layouts, ...o });
  k.io.verifier = verifier;
  k.io.readFile = (p) => (p.endsWith(`\\${name}.sys`) ? images.get(name) : undefined);
  assert.equal(k.io.services.create(name, { binaryPath: `C:\\DriverTest\\Drivers\\${name}.sys` }), 0);
  const error = k.io.services.start(name);
  return { k, error, image: () => k.loader.find(`${name}.sys`) };
}

/** Whether a VA lies in an image's mapped range. */
const inImage = (va: bigint, im: { base: number; size: number } | undefined) => !!im && va >= toVA(im.base) && va < toVA(im.base + im.size);

test('PASSIVE_LEVEL routine called at DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL (0xA) in the routine, blamed on the caller', () => {
  const routineAt = 0x7000;
  const { k, error } = start('PassiveAtDispatch');
  assert.equal(error, 31, '[SC] StartService FAILED 31: the system stopped');
  const b = k.bugCheck!;
  assert.equal(b.code, 'IRQL_NOT_LESS_OR_EQUAL');
  assert.deepEqual(b.params.slice(1, 3), [2n, 8n], 'at DISPATCH_LEVEL, an instruction fetch');
  assert.equal(b.driver, 'PassiveAtDispatch.sys');
  // With the kernel images mapped (the KD stub does it) parameters 1 and 4 are the routine's address.
  const k3 = new Kernel({ layouts });
  k3.routineAddress = (m, n) => (m === 'ntoskrnl.exe' && n === 'IoCreateSymbolicLink' ? routineAt : undefined);
  k3.io.readFile = () => images.get('PassiveAtDispatch');
  k3.io.services.create('PassiveAtDispatch', { binaryPath: 'C:\\D\\PassiveAtDispatch.sys' });
  k3.io.services.start('PassiveAtDispatch');
  assert.deepEqual([k3.bugCheck?.params[0], k3.bugCheck?.params[3]], [toVA(routineAt), toVA(routineAt)]);
});

test('paged pool touched at DISPATCH_LEVEL by driver code: DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1)', () => {
  const { k, image } = start('PagedAtDispatch');
  const b = k.bugCheck!;
  assert.equal(b.code, 'DRIVER_IRQL_NOT_LESS_OR_EQUAL');
  const block = k.pool.blocks().find((x) => x.tag === tagValue('DPag'));
  assert.ok(block?.paged, 'the paged block the driver allocated');
  assert.deepEqual(b.params.slice(0, 3), [toVA(block.address), 2n, 0n], 'address, IRQL 2, a read (the += reads first)');
  assert.ok(inImage(b.params[3], image()), 'parameter 4 is the driver\'s instruction');
  assert.equal(b.driver, 'PagedAtDispatch.sys');
});

test('divide by zero in a driver\'s system thread: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (0x7E)', () => {
  const { k, error, image } = start('DivideThread');
  assert.equal(error, 0, 'DriverEntry succeeded; its thread runs next');
  k.run({ maxCycles: TICKS_PER_SECOND });
  const b = k.bugCheck!;
  assert.equal(b.code, 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
  assert.equal(b.params[0], BigInt.asUintN(64, BigInt(k.constant('STATUS_INTEGER_DIVIDE_BY_ZERO') | 0)), 'the NTSTATUS sign-extended, as Windows passes it');
  assert.ok(inImage(b.params[1], image()), 'parameter 2 is the faulting instruction in the driver');
  assert.equal(b.driver, 'DivideThread.sys');
  const names = k.processor.stack(k.threads.find((t) => t.state === 'faulted')!).map((f) => f.function);
  assert.ok(names.includes('DivideWorker'), names.join(' <- '));
});

test('unbounded recursion until the kernel stack runs out: UNEXPECTED_KERNEL_MODE_TRAP (0x7F) with 8, a double fault', () => {
  const { k, error, image } = start('DeepRecursion');
  assert.equal(error, 31, 'the system stopped inside DriverEntry');
  const b = k.bugCheck!;
  assert.equal(b.code, 'UNEXPECTED_KERNEL_MODE_TRAP');
  assert.equal(b.params[0], 8n, 'EXCEPTION_DOUBLE_FAULT');
  assert.ok(inImage(b.params[3], image()), 'parameter 4 is where the driver was when the stack ran out');
  assert.equal(b.driver, 'DeepRecursion.sys');
  const frames = k.processor.stack(k.threads.find((t) => t.state === 'faulted')!).map((f) => f.function);
  assert.ok(frames.filter((f) => f === 'SumTree').length > 10, 'the stack is SumTree calling itself');
  assert.match(blueScreenText(b, k.constant(b.code)).join('\n'), /UNEXPECTED_KERNEL_MODE_TRAP/);
});

test('a wild pointer into unmapped system space: PAGE_FAULT_IN_NONPAGED_AREA (0x50), its blue screen and dump', () => {
  let saved: Uint8Array | undefined;
  const { k, image } = start('WildPointer', { onCrashDump: (d) => { saved = d; } });
  const b = k.bugCheck!;
  assert.equal(b.code, 'PAGE_FAULT_IN_NONPAGED_AREA');
  assert.deepEqual([b.params[0], b.params[1], b.params[3]], [toVA(0xdead0004), 2n, 2n], 'address, a write, no page table');
  assert.ok(inImage(b.params[2], image()));
  assert.equal(b.driver, 'WildPointer.sys');

  const screen = blueScreenText(b, k.constant(b.code));
  assert.ok(screen.includes('Stop code: PAGE_FAULT_IN_NONPAGED_AREA'));
  assert.ok(screen.includes('What failed: WildPointer.sys'));
  const pv = (v: bigint) => '0x' + v.toString(16).toUpperCase().padStart(16, '0');
  assert.ok(screen.includes(`0x00000050 (${b.params.map(pv).join(', ')})`), screen.join('\n'));

  assert.ok(saved, 'the machine was handed the dump');
  const d = readCrashDump(saved!);
  assert.deepEqual([d.header.bugCheck.code, d.header.bugCheck.name, d.header.bugCheck.driver], [0x50, b.code, 'WildPointer.sys']);
  assert.deepEqual(d.header.bugCheck.parameters.map((p) => BigInt(p)), [...b.params]);
  assert.ok(d.header.modules.some((m) => m.name === 'WildPointer.sys' && BigInt(m.base) === toVA(image()!.base)));
  const faulting = d.header.threads.find((t) => t.faulting)!;
  assert.ok(faulting.frames.some((f) => f.function === 'DriverEntry'), JSON.stringify(faulting.frames));
  assert.deepEqual(Buffer.compare(Buffer.from(d.memory), Buffer.from(k.memory.u8)), 0, 'the whole memory');
  assert.ok(saved!.length < k.memory.size / 8, `compressed: ${saved!.length} bytes`);
});

test('a double free: BAD_POOL_CALLER (0xC2) sub-code 7 with the block\'s address', () => {
  const { k } = start('DoubleFree');
  const b = k.bugCheck!;
  assert.equal(b.code, 'BAD_POOL_CALLER');
  assert.equal(b.params[0], 7n);
  assert.equal(BigInt.asUintN(32, b.params[2] >> 32n), BigInt(tagValue('Free')), 'the pool header carries the tag');
  assert.equal(b.driver, 'DoubleFree.sys');
});

test('a timer left armed at unload: 0xC4/0x62 with Driver Verifier, 0xCE when it fires into the unloaded driver without', () => {
  const v = start('LeakyTimer');
  assert.equal(v.error, 0);
  v.k.io.services.stop('LeakyTimer');
  const b = v.k.bugCheck!;
  assert.equal(b.code, 'DRIVER_VERIFIER_DETECTED_VIOLATION');
  assert.deepEqual([b.params[0], b.params[3]], [0x62n, 1n], 'leaked allocations: one');
  assert.equal(b.driver, 'LeakyTimer.sys');

  const n = start('LeakyTimer', {}, false);
  const range = { base: n.image()!.base, size: n.image()!.size };
  assert.equal(n.k.io.services.stop('LeakyTimer'), 0);
  assert.equal(n.k.bugCheck, undefined, 'nothing noticed at unload');
  n.k.run({ maxCycles: 6 * TICKS_PER_SECOND });
  const c = n.k.bugCheck!;
  assert.equal(c?.code, 'DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS');
  assert.ok(inImage(c.params[0], range), 'the DPC routine\'s old address');
  assert.deepEqual([c.params[1], c.params[2], c.params[3]], [0x10n, c.params[0], 0n]);
  assert.equal(c.driver, 'LeakyTimer.sys');
});

test('a stopped machine leaves the host and other machines running', () => {
  const other = new Kernel({ layouts });
  const crashed = start('WildPointer').k;
  assert.ok(crashed.bugCheck);
  assert.doesNotThrow(() => crashed.run({ maxCycles: TICKS_PER_SECOND }));
  const r = other.io.runOnSystemThread('Worker', function* () { return 7; });
  assert.equal(r.result, 7);
  assert.equal(other.bugCheck, undefined);
});
