// ntoskrnl's data exports and se from a real driver (KernelData, built by our clang): KdDebuggerEnabled and
// KdDebuggerNotPresent follow the debugger, InitSafeBootMode, NtBuildNumber, SeExports, the object type variables;
// ObReferenceObjectByHandle checks the object type; SeSinglePrivilegeCheck and the subject context routines.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Layouts } from '../../../layout/layouts.ts';
import { buildTestDriver, loadDriver, testLayouts } from '../../ke/test/driver.ts';
import { OS_VERSION } from '../../ke/version.ts';
import type { KernelDebugger } from '../../kernel.ts';

let L: Layouts;
let bytes: Uint8Array;
before(async () => { [L, bytes] = await Promise.all([testLayouts(), buildTestDriver('KernelData', ['RunVariables', 'RunTypeCheck', 'RunSecurity', 'RunAccessChecks', 'RunRefresh', 'Out', 'Types'])]); });

function run(name: string, attach = false, inUserProcess = false) {
  const d = loadDriver(L, bytes, 'KernelData');
  // A dispatch routine runs in its caller's thread: here, a thread of an application started by the administrator.
  if (inUserProcess) { const app = d.k.ps.createProcess('app.exe').record; d.k.ps.currentProcessObject = () => app.eprocess; }
  if (attach) d.k.debugger = { debugOutput() {}, bugCheck() {}, imageLoaded() {}, threadStopped() {}, holding: () => false } satisfies KernelDebugger;
  const r = d.k.call(d.fn(name), []);
  assert.equal(d.k.bugCheck, undefined, d.k.bugCheck?.message);
  assert.equal(r.stop, undefined);
  const out = (i: number) => d.k.memory.readI32(d.data('Out') + 4 * i);
  return { ...d, out, o: (n: number) => Array.from({ length: n }, (_, i) => out(i)) };
}

test('data exports: debugger flags, safe boot mode, build number, SeExports, object types', () => {
  const d = run('RunVariables');
  const c = (n: string) => d.k.constant(n);
  assert.deepEqual(d.o(7), [0, 1, 0, (0xf0000000 | OS_VERSION.build) | 0, c('SE_LOAD_DRIVER_PRIVILEGE'), c('SE_DEBUG_PRIVILEGE'), c('SE_CREATE_GLOBAL_PRIVILEGE')]);
  const types = Array.from({ length: 4 }, (_, i) => d.k.memory.readU32(d.data('Types') + 4 * i));
  assert.deepEqual(types.map((t) => d.k.obTypes.typeOf(t)), ['File', 'Process', 'Thread', 'Event']);
  assert.deepEqual(types.map((t) => d.k.ob.byBody.get(t)?.type), ['Type', 'Type', 'Type', 'Type']);
  assert.deepEqual(run('RunVariables', true).o(2), [1, 0], 'with a debugger attached');
});

test('ObReferenceObjectByHandle checks the object type: STATUS_OBJECT_TYPE_MISMATCH', () => {
  const d = run('RunTypeCheck');
  const s = (n: string) => d.k.constant(n) | 0;
  assert.deepEqual(d.o(7), [0, s('STATUS_OBJECT_TYPE_MISMATCH'), 1, 0, 1, 0, s('STATUS_OBJECT_TYPE_MISMATCH')]);
});

test('se: SeSinglePrivilegeCheck for the System process, SeCaptureSubjectContext/SeReleaseSubjectContext', () => {
  assert.deepEqual(run('RunSecurity').o(7), [1, 1, 0, 1, 1, 1, 1]);
});

test('se: SeAccessCheck, SePrivilegeCheck, SeSinglePrivilegeCheck, SeAssignSecurity/SeDeassignSecurity as a driver calls them', () => {
  const c = (n: string) => L.constants[n];
  const control = c('SE_SELF_RELATIVE') | c('SE_DACL_PRESENT');
  // The System process's token holds every privilege; kernel mode is granted all access.
  assert.deepEqual(run('RunAccessChecks').o(19), [1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, control, 18, 1, 0, 1]);
  // An administrator's token lacks SeTcbPrivilege (user mode fails, kernel mode still passes); its objects' owner
  // is BUILTIN\Administrators (S-1-5-32-544).
  assert.deepEqual(run('RunAccessChecks', false, true).o(19), [1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, control, 544, 1, 0, 1]);
});

test('KdRefreshDebuggerNotPresent: FALSE only while a debugger host is connected to the KD stub', () => {
  const d = run('RunRefresh');
  assert.deepEqual(d.o(3), [1, 1, 0], 'no kernel debugging');
  const stub = { connected: false, debugOutput() {}, bugCheck() {}, imageLoaded() {}, threadStopped() {}, holding: () => false };
  d.k.debugger = stub satisfies KernelDebugger;
  const again = () => { d.k.call(d.fn('RunRefresh'), []); return d.o(3); };
  assert.deepEqual(again(), [1, 1, 1], 'debugging enabled, nobody connected');
  stub.connected = true;
  assert.deepEqual(again(), [0, 0, 1], 'a debugger host connected');
  stub.connected = false;
  assert.deepEqual(again(), [1, 1, 1], 'the host went away');
});
