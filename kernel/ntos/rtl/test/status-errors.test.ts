// RtlNtStatusToDosError has one table (kernel/ntos/rtl/status-errors.ts) by header names: the kernel (service
// exit codes, sc's error numbers) and user mode (GetLastError) read its numbers from their own layout tables and
// must agree on every entry, with the values winerror.h gives.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { generateLayouts, generateUserLayouts } from '../../../../main/toolchain/layouts.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { STATUS_TO_ERROR, ntStatusToDosError } from '../status-errors.ts';
import { Win32Errors } from '../../../user/errors.ts';

let km: Layouts, um: Layouts;
before(async () => { [km, um] = await Promise.all([generateLayouts(), generateUserLayouts()]); });

test('kernel and user mode map every status of the table to the same Win32 error', () => {
  const user = new Win32Errors(um);
  for (const [status, error] of Object.entries(STATUS_TO_ERROR)) {
    const s = km.constants[status];
    assert.notEqual(s, undefined, `${status} is in the kernel's layout table`);
    assert.equal(km.constants[error], um.constants[error], `${error}: one value in both`);
    assert.equal(ntStatusToDosError(km.constants, s!), um.constants[error]! >>> 0, status);
    assert.equal(user.fromStatus(s!), um.constants[error]! >>> 0, `${status} from user mode`);
  }
});

test('RtlNtStatusToDosError: known values, Win32-wrapped statuses, customer codes and unmapped statuses', () => {
  const map = (s: number) => ntStatusToDosError(km.constants, s);
  assert.equal(map(0), 0);
  assert.equal(map(0xc0000034), 2, 'STATUS_OBJECT_NAME_NOT_FOUND → ERROR_FILE_NOT_FOUND');
  assert.equal(map(0xc0000428), 577, 'STATUS_INVALID_IMAGE_HASH → ERROR_INVALID_IMAGE_HASH (sc start FAILED 577)');
  assert.equal(map(0xc000000d), 87, 'STATUS_INVALID_PARAMETER → ERROR_INVALID_PARAMETER');
  assert.equal(map(0xc0070020), 32, 'FACILITY_WIN32 carries the Win32 code');
  assert.equal(map(0xe0001234), 0xe0001234, 'a customer code passes through');
  assert.equal(map(0xc0ff0001), 317, 'no Win32 equivalent: ERROR_MR_MID_NOT_FOUND');
});
