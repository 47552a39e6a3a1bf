import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectNamespace, type ObjectHeader } from '../namespace.ts';
import { BugCheck } from '../../ke/bugcheck.ts';

const device = (body: number): ObjectHeader => ({ type: 'Device', body, pointerCount: 1, handleCount: 0, permanent: false });

test('\\DosDevices and \\?? resolve through \\GLOBAL?? to the device', () => {
  const ob = new ObjectNamespace();
  const d = device(0x2000);
  assert.equal(ob.insert('\\Device\\DongLpt0', d), 'STATUS_SUCCESS');
  assert.equal(ob.createSymbolicLink('\\DosDevices\\DongLpt1', '\\Device\\DongLpt0'), 'STATUS_SUCCESS');
  assert.equal(ob.lookup('\\??\\DONGLPT1').header, d);
  assert.equal(ob.lookup('\\GLOBAL??\\DongLpt1').header, d);
  assert.equal(ob.lookup('\\DosDevices\\DongLpt1\\file.txt').remaining, 'file.txt');
  assert.equal(ob.pathOf(d), '\\Device\\DongLpt0');
  assert.equal(ob.insert('\\Device\\DongLpt0', device(0x3000)), 'STATUS_OBJECT_NAME_COLLISION');
  assert.equal(ob.lookup('\\Device\\Nope').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(ob.lookup('\\Nope\\X').status, 'STATUS_OBJECT_PATH_NOT_FOUND');
});

test('a link opened with OBJ_OPENLINK is the link itself, and deleting it leaves the target', () => {
  const ob = new ObjectNamespace();
  const d = device(0x2000);
  ob.insert('\\Device\\Echo', d);
  ob.createSymbolicLink('\\GLOBAL??\\Echo', '\\Device\\Echo');
  const link = ob.lookup('\\??\\Echo', true).header!;
  assert.equal(link.type, 'SymbolicLink');
  ob.removeName(link);
  assert.equal(ob.lookup('\\??\\Echo').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(ob.lookup('\\Device\\Echo').header, d);
});

test('the last dereference deletes; one more is REFERENCE_BY_POINTER', () => {
  const ob = new ObjectNamespace();
  let deleted = 0;
  const d = { ...device(0x4000), onDelete: () => { deleted++; } };
  ob.insert('\\Device\\X', d);
  ob.track(d);
  ob.reference(d);
  ob.dereference(d);
  assert.equal(deleted, 0);
  ob.dereference(d);
  assert.equal(deleted, 1);
  assert.equal(ob.lookup('\\Device\\X').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
  assert.equal(ob.byBody.has(0x4000), false);
  assert.throws(() => ob.dereference(d), (e: unknown) => e instanceof BugCheck && e.code === 'REFERENCE_BY_POINTER');
});

test('symbolic link loops end with not-found instead of hanging', () => {
  const ob = new ObjectNamespace();
  ob.createSymbolicLink('\\GLOBAL??\\A', '\\GLOBAL??\\B');
  ob.createSymbolicLink('\\GLOBAL??\\B', '\\GLOBAL??\\A');
  assert.equal(ob.lookup('\\??\\A').status, 'STATUS_OBJECT_NAME_NOT_FOUND');
});
