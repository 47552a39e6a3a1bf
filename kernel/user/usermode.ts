// Target user mode: creates processes from images built by our toolchain, runs their threads, carries their
// system calls into the kernel through one gate, and ends a process (never the system) when its code faults.
//
// The gate. A user thread's kernel half is a system thread whose outermost frame is nt!KiStartUserThread: it runs
// the user half on the process's processor a quantum at a time (the user's cycles are charged to the kernel half,
// so the machine clock and the scheduler see them). A DLL routine that needs the kernel records the service and
// its kernel work on the thread and blocks the user half; the kernel half then calls nt!KiSystemServiceCopyEnd,
// which calls nt!<Service> (NtReadFile, NtDeviceIoControlFile...), which runs the work on the system processor:
// driver dispatch routines, waits and breakpoints happen on that kernel thread, and the debugger's stack shows
// driver ← nt!NtXxx ← nt!KiSystemServiceCopyEnd ← nt!KiStartUserThread. The result wakes the user half.
//
// Buffers. User memory is a different address space from system memory: the gate copies a user buffer into a
// system-space window for the duration of a request and copies it back when the request completes. A driver sees
// buffered I/O as usual (SystemBuffer is the I/O manager's own copy of the window); for direct I/O the MDL
// describes the window's pages; for METHOD_NEITHER Type3InputBuffer and UserBuffer are window addresses, which
// ProbeForRead/ProbeForWrite accept as user addresses (io.isUserAddress) while the request lasts.
import { BLOCK, type Func, type FuncType, type HostRequest, type Thread, type Value } from '../../main/machine/cpu/types.ts';
import { ticksToMs, msToTicks } from '../../main/machine/devices/device.ts';
import { decodeModule } from '../../main/formats/wasm/index.ts';
import type { Disk } from '../../main/machine/devices/disk.ts';
import type { Kernel } from '../ntos/kernel.ts';
import type { Step } from '../ntos/ob/manager.ts';
import type { ObjectHeader } from '../ntos/ob/namespace.ts';
import type { Layouts } from '../layout/layouts.ts';
import { struct } from '../layout/access.ts';
import { EPOCH_1970 } from '../ntos/ke/clock.ts';
import type { PingResult } from '../../main/net/stack.ts';
import { OS_VERSION } from '../ntos/ke/version.ts';
import type { ImportResolution } from '../ntos/mm/loader/loader.ts';
import { Console } from './console.ts';
import { Win32Errors } from './errors.ts';
import { UserProcess, USER_STACK, type UserThread } from './process.ts';
import { newHeader, typeOf, userObjectOf, type UserObject } from './objects.ts';
import type { KeThread } from '../ntos/ke/thread.ts';
import { userRoutines } from './dll/tables.ts';
import { cancelThreadIo, requestThreadCancel } from '../ntos/io/threadio.ts';
import { setUserFrames } from '../ntos/ke/user-frames.ts';
import { userStackFrames } from './user-stack.ts';
import type { ContextFrame } from '../../main/formats/kd/context.ts';

/** A PEB or TEB: one page of the process's address space each. */
const PEB_TEB_SIZE = 0x1000;

/** Cycles a user thread runs before its kernel half gives the processor up (the system's quantum). */
const USER_QUANTUM = 20_000;
const I32_I32: FuncType = { params: [0x7f], results: [0x7f] };

export interface UserModeOptions {
  /** Layouts of the user-mode headers (main/toolchain/layouts.ts generateUserLayouts). */
  layouts: Layouts;
  /** The machine's disk (C:), for programs, `type`, `dir`... */
  disk?: Disk;
  computerName?: string;
  userName?: string;
  console?: Console;
  /** What the machine offers the command-line tools (ipconfig, ping, shutdown); absent parts are missing. */
  machine?: MachineFacilities;
}

export interface MachineFacilities {
  network?: {
    ip: string; netmask: string; gateway?: string; mac: string;
    /** Name resolution on the link (LLMNR, which the target's Network Discovery rule answers). */
    resolve?: (name: string) => Promise<number | undefined>;
    /** One ICMP echo request and what came back (the net stack's PingResult). */
    echo?: (ip: number, o: { size: number; timeoutMs: number }) => Promise<PingResult>;
  };
  /** Wait on the machine's clock (ping's second between echo requests). */
  sleep?: (ms: number) => Promise<void>;
  /** The firewall's rules in the registry changed: apply them to the network stack now. */
  firewallChanged?: () => void;
  /** Restart (true) or power off after `delaySeconds`. */
  shutdown?: (restart: boolean, delaySeconds: number) => void;
}

export interface CreateProcessOptions {
  /** Image file name as tasklist shows it (hello.exe) and its full Win32 path. */
  name: string;
  path: string;
  commandLine: string;
  parentPid?: number;
  console?: Console;
  env?: Map<string, string>;
  cwd?: string;
}

export type CreateProcessResult =
  | { ok: true; process: UserProcess }
  | { ok: false; error: number; status: number; message: string };

/** An exception a DLL routine raises in the calling program (DebugBreak's STATUS_BREAKPOINT, RaiseException). */
export class UserException extends Error {
  constructor(readonly status: number) { super(`user-mode exception 0x${(status >>> 0).toString(16)}`); }
}

const registry = new WeakMap<Kernel, UserMode>();
/** The user mode of a kernel (DLL routines receive the kernel). */
export function um(k: Kernel): UserMode {
  const u = registry.get(k);
  if (!u) throw new Error('this kernel has no user mode');
  return u;
}
/** The user thread whose code called the running DLL routine. */
export function cur(k: Kernel): UserThread {
  const t = um(k).current;
  if (!t) throw new Error('a user-mode routine ran outside a user thread');
  return t;
}

interface Waiter { thread: Thread; ready: () => boolean }

export class UserMode {
  readonly errors: Win32Errors;
  readonly console: Console;
  readonly disk?: Disk;
  readonly computerName: string;
  readonly userName: string;
  readonly processes = new Map<number, UserProcess>();
  readonly threads = new Map<number, UserThread>();
  /** The user thread whose user half is on its processor right now (DLL routines run for it). */
  current?: UserThread;
  private readonly byKernelThread = new Map<Thread, UserThread>();
  private readonly waiters = new Set<Waiter>();
  /** System-space windows standing for user buffers during a request (what ProbeForXxx accepts). */
  private readonly windows = new Set<{ start: number; size: number }>();
  private nextKey = 1;
  private readonly services = new Map<string, Func>();
  private readonly startFunc: Func;
  private readonly gateFunc: Func;
  private readonly quantumEnd: Func;
  private readonly version: { major: number; minor: number; build: number; revision: number };

  readonly layouts: Layouts;
  readonly machine: MachineFacilities;

  constructor(readonly k: Kernel, o: UserModeOptions) {
    registry.set(k, this);
    this.layouts = o.layouts;
    this.machine = o.machine ?? {};
    this.errors = new Win32Errors(o.layouts);
    this.console = o.console ?? new Console();
    this.disk = o.disk;
    this.computerName = o.computerName ?? 'TARGET';
    this.userName = o.userName ?? 'User';
    // The kernel's one version (ke/version.ts); cmd shows the build's revision too (.1 = the release build).
    this.version = { major: OS_VERSION.major, minor: OS_VERSION.minor, build: OS_VERSION.build, revision: (OS_VERSION as { revision?: number }).revision ?? 1 };
    const P = k.processor;
    this.startFunc = P.hostFunc('nt!KiStartUserThread', I32_I32, (_ctx, key: number) => this.kernelHalf(key));
    this.gateFunc = P.hostFunc('nt!KiSystemServiceCopyEnd', I32_I32, (_ctx, key: number) => this.gate(key));
    this.quantumEnd = this.makeQuantumEnd();
    setUserFrames(k, (t) => this.userFrames(t));
    // Handles the kernel creates for a user thread's system call go to its process's table.
    const ob = k.io.ob, prevPid = ob.currentProcessId;
    ob.currentProcessId = () => { const t = k.processor.current; const u = t && this.byKernelThread.get(t); return u ? u.process.pid : prevPid(); };
    const prevUser = k.io.isUserAddress;
    k.io.isUserAddress = (a, n) => [...this.windows].some((w) => a >= w.start && a + n <= w.start + w.size) || prevUser(a, n);
  }

  /** The Windows version the target reports (cmd's banner, ver, GetVersion). */
  get osVersion() { return this.version; }

  // ---------------------------------------------------------------- processes

  /** CreateProcess's work: map the image into a new address space and start its main thread. */
  createProcess(bytes: Uint8Array, o: CreateProcessOptions): CreateProcessResult {
    const ps = this.k.ps.createProcess(o.name.slice(0, 14), o.parentPid ?? 4);
    const pid = ps.record.pid;
    const header = newHeader('Process', { kind: 'process', process: undefined as unknown as UserProcess });
    const parent = o.parentPid !== undefined ? this.processes.get(o.parentPid) : undefined;
    const p = new UserProcess(pid, o.name, o.path, o.commandLine, o.parentPid ?? 0, o.console ?? parent?.console ?? this.console, header, {
      env: new Map(o.env ?? parent?.env ?? this.defaultEnvironment()), cwd: o.cwd ?? parent?.cwd ?? `C:\\Users\\${this.userName}`,
      created: this.nowCycles(),
    });
    (userObjectOf(header) as Extract<UserObject, { kind: 'process' }>).process = p;
    p.mode = this;
    p.eprocess = ps.record.eprocess;
    p.notifications = ps.notifications;
    const loaded = p.loader.loadImage(bytes, o.name, (module, name, kind) => this.resolve(module, name, kind), { path: o.path, runConstructors: false });
    if (!loaded.ok) {
      ps.record.exited = true;
      const s = loaded.status >>> 0;
      const error = this.errors.fromStatus(s);
      const message = s === this.errors.value('STATUS_PROCEDURE_NOT_FOUND') ? loaded.message : this.errors.message(error).replace('%1', o.name);
      return { ok: false, error, status: s, message };
    }
    p.image = loaded.image;
    // The PEB: a page of the process's own space, named in EPROCESS.Peb (!process shows it).
    const peb = p.pages.alloc(PEB_TEB_SIZE);
    if (peb !== undefined) this.k.memory.writeU32(p.eprocess + struct(this.k.layouts, 'EPROCESS').field('Peb'), peb);
    this.setUpCrt(p);
    this.processes.set(pid, p);
    this.newThread(p, { kind: 'main' });
    return { ok: true, process: p };
  }

  /** CreateThread's work: a new thread in `p` starting at a function pointer of the program. */
  newThread(p: UserProcess, start: UserThread['start'], suspended = false): UserThread {
    const key = this.nextKey++;
    const stack = p.pages.alloc(USER_STACK);
    if (stack === undefined) throw new Error('no address space left for a thread stack');
    // The kernel half is a system thread that ps gives an ETHREAD (and the thread id); it belongs to process p.
    const kernel = this.k.createThread(this.startFunc, [key], `${p.name} (${p.pid})`);
    const ctx = this.k.ps.adopt(kernel);
    this.moveToProcess(ctx, p);
    // Its TEB: a page of the process's space (!thread shows it).
    ctx.teb = p.pages.alloc(PEB_TEB_SIZE);
    kernel.name = `${p.name} (${p.pid}) thread ${ctx.threadId}`;
    const user = p.processor.createThread({ func: this.userStart(p), args: [key], stackBase: stack + USER_STACK, stackLimit: stack, name: `${p.name}:${ctx.threadId}` });
    const errnoCell = p.heap.alloc(4) ?? 0;
    const header = newHeader('Thread', { kind: 'thread', thread: undefined as unknown as UserThread });
    const ut: UserThread = { key, tid: ctx.threadId, process: p, user, kernel, start, lastError: 0, errnoCell, done: false, header, suspended };
    (userObjectOf(header) as Extract<UserObject, { kind: 'thread' }>).thread = ut;
    user.context = ut;
    p.threads.push(ut);
    this.threads.set(key, ut);
    this.byKernelThread.set(kernel, ut);
    return ut;
  }

  /** A kernel half's ETHREAD moves from System to the user process (client id, KTHREAD.Process, ps's lists). */
  private moveToProcess(ctx: KeThread, p: UserProcess): void {
    const et = struct(this.k.layouts, 'ETHREAD'), m = this.k.memory;
    m.writeU32(ctx.ethread + et.field('Cid.UniqueProcess'), p.pid);
    m.writeU32(ctx.ethread + et.field('Tcb.Process'), p.eprocess);
    m.writeU8(ctx.ethread + et.field('SystemThread'), 0);
    this.k.ps.processes.get(4)?.threads.delete(ctx.ethread);
    this.k.ps.processes.get(p.pid)?.threads.add(ctx.ethread);
    ctx.eprocess = p.eprocess;
    ctx.processId = p.pid;
  }

  /** ResumeThread of a thread created suspended. */
  resume(ut: UserThread): void {
    if (!ut.suspended) return;
    ut.suspended = false;
    if (ut.kernel?.state === 'blocked') this.k.processor.wake(ut.kernel, 0);
  }

  /** The user thread whose kernel half `t` is (the debugger shows its user stack below the kernel frames). */
  userThreadOf(t: Thread): UserThread | undefined { return this.byKernelThread.get(t); }

  /** What the kernel debugger shows below a user thread's kernel frames: ntdll's stub of the service the gate is
   * running (nt!NtXxx above nt!KiSystemServiceCopyEnd), then the user half's frames down to ntdll!RtlUserThreadStart,
   * with their user-space addresses and stack pointers (user-stack.ts). */
  private userFrames(t: Thread): ContextFrame[] | undefined {
    const ut = this.byKernelThread.get(t);
    if (!ut) return undefined;
    const kernel = this.k.processor.stack(t);
    const gate = kernel.findIndex((f) => f.function === 'nt!KiSystemServiceCopyEnd');
    const name = (f: { function: string; image?: string }) => {
      const [mod, fn] = f.function.includes('!') ? f.function.split('!') as [string, string] : [(f.image ?? ut.process.name).replace(/\.[^.]*$/, ''), f.function];
      return `${/^kernel(32|base)$/i.test(mod) ? mod.toUpperCase() : mod}!${fn}`;
    };
    return userStackFrames(ut.process, ut.user, name, gate > 0 ? `ntdll!${kernel[gate - 1]!.function.replace(/^nt!/, '')}` : undefined);
  }

  /** TerminateProcess / ExitProcess / a fault: the process ends with `code`; its threads stop at their next look. */
  terminate(p: UserProcess, code: number): void {
    if (p.state !== 'running') return;
    p.state = 'exiting';
    p.exitCode = code >>> 0;
    for (const t of p.live()) if (t.suspended && t.kernel?.state === 'blocked') { t.suspended = false; this.k.processor.wake(t.kernel, 0); }
    for (const t of p.live()) if (t.kernel) requestThreadCancel(this.k.io, t.kernel);
    this.poke();
  }

  /** Live processes in creation order (tasklist). */
  list(): UserProcess[] { return [...this.processes.values()].filter((p) => p.state !== 'exited'); }

  findByName(name: string): UserProcess[] { return this.list().filter((p) => p.name.toLowerCase() === name.toLowerCase()); }

  // ---------------------------------------------------------------- the gate

  /** Called from a DLL routine (user half): hand `work` to the kernel half as service `name`; its result. */
  *syscall<T>(ut: UserThread, name: string, work: () => Step<T>): Generator<HostRequest, T, any> {
    ut.pending = { name, work };
    yield BLOCK;
    const r = ut.result as T;
    ut.result = undefined;
    return r;
  }

  private *kernelHalf(key: number): Step<number> {
    const ut = this.threads.get(key)!;
    const p = ut.process, P = this.k.processor;
    // Drivers' create-process and create-thread notify routines run on the new thread first (PspInsertThread).
    const notify = ut.start.kind === 'main' ? p.notifications.splice(0) : [];
    notify.push(...this.k.ps.threadCreatedNotifications(p.pid, ut.tid));
    for (const n of notify) yield { call: n.routine, args: n.args };
    while (ut.suspended && p.state === 'running') yield BLOCK;
    while (p.state === 'running') {
      const budget = Math.max(1, Math.min(USER_QUANTUM, P.b));
      this.current = ut;
      let r;
      try { r = p.processor.run(ut.user, budget); } finally { this.current = undefined; }
      P.b -= r.cycles;
      if (r.reason === 'exited') {
        ut.exitCode = Number(ut.user.result ?? 0) >>> 0;
        if (ut.start.kind === 'main') this.terminate(p, ut.exitCode);
        break;
      }
      if (r.reason === 'exception') { this.fault(ut); break; }
      if (r.reason === 'blocked') {
        if (ut.pending) { yield { call: this.gateFunc, args: [key] }; if (ut.user.state === 'blocked') p.processor.wake(ut.user, 0); }
        else if (ut.exitCode !== undefined) break; // ExitThread
        continue;
      }
      // Preempted (or a user-mode stop no user debugger takes): give the processor up for the rest of the quantum.
      if (r.reason !== 'preempted') p.processor.release(ut.user);
      yield* this.endQuantum();
    }
    yield* this.threadEnded(ut);
    return 0;
  }

  private *gate(key: number): Step<number> {
    const ut = this.threads.get(key)!;
    return (yield { call: this.service(ut.pending!.name), args: [key] }) as number;
  }

  /** nt!<name>: runs the pending work of the calling user thread. */
  private service(name: string): Func {
    let f = this.services.get(name);
    if (!f) {
      f = this.k.processor.hostFunc(`nt!${name}`, I32_I32, (_ctx, key: number) => this.runService(key));
      this.services.set(name, f);
    }
    return f;
  }

  private *runService(key: number): Step<number> {
    const ut = this.threads.get(key)!;
    const job = ut.pending!;
    ut.pending = undefined;
    const r = yield* job.work();
    ut.result = r;
    return typeof r === 'number' ? r : 0;
  }

  /** End the running kernel half's quantum (the user's time is already charged): the scheduler runs others. */
  *endQuantum(): Step {
    if (this.k.processor.b >= 0) this.k.processor.b = -1;
    yield { call: this.quantumEnd, args: [] };
  }

  // ---------------------------------------------------------------- waiting

  /** Kernel-side wait of a user thread until `ready()`, the deadline (machine cycles) or its process ending. */
  *waitUntil(ready: () => boolean, deadline?: number): Step<boolean> {
    const t = this.k.processor.current!;
    const ut = this.byKernelThread.get(t);
    const alive = () => !ut || ut.process.state === 'running';
    for (;;) {
      if (ready()) return true;
      if (!alive()) return false;
      if (deadline !== undefined) {
        if (this.nowCycles() >= deadline) return false;
        yield* this.endQuantum();
        continue;
      }
      const w: Waiter = { thread: t, ready: () => ready() || !alive() };
      this.waiters.add(w);
      try { yield BLOCK; } finally { this.waiters.delete(w); }
    }
  }

  /** Something a waiter may wait for happened (an event set, I/O completed, a thread or process ended, input). */
  poke(): void {
    for (const w of [...this.waiters]) if (w.thread.state === 'blocked' && w.ready()) { this.waiters.delete(w); this.k.processor.wake(w.thread, 0); }
  }


  /** The machine clock in cycles, and conversions for Win32's milliseconds. */
  nowCycles(): number { return this.k.ke.now(); }
  nowMs(): number { return ticksToMs(this.nowCycles()); }
  /** Wall-clock time on the target (ms since 1970): boot time plus the machine clock. */
  unixMs(): number {
    return Number((this.k.clock.bootSystemTime - EPOCH_1970) / 10_000n) + this.nowMs();
  }
  /** Milliseconds a process has existed (clock()). */
  processMs(p: UserProcess): number { return ticksToMs(this.nowCycles() - p.created); }

  /** Offset of a member of a user-mode structure (from the user-mode layout probe). */
  field(structName: string, path: string): number { return struct(this.layouts, structName).field(path); }
  sizeOf(structName: string): number { return struct(this.layouts, structName).size; }
  /** A user-mode constant by name, unsigned. */
  c(name: string): number { return this.errors.value(name); }
  deadlineAfterMs(ms: number): number { return this.nowCycles() + msToTicks(ms); }

  // ---------------------------------------------------------------- user buffers

  /** A system-space window holding a copy of [user, user+size) of `p` for one request (0 for an empty buffer). */
  mapWindow(p: UserProcess, user: number, size: number, copyIn: boolean): number {
    if (!size) return 0;
    const at = this.k.io.alloc(size, 'UsrB');
    if (copyIn) this.k.memory.u8.set(p.memory.read(user, size), at);
    else this.k.memory.u8.fill(0, at, at + size);
    this.windows.add({ start: at, size });
    return at;
  }

  /** Copy `count` bytes of a window back to the user buffer (count clamped to the buffer) and release it. */
  unmapWindow(p: UserProcess, window: number, user: number, size: number, count: number): void {
    if (!window) return;
    const n = Math.max(0, Math.min(count, size));
    if (n && p.state !== 'exited') p.memory.write(user, this.k.memory.u8.slice(window, window + n));
    for (const w of this.windows) if (w.start === window) this.windows.delete(w);
    this.k.io.pool.free(window);
  }

  // ---------------------------------------------------------------- handles

  /** A new handle in `p`'s table to a user-mode object. */
  insertHandle(p: UserProcess, o: UserObject, header?: ObjectHeader): number {
    const h = header ?? newHeader(typeOf(o), o);
    h.handleCount++;
    return this.k.io.ob.processTable(p.pid).insert({ header: h, access: 0x1f0fff, attributes: 0 });
  }

  /** The header behind a handle of `p` (pseudo handles: -1 the process itself, -2 the calling thread). */
  headerOf(p: UserProcess, handle: number, ut?: UserThread): ObjectHeader | undefined {
    const h = handle >>> 0;
    if (h === 0xffffffff) return p.header;
    if (h === 0xfffffffe) return ut?.header;
    return this.k.io.ob.processTable(p.pid).get(h)?.header;
  }

  objectOf(p: UserProcess, handle: number, ut?: UserThread): UserObject | undefined {
    const hd = this.headerOf(p, handle, ut);
    return hd && userObjectOf(hd);
  }

  // ---------------------------------------------------------------- internals

  defaultEnvironment(): Map<string, string> {
    const u = this.userName;
    return new Map([
      ['ALLUSERSPROFILE', 'C:\\ProgramData'], ['COMPUTERNAME', this.computerName], ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
      ['HOMEDRIVE', 'C:'], ['HOMEPATH', `\\Users\\${u}`], ['NUMBER_OF_PROCESSORS', '1'], ['OS', 'Windows_NT'],
      ['Path', 'C:\\Windows\\system32;C:\\Windows;C:\\DriverTest\\Drivers'], ['PATHEXT', '.COM;.EXE;.BAT;.CMD'],
      ['PROCESSOR_ARCHITECTURE', 'AMD64'], ['ProgramData', 'C:\\ProgramData'], ['ProgramFiles', 'C:\\Program Files'],
      ['PROMPT', '$P$G'], ['PUBLIC', 'C:\\Users\\Public'], ['SystemDrive', 'C:'], ['SystemRoot', 'C:\\Windows'],
      ['TEMP', `C:\\Users\\${u}\\AppData\\Local\\Temp`], ['TMP', `C:\\Users\\${u}\\AppData\\Local\\Temp`],
      ['USERDOMAIN', this.computerName], ['USERNAME', u], ['USERPROFILE', `C:\\Users\\${u}`], ['windir', 'C:\\Windows'],
    ]);
  }

  /** Imports of a user image: our DLLs' routine tables, bound so each call knows its user thread. */
  private resolve(module: string, name: string, kind: 'func' | 'data'): ImportResolution {
    if (kind !== 'func') return undefined;
    const tables = userRoutines(module === 'env' ? undefined : module);
    for (const table of tables) {
      const impl = table[name];
      if (impl) {
        const k = this.k;
        return { kind: 'host', routine: (ctx, ...args) => { this.current = ctx.thread.context as UserThread; return impl(k, ...args); } };
      }
    }
    return undefined;
  }

  /** The CRT's per-process data: FILE objects for stdin/stdout/stderr, argc/argv for __p___argc/__p___argv. */
  private setUpCrt(p: UserProcess): void {
    const m = p.memory, heap = p.heap;
    p.crt.iob = heap.alloc(3 * 16)!;
    m.u8.fill(0, p.crt.iob, p.crt.iob + 48);
    const args = splitCommandLine(p.commandLine);
    const narrow = args.map((a) => { const at = heap.alloc(a.length + 1)!; for (let i = 0; i < a.length; i++) m.writeU8(at + i, a.charCodeAt(i) & 0xff); m.writeU8(at + a.length, 0); return at; });
    const wide = args.map((a) => { const at = heap.alloc(2 * a.length + 2)!; for (let i = 0; i < a.length; i++) m.writeU16(at + 2 * i, a.charCodeAt(i)); m.writeU16(at + 2 * a.length, 0); return at; });
    const table = (ptrs: number[]) => { const at = heap.alloc(4 * (ptrs.length + 1))!; ptrs.forEach((v, i) => m.writeU32(at + 4 * i, v)); m.writeU32(at + 4 * ptrs.length, 0); return at; };
    const argvTable = table(narrow), wargvTable = table(wide);
    p.crt.argc = heap.alloc(4)!; m.writeU32(p.crt.argc, args.length);
    p.crt.argv = heap.alloc(4)!; m.writeU32(p.crt.argv, argvTable);
    p.crt.wargv = heap.alloc(4)!; m.writeU32(p.crt.wargv, wargvTable);
  }

  /** ntdll!RtlUserThreadStart of a process: the CRT startup for the main thread, the start routine for others. */
  private userStart(p: UserProcess): Func {
    const existing = (p as UserProcess & { startFunc?: Func }).startFunc;
    if (existing) return existing;
    const f = p.processor.hostFunc('ntdll!RtlUserThreadStart', I32_I32, (_ctx, key: number) => this.threadStart(p, key));
    (p as UserProcess & { startFunc?: Func }).startFunc = f;
    return f;
  }

  private *threadStart(p: UserProcess, key: number): Generator<HostRequest, Value, any> {
    const ut = this.threads.get(key)!;
    if (ut.start.kind === 'routine') return (yield { call: ut.start.routine, args: [ut.start.parameter] }) as Value;
    const im = p.image!;
    const ctors = im.exports.get('__wasm_call_ctors');
    if (ctors?.kind === 'func') yield { call: ctors.func, args: [] };
    const entry = entryOf(im);
    if (!entry) return 0xc0000139; // STATUS_ENTRYPOINT_NOT_FOUND
    const m = p.memory;
    const argc = m.readU32(p.crt.argc), argv = m.readU32(entry.wide ? p.crt.wargv : p.crt.argv);
    const args = entry.func.type.params.length >= 2 ? [argc, argv] : [];
    const code = (yield { call: entry.func, args }) as Value;
    // exit(): atexit handlers in reverse order of registration.
    for (const fn of [...p.crt.atexit].reverse()) yield { call: fn, args: [] };
    return code;
  }

  /** An exception no handler took in user code: the Windows-style message, and the process ends with its code. */
  private fault(ut: UserThread): void {
    const p = ut.process, e = ut.user.exception;
    if (e?.hostError && !(e.hostError instanceof UserException)) throw e.hostError; // a bug in our own DLL code: surface it
    const code = (e?.hostError instanceof UserException ? e.hostError.status : e?.code ?? 0xc0000005) >>> 0;
    let at = e && e.fid >= 0 && e.pc >= 0 ? p.processor.codeOffset(e.fid, e.pc) : undefined;
    if (at === undefined) at = p.processor.stack(ut.user).find((f) => f.kind === 'wasm')?.codeOffset ?? 0;
    p.crash = exceptionMessage(code, at, e?.address ?? 0, e?.write ?? false);
    p.console.write(p.crash + '\n');
    this.terminate(p, code);
  }

  private *threadEnded(ut: UserThread): Step {
    const p = ut.process;
    // IoCancelThreadIo: the thread's outstanding IRPs are cancelled and it waits for them (the process stays listed).
    if (ut.kernel) yield* cancelThreadIo(this.k.io, ut.kernel);
    ut.done = true;
    if (ut.exitCode === undefined) ut.exitCode = p.exitCode ?? 0;
    if (ut.kernel) this.byKernelThread.delete(ut.kernel);
    const stackLimit = ut.user.stackLimit;
    p.pages.release(stackLimit);
    const kc = ut.kernel?.context as KeThread | undefined;
    if (kc?.teb !== undefined) { p.pages.release(kc.teb); kc.teb = undefined; }
    this.poke();
    if (p.live().length > 0) return;
    // The last thread: the process ends. Its handles close (a device file's last handle sends IRP_MJ_CLEANUP and
    // IRP_MJ_CLOSE to the driver), then waiters on the process and the parent learn its exit code.
    if (p.state === 'running') { p.state = 'exiting'; p.exitCode = ut.exitCode; }
    const table = this.k.io.ob.processTable(p.pid);
    const byKernel = ut.kernel;
    if (byKernel) this.byKernelThread.set(byKernel, ut); // handles close in the process's context
    for (const { handle } of table.list()) yield* this.k.io.ob.close(handle);
    if (byKernel) this.byKernelThread.delete(byKernel);
    this.k.io.ob.deleteProcessTable(p.pid);
    p.state = 'exited';
    this.processes.delete(p.pid);
    for (const t of p.threads) this.threads.delete(t.key);
    // The EPROCESS is signalled: drivers and other processes waiting on it see the exit.
    const rec = this.k.ps.processes.get(p.pid);
    if (rec) rec.exited = true;
    if (p.eprocess) { this.k.ke.objects.setSignal(p.eprocess, 1); this.k.ke.signalled(p.eprocess); }
    this.poke();
    for (const fn of p.onExit) fn(p);
  }

  /** nt!KiQuantumEnd: a tiny wasm function whose entry check point ends the slice (the kernel half's yield). */
  private makeQuantumEnd(): Func {
    const name = 'nt!KiQuantumEnd';
    const text = (t: string) => { const b = [...new TextEncoder().encode(t)]; return [...leb(b.length), ...b]; };
    const section = (id: number, payload: number[]) => [id, ...leb(payload.length), ...payload];
    const body = [0x00, 0x41, 0x00, 0x1a, 0x41, 0x00, 0x1a, 0x0b]; // no locals; i32.const 0; drop (twice); end
    const names = section(1, [1, 0, ...text(name)]);
    const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, [1, 0x60, 0, 0]), ...section(3, [1, 0]), ...section(10, [1, ...leb(body.length), ...body]),
      ...section(0, [...text('name'), ...names])]);
    const m = decodeModule(bytes);
    const base = this.k.pages.alloc(0x1000)!;
    this.k.memory.u8.set(m.code, base);
    const inst = this.k.processor.instantiate({ name, module: m, codeBase: base, memoryBase: base, tableBase: 0, imports: [] });
    return inst.funcs[0]!;
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}

/** The entry the image names (driverlab.image), else the first of the CRT's entry exports. */
function entryOf(im: NonNullable<UserProcess['image']>): { func: Func; wide: boolean } | undefined {
  let named: string | undefined;
  const sec = im.module.customs.find((c) => c.name === 'driverlab.image');
  if (sec) { try { named = JSON.parse(new TextDecoder().decode(sec.bytes)).entry; } catch { /* no header */ } }
  for (const n of [named, '__main_argc_argv', 'main', 'wmain'].filter((x): x is string => !!x)) {
    const x = im.exports.get(n);
    if (x?.kind === 'func') return { func: x.func, wide: n === 'wmain' };
  }
  return undefined;
}

const hex16 = (v: number) => '0x' + (v >>> 0).toString(16).toUpperCase().padStart(16, '0');

/** What Windows says about an unhandled exception in an application. */
export function exceptionMessage(code: number, at: number, address: number, write: boolean): string {
  if (code === 0xc0000005) return `The instruction at ${hex16(at)} referenced memory at ${hex16(address)}. The memory could not be ${write ? 'written' : 'read'}.`;
  const names: Record<number, string> = {
    0xc0000094: 'Integer division by zero', 0xc0000095: 'Integer overflow', 0xc000001d: 'Illegal Instruction',
    0xc00000fd: 'Stack overflow', 0x80000003: 'Breakpoint', 0xc0000409: 'Stack buffer overrun',
  };
  const what = names[code] ?? 'unknown software exception';
  return `The exception ${what} (0x${code.toString(16).padStart(8, '0')}) occurred in the application at location ${hex16(at)}.`;
}

/** CommandLineToArgvW's rules (as the CRT parses argv): quotes group, backslashes escape only before a quote. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '', quoted = false;
    while (i < line.length) {
      const c = line[i]!;
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') { n++; i++; }
        if (line[i] === '"') { arg += '\\'.repeat(n >> 1); if (n % 2) { arg += '"'; i++; } }
        else arg += '\\'.repeat(n);
        continue;
      }
      if (c === '"') { if (quoted && line[i + 1] === '"') { arg += '"'; i += 2; continue; } quoted = !quoted; i++; continue; }
      if (!quoted && (c === ' ' || c === '\t')) break;
      arg += c; i++;
    }
    out.push(arg);
  }
  return out;
}
