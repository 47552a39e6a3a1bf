// The simulated NT kernel of one machine: the composition root that owns system space, the processor, the loader
// and every executive component, binds the components' routine tables to images' imports, and schedules threads.
// Components live in their NT folders (ob, io, ke, ex, mm, ps, rtl, cm, se, hal, kd); this file only wires them.
import { SystemMemory, PageAllocator, NULL_GUARD, DEFAULT_MEMORY_SIZE } from '../../main/machine/memory.ts';
import { Processor } from '../../main/machine/cpu/processor.ts';
import type { Func, Thread, Value, RunResult } from '../../main/machine/cpu/types.ts';
import { SystemLoader, type ResolveImport, type LoadedImage } from './mm/loader/loader.ts';
import { ObjectNamespace } from './ob/namespace.ts';
import { IoManager } from './io/iomgr.ts';
import type { KernelDisk } from './io/zwfile.ts';
import { Registry } from './cm/registry.ts';
import { BugCheck, withImageName } from './ke/bugcheck.ts';
import { MAX_IRQL, checkRoutineIrql } from './ke/irql-rules.ts';
import { writeCrashDump } from './ke/crashdump.ts';
import { PrintFilter } from './kd/printfilter.ts';
import { Dispatcher, QUANTUM } from './ke/dispatcher.ts';
import { KernelClock, DEFAULT_BOOT_MS, systemTimeOfMs } from './ke/clock.ts';
import { BugCheckCallbacks } from './ke/bugcheck-callbacks.ts';
import { Pool } from './ex/pool.ts';
import { ProcessManager } from './ps/process.ts';
import { readCmosTime } from './hal/cmos.ts';
import { ObjectTypes } from './ob/types.ts';
import { KernelVariables } from './data-exports.ts';
import { IoBus, type InterruptController } from '../../main/machine/bus.ts';
import { moduleRoutines } from '../exports.ts';
import type { Layouts } from '../layout/layouts.ts';
import { constant, enumValue } from '../layout/access.ts';

export interface KernelOptions {
  layouts: Layouts;
  memorySize?: number;
  /** Where debug output goes (the KD stub sends it to the debugger as DEBUG_IO packets). */
  onDebugOutput?: (text: string) => void;
  /** Called when the system stops with a bugcheck. */
  onBugCheck?: (b: BugCheck) => void;
  /** The machine's I/O bus (READ_PORT_UCHAR and friends reach its devices); an empty bus when not given. */
  ports?: IoBus;
  /** Called with the memory dump record a bugcheck writes (the machine saves it as %SystemRoot%\MEMORY.DMP). */
  onCrashDump?: (dump: Uint8Array) => void;
  /** Wall time at boot (Unix ms); default: the RTC on `ports`, else a fixed date. */
  bootTimeMs?: number;
  /** The machine's disk (ZwCreateFile/ZwReadFile/ZwWriteFile on \??\C:\... files); none when not given. */
  disk?: KernelDisk;
  /** The machine's interrupt lines (devices' IRQs reach connected ISRs); no device interrupts when not given. */
  interrupts?: InterruptController;
}

/** What the kernel debugger's target side (the KD stub, kernel/ntos/kd/stub) is told; set `kernel.debugger`. */
export interface KernelDebugger {
  debugOutput(text: string): void;
  bugCheck(b: BugCheck): void;
  imageLoaded(image: LoadedImage, unloading: boolean): void;
  /** A thread stopped for the debugger (breakpoint, step, break-in, data breakpoint). */
  threadStopped(t: Thread, stop: RunResult): void;
  /** True while the target is frozen for the debugger: the scheduler does not slice. */
  holding(): boolean;
  /** A requested break-in found no thread left to run: the stop is taken in the idle loop. */
  idleBreakIn?(): void;
  /** Whether a debugger host is connected over the transport (KD_DEBUGGER_NOT_PRESENT); taken as yes when absent. */
  readonly connected?: boolean;
  /** The crash dump is about to be written: bring the tables the debugger reads in memory up to date. */
  beforeDump?(): void;
  /** The machine lost power: the debug cable's end closes (no more resends from a boot that is gone). */
  detach?(): void;
  /** An exception the kernel dispatches (the faulted thread `t`): a debugger that reports it first (first chance)
   *  returns true and calls `unhandled` (the bugcheck) when it is continued. */
  firstChance?(t: Thread, unhandled: () => void): boolean;
  /** Called when a bugcheck a connected debugger held goes on: continued (`g`), or the debugger stopped answering
   *  (it detached, or the cable is gone). */
  onBugCheckContinued?(cb: () => void): void;
}

export { QUANTUM };
const SYSTEM_THREAD_STACK = 64 * 1024;

export class Kernel {
  readonly layouts: Layouts;
  readonly memory: SystemMemory;
  readonly pages: PageAllocator;
  readonly processor: Processor;
  readonly loader: SystemLoader;
  readonly ob = new ObjectNamespace();
  readonly registry = new Registry();
  readonly printFilter: PrintFilter;
  /** The I/O manager (drivers, devices, IRPs, file objects, services) and the object manager's handles. */
  readonly io: IoManager;
  /** The machine's port I/O bus (HAL). */
  readonly ports: IoBus;
  /** Time: cycles to NT time units, boot time from the RTC. */
  readonly clock: KernelClock;
  /** The executive's pools (ex). */
  readonly pool: Pool;
  /** NT's dispatcher: scheduling, IRQL, waits, timers, DPCs (ke). */
  readonly ke: Dispatcher;
  /** Processes and threads (ps). */
  readonly ps: ProcessManager;
  readonly bugCheckCallbacks: BugCheckCallbacks;
  /** Module name of the image whose code called the kernel routine now running (pool owner, blame for bugchecks). */
  caller?: string;
  /** Data exports of ntoskrnl.exe (PsInitialSystemProcess ...): name → address. */
  readonly dataExports = new Map<string, number>();
  /** Threads the scheduler knows, in creation order; the ready ones run round-robin. */
  readonly threads: Thread[] = [];
  /** Set once the system has stopped with a bugcheck; nothing runs after it. */
  bugCheck?: BugCheck;
  /** The thread the system stopped on (its stack and IRQL are what the dump and the debugger show). */
  bugCheckThread?: Thread;
  /** Object type objects behind IoFileObjectType, PsProcessType ... (ob). */
  readonly obTypes: ObjectTypes;
  /** KdDebuggerEnabled, InitSafeBootMode, SeExports, NtBuildNumber. */
  readonly variables: KernelVariables;
  private debuggerStub?: KernelDebugger;
  /** The KD stub, when kernel debugging is enabled (setting it updates KdDebuggerEnabled/KdDebuggerNotPresent). */
  get debugger(): KernelDebugger | undefined { return this.debuggerStub; }
  set debugger(d: KernelDebugger | undefined) { this.debuggerStub = d; this.variables.refreshDebugger(); }
  /** Code address of a host-implemented export (the KD stub maps nt/hal routines to addresses), for bugcheck parameters. */
  routineAddress?: (module: string, name: string) => number | undefined;
  /** The machine's disk for the file services (kernel/ntos/io/zwfile.ts); settable once the machine has one. */
  disk?: KernelDisk;
  /** The crash dump the last bugcheck wrote (our MEMORY.DMP record, kernel/ntos/ke/crashdump.ts), when one was asked for. */
  crashDump?: Uint8Array;
  private readonly debugSink: (text: string) => void;
  private readonly onBugCheck?: (b: BugCheck) => void;
  private readonly onCrashDump?: (dump: Uint8Array) => void;

  constructor(o: KernelOptions) {
    this.layouts = o.layouts;
    this.disk = o.disk;
    this.memory = new SystemMemory(o.memorySize ?? DEFAULT_MEMORY_SIZE);
    this.pages = new PageAllocator(NULL_GUARD, this.memory.size);
    this.processor = new Processor(this.memory);
    this.loader = new SystemLoader({ memory: this.memory, pages: this.pages, processor: this.processor });
    const components = this.layouts.enums['DPFLTR_TYPE'] ?? {};
    const area = this.pages.alloc(PrintFilter.areaSize(components));
    if (area === undefined) throw new Error('system space too small');
    this.printFilter = new PrintFilter(this.memory, components, area);
    this.ports = o.ports ?? new IoBus();
    const boot = o.bootTimeMs ?? (o.ports && readCmosTime(o.ports)) ?? DEFAULT_BOOT_MS;
    this.clock = new KernelClock(() => this.ke.now(), systemTimeOfMs(boot));
    const size = this.memory.size;
    this.pool = new Pool(this.memory, this.pages, { nonPaged: Math.max(0x100000, (size / 8) & ~0xfff), paged: Math.max(0x100000, (size / 16) & ~0xfff) });
    this.ke = new Dispatcher(this, o.interrupts);
    this.ps = new ProcessManager(this);
    this.bugCheckCallbacks = new BugCheckCallbacks(this);
    this.ps.boot();
    this.dataExports.set('PsInitialSystemProcess', this.ps.initialSystemProcessVar);
    this.obTypes = new ObjectTypes(this);
    this.variables = new KernelVariables(this);
    this.io = new IoManager(this);
    this.debugSink = o.onDebugOutput ?? (() => {});
    this.onBugCheck = o.onBugCheck;
    this.onCrashDump = o.onCrashDump;
  }

  /** Layout constants and enumerators (from our headers via the probe). */
  constant(name: string): number { return constant(this.layouts, name); }
  enumValue(enumName: string, member: string): number { return enumValue(this.layouts, enumName, member); }

  debugOutput(text: string): void { this.debugSink(text); this.debugger?.debugOutput(text); }

  /** Resolves an image's import against our modules' routine tables (other images are the loader's job). */
  readonly resolveImport: ResolveImport = (module, name, kind) => this.resolveFor(undefined, module, name, kind);

  /** Resolution for one importing image: each routine call records that image as the caller. */
  private resolveFor(image: string | undefined, module: string, name: string, kind: 'func' | 'data') {
    if (kind === 'data') {
      const address = this.dataExports.get(name);
      return address === undefined ? undefined : { kind: 'data' as const, address };
    }
    // Own entries only: an import named `constructor` or `__proto__` (of a module or a routine) must not reach JS.
    const tables = moduleRoutines(module);
    for (const table of Array.isArray(tables) ? tables : []) {
      const impl = Object.hasOwn(table, name) ? table[name] : undefined;
      if (impl) {
        const checked = name in MAX_IRQL;
        return { kind: 'host' as const, routine: (_ctx: unknown, ...args: unknown[]) => {
          this.caller = image;
          if (checked) checkRoutineIrql(this, name, this.routineAddress?.(module, name) ?? 0);
          return impl(this, ...args);
        } };
      }
    }
    return undefined;
  }

  /** Maps and links a kernel image (a driver .sys) into system space. */
  loadImage(bytes: Uint8Array, name: string, path?: string) {
    const moduleName = name.replace(/\.[^.]*$/, '');
    const r = this.loader.loadImage(bytes, name, (m, n, kd) => this.resolveFor(moduleName, m, n, kd), { path });
    if (r.ok) this.debugger?.imageLoaded(r.image, false);
    return r;
  }

  unloadImage(image: LoadedImage): boolean {
    if (this.loader.loaded().includes(image)) this.debugger?.imageLoaded(image, true);
    return this.loader.unloadImage(image);
  }

  /** A system thread (PsCreateSystemThread's work below the object layer): its own stack in system space. */
  createThread(func: Func, args: Value[], name: string): Thread {
    const limit = this.pages.alloc(SYSTEM_THREAD_STACK);
    if (limit === undefined) throw new BugCheck('NO_PAGES_AVAILABLE');
    const t = this.processor.createThread({ func, args, stackBase: limit + SYSTEM_THREAD_STACK, stackLimit: limit, name });
    this.threads.push(t);
    return t;
  }

  /**
   * Runs threads (NT's dispatcher: kernel/ntos/ke/dispatcher.ts) until `until` says stop, nothing can run, the
   * budget of cycles is spent, or a thread stops for the debugger. Idle time is skipped to the next timer unless
   * `idle: 'return'` (the machine's loop then sleeps until nextDeadline()). Returns the last stop.
   */
  run(opts: { maxCycles?: number; until?: () => boolean; idle?: 'skip' | 'return' } = {}): RunResult | undefined {
    return this.ke.run(opts);
  }

  /** The machine-clock cycle at which the next timer or timeout is due (for an idle machine's real-time sleep). */
  nextDeadline(): number | undefined { return this.ke.nextDeadline(); }

  /** Runs `func(args)` on a new system thread until it returns; the result or the stop that prevented it. */
  call(func: Func, args: Value[], name = 'System'): { result?: Value | Value[]; stop?: RunResult; thread: Thread } {
    const t = this.createThread(func, args, name);
    const stop = this.run({ until: () => t.state === 'exited' || t.state === 'faulted' || t.state === 'stopped' });
    return { result: t.result, stop: t.state === 'exited' ? undefined : stop, thread: t };
  }

  /** An exception no handler took (the dispatcher decides the bugcheck: 0x7E in a thread, 0x1E/0xD1 in a DPC). */
  unhandledException(t: Thread): void { this.ke.unhandledException(t); }

  /** KeBugCheckEx: the system stops; the machine shows the blue screen and the debugger breaks in. `thread` is the
   *  one that stopped it when the processor has already left it (a fault the scheduler judged after the slice). */
  stop(b: BugCheck, thread?: Thread): void {
    if (this.bugCheck) return;
    b = withImageName(this, b);
    this.bugCheck = b;
    this.bugCheckThread = thread ?? this.processor.current ?? this.threads.find((t) => t.state === 'faulted') ?? this.threads.find((t) => t.exception);
    if (!this.processor.current) this.bugCheckCallbacks.invoke();
    if (this.onCrashDump) {
      this.debugger?.beforeDump?.();
      this.crashDump = writeCrashDump(this);
      this.onCrashDump(this.crashDump);
    }
    this.onBugCheck?.(b);
    this.debugger?.bugCheck(b);
  }
}
