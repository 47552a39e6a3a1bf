// Device interrupts end to end: LptIrq (a classic driver built by our clang) connects an ISR to LPT1's IRQ 7
// (HalGetInterruptVector + IoConnectInterrupt), and a WriteFile goes write → KeSynchronizeExecution starts the
// transfer → the dongle's answer raises IRQ 7 → the ISR runs at DIRQL → IoRequestDpc → the DpcForIsr completes
// the IRP. IoConnectInterruptEx (CONNECT_FULLY_SPECIFIED) shares the line; the disconnects leave nothing behind.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Layouts } from '../../../layout/layouts.ts';
import { IoBus, InterruptController } from '../../../../main/machine/bus.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import { ParallelPort, dongleAnswer } from '../../../../main/machine/devices/parallel.ts';
import { Kernel } from '../../kernel.ts';
import type { LoadedImage } from '../../mm/loader/loader.ts';
import type { Step } from '../../ob/manager.ts';
import { buildTestDriver, testLayouts } from '../../ke/test/driver.ts';
import { ntClose, ntCreateFile, ntReadWrite } from '../file.ts';
import { pnp } from '../pnp/manager.ts';
import { lineIrql, lineVector } from '../../hal/interrupts.ts';

const IMAGE_PATH = 'C:\\DriverTest\\Drivers\\LptIrq.sys';
let layouts: Layouts;
let image: Uint8Array;

before(async () => { [layouts, image] = await Promise.all([testLayouts(), buildTestDriver('LptIrq', ['DriverEntry', 'Stats', 'StormBug', 'ConnectEx', 'DisconnectEx'])]); });

function machine() {
  const bus = new IoBus(), pic = new InterruptController();
  const lpt = new ParallelPort('LPT1', 0x378, 7, bus, pic);
  const k = new Kernel({ layouts, ports: bus, interrupts: pic });
  k.io.readFile = (p) => (p === `\\??\\${IMAGE_PATH}` ? image : undefined);
  assert.equal(k.io.services.create('LptIrq', { binaryPath: IMAGE_PATH }), 0);
  const poolBefore = new Set(k.pool.blocks().map((b) => b.address));
  assert.equal(k.io.services.start('LptIrq'), 0);
  const img = k.loader.find('LptIrq.sys') as LoadedImage;
  const exp = (n: string) => img.exports.get(n) as { kind: string; address?: number; func?: import('../../../../main/machine/cpu/types.ts').Func };
  const stats = (i: number) => k.memory.readI32(exp('Stats').address! + 4 * i);
  return { k, lpt, pic, stats, exp, poolBefore };
}

function sys<T>(k: Kernel, name: string, body: () => Step<T>): T {
  let out: T | undefined;
  k.io.runOnSystemThread(name, function* () { out = yield* body(); return 0; });
  assert.equal(k.bugCheck, undefined, `bugcheck ${k.bugCheck?.message}`);
  return out as T;
}

test('LptIrq: write → IRQ 7 → ISR at DIRQL → DpcForIsr completes the IRP; read returns the answers; unload disconnects', () => {
  const { k, lpt, stats, poolBefore } = machine();
  const io = k.io, m = k.memory;
  const dirql = lineIrql(k, 7);
  assert.ok(dirql > k.constant('DISPATCH_LEVEL') && dirql < k.constant('CLOCK_LEVEL'));
  assert.deepEqual([stats(5), stats(6), stats(7)], [lineVector(k, 7), dirql, 0], 'HalGetInterruptVector + IoConnectInterrupt');
  assert.equal(k.ke.interrupts.connected().length, 1);

  const h = sys(k, 'NtCreateFile', () => ntCreateFile(io, '\\??\\LptIrq1', {}));
  assert.equal(h.status, 0);
  const buf = io.alloc(4096, 'Test');
  const text = 'IRQ 7!';
  for (let i = 0; i < text.length; i++) m.writeU8(buf + i, text.charCodeAt(i));
  const answersBefore = lpt.saveState().answers;
  const w = sys(k, 'NtWriteFile', () => ntReadWrite(io, h.handle!, true, buf, text.length));
  assert.deepEqual([w.status, w.information], [0, text.length], 'the DPC completed the pending write');
  assert.equal(lpt.saveState().answers - answersBefore, text.length, 'one exchange per byte');
  assert.equal(stats(1), text.length, 'one interrupt per answer');
  assert.equal(stats(2), text.length, 'each claimed by the ISR');
  assert.equal(stats(0), dirql, 'KeGetCurrentIrql in the ISR is the DIRQL');
  assert.equal(stats(9), dirql, 'KeSynchronizeExecution runs at the SynchronizeIrql');
  assert.deepEqual([stats(3), stats(4)], [1, k.constant('DISPATCH_LEVEL')], 'one DpcForIsr, at DISPATCH_LEVEL');
  assert.equal(stats(11), dirql, 'KeAcquireInterruptSpinLock raises to the DIRQL');

  const r = sys(k, 'NtReadFile', () => ntReadWrite(io, h.handle!, false, buf + 0x100, 64));
  assert.deepEqual([r.status, r.information], [0, text.length]);
  assert.deepEqual([...m.read(buf + 0x100, text.length)], [...text].map((c) => dongleAnswer(c.charCodeAt(0), 0xa5)));

  assert.equal(sys(k, 'NtClose', () => ntClose(io, h.handle!)), 0);
  io.pool.free(buf);

  assert.equal(io.services.stop('LptIrq'), 0);
  assert.equal(k.bugCheck, undefined);
  assert.equal(k.ke.interrupts.connected().length, 0, 'DriverUnload disconnected the ISR');
  assert.deepEqual(k.pool.blocks().filter((b) => !poolBefore.has(b.address)).map((b) => b.owner ?? 'nt'), [], 'nothing left in pool');
});

test('an interrupt the ISR does not claim is not retried forever once the device drops its line', () => {
  const { k, pic, stats } = machine();
  // Raise IRQ 7 by hand with no transfer in progress: the ISR reads the status (the port drops the line), finds
  // no answer pending and returns FALSE.
  const io = k.io;
  k.ports.out(0x37a, 0x0c | 0x10 | 0x01, 1);
  k.ports.out(0x37a, 0x0c | 0x10, 1);
  assert.equal(pic.isAsserted(7), true);
  io.runOnSystemThread('Idle', function* () { return 0; });
  assert.equal(k.bugCheck, undefined);
  assert.equal(pic.isAsserted(7), false, 'the ISR read the status register');
  assert.deepEqual([stats(1), stats(2), stats(10)], [1, 0, 1], 'the ISR ran once and, finding no transfer in progress, claimed nothing');
});

test('IoConnectInterruptEx CONNECT_FULLY_SPECIFIED shares the line; a non-sharing connect is refused; IoDisconnectInterruptEx', () => {
  const { k, stats, exp } = machine();
  const pdo = pnp(k).createRootDevice({ hardwareIds: ['Root\\LptIrqShare'] }).pdo;
  const call = (name: string, args: number[]) => {
    const r = k.call(exp(name).func!, args);
    assert.equal(k.bugCheck, undefined, k.bugCheck?.message);
    return Number(r.result) | 0;
  };
  assert.equal(call('ConnectEx', [pdo, 0]), k.constant('STATUS_INVALID_PARAMETER') | 0, 'the line is taken by a sharing ISR; this one does not share');
  assert.equal(call('ConnectEx', [0, 1]), k.constant('STATUS_INVALID_PARAMETER') | 0, 'no PDO');
  assert.equal(call('ConnectEx', [pdo, 1]), 0);
  assert.equal(k.ke.interrupts.connected().length, 2);
  // The shared line: an interrupt the first ISR does not claim reaches the second one.
  k.ports.out(0x37a, 0x0c | 0x10 | 0x01, 1);
  k.ports.out(0x37a, 0x0c | 0x10, 1);
  k.io.runOnSystemThread('Idle', function* () { return 0; });
  assert.equal(k.bugCheck, undefined);
  assert.deepEqual([stats(1), stats(12)], [1, 1], 'both ISRs of the chain ran');
  call('DisconnectEx', []);
  assert.equal(k.ke.interrupts.connected().length, 1);
});

test('an ISR that claims the interrupt but never quiets its device: HARDWARE_INTERRUPT_STORM (0xF2) naming the driver', () => {
  const { k, pic, exp } = machine();
  k.memory.writeU8(exp('StormBug').address!, 1);
  k.ports.out(0x37a, 0x0c | 0x10 | 0x01, 1);
  k.ports.out(0x37a, 0x0c | 0x10, 1);
  k.io.runOnSystemThread('Idle', function* () { return 0; });
  assert.equal(pic.isAsserted(7), true, 'the port still asserts IRQ 7');
  assert.equal(k.bugCheck?.code, 'HARDWARE_INTERRUPT_STORM');
  assert.equal(k.bugCheck?.driver, 'LptIrq.sys');
  const [isr, context, interrupt, chained] = k.bugCheck!.params;
  const connected = k.ke.interrupts.connected()[0]!;
  assert.equal(interrupt, toVA(connected), 'the interrupt object');
  assert.notEqual(isr, 0n);
  assert.notEqual(context, 0n);
  assert.equal(chained, 1n, 'the only ISR on its line');
});
