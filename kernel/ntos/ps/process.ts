// Process structure: EPROCESS and ETHREAD as opaque objects. Their bodies live in nonpaged pool with the layouts
// of our kernel's private structures (kernel/layout/probe.c); their headers are object-manager headers of type
// Process and Thread. Both bodies start with a DISPATCHER_HEADER, so drivers can wait on a thread or a process:
// it is signalled when it ends. The System process (pid 4) owns every system thread.
import type { Func, Thread, Value } from '../../../main/machine/cpu/types.ts';
import type { Kernel } from '../kernel.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import type { ObjectManager } from '../ob/manager.ts';
import { struct, type StructAccessor } from '../../layout/access.ts';
import { keThread, type KeThread } from '../ke/thread.ts';
import { tagValue } from '../ex/pool.ts';

export const SYSTEM_PID = 4;

export interface ProcessRecord { pid: number; eprocess: number; name: string; parentPid: number; header: ObjectHeader; threads: Set<number>; exited: boolean }

export class ProcessManager {
  private readonly ep: StructAccessor;
  private readonly et: StructAccessor;
  readonly processes = new Map<number, ProcessRecord>();
  /** ETHREAD body → its processor thread (undefined once it ended). */
  private readonly threadsByObject = new Map<number, Thread | undefined>();
  private nextId = 8;
  /** EPROCESS of System, and the idle thread DPCs run "on" when no thread was interrupted. */
  systemProcess = 0;
  idleThread = 0;
  /** The address of the PsInitialSystemProcess variable drivers import. */
  initialSystemProcessVar = 0;
  /** Registered notify routines (function table indexes). */
  readonly processNotify: { routine: number; ex: boolean }[] = [];
  readonly threadNotify: number[] = [];
  readonly imageNotify: number[] = [];

  constructor(private readonly k: Kernel) {
    this.ep = struct(k.layouts, 'EPROCESS');
    this.et = struct(k.layouts, 'ETHREAD');
  }

  /** Phase 1 of boot: the System process and the idle thread object. */
  boot(): void {
    this.systemProcess = this.createProcessObject(SYSTEM_PID, 'System', 0).eprocess;
    this.idleThread = this.createThreadObject(0, this.systemProcess, 0, 0);
    this.initialSystemProcessVar = this.k.pool.allocateSystem(8, 'Ps  ');
    this.k.memory.writeU32(this.initialSystemProcessVar, this.systemProcess);
  }

  private obm(): ObjectManager | undefined { return (this.k as unknown as { io?: { ob?: ObjectManager } }).io?.ob; }

  private createProcessObject(pid: number, name: string, parentPid: number): ProcessRecord {
    const m = this.k.memory, size = this.ep.size;
    const body = this.k.pool.allocateSystem(size, 'Proc');
    this.k.ke.objects.init(body, this.k.ke.objects.types.Process, size, 0);
    m.writeU32(body + this.ep.field('UniqueProcessId'), pid);
    m.writeU32(body + this.ep.field('InheritedFromUniqueProcessId'), parentPid);
    m.writeU64(body + this.ep.field('CreateTime'), this.k.clock.systemTimePrecise());
    const nameAt = body + this.ep.field('ImageFileName'), max = this.ep.info('ImageFileName').size - 1;
    for (let i = 0; i < Math.min(name.length, max); i++) m.writeU8(nameAt + i, name.charCodeAt(i) & 0xff);
    const header: ObjectHeader = { type: 'Process', body, pointerCount: 1, handleCount: 0, permanent: false };
    this.k.ob.track(header);
    const r: ProcessRecord = { pid, eprocess: body, name, parentPid, header, threads: new Set(), exited: false };
    this.processes.set(pid, r);
    return r;
  }

  private createThreadObject(tid: number, eprocess: number, start: number, system: number): number {
    const m = this.k.memory, size = this.et.size;
    const body = this.k.pool.allocateSystem(size, 'Thre');
    this.k.ke.objects.init(body, this.k.ke.objects.types.Thread, size, 0);
    m.writeU32(body + this.et.field('Cid.UniqueProcess'), m.readU32(eprocess + this.ep.field('UniqueProcessId')));
    m.writeU32(body + this.et.field('Cid.UniqueThread'), tid);
    m.writeU32(body + this.et.field('Tcb.Process'), eprocess);
    m.writeU32(body + this.et.field('StartAddress'), start);
    m.writeU8(body + this.et.field('SystemThread'), system);
    m.writeU64(body + this.et.field('CreateTime'), this.k.clock.systemTimePrecise());
    const header: ObjectHeader = { type: 'Thread', body, pointerCount: 1, handleCount: 0, permanent: false };
    // The last reference (the running thread's, then drivers' and handles') frees the ETHREAD.
    header.onDelete = () => {
      this.threadsByObject.delete(body);
      for (const p of this.processes.values()) p.threads.delete(body);
      this.k.pool.free(body);
    };
    this.k.ob.track(header);
    return body;
  }

  /** Give a processor thread its ETHREAD (threads the kernel made before ps knew them get one on first use). */
  adopt(t: Thread, start = 0): KeThread {
    const existing = keThread(t);
    if (existing && existing.ethread) return existing;
    const tid = this.nextId; this.nextId += 4;
    const ethread = this.createThreadObject(tid, this.systemProcess, start, 1);
    const ctx: KeThread = { ...existing, ethread, eprocess: this.systemProcess, threadId: tid, processId: SYSTEM_PID };
    t.context = ctx;
    this.threadsByObject.set(ethread, t);
    this.processes.get(SYSTEM_PID)!.threads.add(ethread);
    return ctx;
  }

  /** KeGetCurrentThread / PsGetCurrentThread: the running thread's ETHREAD (the idle thread when none runs). */
  currentThreadObject(): number {
    const t = this.k.processor.current;
    if (!t) return this.idleThread;
    const c = keThread(t);
    if (c?.dpc) return c.ethread;
    return this.adopt(t).ethread;
  }
  currentProcessObject(): number {
    const t = this.k.processor.current;
    return (t && keThread(t)?.eprocess) || this.systemProcess;
  }
  currentIds(): { pid: number; tid: number } {
    const t = this.k.processor.current;
    if (!t) return { pid: 0, tid: 0 };
    const c = keThread(t)?.dpc ? keThread(t)! : this.adopt(t);
    return { pid: c.processId, tid: c.threadId };
  }

  /** PsCreateSystemThread's core: a System thread whose start frame calls the driver's KSTART_ROUTINE(context). */
  createSystemThread(func: Func, routine: number, context: number): { thread: Thread; ethread: number; tid: number } {
    const t = this.k.createThread(func, [context] as Value[], `System thread`);
    const ctx = this.adopt(t, routine);
    ctx.start = { routine, context };
    this.k.memory.writeU32(ctx.ethread + this.et.field('StartAddress'), routine);
    this.obm()?.reference(this.k.ob.byBody.get(ctx.ethread)!);
    return { thread: t, ethread: ctx.ethread, tid: ctx.threadId };
  }

  /** A handle to an object for the caller (the object manager's kernel handle table when it is there). */
  handleTo(body: number, access: number): number {
    const obm = this.obm(), h = this.k.ob.byBody.get(body);
    if (!obm || !h) return 0;
    h.pointerCount++;
    return obm.insertHandle(h, access, true);
  }

  /** The thread behind an ETHREAD, if it still runs. */
  threadOf(ethread: number): Thread | undefined { return this.threadsByObject.get(ethread); }
  isThreadObject(body: number): boolean { return this.threadsByObject.has(body) || body === this.idleThread; }

  /** A thread ended (returned from its start routine or PsTerminateSystemThread): its object becomes signalled. */
  threadExited(t: Thread, status = 0): void {
    const c = keThread(t);
    if (!c?.ethread) return;
    if (this.threadsByObject.get(c.ethread) !== t) return;
    this.threadsByObject.set(c.ethread, undefined);
    this.k.memory.writeU32(c.ethread + this.et.field('ExitStatus'), status);
    this.k.ke.objects.setSignal(c.ethread, 1);
    this.k.ke.signalled(c.ethread);
    for (const routine of this.threadNotify) this.callOnThread(routine, [c.processId, c.threadId, 0], 'PspExitThread');
    const h = this.k.ob.byBody.get(c.ethread);
    if (h && h.pointerCount > 0) this.k.ob.dereference(h); // the reference the running thread held
  }

  /** Run a driver callback on a short system thread (notify routines for threads that already returned). */
  private callOnThread(routine: number, args: Value[], name: string): void {
    const f = this.k.processor.table[routine];
    if (f) this.k.createThread(f, args, name);
  }

  // ---- user-mode process creation (the user-mode component calls these) ----

  /** A new process: its object, and the notify routines' calls (yield them from a generator routine or run them). */
  createProcess(name: string, parentPid = SYSTEM_PID): { record: ProcessRecord; notifications: { routine: number; args: Value[] }[] } {
    const pid = this.nextId; this.nextId += 4;
    const record = this.createProcessObject(pid, name, parentPid);
    const notifications: { routine: number; args: Value[] }[] = [];
    for (const n of this.processNotify) notifications.push({ routine: n.routine, args: n.ex ? [record.eprocess, pid, 0] : [parentPid, pid, 1] });
    return { record, notifications };
  }

  /** Thread creation in a process: notify routines get (ProcessId, ThreadId, TRUE). */
  threadCreatedNotifications(pid: number, tid: number): { routine: number; args: Value[] }[] {
    return this.threadNotify.map((routine) => ({ routine, args: [pid, tid, 1] }));
  }

  tag(text: string): number { return tagValue(text); }
}
