// I/O misuse stops the system as Windows does: a driver that completes an IRP twice is
// MULTIPLE_IRP_COMPLETE_REQUESTS (0x44) with the IRP's address, raised in that driver's dispatch routine.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildProject } from '../../../../main/toolchain/build.ts';
import { generateLayouts } from '../../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../../main/toolchain/clang.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel } from '../../kernel.ts';
import { ntCreateFile } from '../file.ts';

let layouts: Layouts;
let image: Uint8Array;

before(async () => {
  layouts = await generateLayouts();
  const r = await buildProject(path.join(repoRoot, 'kernel', 'test', 'drivers', 'DoubleComplete'));
  assert.ok(r.success, r.log.join('\n'));
  image = readFileSync(path.join(r.outputDir, 'DoubleComplete.sys'));
});

test('completing an IRP twice is MULTIPLE_IRP_COMPLETE_REQUESTS (0x44) in the faulting driver', () => {
  const k = new Kernel({ layouts });
  k.io.readFile = (p) => (p.endsWith('\\DoubleComplete.sys') ? image : undefined);
  assert.equal(k.io.services.create('DoubleComplete', { binaryPath: 'C:\\DriverTest\\Drivers\\DoubleComplete.sys' }), 0);
  assert.equal(k.io.services.start('DoubleComplete'), 0);
  const irps: number[] = [];
  const alloc = k.io.pool.allocate.bind(k.io.pool);
  k.io.pool.allocate = (size, tag) => { const a = alloc(size, tag); if (tag === 'Irp ' && a) irps.push(a); return a; };
  const { thread } = k.io.runOnSystemThread('NtCreateFile', function* () { yield* ntCreateFile(k.io, '\\Device\\DoubleComplete'); return 0; });
  const b = k.bugCheck;
  assert.ok(b, 'the system stopped');
  assert.equal(b.code, 'MULTIPLE_IRP_COMPLETE_REQUESTS');
  assert.equal(b.params[0], BigInt(irps[0]!), 'parameter 1 is the IRP');
  // The stop happened inside the driver's dispatch routine: its frame is on the faulting thread's stack.
  const names = k.processor.stack(thread).map((f) => f.function);
  assert.ok(names.some((n) => /DcCreate/.test(n)), names.join(' <- '));
  assert.ok(names.some((n) => /IofCompleteRequest/.test(n)), names.join(' <- '));
});
