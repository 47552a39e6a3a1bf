import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry, REG_DWORD, REG_SZ, REG_MULTI_SZ, REG_BINARY, REG_QWORD } from '../registry.ts';

test('keys and values are case-insensitive and keep their case', () => {
  const r = new Registry();
  const svc = r.create('HKLM\\SYSTEM\\CurrentControlSet\\Services\\DongLpt');
  svc.setValue('Start', REG_DWORD, 3);
  assert.equal(r.open('\\Registry\\Machine\\system\\currentcontrolset\\services\\donglpt'), svc);
  assert.equal(svc.value('START')?.name, 'Start');
  assert.equal(svc.path, 'REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\DongLpt');
  assert.equal(r.open('HKLM\\SYSTEM\\Nope'), undefined);
});

test('state out and in round-trips every value type', () => {
  const r = new Registry();
  const k = r.create('HKLM\\SOFTWARE\\Lab');
  k.setValue('s', REG_SZ, 'text');
  k.setValue('m', REG_MULTI_SZ, ['a', 'b']);
  k.setValue('b', REG_BINARY, new Uint8Array([1, 2, 255]));
  k.setValue('q', REG_QWORD, 0x1_0000_0000n);
  const copy = new Registry();
  copy.loadState(JSON.parse(JSON.stringify(r.saveState())));
  const c = copy.open('HKLM\\SOFTWARE\\Lab')!;
  assert.equal(c.value('s')?.data, 'text');
  assert.deepEqual(c.value('m')?.data, ['a', 'b']);
  assert.deepEqual(c.value('b')?.data, new Uint8Array([1, 2, 255]));
  assert.equal(c.value('q')?.data, 0x1_0000_0000n);
  assert.ok(copy.delete('HKLM\\SOFTWARE\\Lab'));
  assert.equal(copy.open('HKLM\\SOFTWARE\\Lab'), undefined);
});
