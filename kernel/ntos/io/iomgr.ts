// The I/O manager of one kernel: its bookkeeping (drivers, devices, files, IRPs it originated), memory for the
// objects drivers touch by field, and the helpers every io/*.ts file shares. The NT routines themselves live in
// the files named after their area (driver.ts, device.ts, irp.ts, ...); routines.ts binds them to their names.
import type { Func, FuncType, Thread } from '../../../main/machine/cpu/types.ts';
import { toVA } from '../../../main/machine/memory.ts';
import { TICKS_PER_SECOND } from '../../../main/machine/devices/device.ts';
import type { LoadedImage } from '../mm/loader/loader.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { ObjectManager, type Step } from '../ob/manager.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import { Body, Structs } from '../ob/fields.ts';
import { moduleRoutines } from '../../exports.ts';
import type { Pool } from '../ex/pool.ts';
import type { EventLogEntry } from './errorlog.ts';
import { invalidDeviceRequest } from './driver.ts';
import { completeRequest } from './irp.ts';
import type { IrpWatch } from './trace.ts';
import { csqCancelRoutine } from './csq.ts';
import { ioTimerTick } from './timer.ts';
import { ServiceControl } from './services.ts';
import { ntStatusToDosError } from '../rtl/status-errors.ts';

/** How often a waiter looks at a thread it waits for (10 ms of machine time). */
const FINISH_POLL_TICKS = Math.round(TICKS_PER_SECOND / 100);

export interface DriverRecord {
  /** Service (key) name, e.g. DongLpt; the object is \Driver\<service>. */
  service: string;
  object: number;
  header: ObjectHeader;
  image: LoadedImage;
  /** The UNICODE_STRING the entry received as RegistryPath (freed with the driver). */
  registryPath: number;
  state: 'starting' | 'running' | 'unloading' | 'unloaded';
}

export interface DeviceRecord {
  object: number;
  header: ObjectHeader;
  driver: DriverRecord;
  exclusive: boolean;
  /** Open file objects on this device. */
  opens: number;
  /** IoInitializeTimer's routine (a function-table index) and context, and whether IoStartTimer is on. */
  timer?: { routine: number; context: number; running: boolean };
  deletePending: boolean;
}

export interface FileRecord {
  object: number;
  header: ObjectHeader;
  device: DeviceRecord;
  /** Opened for synchronous I/O (no FILE_FLAG_OVERLAPPED): the services wait for pending IRPs. */
  synchronous: boolean;
}

/** An IRP the I/O manager sent for a caller (a system service, IoBuild*Request) and finishes itself. */
export interface IrpOrigin {
  kind: 'service' | 'synchronous-fsd' | 'ioctl-build' | 'asynchronous-fsd';
  file?: FileRecord;
  /** Where the originator wants the final status (IO_STATUS_BLOCK address) and which KEVENT to set. */
  userIosb?: number;
  userEvent?: number;
  /** Buffered read/ioctl: copy this many bytes of SystemBuffer back to this address on success. */
  copyBack?: { to: number; max: number };
  /** The originator's view of the result, set when the IRP completes. */
  result?: { status: number; information: number };
  /** A thread blocked until completion (synchronous services on pending IRPs). */
  waiter?: Thread;
  onComplete?: (status: number, information: number) => void;
  /** The thread that issued it (Tail.Overlay.Thread): its exit cancels the IRP (threadio.ts). */
  thread?: Thread;
  /** The issuing process is ending: the waiting thread cancels it; IoCancelIrp was sent once. */
  cancelOnExit?: boolean;
  cancelSent?: boolean;
}

/** An image that was unloaded: calls into it are DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS. */
export interface UnloadedImage {
  name: string; base: number; size: number; tableBase: number; tableEnd: number;
  /** Code offset each of its function-table slots pointed at (what a stale pointer "executes"). */
  slotCode?: Map<number, number>;
}

/** The access type page-fault bugchecks report for an instruction fetch (x64, Windows 10). */
export const EXECUTE_ACCESS = 0x10n;
const I32_TYPE: FuncType = { params: [0x7f], results: [0x7f] };
/** DRIVER_DISPATCH: NTSTATUS (PDEVICE_OBJECT, PIRP). */
const DISPATCH_TYPE: FuncType = { params: [0x7f, 0x7f], results: [0x7f] };
/** DRIVER_CANCEL: VOID (PDEVICE_OBJECT, PIRP). */
export const CANCEL_TYPE: FuncType = { params: [0x7f, 0x7f], results: [] };

export class IoManager {
  readonly s: Structs;
  readonly ob: ObjectManager;
  /** The executive's pool (ex): the I/O manager's own objects are the kernel's allocations (no owning image). */
  readonly pool: Pool;
  readonly drivers = new Map<string, DriverRecord>();
  readonly devices = new Map<number, DeviceRecord>();
  readonly files = new Map<number, FileRecord>();
  readonly irps = new Map<number, IrpOrigin>();
  /** IRPs a driver allocated and has not freed (leak checks), and IRPs already completed (double completion). */
  readonly liveIrps = new Set<number>();
  /** The I/O view's watch on one device stack (trace.ts); undefined while nobody watches. */
  irpWatch: IrpWatch | undefined;
  /** The System event log (IoWriteErrorLogEntry); `wevtutil qe System` reads it. */
  readonly eventLog: EventLogEntry[] = [];
  /** MmUnloadedDrivers: images unloaded since boot. */
  readonly unloaded: UnloadedImage[] = [];
  /** Shutdown notifications (IoRegisterShutdownNotification), device objects in registration order. */
  readonly shutdownDevices: number[] = [];
  /** IoRegisterLastChanceShutdownNotification's devices, in registration order. */
  readonly lastChanceShutdownDevices: number[] = [];
  /** Signature policy hook for service start (577 ERROR_INVALID_IMAGE_HASH); the se/ci engineer plugs in. */
  verifyImage: (bytes: Uint8Array, path: string) => boolean = () => true;
  /** Bugcheck for I/O misuse as Driver Verifier's I/O verification does (on, as in the labs). */
  verifier = true;
  /** Reads a file of the target's disk by NT path (the machine's disk plugs in here). */
  readFile: (path: string) => Uint8Array | undefined = () => undefined;
  /** MDLs allocated by IoAllocateMdl and not yet freed. */
  readonly mdls = new Set<number>();
  /** Work items queued and not yet run; error log entries allocated and not yet written or freed. */
  readonly pendingWorkItems = new Set<number>();
  readonly errorLogEntries = new Map<number, { ioObject: number; size: number }>();
  cancelLockHeld = false;
  /** Whether [address, address+length) is user address space (ProbeForRead/Write); none exists until user mode does. */
  isUserAddress: (address: number, length: number) => boolean = () => false;
  /** System time for event log records (the ke clock plugs in; until then boot time plus processor cycles). */
  systemTime: () => bigint = () => 133_500_000_000_000_000n + BigInt(Math.floor(this.k.processor.cycles / 100));
  /** `sc` on the kernel side. */
  readonly services: ServiceControl;
  private readonly funcs = new Map<string, Func>();
  private defaultDispatch_?: number;
  private csqCancel_?: number;
  private nextJob = 1;
  readonly jobs = new Map<number, () => Step<number>>();
  /** Kernel routines drivers receive as function pointers (IopCsqCancelRoutine): table slot → routine. */
  readonly kernelPointers = new Map<number, (...args: number[]) => Step<number | void>>();
  /** The machine-clock deadline of the next I/O timer tick while any device's timer runs. */
  private ioTimerDeadline?: number;

  constructor(readonly k: Kernel) {
    this.s = new Structs(k.layouts, k.memory);
    this.ob = new ObjectManager(k.ob);
    this.pool = k.pool;
    this.services = new ServiceControl(this);
  }

  /** nt!IopInvalidDeviceRequest, what MajorFunction slots hold until the driver fills them. */
  get defaultDispatch(): number { return this.defaultDispatch_ ??= invalidDeviceRequest(this); }
  /** nt!IopCsqCancelRoutine. */
  get csqCancel(): number { return this.csqCancel_ ??= csqCancelRoutine(this); }

  *completeRequest(irp: number, boost: number): Step { yield* completeRequest(this, irp, boost); }

  /** One second of the machine's clock: run the started I/O timers (IopTimerDispatch) now, to completion. */
  tickIoTimers(): void {
    if (!this.ioTimersRunning()) return;
    this.runOnSystemThread('IopTimerDispatch', function* (this: IoManager) { yield* ioTimerTick(this); return 0; }.bind(this));
  }

  private ioTimersRunning(): boolean { return [...this.devices.values()].some((d) => d.timer?.running); }

  /** The ke clock ticks the I/O timers once a second while one runs (IoStartTimer arms it). */
  armIoTimer(): void {
    if (this.ioTimerDeadline !== undefined) return;
    const ke = this.k.ke;
    this.ioTimerDeadline = ke.schedule(ke.now() + TICKS_PER_SECOND, () => {
      this.ioTimerDeadline = undefined;
      if (!this.ioTimersRunning() || this.k.bugCheck) return;
      this.startSystemThread('IopTimerDispatch', function* (this: IoManager) { yield* ioTimerTick(this); return 0; }.bind(this));
      this.armIoTimer();
    });
  }

  /** RtlNtStatusToDosError (kernel/ntos/rtl/status-errors.ts): a failed DriverEntry's status as the service's Win32 error. */
  win32Error(status: number): number { return ntStatusToDosError(this.k.layouts.constants, status); }

  get mem() { return this.k.memory; }
  at(struct: string, address: number): Body { return this.s.at(struct, address); }
  size(struct: string): number { return this.s.size(struct); }
  c(name: string): number { return this.k.constant(name); }
  /** An NTSTATUS by name, as the signed 32-bit value routines return. */
  st(name: string): number { return this.k.constant(name) | 0; }

  alloc(size: number, tag: string): number {
    const a = this.pool.allocate(size, tag);
    if (a === undefined) throw new BugCheck('NO_PAGES_AVAILABLE');
    return a;
  }

  // ---------------------------------------------------------------- strings in system memory

  /** A UNICODE_STRING at `at` describing `text` in a new pool buffer (freed with freeUnicodeString). */
  writeUnicodeString(at: number, text: string, tag = 'IoNm'): void {
    const bytes = text.length * 2;
    const buf = this.alloc(bytes + 2, tag);
    for (let i = 0; i < text.length; i++) this.mem.writeU16(buf + 2 * i, text.charCodeAt(i));
    this.at('UNICODE_STRING', at).set('Length', bytes).set('MaximumLength', bytes + 2).set('Buffer', buf);
  }

  /** A new UNICODE_STRING structure and buffer. */
  newUnicodeString(text: string, tag = 'IoNm'): number {
    const at = this.alloc(this.size('UNICODE_STRING'), tag);
    this.writeUnicodeString(at, text, tag);
    return at;
  }

  freeUnicodeStringBuffer(at: number): void {
    const b = this.at('UNICODE_STRING', at);
    const buf = b.get('Buffer');
    if (buf) this.pool.free(buf);
    b.set('Buffer', 0).set('Length', 0).set('MaximumLength', 0);
  }

  readUnicodeString(at: number): string {
    const b = this.at('UNICODE_STRING', at);
    const len = b.get('Length');
    const buf = b.get('Buffer');
    if (!buf || !len) return '';
    let s = '';
    for (let i = 0; i < len / 2; i++) s += String.fromCharCode(this.mem.readU16(buf + 2 * i));
    return s;
  }

  // ---------------------------------------------------------------- calling driver code

  /** A host function named like NT's internal routine (nt!IopLoadDriver) that runs a queued generator. */
  private jobFunc(name: string): Func {
    let f = this.funcs.get(name);
    if (!f) {
      f = this.k.processor.hostFunc(`ntoskrnl!${name}`, I32_TYPE, (_ctx, id: number) => {
        const make = this.jobs.get(id);
        this.jobs.delete(id);
        return make ? make() : -1;
      });
      this.funcs.set(name, f);
    }
    return f;
  }

  /** A new system thread whose outermost frame is nt!<name> running `body`. */
  startSystemThread(name: string, body: () => Step<number>, threadName = 'System'): Thread {
    const id = this.nextJob++;
    this.jobs.set(id, body);
    return this.k.createThread(this.jobFunc(name), [id], threadName);
  }

  /** Runs `body` on a new system thread until it finishes (or the system stops); its result. */
  runOnSystemThread(name: string, body: () => Step<number>): { result?: number; thread: Thread } {
    const t = this.startSystemThread(name, body);
    this.k.run({ until: () => t.state === 'exited' || t.state === 'faulted' || t.state === 'stopped' || t.state === 'blocked' && !this.hasReadyThread() });
    return { result: t.state === 'exited' ? Number(t.result) | 0 : undefined, thread: t };
  }

  /** Whether a thread's work is over (returned, faulted, or the system stopped). */
  finished(t: Thread): boolean { return t.state === 'exited' || t.state === 'faulted' || !!this.k.bugCheck; }

  /**
   * Resolves once `t` has finished: for a caller that waits on a thread runOnSystemThread left running (a kernel
   * debugger holds the target for a load notice or a breakpoint, or the thread waits). Checked on the machine's
   * clock, which stands still while the target is held.
   */
  whenFinished(t: Thread): Promise<void> {
    const ke = this.k.ke;
    return new Promise((resolve) => {
      const poll = (): void => { if (this.finished(t)) resolve(); else ke.schedule(ke.now() + FINISH_POLL_TICKS, poll); };
      poll();
    });
  }

  private hasReadyThread(): boolean { return this.k.threads.some((t) => t.state === 'ready') || this.k.ke.interrupts.pending(); }

  /**
   * Calls a driver-supplied function pointer (a function-table index). A pointer into an image that has been
   * unloaded is DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, as Windows reports the stale callback.
   */
  *callPointer(pointer: number, args: number[]): Step<number> {
    const kp = this.kernelPointers.get(pointer >>> 0);
    if (kp) return ((yield* kp(...args)) ?? 0) as number;
    const stale = this.staleCallBugCheck(pointer);
    if (stale) throw stale;
    const r = yield { call: pointer >>> 0, args };
    return Number(r ?? 0) | 0;
  }

  /**
   * A kernel routine handed to drivers as a function pointer: a real function-table slot holding a host routine
   * (so a driver may call through it), run directly when the kernel itself calls it.
   */
  kernelPointer(fn: (...args: number[]) => Step<number | void>, name = 'IopKernelRoutine', type: FuncType = DISPATCH_TYPE): number {
    const f = this.k.processor.hostFunc(`ntoskrnl!${name}`, type, (_ctx, ...args: unknown[]) => fn(...args.map((a) => Number(a) | 0)) as Generator<never, number, unknown>);
    const slot = this.k.loader.allocateKernelSlot(f);
    this.kernelPointers.set(slot, fn);
    return slot;
  }

  /** Give a kernelPointer's slot back (the routine's owner is going away). */
  releaseKernelPointer(slot: number): void {
    if (!this.kernelPointers.delete(slot >>> 0)) return;
    this.k.loader.releaseKernelSlot(slot >>> 0);
  }

  /**
   * The check every call through a driver-supplied pointer gets (I/O completion and cancel routines, work items,
   * DPCs, timer and EX_TIMER callbacks): a routine of an unloaded image is an execute fault in its old range,
   * DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS (0xCE), blamed on that image.
   */
  staleCallBugCheck(pointer: number): BugCheck | undefined {
    const gone = this.unloadedAt(pointer);
    if (!gone) return undefined;
    const va = toVA(gone.slotCode?.get(pointer >>> 0) ?? gone.base);
    return new BugCheck('DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS', [va, EXECUTE_ACCESS, va, 0n], gone.name);
  }

  unloadedAt(pointer: number): UnloadedImage | undefined {
    const p = pointer >>> 0;
    return this.unloaded.find((u) => p >= u.tableBase && p < u.tableEnd && this.k.processor.table[p] == null);
  }

  /** The driver whose image holds a function-table index or a code/data offset (the "faulting driver"). */
  driverOfPointer(pointer: number): DriverRecord | undefined {
    for (const d of this.drivers.values()) {
      const im = d.image;
      const f = this.k.processor.table[pointer >>> 0];
      if (f && f.inst === im.instance) return d;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- other components' routines

  /** A routine another component exports (KeSetEvent, KfRaiseIrql ...), to call as drivers would. */
  routine(name: string): ((...args: any[]) => unknown) | undefined {
    for (const t of moduleRoutines('ntoskrnl.exe') ?? []) {
      const r = t[name];
      if (r) return (...args: any[]) => r(this.k, ...args);
    }
    for (const t of moduleRoutines('hal.dll') ?? []) {
      const r = t[name];
      if (r) return (...args: any[]) => r(this.k, ...args);
    }
    return undefined;
  }

  /** KeSetEvent on an event a caller gave us (the ke component's, or the signal state alone until it exists). */
  setEvent(event: number): void {
    const ke = this.routine('KeSetEvent');
    if (ke) { ke(event, 0, 0); return; }
    this.at('KEVENT', event).set('Header.SignalState', 1);
  }

  get irql(): number { return this.k.processor.irql; }
  set irql(v: number) { this.k.processor.irql = v; }
}
