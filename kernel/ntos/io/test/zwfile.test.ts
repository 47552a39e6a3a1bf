// ZwCreateFile/ZwWriteFile/ZwReadFile/ZwQueryInformationFile/ZwClose from a driver (built with real clang) on the
// machine's disk: a log file written, appended, read back, and the opens that fail with NT's statuses.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestDriver, loadDriver, testLayouts } from '../../ke/test/driver.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Disk } from '../../../../main/machine/devices/disk.ts';
import { diskPathOf } from '../zwfile.ts';

let layouts: Layouts;
let image: Uint8Array;
before(async () => {
  layouts = await testLayouts();
  image = await buildTestDriver('FileLog', ['DriverEntry', 'Observed']);
});

test('NT paths of disk files', () => {
  assert.equal(diskPathOf('\\??\\C:\\x\\y.txt'), 'C:\\x\\y.txt');
  assert.equal(diskPathOf('\\DosDevices\\C:\\a'), 'C:\\a');
  assert.equal(diskPathOf('\\SystemRoot\\System32\\drivers\\x.sys'), 'C:\\Windows\\System32\\drivers\\x.sys');
  assert.equal(diskPathOf('\\Device\\DongLpt0'), undefined);
  assert.equal(diskPathOf('\\??\\DongLpt1'), undefined);
});

test('a driver writes a log file on the disk and reads it back with the real statuses', () => {
  const disk = new Disk(() => 0);
  disk.mkdir('C:\\DriverTest');
  const { k, fn, data } = loadDriver(layouts, image, 'FileLog', { disk });
  const handles = k.io.ob.handleCount();
  const drv = k.io.alloc(k.io.size('DRIVER_OBJECT'), 'Drv ');
  const path = k.io.newUnicodeString('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\FileLog');
  const r = k.call(fn('DriverEntry'), [drv, path]);
  assert.equal(k.bugCheck, undefined, k.bugCheck?.message);
  assert.equal(r.result, 0);
  assert.equal(k.io.ob.handleCount(), handles, 'every file handle is closed');
  const st = (n: string) => k.constant(n) | 0;
  const at = data('Observed'), m = k.memory;
  let off = 0;
  const i32 = () => { const v = m.readU32(at + off) | 0; off += 4; return v; };
  const text = (n: number) => { const s = Buffer.from(m.u8.subarray(at + off, at + off + n)).toString('latin1').replace(/\0.*$/s, ''); off += n; return s; };
  const o = {
    Create: i32(), CreateInformation: i32(), Write1: i32(), Write2: i32(), Written2: i32(), Reopen: i32(), ReopenInformation: i32(),
    Query: i32(), EndOfFile: i32(), Read: i32(), ReadLength: i32(), Text: text(64), ReadPastEnd: i32(), Position: i32(), CurrentOffset: i32(),
    MissingFile: i32(), MissingFolder: i32(), Collision: i32(), MissingDevice: i32(), WriteReadOnly: i32(),
  };
  const expected = 'FileLog started\r\nsecond line\r\n';
  assert.equal(Buffer.from(disk.readFile('C:\\DriverTest\\FileLog.txt')).toString('latin1'), expected);
  assert.deepEqual([o.Create, o.CreateInformation], [0, k.constant('FILE_CREATED')]);
  assert.deepEqual([o.Write1, o.Write2, o.Written2], [0, 0, 'second line\r\n'.length]);
  assert.equal(o.WriteReadOnly, st('STATUS_ACCESS_DENIED'), 'a handle opened for FILE_WRITE_DATA cannot read');
  assert.deepEqual([o.Reopen, o.ReopenInformation], [0, k.constant('FILE_OPENED')]);
  assert.deepEqual([o.Query, o.EndOfFile], [0, expected.length]);
  assert.deepEqual([o.Read, o.ReadLength, o.Text], [0, expected.length, expected]);
  assert.equal(o.ReadPastEnd, st('STATUS_END_OF_FILE'));
  assert.deepEqual([o.Position, o.CurrentOffset], [0, expected.length]);
  assert.equal(o.MissingFile, st('STATUS_OBJECT_NAME_NOT_FOUND'));
  assert.equal(o.MissingFolder, st('STATUS_OBJECT_PATH_NOT_FOUND'));
  assert.equal(o.Collision, st('STATUS_OBJECT_NAME_COLLISION'));
  assert.equal(o.MissingDevice, st('STATUS_OBJECT_NAME_NOT_FOUND'));
});
