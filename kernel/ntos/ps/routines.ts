// ps routines: system threads, the current process and thread, notify routine registration.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { struct } from '../../layout/access.ts';

const st = (k: Kernel, n: string) => k.constant(n) | 0;

function passive(k: Kernel, what: string): void {
  if (k.processor.irql > k.constant('PASSIVE_LEVEL')) throw new BugCheck('IRQL_NOT_LESS_OR_EQUAL', [0n, BigInt(k.processor.irql), 0n, 0n], k.caller ?? what);
}

function register(list: number[], routine: number, remove: boolean, k: Kernel): number {
  const i = list.indexOf(routine);
  if (remove) { if (i < 0) return st(k, 'STATUS_PROCEDURE_NOT_FOUND'); list.splice(i, 1); return 0; }
  if (i >= 0) return st(k, 'STATUS_INVALID_PARAMETER');
  list.push(routine);
  return 0;
}

export const psRoutines: RoutineTable = {
  PsCreateSystemThread: function* (k, handleOut: number, access: number, _oa: number, _process: number, clientId: number, start: number, context: number) {
    passive(k, 'PsCreateSystemThread');
    const func = k.processor.table[start];
    if (!func) return st(k, 'STATUS_INVALID_PARAMETER');
    const { ethread, tid } = k.ps.createSystemThread(func, start, context);
    if (handleOut) k.memory.writeU32(handleOut, k.ps.handleTo(ethread, access));
    if (clientId) {
      const c = struct(k.layouts, 'CLIENT_ID');
      k.memory.writeU32(clientId + c.field('UniqueProcess'), 4);
      k.memory.writeU32(clientId + c.field('UniqueThread'), tid);
    }
    // Thread-creation notify routines run in the creator's context.
    for (const n of k.ps.threadCreatedNotifications(4, tid)) yield { call: n.routine, args: n.args };
    return 0;
  },
  PsTerminateSystemThread: (k, status: number) => k.ke.terminateCurrent(status),
  PsGetCurrentThread: (k) => k.ps.currentThreadObject(),
  IoGetCurrentProcess: (k) => k.ps.currentProcessObject(),
  PsGetCurrentProcessId: (k) => k.ps.currentIds().pid,
  PsGetCurrentThreadId: (k) => k.ps.currentIds().tid,
  PsGetProcessId: (k, p: number) => k.memory.readU32(p + struct(k.layouts, 'EPROCESS').field('UniqueProcessId')),
  PsGetThreadId: (k, t: number) => k.memory.readU32(t + struct(k.layouts, 'ETHREAD').field('Cid.UniqueThread')),
  PsGetThreadProcessId: (k, t: number) => k.memory.readU32(t + struct(k.layouts, 'ETHREAD').field('Cid.UniqueProcess')),
  PsIsSystemThread: (k, t: number) => k.memory.readU8(t + struct(k.layouts, 'ETHREAD').field('SystemThread')),
  PsIsThreadTerminating: (k, t: number) => (k.ke.objects.signal(t) ? 1 : 0),
  PsGetProcessCreateTimeQuadPart: (k, p: number) => k.memory.readU64(p + struct(k.layouts, 'EPROCESS').field('CreateTime')),
  PsGetCurrentThreadPreviousMode: (k) => k.enumValue('MODE', 'KernelMode'),
  ExGetPreviousMode: (k) => k.enumValue('MODE', 'KernelMode'),

  PsSetCreateProcessNotifyRoutine: (k, routine: number, remove: number) => {
    const list = k.ps.processNotify, i = list.findIndex((n) => n.routine === routine && !n.ex);
    if (remove & 0xff) { if (i < 0) return st(k, 'STATUS_PROCEDURE_NOT_FOUND'); list.splice(i, 1); return 0; }
    if (i >= 0) return st(k, 'STATUS_INVALID_PARAMETER');
    list.push({ routine, ex: false });
    return 0;
  },
  PsSetCreateProcessNotifyRoutineEx: (k, routine: number, remove: number) => {
    const list = k.ps.processNotify, i = list.findIndex((n) => n.routine === routine && n.ex);
    if (remove & 0xff) { if (i < 0) return st(k, 'STATUS_PROCEDURE_NOT_FOUND'); list.splice(i, 1); return 0; }
    if (i >= 0) return st(k, 'STATUS_INVALID_PARAMETER');
    list.push({ routine, ex: true });
    return 0;
  },
  PsSetCreateThreadNotifyRoutine: (k, routine: number) => register(k.ps.threadNotify, routine, false, k),
  PsRemoveCreateThreadNotifyRoutine: (k, routine: number) => register(k.ps.threadNotify, routine, true, k),
  PsSetLoadImageNotifyRoutine: (k, routine: number) => register(k.ps.imageNotify, routine, false, k),
  PsRemoveLoadImageNotifyRoutine: (k, routine: number) => register(k.ps.imageNotify, routine, true, k),
};
