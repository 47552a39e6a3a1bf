// The tables the stub publishes for the debugger's extensions are in system memory when the crash dump is written,
// even when no debugger ever connected (the dump is opened later with windbg -z and read as target memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateLayouts } from '../../../../../main/toolchain/layouts.ts';
import { decodeIoTables, ioTablesLength, IO_TABLES } from '../../../../../main/formats/kd/ntdata-io.ts';
import { decodeJsonTable, jsonTableLength, WDF_TABLES, type WdfTables } from '../../../../../main/formats/kd/ntdata-wdf.ts';
import { Kernel } from '../../../kernel.ts';
import { KdStub } from '../stub.ts';
import { BugCheck } from '../../../ke/bugcheck.ts';
import { readCrashDump } from '../../../ke/crashdump.ts';
import { pnp } from '../../../io/pnp/manager.ts';

test('a crash dump holds current device-node and KMDF tables though no debugger was connected', async () => {
  let dump: Uint8Array | undefined;
  const k = new Kernel({ layouts: await generateLayouts(), onCrashDump: (d) => { dump = d; } });
  const stub = new KdStub(k);
  const m = pnp(k);
  const node = m.createRootDevice({ hardwareIds: ['Root\\Sample'], className: 'Sample' });
  k.stop(new BugCheck('MANUALLY_INITIATED_CRASH'));
  assert.ok(dump, 'the dump was written');
  const mem = readCrashDump(dump).memory;
  const at = (name: string) => stub.published.flatMap((p) => [...p.at]).find(([n]) => n === name)![1];

  const io = at(IO_TABLES);
  const tables = decodeIoTables(mem.subarray(io + 4, io + 4 + ioTablesLength(mem.subarray(io, io + 4))));
  assert.deepEqual(tables.devnodes.map((n) => n.instancePath), m.list().map((n) => n.instanceId));
  assert.ok(tables.devnodes.some((n) => n.instancePath === node.instanceId && n.state === 0x302), 'the new node, DeviceNodeInitialized');
  assert.ok(tables.objects.some((o) => o.name === '\\Driver\\PnpManager'));

  const wdf = at(WDF_TABLES);
  const t = decodeJsonTable<WdfTables>(mem.subarray(wdf + 4, wdf + 4 + jsonTableLength(mem.subarray(wdf, wdf + 4))));
  assert.equal(t.library.version, 'v1.15');
  assert.deepEqual(t.clients, []);
});
