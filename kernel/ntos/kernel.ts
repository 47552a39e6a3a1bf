// The simulated NT kernel of one machine: the composition root that owns system space, the processor, the loader
// and every executive component, binds the components' routine tables to images' imports, and schedules threads.
// Components live in their NT folders (ob, io, ke, ex, mm, ps, rtl, cm, se, hal, kd); this file only wires them.
import { SystemMemory, PageAllocator, NULL_GUARD, DEFAULT_MEMORY_SIZE } from '../../main/machine/memory.ts';
import { Processor } from '../../main/machine/cpu/processor.ts';
import type { Func, Thread, Value, RunResult } from '../../main/machine/cpu/types.ts';
import { SystemLoader, type ResolveImport, type LoadedImage } from './mm/loader/loader.ts';
import { ObjectNamespace } from './ob/namespace.ts';
import { IoManager } from './io/iomgr.ts';
import { Registry } from './cm/registry.ts';
import { BugCheck } from './ke/bugcheck.ts';
import { PrintFilter } from './kd/printfilter.ts';
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
}

/** Cycles a thread runs before the clock interrupt preempts it. */
export const QUANTUM = 20_000;
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
  /** Threads the scheduler knows, in creation order; the ready ones run round-robin. */
  readonly threads: Thread[] = [];
  /** Set once the system has stopped with a bugcheck; nothing runs after it. */
  bugCheck?: BugCheck;
  private readonly debugSink: (text: string) => void;
  private readonly onBugCheck?: (b: BugCheck) => void;
  private next = 0;

  constructor(o: KernelOptions) {
    this.layouts = o.layouts;
    this.memory = new SystemMemory(o.memorySize ?? DEFAULT_MEMORY_SIZE);
    this.pages = new PageAllocator(NULL_GUARD, this.memory.size);
    this.processor = new Processor(this.memory);
    this.loader = new SystemLoader({ memory: this.memory, pages: this.pages, processor: this.processor });
    const components = this.layouts.enums['DPFLTR_TYPE'] ?? {};
    const area = this.pages.alloc(PrintFilter.areaSize(components));
    if (area === undefined) throw new Error('system space too small');
    this.printFilter = new PrintFilter(this.memory, components, area);
    this.io = new IoManager(this);
    this.debugSink = o.onDebugOutput ?? (() => {});
    this.onBugCheck = o.onBugCheck;
  }

  /** Layout constants and enumerators (from our headers via the probe). */
  constant(name: string): number { return constant(this.layouts, name); }
  enumValue(enumName: string, member: string): number { return enumValue(this.layouts, enumName, member); }

  debugOutput(text: string): void { this.debugSink(text); }

  /** Resolves an image's import against our modules' routine tables (other images are the loader's job). */
  readonly resolveImport: ResolveImport = (module, name, kind) => {
    if (kind !== 'func') return undefined;
    for (const table of moduleRoutines(module) ?? []) {
      const impl = table[name];
      if (impl) return { kind: 'host', routine: (_ctx, ...args) => impl(this, ...args) };
    }
    return undefined;
  };

  /** Maps and links a kernel image (a driver .sys) into system space. */
  loadImage(bytes: Uint8Array, name: string, path?: string) {
    return this.loader.loadImage(bytes, name, this.resolveImport, { path });
  }

  unloadImage(image: LoadedImage): boolean { return this.loader.unloadImage(image); }

  /** A system thread (PsCreateSystemThread's work below the object layer): its own stack in system space. */
  createThread(func: Func, args: Value[], name: string): Thread {
    const limit = this.pages.alloc(SYSTEM_THREAD_STACK);
    if (limit === undefined) throw new BugCheck('NO_PAGES_AVAILABLE');
    const t = this.processor.createThread({ func, args, stackBase: limit + SYSTEM_THREAD_STACK, stackLimit: limit, name });
    this.threads.push(t);
    return t;
  }

  /**
   * Runs ready threads round-robin, a quantum at a time, until `until` says stop, nothing is ready, the budget of
   * cycles is spent, or a thread stops for the debugger. Returns the last stop (undefined when nothing ran).
   */
  run(opts: { maxCycles?: number; until?: () => boolean } = {}): RunResult | undefined {
    let budget = opts.maxCycles ?? Infinity;
    let last: RunResult | undefined;
    while (!this.bugCheck && budget > 0 && !(opts.until?.() ?? false)) {
      const t = this.pickReady();
      if (!t) break;
      last = this.processor.run(t, Math.min(QUANTUM, budget));
      budget -= last.cycles;
      if (last.reason === 'exception') this.unhandledException(t);
      else if (last.reason === 'exited') this.reap(t);
      else if (last.reason !== 'preempted' && last.reason !== 'blocked') break; // stopped for the debugger
    }
    return last;
  }

  /** Runs `func(args)` on a new system thread until it returns; the result or the stop that prevented it. */
  call(func: Func, args: Value[], name = 'System'): { result?: Value | Value[]; stop?: RunResult; thread: Thread } {
    const t = this.createThread(func, args, name);
    const stop = this.run({ until: () => t.state === 'exited' || t.state === 'faulted' || t.state === 'stopped' });
    return { result: t.result, stop: t.state === 'exited' ? undefined : stop, thread: t };
  }

  private pickReady(): Thread | undefined {
    const n = this.threads.length;
    for (let i = 0; i < n; i++) {
      const t = this.threads[(this.next + i) % n]!;
      if (t.state === 'ready') { this.next = (this.next + i + 1) % Math.max(1, n); return t; }
    }
    return undefined;
  }

  private reap(t: Thread): void {
    const i = this.threads.indexOf(t);
    if (i >= 0) this.threads.splice(i, 1);
    this.pages.release(t.stackLimit);
  }

  /** An exception no handler took: a bugcheck from a host routine stands; any other is 0x7E, as in a system thread. */
  private unhandledException(t: Thread): void {
    const e = t.exception;
    if (e?.hostError instanceof BugCheck) return this.stop(e.hostError);
    if (e?.hostError) throw e.hostError; // a bug in our own kernel code: surface it, do not disguise it
    const code = BigInt((e?.code ?? 0) >>> 0);
    const at = e && e.fid >= 0 ? BigInt(this.processor.codeOffset(e.fid, e.pc)) : 0n;
    this.stop(new BugCheck('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', [code, at, BigInt(e?.address ?? 0), 0n]));
  }

  /** KeBugCheckEx: the system stops; the machine shows the blue screen and the debugger breaks in. */
  stop(b: BugCheck): void {
    if (this.bugCheck) return;
    this.bugCheck = b;
    this.onBugCheck?.(b);
  }
}
