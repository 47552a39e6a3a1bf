// advapi32.dll: the Service Control Manager calls install programs use for kernel drivers (the registry calls are
// in advapi32-reg.ts). The SCM's work is the
// kernel's service control (io/services.ts); starting and stopping run the driver's DriverEntry/DriverUnload on
// the calling thread's kernel half (see scm.ts). SC_HANDLEs are blocks in the process's heap, as the real ones
// are client-side pointers, not kernel handles.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { fail, user } from './routine.ts';
import { cstr, wstr } from './umem.ts';
import { startServiceStep, stopServiceStep } from '../scm.ts';
import { registryRoutines } from './advapi32-reg.ts';

type ScObject = { kind: 'scm' } | { kind: 'service'; name: string };
const handles = new Map<string, ScObject>();
const key = (t: UserThread, h: number) => `${t.process.pid}:${h >>> 0}`;
const C = (t: UserThread, n: string) => t.process.mode.c(n);

function newHandle(t: UserThread, o: ScObject): number {
  const h = t.process.heap.alloc(16)!;
  handles.set(key(t, h), o);
  return h;
}
function scm(t: UserThread, h: number): boolean { return handles.get(key(t, h))?.kind === 'scm'; }
function service(t: UserThread, h: number): string | undefined { const o = handles.get(key(t, h)); return o?.kind === 'service' ? o.name : undefined; }

function createService(t: UserThread, h: number, name: string, display: string, type: number, start: number, errorControl: number, path: string): number {
  const io = t.process.mode.k.io;
  if (!scm(t, h)) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
  if (!name) return fail(t, C(t, 'ERROR_INVALID_NAME'), 0);
  if (!path) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const e = io.services.create(name, { type, start, errorControl, binaryPath: path, displayName: display || name });
  if (e) return fail(t, e, 0);
  return newHandle(t, { kind: 'service', name });
}

function openService(t: UserThread, h: number, name: string): number {
  const io = t.process.mode.k.io;
  if (!scm(t, h)) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
  const q = io.services.query(name);
  if (q.error) return fail(t, q.error, 0);
  return newHandle(t, { kind: 'service', name: q.status!.name });
}

/** SERVICE_STATUS as QueryServiceStatus fills it. */
function writeStatus(t: UserThread, name: string, at: number, ex: boolean): number {
  const mode = t.process.mode, m = t.process.memory, io = mode.k.io;
  const q = io.services.query(name);
  if (q.error || !q.status) return q.error || C(t, 'ERROR_SERVICE_DOES_NOT_EXIST');
  const s = q.status, struct = ex ? 'SERVICE_STATUS_PROCESS' : 'SERVICE_STATUS';
  const f = (n: string) => at + mode.field(struct, n);
  const driver = io.drivers.get(s.name.toLowerCase());
  // A Win32 service process takes STOP; a kernel driver does when it has DriverUnload.
  const stoppable = s.state === C(t, 'SERVICE_RUNNING') && ((s.type & 0x30) !== 0 || (!!driver && !!io.at('DRIVER_OBJECT', driver.object).get('DriverUnload')));
  m.writeU32(f('dwServiceType'), s.type); m.writeU32(f('dwCurrentState'), s.state);
  m.writeU32(f('dwControlsAccepted'), stoppable ? C(t, 'SERVICE_ACCEPT_STOP') : 0);
  m.writeU32(f('dwWin32ExitCode'), s.win32ExitCode); m.writeU32(f('dwServiceSpecificExitCode'), s.serviceExitCode);
  m.writeU32(f('dwCheckPoint'), s.checkPoint); m.writeU32(f('dwWaitHint'), s.waitHint);
  if (ex) { m.writeU32(f('dwProcessId'), 0); m.writeU32(f('dwServiceFlags'), 0); }
  return 0;
}

function* startService(t: UserThread, h: number) {
  const name = service(t, h), mode = t.process.mode;
  if (!name) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
  const e = yield* mode.syscall(t, 'NtLoadDriver', () => startServiceStep(mode.k.io, name));
  return e ? fail(t, e, 0) : 1;
}

function* controlService(t: UserThread, h: number, control: number, statusOut: number) {
  const name = service(t, h), mode = t.process.mode;
  if (!name) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
  let e = 0;
  if (control === C(t, 'SERVICE_CONTROL_STOP')) e = yield* mode.syscall(t, 'NtUnloadDriver', () => stopServiceStep(mode.k.io, name));
  else if (control !== C(t, 'SERVICE_CONTROL_INTERROGATE')) e = C(t, 'ERROR_INVALID_SERVICE_CONTROL');
  if (statusOut) writeStatus(t, name, statusOut, false);
  return e ? fail(t, e, 0) : 1;
}

export const advapiRoutines: RoutineTable = {
  OpenSCManagerW: user((t, machine) => (machine && wstr(t.process.memory, machine) ? fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0) : newHandle(t, { kind: 'scm' }))),
  OpenSCManagerA: user((t, machine) => (machine && cstr(t.process.memory, machine) ? fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0) : newHandle(t, { kind: 'scm' }))),
  CloseServiceHandle: user((t, h) => {
    if (!handles.delete(key(t, h))) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    t.process.heap.release(h >>> 0);
    return 1;
  }),
  CreateServiceW: user((t, h, name, display, _access, type, start, errCtl, path) => {
    const m = t.process.memory;
    return createService(t, h, name ? wstr(m, name) : '', display ? wstr(m, display) : '', type >>> 0, start >>> 0, errCtl >>> 0, path ? wstr(m, path) : '');
  }),
  CreateServiceA: user((t, h, name, display, _access, type, start, errCtl, path) => {
    const m = t.process.memory;
    return createService(t, h, name ? cstr(m, name) : '', display ? cstr(m, display) : '', type >>> 0, start >>> 0, errCtl >>> 0, path ? cstr(m, path) : '');
  }),
  OpenServiceW: user((t, h, name) => openService(t, h, name ? wstr(t.process.memory, name) : '')),
  OpenServiceA: user((t, h, name) => openService(t, h, name ? cstr(t.process.memory, name) : '')),
  StartServiceW: user((t, h) => startService(t, h)),
  StartServiceA: user((t, h) => startService(t, h)),
  ControlService: user((t, h, control, status) => controlService(t, h, control >>> 0, status)),
  QueryServiceStatus: user((t, h, out) => {
    const name = service(t, h);
    if (!name) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    const e = writeStatus(t, name, out, false);
    return e ? fail(t, e, 0) : 1;
  }),
  QueryServiceStatusEx: user((t, h, level, buf, size, needed) => {
    const name = service(t, h), mode = t.process.mode;
    if (!name) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    if (level !== 0) return fail(t, C(t, 'ERROR_INVALID_LEVEL'), 0);
    const need = mode.sizeOf('SERVICE_STATUS_PROCESS');
    if (needed) t.process.memory.writeU32(needed, need);
    if ((size >>> 0) < need) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
    const e = writeStatus(t, name, buf, true);
    return e ? fail(t, e, 0) : 1;
  }),
  DeleteService: user((t, h) => {
    const name = service(t, h);
    if (!name) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    const e = t.process.mode.k.io.services.delete(name);
    return e ? fail(t, e, 0) : 1;
  }),
  ...registryRoutines,
};
