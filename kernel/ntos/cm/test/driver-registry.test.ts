// A legacy driver reads its Services\<name>\Parameters key in DriverEntry (RtlQueryRegistryValues and the Zw key
// services, built with real clang and run on our kernel), keeps a boot counter in the registry, and what it wrote
// survives the machine's hive files (flushed to the disk, loaded again by a fresh kernel, as after a restart).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestDriver, testLayouts } from '../../ke/test/driver.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel } from '../../kernel.ts';
import { REG_DWORD, REG_MULTI_SZ, REG_SZ } from '../registry.ts';
import { HiveFiles } from '../../../boot/hives.ts';
import { Disk, SYSTEM_HIVE_PATH } from '../../../../main/machine/devices/disk.ts';

const SERVICE = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\RegParams';
const IMAGE = 'C:\\DriverTest\\Drivers\\RegParams.sys';
let layouts: Layouts;
let image: Uint8Array;

before(async () => {
  layouts = await testLayouts();
  image = await buildTestDriver('RegParams', ['DriverEntry', 'Observed']);
});

/** Installs the service as `sc create` does and gives it a Parameters key; returns what DriverEntry saw. */
function startDriver(k: Kernel, params: { poll: number; port: string; names: string[] }) {
  k.io.readFile = (p) => (p.toLowerCase() === `\\??\\${IMAGE}`.toLowerCase() ? image : undefined);
  if (!k.registry.open(SERVICE)) assert.equal(k.io.services.create('RegParams', { binaryPath: IMAGE }), 0);
  const p = k.registry.create(`${SERVICE}\\Parameters`);
  p.setValue('PollInterval', REG_DWORD, params.poll);
  p.setValue('PortName', REG_SZ, params.port);
  p.setValue('DeviceNames', REG_MULTI_SZ, params.names);
  const handlesBefore = k.io.ob.handleCount();
  assert.equal(k.io.services.start('RegParams'), 0);
  assert.equal(k.bugCheck, undefined, k.bugCheck?.message);
  assert.equal(k.io.ob.handleCount(), handlesBefore, 'every key handle DriverEntry opened is closed');
  const img = k.loader.loaded().find((i) => i.moduleName === 'RegParams')!;
  const at = (img.exports.get('Observed') as { address: number }).address;
  let off = 0;
  const m = k.memory;
  const u32 = () => { const v = m.readU32(at + off); off += 4; return v; };
  const i32 = () => u32() | 0;
  const wstr = (chars: number) => { let s = ''; for (let i = 0; i < chars; i++) { const c = m.readU16(at + off + 2 * i); if (!c) break; s += String.fromCharCode(c); } off += 2 * chars; return s; };
  // REGP_OBSERVED in declaration order (all 4-byte members and WCHAR arrays of even length).
  const o = {
    PollInterval: u32(), Retries: u32(), RequiredMissing: i32(), PortName: wstr(16), PortNameLength: u32(),
    DeviceNameCount: u32(), DeviceNames: wstr(64), OpenStatus: i32(), TooSmall: i32(), Overflow: i32(), NeededLength: u32(),
    PartialType: u32(), PartialLength: u32(), PartialDword: u32(), FullNameLength: u32(), FullDataOffset: u32(), FullDataLength: u32(),
    BasicType: u32(), ValueCount: u32(), EnumEnd: i32(), SubkeyCount: u32(), FirstSubkey: wstr(16), MissingValue: i32(),
    Disposition1: u32(), Disposition2: u32(), BootCount: u32(), ReadOnlySet: i32(), DeleteValue: i32(), DeleteMissingValue: i32(),
    DeleteKey: i32(), QueryDeleted: i32(), CheckAfterDelete: i32(), CreateKey: i32(), CheckKey: i32(), WriteValue: i32(), Flush: i32(),
  };
  return o;
}

test('a driver reads its Parameters key in DriverEntry (RtlQueryRegistryValues and Zw*Key) with the real statuses', () => {
  const k = new Kernel({ layouts });
  const st = (n: string) => k.constant(n) | 0;
  const params = { poll: 250, port: 'LPT1', names: ['DongLpt0', 'DongLpt1', 'Spare'] };
  const o = startDriver(k, params);
  // RtlQueryRegistryValues: DIRECT DWORD, a default for a missing value, DIRECT string, callback per MULTI_SZ string.
  assert.equal(o.PollInterval, params.poll);
  assert.equal(o.Retries, 3, 'the table entry default (DefaultData = 3 in the driver)');
  assert.equal(o.PortName, params.port);
  assert.equal(o.PortNameLength, params.port.length * 2);
  assert.equal(o.DeviceNameCount, params.names.length);
  assert.equal(o.DeviceNames, params.names.join(';'));
  assert.equal(o.RequiredMissing, st('STATUS_OBJECT_NAME_NOT_FOUND'));
  // ZwOpenKey relative to the service key; ZwQueryValueKey in each class and with short buffers.
  assert.equal(o.OpenStatus, 0);
  const partial = layouts.structs['KEY_VALUE_PARTIAL_INFORMATION']!.fields['Data']!.offset;
  assert.equal(o.TooSmall, st('STATUS_BUFFER_TOO_SMALL'));
  assert.equal(o.Overflow, st('STATUS_BUFFER_OVERFLOW'));
  assert.equal(o.NeededLength, partial + (params.port.length + 1) * 2);
  assert.deepEqual([o.PartialType, o.PartialLength, o.PartialDword], [REG_DWORD, 4, params.poll]);
  const nameAt = layouts.structs['KEY_VALUE_FULL_INFORMATION']!.fields['Name']!.offset;
  assert.equal(o.FullNameLength, 'PollInterval'.length * 2);
  assert.equal(o.FullDataOffset, (nameAt + o.FullNameLength + 3) & ~3, 'data follows the name, ULONG-aligned');
  assert.equal(o.FullDataLength, 4);
  assert.equal(o.BasicType, REG_MULTI_SZ);
  assert.equal(o.MissingValue, st('STATUS_OBJECT_NAME_NOT_FOUND'));
  assert.equal(o.ValueCount, 3);
  assert.equal(o.EnumEnd, st('STATUS_NO_MORE_ENTRIES'));
  assert.equal(o.SubkeyCount, 1, 'Parameters is the only subkey when enumerated');
  assert.equal(o.FirstSubkey, 'Parameters');
  // ZwCreateKey dispositions, a counter written back, access checks, deletes.
  assert.deepEqual([o.Disposition1, o.Disposition2], [k.constant('REG_CREATED_NEW_KEY'), k.constant('REG_OPENED_EXISTING_KEY')]);
  assert.equal(o.BootCount, 1);
  assert.equal(k.registry.open(`${SERVICE}\\State`)?.value('BootCount')?.data, 1);
  assert.equal(o.ReadOnlySet, st('STATUS_ACCESS_DENIED'));
  assert.equal(k.registry.open(`${SERVICE}\\State`)?.value('Forbidden'), undefined);
  assert.equal(o.DeleteValue, 0);
  assert.equal(o.DeleteMissingValue, st('STATUS_OBJECT_NAME_NOT_FOUND'));
  assert.equal(o.DeleteKey, 0);
  assert.equal(o.QueryDeleted, st('STATUS_KEY_DELETED'));
  assert.equal(o.CheckAfterDelete, st('STATUS_OBJECT_NAME_NOT_FOUND'));
  assert.equal(k.registry.open(`${SERVICE}\\Scratch`), undefined);
  // Rtl helpers relative to RTL_REGISTRY_SERVICES.
  assert.deepEqual([o.CreateKey, o.CheckKey, o.WriteValue, o.Flush], [0, 0, 0, 0]);
  const status = k.registry.open(`${SERVICE}\\Status`)!;
  assert.equal(status.value('Loaded')?.data, 1);
  assert.deepEqual(status.value('Message'), { name: 'Message', type: REG_SZ, data: 'Parameters read' });
  // The service key still has what sc wrote.
  const svc = k.registry.open(SERVICE)!;
  assert.deepEqual([svc.value('Type')?.data, svc.value('Start')?.data, svc.value('ErrorControl')?.data, svc.value('ImagePath')?.data], [1, 3, 1, `\\??\\${IMAGE}`]);
});

test('what a driver writes to the registry survives the hive files on the disk (a restart reads it back)', () => {
  const disk = new Disk(() => 0);
  disk.mkdir(SYSTEM_HIVE_PATH.slice(0, SYSTEM_HIVE_PATH.lastIndexOf('\\')));
  const boot = () => {
    const k = new Kernel({ layouts });
    const hives = new HiveFiles(disk, k.registry);
    hives.load();
    k.registry.flush = () => { hives.flush(); };
    return k;
  };
  const first = boot();
  assert.equal(startDriver(first, { poll: 100, port: 'LPT2', names: ['A'] }).BootCount, 1);
  assert.ok(disk.exists(SYSTEM_HIVE_PATH), 'ZwFlushKey wrote the SYSTEM hive');
  const second = boot();
  assert.equal(second.registry.open(`${SERVICE}\\State`)?.value('BootCount')?.data, 1, 'the counter came back from the disk');
  assert.equal(startDriver(second, { poll: 100, port: 'LPT2', names: ['A'] }).BootCount, 2, 'the driver counts on from the stored value');
});
