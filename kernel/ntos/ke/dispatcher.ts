// NT's dispatcher for one processor: thread scheduling, IRQL, waits on dispatcher objects, timers and DPCs.
//  - Threads run round-robin a quantum at a time; a thread at DISPATCH_LEVEL or above is never preempted by another
//    thread (the quantum ends, the same thread continues), but the debugger's break-in still stops it.
//  - DPCs queue here and run, one at a time, on the processor's DPC context (a short-lived thread named "DPC" at
//    DISPATCH_LEVEL) whenever the running thread is below DISPATCH_LEVEL.
//  - Waits and timers end at deadlines in the machine clock (cycles). When no thread is ready the scheduler skips
//    idle time to the next deadline, or returns so the machine can sleep until nextDeadline() in real time.
//  - Device interrupts (ke/interrupts.ts) come before everything else: before any code runs, an asserted connected
//    line whose DIRQL is above that code's IRQL runs its ISRs on the processor's interrupt context ("Interrupt").
//  - With Driver Verifier semantics, paged pool is checked while IRQL >= DISPATCH_LEVEL: the processor watches the
//    paged-pool range only then, so code at PASSIVE_LEVEL pays nothing.
import { BLOCK, type Func, type RunResult, type Thread, type Value } from '../../../main/machine/cpu/types.ts';
import { toVA } from '../../../main/machine/memory.ts';
import type { Kernel } from '../kernel.ts';
import { BugCheck } from './bugcheck.ts';
import { DispatcherObjects } from './objects.ts';
import { NtException } from './raise.ts';
import { isDpcContext, keThread, type KeThread } from './thread.ts';
import { pcrSetIrql, pcrSwitchTo } from './pcr.ts';
import { struct } from '../../layout/access.ts';
import { msToUnits, unitsToCycles } from './clock.ts';
import { InterruptObjects } from './interrupts.ts';
import { lineIrql } from '../hal/interrupts.ts';
import type { InterruptController } from '../../../main/machine/bus.ts';

/** Cycles a thread runs before the clock interrupt preempts it. */
export const QUANTUM = 20_000;
const DPC_STACK = 64 * 1024;
const ISR_STACK = 32 * 1024;
/** PAGE_FAULT_IN_NONPAGED_AREA parameter 4: no valid page table entry maps the address. */
const NOT_PRESENT_PAGE_TABLE = 2n;

interface Wait {
  thread: Thread;
  kthread: number;
  objects: number[];
  all: boolean;
  deadline?: number;
  /** KeDelayExecutionThread: no objects; the deadline ends it with STATUS_SUCCESS. */
  delay: boolean;
}

interface TimerEntry { timer: number; deadline: number; period: number; dpc: number }
interface HostDeadline { id: number; deadline: number; fire: () => void }

export class Dispatcher {
  readonly objects: DispatcherObjects;
  /** DPCs waiting to run, in order: KDPC addresses, or kernel-made calls (EX_TIMER callbacks) at DISPATCH_LEVEL. */
  readonly dpcQueue: (number | { routine: number; args: Value[] })[] = [];
  /** Armed KTIMERs by address. */
  readonly timers = new Map<number, TimerEntry>();
  private waits: Wait[] = [];
  private hostDeadlines: HostDeadline[] = [];
  private nextHostId = 1;
  private readonly yields = new Map<Thread, Value>();
  private readonly terminations = new Map<Thread, number>();
  private dpcThread?: Thread;
  private dpcStack?: { base: number; limit: number };
  /** The interrupt context while an ISR chain runs (one at a time: ISRs do not nest here). */
  private isrThread?: Thread;
  private isrStack?: { base: number; limit: number };
  private isrFunc?: Func;
  /** Connected interrupt objects and the machine's interrupt lines. */
  readonly interrupts: InterruptObjects;
  /** A thread at >= DISPATCH_LEVEL whose quantum ended: it continues before anything else. */
  private sticky?: Thread;
  /** The thread a yield or DPC interrupted: it continues first once the processor is free again. */
  private preferred?: Thread;
  private rr = 0;
  private running = false;
  /** Cycles of the clock that passed with no thread to run (skipped to a deadline or slept through by the machine). */
  idleCycles = 0;
  private sliceBudget = 0;
  private pagedWatch?: number;
  private readonly kdpc: { routine: number; context: number; arg1: number; arg2: number; data: number };
  readonly DISPATCH_LEVEL: number;

  constructor(private readonly k: Kernel, controller?: InterruptController) {
    this.objects = new DispatcherObjects(k.memory, k.layouts);
    this.interrupts = new InterruptObjects(k, controller);
    const d = struct(k.layouts, 'KDPC');
    this.kdpc = { routine: d.field('DeferredRoutine'), context: d.field('DeferredContext'), arg1: d.field('SystemArgument1'), arg2: d.field('SystemArgument2'), data: d.field('DpcData') };
    this.DISPATCH_LEVEL = k.constant('DISPATCH_LEVEL');
  }

  // ---------------------------------------------------------------- time

  /** Instructions executed since the kernel started (host routines' costs included): the clock minus idle time. */
  executed(): number { return this.now() - this.idleCycles; }

  /** The machine clock now, including the running slice (cycles). */
  now(): number {
    const P = this.k.processor;
    return this.running ? P.cycles + this.sliceBudget - (P.b + P.bank) : P.cycles;
  }

  /** Burn simulated time in the running thread (KeStallExecutionProcessor): the slice pays for it. */
  burn(cycles: number): void {
    if (this.running) this.k.processor.b -= cycles; else this.k.processor.cycles += cycles;
  }

  /** The earliest cycle at which something timed is due (timer, wait timeout, host deadline). */
  nextDeadline(): number | undefined {
    let d = Infinity;
    for (const t of this.timers.values()) d = Math.min(d, t.deadline);
    for (const w of this.waits) if (w.deadline !== undefined) d = Math.min(d, w.deadline);
    for (const h of this.hostDeadlines) d = Math.min(d, h.deadline);
    return d === Infinity ? undefined : d;
  }

  /** Let idle time pass up to `cycle` (the machine slept in real time) and fire what is due. */
  advanceTo(cycle: number): void {
    const P = this.k.processor;
    if (cycle > P.cycles) { this.idleCycles += cycle - P.cycles; P.cycles = cycle; }
    this.expire();
  }

  /** Call `fire` at a cycle (kernel-internal timed work, e.g. the I/O timer). Returns an id for cancelDeadline. */
  schedule(deadline: number, fire: () => void): number {
    const id = this.nextHostId++;
    this.hostDeadlines.push({ id, deadline, fire });
    return id;
  }
  cancelDeadline(id: number): void { this.hostDeadlines = this.hostDeadlines.filter((h) => h.id !== id); }

  // ---------------------------------------------------------------- IRQL

  /**
   * Set the running thread's IRQL. Returns `result`, or BLOCK (a yield whose wake value is `result`) when code must
   * re-enter: pending DPCs can run now, or the paged-pool check changed and the caller must run re-translated.
   */
  setIrql(irql: number, result: Value = 0): Value | typeof BLOCK {
    const P = this.k.processor;
    P.irql = irql;
    pcrSetIrql(this.k, irql);
    const t = P.current;
    const changed = this.syncPagedCheck(irql);
    if (t && !isDpcContext(t) && (changed || (irql < this.DISPATCH_LEVEL && this.dpcQueue.length > 0))) return this.yieldNow(result);
    return this.interruptCheck(result);
  }

  /**
   * After the running code lowered its IRQL or touched a device: when an interrupt is now due above its IRQL, it
   * stops for a moment (BLOCK, resuming with `result`) so the ISR runs first, as the processor would take it.
   */
  interruptCheck(result: Value = 0): Value | typeof BLOCK {
    const P = this.k.processor, t = P.current;
    if (!t || t === this.isrThread || this.interrupts.due(P.irql) === undefined) return result;
    return this.yieldNow(result);
  }

  /** Whether the running code is an ISR (or a routine it called). */
  inInterrupt(): boolean { return !!this.isrThread && this.k.processor.current === this.isrThread; }

  /** Arm or disarm the processor's watch over paged pool for this IRQL; true when it changed. */
  syncPagedCheck(irql: number): boolean {
    const want = irql >= this.DISPATCH_LEVEL && this.k.pool.pagedLive > 0;
    const P = this.k.processor;
    if (want && this.pagedWatch === undefined) {
      this.pagedWatch = P.setWatch(this.k.pool.paged.start, this.k.pool.paged.end - this.k.pool.paged.start, 'rw');
      return true;
    }
    if (!want && this.pagedWatch !== undefined) { P.clearWatch(this.pagedWatch); this.pagedWatch = undefined; return true; }
    return false;
  }

  /** Stop the running thread for a moment; it resumes (first) with `value` as the routine's result. */
  yieldNow(value: Value = 0): typeof BLOCK {
    const t = this.k.processor.current;
    if (t) this.yields.set(t, value);
    return BLOCK;
  }

  // ---------------------------------------------------------------- waits

  /** The KTHREAD of the running thread (0 when the executive has none for it yet). */
  currentKThread(): number { return this.k.ps.currentThreadObject(); }

  /**
   * Wait for objects (KeWaitForSingleObject/Multiple): the status when satisfied or timed out now, else BLOCK.
   * `timeout`: undefined = forever, else an NT time (negative relative, positive absolute).
   */
  wait(objects: number[], all: boolean, timeout: bigint | undefined): Value | typeof BLOCK {
    const kthread = this.currentKThread();
    const now = this.satisfyNow(objects, all, kthread);
    if (now !== undefined) return now;
    if (timeout === 0n) return this.k.constant('STATUS_TIMEOUT');
    this.checkMayBlock(objects[0] ?? 0, timeout);
    const t = this.k.processor.current!;
    this.waits.push({ thread: t, kthread, objects, all, deadline: timeout === undefined ? undefined : this.k.clock.deadlineOf(timeout), delay: false });
    return BLOCK;
  }

  /** KeDelayExecutionThread. */
  delay(interval: bigint): Value | typeof BLOCK {
    if (interval === 0n) return this.yieldNow(0);
    this.checkMayBlock(0, interval);
    const t = this.k.processor.current!;
    this.waits.push({ thread: t, kthread: this.currentKThread(), objects: [], all: false, deadline: this.k.clock.deadlineOf(interval), delay: true });
    return BLOCK;
  }

  /** A wait that would block at DISPATCH_LEVEL or in a DPC stops the system, as Windows does. */
  private checkMayBlock(object: number, _timeout: bigint | undefined): void {
    const P = this.k.processor, t = P.current;
    if (t && isDpcContext(t)) {
      const d = keThread(t)!.dpc!;
      throw new BugCheck('ATTEMPTED_SWITCH_FROM_DPC', [BigInt(toVA(keThread(t)!.ethread)), 0n, this.codeVA(d.routine), 0n], this.imageOfRoutine(d.routine));
    }
    if (P.irql >= this.DISPATCH_LEVEL) {
      throw new BugCheck('IRQL_NOT_LESS_OR_EQUAL', [object ? toVA(object) : 0n, BigInt(P.irql), 0n, 0n], this.k.caller);
    }
  }

  private satisfyNow(objects: number[], all: boolean, kthread: number): number | undefined {
    const O = this.objects;
    if (all) {
      if (!objects.every((o) => O.signalled(o, kthread))) return undefined;
      for (const o of objects) O.acquire(o, kthread);
      return 0;
    }
    const i = objects.findIndex((o) => O.signalled(o, kthread));
    if (i < 0) return undefined;
    O.acquire(objects[i]!, kthread);
    return i;
  }

  /** An object became signalled: satisfy waits on it in arrival order while it stays signalled. */
  signalled(obj: number): void {
    for (const w of [...this.waits]) {
      if (!w.objects.includes(obj)) continue;
      if (!this.objects.signalled(obj, w.kthread)) break;
      const status = this.satisfyNow(w.objects, w.all, w.kthread);
      if (status !== undefined) this.finish(w, status);
    }
  }

  private finish(w: Wait, status: number): void {
    this.waits = this.waits.filter((x) => x !== w);
    if (w.thread.state === 'blocked') this.k.processor.wake(w.thread, status);
  }

  /** Threads waiting on an object (the debugger's !object / a leak check). */
  waitersOf(obj: number): Thread[] { return this.waits.filter((w) => w.objects.includes(obj)).map((w) => w.thread); }

  /** Forget waits of a thread that goes away. */
  dropWaits(t: Thread): void { this.waits = this.waits.filter((w) => w.thread !== t); }

  // ---------------------------------------------------------------- timers

  /** Arm a KTIMER (KeSetTimerEx); true when it was already armed. */
  setTimer(timer: number, due: bigint, periodMs: number, dpc: number): boolean {
    const was = this.timers.delete(timer);
    this.objects.setSignal(timer, 0);
    const deadline = this.k.clock.deadlineOf(due);
    this.timers.set(timer, { timer, deadline, period: periodMs > 0 ? unitsToCycles(msToUnits(periodMs)) : 0, dpc });
    return was;
  }

  cancelTimer(timer: number): boolean { return this.timers.delete(timer); }

  /** Fire everything due by now: timers (signal + DPC, re-arm periodic ones), wait timeouts, host deadlines. */
  expire(): void {
    const now = this.now();
    for (;;) {
      let first: TimerEntry | undefined;
      for (const t of this.timers.values()) if (t.deadline <= now && (!first || t.deadline < first.deadline)) first = t;
      if (!first) break;
      if (first.period > 0) { first.deadline += first.period; if (first.deadline <= now) first.deadline = now + first.period; }
      else this.timers.delete(first.timer);
      this.objects.setSignal(first.timer, 1);
      this.signalled(first.timer);
      if (first.dpc) {
        const st = this.k.clock.systemTime();
        this.queueDpc(first.dpc, Number(st & 0xffffffffn), Number((st >> 32n) & 0xffffffffn));
      }
    }
    for (const w of [...this.waits]) {
      if (w.deadline !== undefined && w.deadline <= now) this.finish(w, w.delay ? 0 : this.k.constant('STATUS_TIMEOUT'));
    }
    const due = this.hostDeadlines.filter((h) => h.deadline <= now);
    if (due.length) {
      this.hostDeadlines = this.hostDeadlines.filter((h) => h.deadline > now);
      for (const h of due) h.fire();
    }
  }

  // ---------------------------------------------------------------- DPCs

  /** KeInsertQueueDpc: false when it is already queued. */
  queueDpc(dpc: number, arg1: number, arg2: number, high = false): boolean {
    const m = this.k.memory, o = this.kdpc;
    if (m.readU32(dpc + o.data) !== 0) return false;
    m.writeU32(dpc + o.arg1, arg1);
    m.writeU32(dpc + o.arg2, arg2);
    m.writeU32(dpc + o.data, dpc); // non-NULL while queued
    if (high) this.dpcQueue.unshift(dpc); else this.dpcQueue.push(dpc);
    return true;
  }

  /** KeRemoveQueueDpc. */
  dequeueDpc(dpc: number): boolean {
    const i = this.dpcQueue.indexOf(dpc);
    if (i < 0) return false;
    this.dpcQueue.splice(i, 1);
    this.k.memory.writeU32(dpc + this.kdpc.data, 0);
    return true;
  }

  /** Queue a call of a driver routine (function table index) as a DPC: it runs at DISPATCH_LEVEL on the DPC context. */
  queueCall(routine: number, args: Value[]): void { this.dpcQueue.push({ routine, args }); }

  /** Block the running thread with no dispatcher object (executive locks keep their own waiter lists); see unpark. */
  park(): typeof BLOCK { return BLOCK; }
  /** Wake a parked thread; `value` becomes the blocked routine's result. */
  unpark(t: Thread, value: Value = 0): void { if (t.state === 'blocked') this.k.processor.wake(t, value); }

  /** PsTerminateSystemThread: the running thread ends with `status` (its frames are dropped, as the call never returns). */
  terminateCurrent(status: number): typeof BLOCK {
    const t = this.k.processor.current;
    if (t) this.terminations.set(t, status);
    return BLOCK;
  }

  /** End a parked thread (one blocked with no wait, as DbgPrompt's caller is) with `status`; its frames are dropped. */
  terminateParked(t: Thread, status: number): void {
    if (t.state !== 'blocked') return;
    t.state = 'exited'; t.frames = []; t.result = status;
    this.reap(t, status);
  }

  /** Whether the running code is a DPC. */
  inDpc(): boolean { return isDpcContext(this.k.processor.current); }

  private startDpc(interrupted: Thread | undefined): Thread | undefined {
    const entry = this.dpcQueue.shift()!;
    const m = this.k.memory, o = this.kdpc;
    let dpc = 0, routine: number, args: Value[];
    if (typeof entry === 'number') {
      dpc = entry;
      m.writeU32(dpc + o.data, 0);
      routine = m.readU32(dpc + o.routine);
      args = [dpc, m.readU32(dpc + o.context), m.readU32(dpc + o.arg1), m.readU32(dpc + o.arg2)];
    } else ({ routine, args } = entry);
    const func: Func | null | undefined = this.k.processor.table[routine];
    // A DPC (timer DPC, EX_TIMER callback) whose routine belongs to an unloaded driver: the same check as every
    // call through a driver pointer (0xCE).
    const stale = this.k.io.staleCallBugCheck(routine);
    if (stale) { this.k.stop(stale); return undefined; }
    if (!func) {
      // Calling through a bad DPC routine pointer at DISPATCH_LEVEL: an execute fault at raised IRQL.
      this.k.stop(new BugCheck('DRIVER_IRQL_NOT_LESS_OR_EQUAL', [BigInt(routine), BigInt(this.DISPATCH_LEVEL), 8n, BigInt(routine)]));
      return undefined;
    }
    if (!this.dpcStack) {
      const limit = this.k.pages.alloc(DPC_STACK);
      if (limit === undefined) throw new BugCheck('NO_PAGES_AVAILABLE');
      this.dpcStack = { base: limit + DPC_STACK, limit };
    }
    const t = this.k.processor.createThread({ func, args, stackBase: this.dpcStack.base, stackLimit: this.dpcStack.limit, name: 'DPC' });
    t.irql = this.DISPATCH_LEVEL;
    const from = interrupted && keThread(interrupted);
    const ctx: KeThread = { ethread: from?.ethread ?? this.k.ps.idleThread, eprocess: from?.eprocess ?? this.k.ps.systemProcess, threadId: from?.threadId ?? 0, processId: from?.processId ?? 0, dpc: { kdpc: dpc, routine } };
    t.context = ctx;
    this.k.threads.push(t);
    this.dpcThread = t;
    return t;
  }

  // ---------------------------------------------------------------- scheduling

  private pick(): Thread | undefined {
    if (this.isrThread) return this.isrThread.state === 'ready' ? this.isrThread : undefined;
    const t = this.pickThread();
    const line = this.k.bugCheck ? undefined : this.interrupts.due(t?.irql ?? 0);
    if (line === undefined) return t;
    if (t && t !== this.dpcThread && t !== this.sticky) this.preferred = t;
    return this.startIsr(line, t);
  }

  /** The interrupt context for one line: nt!KiInterruptDispatch at the line's DIRQL on the interrupt stack. */
  private startIsr(line: number, interrupted: Thread | undefined): Thread {
    const P = this.k.processor;
    if (!this.isrStack) {
      const limit = this.k.pages.alloc(ISR_STACK);
      if (limit === undefined) throw new BugCheck('NO_PAGES_AVAILABLE');
      this.isrStack = { base: limit + ISR_STACK, limit };
    }
    this.isrFunc ??= P.hostFunc('ntoskrnl!KiInterruptDispatch', { params: [0x7f], results: [0x7f] }, (_ctx, l: number) => this.interrupts.dispatch(l));
    const t = P.createThread({ func: this.isrFunc, args: [line], stackBase: this.isrStack.base, stackLimit: this.isrStack.limit, name: 'Interrupt' });
    t.irql = lineIrql(this.k, line);
    const from = interrupted && keThread(interrupted);
    const ctx: KeThread = { ethread: from?.ethread ?? this.k.ps.idleThread, eprocess: from?.eprocess ?? this.k.ps.systemProcess, threadId: from?.threadId ?? 0, processId: from?.processId ?? 0, interrupt: line };
    t.context = ctx;
    this.k.threads.push(t);
    this.isrThread = t;
    return t;
  }

  private pickThread(): Thread | undefined {
    if (this.dpcThread) return this.dpcThread.state === 'ready' ? this.dpcThread : undefined;
    if (this.sticky?.state === 'ready' && this.sticky.irql >= this.DISPATCH_LEVEL) return this.sticky;
    this.sticky = undefined;
    if (this.dpcQueue.length) return this.startDpc(this.preferred);
    if (this.preferred?.state === 'ready') { const t = this.preferred; this.preferred = undefined; return t; }
    this.preferred = undefined;
    const ts = this.k.threads, n = ts.length;
    for (let i = 0; i < n; i++) {
      const t = ts[(this.rr + i) % n]!;
      if (t.state === 'ready') { this.rr = (this.rr + i + 1) % Math.max(1, n); return t; }
    }
    return undefined;
  }

  /**
   * Run until `until` says stop, the budget of cycles is spent, nothing can run, or a thread stops for the debugger.
   * idle 'skip' (default) jumps the clock to the next deadline when nothing is ready; 'return' hands back instead.
   */
  run(opts: { maxCycles?: number; until?: () => boolean; idle?: 'skip' | 'return' } = {}): RunResult | undefined {
    const k = this.k, P = k.processor;
    let budget = opts.maxCycles ?? Infinity;
    let last: RunResult | undefined;
    k.variables.refreshDebugger();
    while (!k.bugCheck && budget > 0 && !(opts.until?.() ?? false) && !k.debugger?.holding()) {
      this.expire();
      if (k.bugCheck) break;
      const t = this.pick();
      if (k.bugCheck) break;
      if (!t) {
        // A break-in asked for while a thread was runnable, but every thread blocked before taking it: stop idle.
        if (P.cancelBreak() && k.debugger?.idleBreakIn) { k.debugger.idleBreakIn(); break; }
        const d = this.nextDeadline();
        if (d === undefined || opts.idle === 'return') break;
        const skip = Math.min(Math.max(0, d - P.cycles), budget);
        P.cycles += skip; budget -= skip; this.idleCycles += skip;
        continue;
      }
      this.syncPagedCheck(t.irql);
      if (t !== this.lastRan) this.switchedIn(t);
      pcrSwitchTo(k, t);
      const d = this.nextDeadline();
      let slice = Math.max(1, Math.min(QUANTUM, budget, d === undefined ? Infinity : d - P.cycles));
      // A slice smaller than the next check point's cost makes no progress: widen it until the thread moves,
      // so a near deadline or a small budget can never spin this loop forever.
      for (;;) {
        this.sliceBudget = slice; this.running = true;
        try { last = P.run(t, slice); } finally { this.running = false; }
        if (last.reason !== 'preempted' || last.cycles > 0 || slice >= QUANTUM * 1024) break;
        slice *= 16;
      }
      budget -= last.cycles;
      if (this.afterRun(t, last)) break;
    }
    return last;
  }

  /** The thread that ran the last slice (a different one is a context switch). */
  private lastRan?: Thread;
  private switchedIn(t: Thread): void {
    this.lastRan = t;
    const c = keThread(t);
    if (!c) return;
    c.contextSwitches = (c.contextSwitches ?? 0) + 1;
    c.waitStartTick = this.k.clock.tickCount();
  }

  /** Bookkeeping after a slice; true when the run loop must return (a debugger stop). */
  private afterRun(t: Thread, r: RunResult): boolean {
    const P = this.k.processor;
    for (const [y, v] of this.yields) if (y.state === 'blocked') { P.wake(y, v); if (y !== this.dpcThread && y !== this.isrThread) this.preferred = y; }
    this.yields.clear();
    if (t !== this.isrThread && r.cycles > 0) this.interrupts.progress();
    const ended = this.terminations.get(t);
    if (ended !== undefined && t.state === 'blocked') {
      this.terminations.delete(t);
      t.state = 'exited'; t.frames = []; t.result = ended;
      this.reap(t, ended);
      return false;
    }
    switch (r.reason) {
      case 'exited': this.reap(t); return false;
      case 'exception': this.unhandledException(t); return false;
      case 'preempted': case 'blocked':
        if (r.reason === 'blocked') { const c = keThread(t); if (c) c.waitStartTick = this.k.clock.tickCount(); }
        if (t !== this.dpcThread && t !== this.isrThread && t.state === 'ready' && t.irql >= this.DISPATCH_LEVEL) this.sticky = t;
        if (t === this.dpcThread && t.state === 'blocked') {
          this.k.stop(new BugCheck('ATTEMPTED_SWITCH_FROM_DPC', [0n, 0n, this.codeVA(keThread(t)!.dpc!.routine), 0n]));
        }
        return false;
      case 'data-breakpoint':
        if (r.address !== undefined && this.k.pool.isPaged(r.address) && t.irql >= this.DISPATCH_LEVEL) { this.pagedAtRaisedIrql(t, r); return false; }
        this.k.debugger?.threadStopped(t, r);
        return true;
      default: this.k.debugger?.threadStopped(t, r); return true;
    }
  }

  /** Paged memory touched at DISPATCH_LEVEL: 0xD1 when a driver's code did it, else 0xA. */
  private pagedAtRaisedIrql(t: Thread, r: RunResult): void {
    const top = this.k.processor.stack(t).find((f) => f.kind === 'wasm');
    const code = top?.codeOffset ?? 0;
    const image = this.k.loader.imageAt(code);
    const params: [bigint, bigint, bigint, bigint] = [toVA(r.address!), BigInt(t.irql), r.write ? 1n : 0n, code ? toVA(code) : 0n];
    this.k.stop(new BugCheck(image ? 'DRIVER_IRQL_NOT_LESS_OR_EQUAL' : 'IRQL_NOT_LESS_OR_EQUAL', params, image?.name), t);
  }

  /** A thread ended: free its stack, signal its thread object, tell ps. */
  private reap(t: Thread, status = 0): void {
    const i = this.k.threads.indexOf(t);
    if (i >= 0) this.k.threads.splice(i, 1);
    this.dropWaits(t);
    if (t === this.dpcThread) { this.dpcThread = undefined; return; }
    if (t === this.isrThread) { this.isrThread = undefined; return; }
    if (this.sticky === t) this.sticky = undefined;
    this.k.ps.threadExited(t, status);
    this.k.pages.release(t.stackLimit);
  }

  /** An exception no handler took: a bugcheck from a host routine stands; otherwise 0x1E in a DPC, 0x7E in a thread. */
  unhandledException(t: Thread): void {
    const e = t.exception;
    if (e?.hostError instanceof BugCheck) return this.k.stop(e.hostError, t);
    if (e?.hostError && !(e.hostError instanceof NtException)) throw e.hostError; // a bug in our own kernel code
    const code = BigInt((e?.code ?? 0) >>> 0);
    // Windows passes the NTSTATUS sign-extended to 64 bits (0xFFFFFFFFC0000005) as the exception bugchecks' Arg1.
    const arg1 = BigInt.asUintN(64, BigInt((e?.code ?? 0) | 0));
    const at = e && e.fid >= 0 && e.pc >= 0 ? this.k.processor.codeOffset(e.fid, e.pc) : 0;
    const image = this.k.loader.imageAt(at)?.name ?? this.k.caller;
    const atVA = at ? toVA(at) : 0n;
    // The kernel stack ran out: the page fault on its guard page cannot push a trap frame there, so it becomes a
    // double fault, which no handler may take: 0x7F with the trap number 8 (EXCEPTION_DOUBLE_FAULT), never 0x7E/0x1E.
    if (code === BigInt(this.k.constant('STATUS_STACK_OVERFLOW') >>> 0)) { this.k.stop(new BugCheck('UNEXPECTED_KERNEL_MODE_TRAP', [8n, 0n, 0n, atVA], image), t); return; }
    if (isDpcContext(t) || t === this.isrThread) {
      const routine = keThread(t)?.dpc?.routine;
      if (code === 0xc0000005n) {
        this.k.stop(new BugCheck('DRIVER_IRQL_NOT_LESS_OR_EQUAL', [toVA(e?.address ?? 0), BigInt(t.irql), e?.write ? 1n : 0n, atVA], image ?? (routine === undefined ? undefined : this.imageOfRoutine(routine))), t);
      } else this.dispatched(t, new BugCheck('KMODE_EXCEPTION_NOT_HANDLED', [arg1, atVA, 0n, toVA(e?.address ?? 0)], image));
      return;
    }
    if (code === 0xc0000005n && this.unmappedSystemAddress(e?.address)) {
      // An invalid kernel address is no exception a handler could take: the page fault itself stops the system.
      this.k.stop(t.irql >= this.DISPATCH_LEVEL
        ? new BugCheck(image ? 'DRIVER_IRQL_NOT_LESS_OR_EQUAL' : 'IRQL_NOT_LESS_OR_EQUAL', [toVA(e!.address!), BigInt(t.irql), e?.write ? 1n : 0n, atVA], image)
        : new BugCheck('PAGE_FAULT_IN_NONPAGED_AREA', [toVA(e!.address!), e?.write ? 2n : 0n, atVA, NOT_PRESENT_PAGE_TABLE], image), t);
      return;
    }
    // Parameters 3 and 4 are the exception and context records' addresses; ours are not in target memory.
    this.dispatched(t, new BugCheck('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', [arg1, atVA, 0n, 0n], image));
  }

  /** An exception the kernel dispatches (not a fault that stops the system by itself): a kernel debugger sees it
   *  first (first chance); no handler takes it (our drivers have no SEH), so the bugcheck follows when it goes on. */
  private dispatched(t: Thread, b: BugCheck): void {
    if (this.k.debugger?.firstChance?.(t, () => this.k.stop(b, t))) return;
    this.k.stop(b, t);
  }

  /**
   * Our system address space: the first 64 KiB is the NULL page (a user address: an access violation exception), and
   * everything past the machine's memory is system space with nothing mapped (PAGE_FAULT_IN_NONPAGED_AREA).
   */
  unmappedSystemAddress(address: number | undefined): boolean {
    return address !== undefined && address >>> 0 >= this.k.memory.size;
  }

  /** Code VA of a function pointer (table index), for bugcheck parameters. */
  codeVA(tableIndex: number): bigint {
    const f = this.k.processor.table[tableIndex];
    return f && f.kind === 'wasm' ? toVA(this.k.processor.codeOffset(f.id, 0)) : 0n;
  }

  /** The image a function pointer's code belongs to (bugcheck blame). */
  imageOfRoutine(tableIndex: number): string | undefined {
    const f = this.k.processor.table[tableIndex];
    return f?.inst ? this.k.loader.imageAt(f.inst.codeBase)?.name : undefined;
  }
}
