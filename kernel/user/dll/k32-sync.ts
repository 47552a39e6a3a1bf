// kernel32.dll: events, waits, sleeping, threads and processes. Waits that must block cross the gate and wait in
// the kernel (the thread's kernel half sleeps until something signals or the timeout passes on the machine clock).
import { BLOCK, type HostRequest } from '../../../main/machine/cpu/types.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import type { UserObject } from '../objects.ts';
import { fail, user } from './routine.ts';

type Gen<T> = Generator<HostRequest, T, any>;
const STILL_ACTIVE = 259;

/** Whether a waitable object is signalled (no side effect). */
function signalled(o: UserObject): boolean {
  switch (o.kind) {
    case 'event': return o.signalled;
    case 'thread': return o.thread.done;
    case 'process': return o.process.state === 'exited';
    case 'port': return o.packets.length > 0;
    default: return true;
  }
}
/** What satisfying a wait does to the object (an auto-reset event resets). */
function acquire(o: UserObject): void { if (o.kind === 'event' && !o.manual) o.signalled = false; }

/** WaitForMultipleObjects: the index satisfied, WAIT_TIMEOUT, or WAIT_FAILED with the error set. */
function* waitFor(t: UserThread, handles: number[], all: boolean, ms: number): Gen<number> {
  const p = t.process, mode = p.mode;
  const objs: UserObject[] = [];
  for (const h of handles) {
    const o = mode.objectOf(p, h, t);
    if (!o) return fail(t, mode.c('ERROR_INVALID_HANDLE'), mode.c('WAIT_FAILED'));
    objs.push(o);
  }
  if (!objs.length || objs.length > 64) return fail(t, mode.c('ERROR_INVALID_PARAMETER'), mode.c('WAIT_FAILED'));
  const ready = () => (all ? (objs.every(signalled) ? 0 : -1) : objs.findIndex(signalled));
  const take = (): number => { const i = ready(); if (i < 0) return -1; if (all) objs.forEach(acquire); else acquire(objs[i]!); return i; };
  const now = take();
  if (now >= 0) return mode.c('WAIT_OBJECT_0') + now;
  if ((ms >>> 0) === 0) return mode.c('WAIT_TIMEOUT');
  const deadline = (ms >>> 0) === mode.c('INFINITE') ? undefined : mode.deadlineAfterMs(ms >>> 0);
  return yield* mode.syscall(t, handles.length > 1 ? 'NtWaitForMultipleObjects' : 'NtWaitForSingleObject', function* () {
    for (;;) {
      const ok = yield* mode.waitUntil(() => ready() >= 0, deadline);
      if (!ok) return mode.c('WAIT_TIMEOUT');
      const i = take();
      if (i >= 0) return mode.c('WAIT_OBJECT_0') + i;
    }
  });
}

function* sleep(t: UserThread, ms: number): Gen<number> {
  const mode = t.process.mode;
  return yield* mode.syscall(t, 'NtDelayExecution', function* () {
    if ((ms >>> 0) === 0) { yield* mode.endQuantum(); return 0; }
    yield* mode.waitUntil(() => false, (ms >>> 0) === mode.c('INFINITE') ? undefined : mode.deadlineAfterMs(ms >>> 0));
    return 0;
  });
}

function handleList(t: UserThread, count: number, at: number): number[] {
  return Array.from({ length: count >>> 0 }, (_, i) => t.process.memory.readU32(at + 4 * i));
}

export const syncRoutines: RoutineTable = {
  CreateEventW: user((t, _sa, manual, initial) => t.process.mode.insertHandle(t.process, { kind: 'event', manual: (manual & 0xff) !== 0, signalled: (initial & 0xff) !== 0 })),
  CreateEventA: user((t, _sa, manual, initial) => t.process.mode.insertHandle(t.process, { kind: 'event', manual: (manual & 0xff) !== 0, signalled: (initial & 0xff) !== 0 })),
  OpenEventW: user((t) => fail(t, t.process.mode.c('ERROR_FILE_NOT_FOUND'), 0)),
  OpenEventA: user((t) => fail(t, t.process.mode.c('ERROR_FILE_NOT_FOUND'), 0)),
  SetEvent: user((t, h) => {
    const o = t.process.mode.objectOf(t.process, h);
    if (o?.kind !== 'event') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    o.signalled = true;
    t.process.mode.poke();
    return 1;
  }),
  ResetEvent: user((t, h) => {
    const o = t.process.mode.objectOf(t.process, h);
    if (o?.kind !== 'event') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    o.signalled = false;
    return 1;
  }),
  WaitForSingleObject: user((t, h, ms) => waitFor(t, [h], false, ms)),
  WaitForSingleObjectEx: user((t, h, ms) => waitFor(t, [h], false, ms)),
  WaitForMultipleObjects: user((t, n, hs, all, ms) => waitFor(t, handleList(t, n, hs), (all & 0xff) !== 0, ms)),
  WaitForMultipleObjectsEx: user((t, n, hs, all, ms) => waitFor(t, handleList(t, n, hs), (all & 0xff) !== 0, ms)),
  Sleep: user((t, ms) => sleep(t, ms)),
  SleepEx: user(function* (t, ms) { yield* sleep(t, ms); return 0; }),

  CreateThread: user((t, _sa, _stack, start, param, flags, tidOut) => {
    const p = t.process, mode = p.mode;
    const nt = mode.newThread(p, { kind: 'routine', routine: start, parameter: param }, ((flags >>> 0) & mode.c('CREATE_SUSPENDED')) !== 0);
    if (tidOut) p.memory.writeU32(tidOut, nt.tid);
    return mode.insertHandle(p, { kind: 'thread', thread: nt }, nt.header);
  }),
  ResumeThread: user((t, h) => {
    const o = t.process.mode.objectOf(t.process, h, t);
    if (o?.kind !== 'thread') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), -1);
    const was = o.thread.suspended ? 1 : 0;
    t.process.mode.resume(o.thread);
    return was;
  }),
  SuspendThread: user((t) => fail(t, t.process.mode.c('ERROR_NOT_SUPPORTED'), -1)),
  ExitThread: user((t, code) => { t.exitCode = code >>> 0; return BLOCK; }),
  TerminateThread: user((t, h, code) => {
    const o = t.process.mode.objectOf(t.process, h, t);
    if (o?.kind !== 'thread') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    if (o.thread === t) { t.exitCode = code >>> 0; return BLOCK; }
    return fail(t, t.process.mode.c('ERROR_NOT_SUPPORTED'), 0);
  }),
  GetExitCodeThread: user((t, h, out) => {
    const o = t.process.mode.objectOf(t.process, h, t);
    if (o?.kind !== 'thread') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    t.process.memory.writeU32(out, o.thread.done ? o.thread.exitCode ?? 0 : STILL_ACTIVE);
    return 1;
  }),
  GetCurrentThread: user(() => -2),
  GetCurrentThreadId: user((t) => t.tid),
  GetCurrentProcess: user(() => -1),
  GetCurrentProcessId: user((t) => t.process.pid),
  ExitProcess: user((t, code) => { t.process.mode.terminate(t.process, code >>> 0); return BLOCK; }),
  TerminateProcess: user((t, h, code) => {
    const o = t.process.mode.objectOf(t.process, h, t);
    if (o?.kind !== 'process') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    t.process.mode.terminate(o.process, code >>> 0);
    return o.process === t.process ? BLOCK : 1;
  }),
  GetExitCodeProcess: user((t, h, out) => {
    const o = t.process.mode.objectOf(t.process, h, t);
    if (o?.kind !== 'process') return fail(t, t.process.mode.c('ERROR_INVALID_HANDLE'), 0);
    t.process.memory.writeU32(out, o.process.state === 'exited' ? o.process.exitCode ?? 0 : STILL_ACTIVE);
    return 1;
  }),
  OpenProcess: user((t, _access, _inherit, pid) => {
    const mode = t.process.mode, target = mode.processes.get(pid >>> 0);
    if (!target) return fail(t, mode.c('ERROR_INVALID_PARAMETER'), 0);
    return mode.insertHandle(t.process, { kind: 'process', process: target }, target.header);
  }),
  DuplicateHandle: user((t, srcProc, src, dstProc, out) => {
    const mode = t.process.mode;
    if ((srcProc >>> 0) !== 0xffffffff || (dstProc >>> 0) !== 0xffffffff) return fail(t, mode.c('ERROR_NOT_SUPPORTED'), 0);
    const h = mode.headerOf(t.process, src, t);
    if (!h) return fail(t, mode.c('ERROR_INVALID_HANDLE'), 0);
    h.handleCount++;
    const dup = mode.k.io.ob.processTable(t.process.pid).insert({ header: h, access: 0x1f0fff, attributes: 0 });
    if (out) t.process.memory.writeU32(out, dup);
    return 1;
  }),
};
