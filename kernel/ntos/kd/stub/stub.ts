// The KD stub: the target side of the kernel debugger. It reports stops to the host as STATE_CHANGE64 packets
// (exceptions, breakpoints, steps, break-ins, bugchecks, driver loads), answers STATE_MANIPULATE requests while
// the target is frozen (memory, context, breakpoints, debug registers, continue and step), and sends DbgPrint
// output as DEBUG_IO packets, flow-controlled by the acknowledgements. While it holds the target the kernel's
// scheduler does not run (Kernel.run asks `holding()`), but the cable is still serviced.
import { KdPort, type PortOptions } from '../../../../main/formats/kd/port.ts';
import type { KdLink } from '../../../../main/formats/kd/link.ts';
import { Api, DebugIo, ExceptionCode, IMAGE_FILE_MACHINE_AMD64, KdStatus, PACKET_MAX_SIZE, PacketType, StateChange } from '../../../../main/formats/kd/constants.ts';
import {
  decodeDebugIo, decodeRequest, encodeGetString, encodePrint, encodeResponse, encodeStateChange, PRINT_HEAD, StopKind,
  type ControlSet, type DebugRegisters, type ManipulateResponse, type StateChangePacket,
} from '../../../../main/formats/kd/payload.ts';
import { encodeContext, type ContextFrame, type ThreadContext } from '../../../../main/formats/kd/context.ts';
import { fromVA, toVA } from '../../../../main/machine/memory.ts';
import type { BLOCK, RunResult, Thread } from '../../../../main/machine/cpu/types.ts';
import type { Kernel, KernelDebugger } from '../../kernel.ts';
import type { BugCheck } from '../../ke/bugcheck.ts';
import type { LoadedImage } from '../../mm/loader/loader.ts';
import { debuggerModuleName, mapHostModules, refreshPublished, routineSlot, writeModuleList, type HostModule, type NtData, type Published } from './hostmodules.ts';
import { userFramesOf } from '../../ke/user-frames.ts';
import { idleStackOf } from '../../ke/idle-stack.ts';
import { childStackPointers } from '../../ke/frame-sp.ts';
import { pcrFreeze } from '../../ke/pcr.ts';

export interface StubOptions {
  /** Windows build the target reports (vertarget, the connect banner). */
  build?: number;
  processors?: number;
  port?: PortOptions;
  /** Cycles a single step or step-over may take before it gives up (a call that never returns). */
  stepBudget?: number;
  /** Pause the target while this much DbgPrint text waits for the cable. */
  outputHighWater?: number;
}

interface StopEvent {
  kind: number;
  code: number;
  thread?: Thread;
  dataAddress?: number;
  /** Kernel frames the stop is reported in above the thread's own (nt!DbgBreakPoint for a DbgBreakPoint call; the
   *  bugcheck path down from nt!DbgBreakPointWithStatus), top first. */
  synthetic?: ContextFrame[];
  load?: { image: LoadedImage; unload: boolean };
  /** The thread waits inside the nt routine that stopped it (its frame on top): continuing returns from the call. */
  inCall?: boolean;
  /** The report starts at the caller of that routine (NT_ASSERT's int 2c is in the driver's own code). */
  atCaller?: boolean;
  /** A first-chance exception: what the system does when the debugger continues (no handler: the bugcheck). */
  unhandled?: () => void;
  /** Run when the debugger continues, before the thread is let go (a prompt's parked thread is woken or asked again). */
  onContinue?: () => void;
}

/** A DbgPrompt question waiting for the host's answer; its thread is parked until then. */
interface Prompt { text: string; max: number; thread: Thread; onAnswer: (answer: string) => void; sent: boolean }

const EMPTY_REGS: DebugRegisters = { dr: [0n, 0n, 0n, 0n], dr6: 0n, dr7: 0n };
const READ_MAX = PACKET_MAX_SIZE - 64;

export class KdStub implements KernelDebugger {
  connected = false;
  readonly hostModules: HostModule[];
  readonly nt: NtData;
  /** The publishers' tables (device nodes, KMDF objects...), rewritten at each stop. */
  readonly published: Published[];
  private port?: KdPort;
  private broken = false;
  private current?: StopEvent;
  private currentPacket?: Uint8Array;
  private readonly events: StopEvent[] = [];
  private out = '';
  private printsInFlight = 0;
  private asking?: Prompt;
  private ctxBlob?: Uint8Array;
  private readonly bps = new Map<number, number>();
  private nextHandle = 1;
  private regs: DebugRegisters = EMPTY_REGS;
  private watchIds: number[] = [];
  /** Code offsets armed by execute debug registers (`ba e1`). */
  private execBps: number[] = [];
  /** A step ran into code it cannot stop in: the next stop is reported as the step's. */
  private stepOwed = false;
  private kickPending = false;
  /** A break-in byte that came while driver-load notices were being reported. */
  private breakOwed = false;
  private readonly resumeListeners: (() => void)[] = [];
  private readonly stopListeners: ((notice: boolean) => void)[] = [];
  private readonly started = performance.now();
  private readonly o: Required<Omit<StubOptions, 'port'>> & { port?: PortOptions };

  constructor(readonly kernel: Kernel, opts: StubOptions = {}) {
    this.o = { build: 19041, processors: 1, stepBudget: 200_000_000, outputHighWater: 64 * 1024, ...opts };
    const m = mapHostModules(kernel);
    this.hostModules = m.modules;
    this.nt = m.nt;
    this.published = m.published;
    writeModuleList(kernel, this.nt.psLoadedModuleList, this.hostModules);
    // The routine KD's load-symbols report stops in (int 2d, then an int 3 at +5), given its slot at boot.
    const nt = this.hostModules.find((h) => h.moduleName === 'nt');
    if (nt) { routineSlot(kernel, nt, 'DebugService2'); routineSlot(kernel, nt, 'DbgLoadImageSymbols'); }
    kernel.debugger = this;
  }

  /** Plug the debug cable in (KDCOM byte stream or a KDNET link already wrapped with the key). */
  attach(link: KdLink): KdPort {
    this.port?.close();
    const port = new KdPort(link, this.o.port);
    port.onPacket((type, data) => this.packet(type, data));
    port.onBreakIn(() => this.breakIn());
    port.onReset(() => this.reconnected());
    this.port = port;
    // A target that (re)booted says so: a debugger still listening from the last boot answers and reconnects.
    void port.announce(2_000).then((answered) => { if (answered && this.port === port && !this.connected) this.reconnected(); });
    return port;
  }

  /** Pull the cable: the target keeps its state (a frozen target stays frozen until a debugger comes back). */
  detach(): void { this.port?.close(); this.port = undefined; this.connected = false; }

  /** Called when the target may run again (the machine's run loop resumes slicing). */
  onResume(cb: () => void): void { this.resumeListeners.push(cb); }
  /** Called when the stub takes hold of the target (a stop reported to the debugger, or a DbgPrompt question it has); `notice` for a driver-load
   *  report, which holds the target only until the debugger continues it (it is not broken in). */
  onStop(cb: (notice: boolean) => void): void { this.stopListeners.push(cb); }
  /** `.reboot`: what resets the machine (HalReturnToFirmware; the machine's restart). */
  onReboot(cb: () => void): void { this.rebootHandler = cb; }
  private rebootHandler?: () => void;

  get isBroken(): boolean { return this.broken; }

  // ---------------------------------------------------------------- kernel hooks

  debugOutput(text: string): void {
    if (!this.connected) return; // no debugger: the text goes nowhere, as without a kernel debugger attached
    this.out += text;
    this.flush();
  }

  bugCheck(b: BugCheck): void {
    let code = 0;
    try { code = this.kernel.constant(b.code); } catch { /* a code our headers do not define yet */ }
    const m = this.kernel.memory, at = this.nt.kiBugCheckData;
    m.writeU64(at, BigInt(code >>> 0));
    b.params.forEach((p, i) => m.writeU64(at + 8 + 8 * i, p));
    const thread = this.kernel.bugCheckThread;
    this.queue({ kind: StopKind.BugCheck, code: ExceptionCode.BREAKPOINT, thread, synthetic: thread ? this.bugCheckFrames(thread, code) : undefined });
  }

  beforeDump(): void { refreshPublished(this.kernel, this.published); pcrFreeze(this.kernel, this.kernel.bugCheckThread); }

  imageLoaded(image: LoadedImage, unloading: boolean): void {
    if (unloading) queueMicrotask(() => writeModuleList(this.kernel, this.nt.psLoadedModuleList, this.hostModules));
    else writeModuleList(this.kernel, this.nt.psLoadedModuleList, this.hostModules);
    if (unloading) for (const [h, off] of this.bps) if (off >= image.base && off < image.base + image.size) this.bps.delete(h);
    if (!this.connected) return;
    const e: StopEvent = { kind: StopKind.Connect, code: 0, load: { image, unload: unloading }, synthetic: this.loadFrames() };
    // The notice is synchronous, as KD's load-symbols report is: the loading thread stops before the image's code
    // runs (so a deferred `bu` on its DriverEntry or AddDevice is written in time) and goes on when the host continues.
    if (!unloading && this.kernel.processor.current) { this.loadHold = e; this.kernel.processor.requestBreak(); }
    this.queue(e);
  }
  private loadHold?: StopEvent;

  threadStopped(t: Thread, stop: RunResult): void {
    if (stop.reason === 'break-in' && this.loadHold) {
      const e = this.loadHold;
      this.loadHold = undefined;
      if (this.events.includes(e) || this.current === e) { e.thread = t; return; } // released when the host continues
      this.kernel.processor.release(t);
      this.resumed(); // the host continued the notice already: the machine runs on
      return;
    }
    if (stop.reason === 'break-in' && this.stepOwed) {
      // A step that left the code the debugger can stop in (a callback returning into the framework or the kernel)
      // ends where the processor can next stop: reported as the step's stop, so `p`/`gu` never wait forever.
      this.stepOwed = false;
      this.queue({ kind: StopKind.Step, code: ExceptionCode.SINGLE_STEP, thread: t });
      return;
    }
    this.queue(this.stopEvent(t, stop));
  }

  idleBreakIn(): void {
    // The loading thread blocked before its hold was taken: the load notice stands on its own, no stop is owed.
    if (this.loadHold) { this.loadHold = undefined; if (!this.holding()) this.resumed(); return; }
    const step = this.stepOwed;
    this.stepOwed = false;
    if (this.connected) this.queue(step ? { kind: StopKind.Step, code: ExceptionCode.SINGLE_STEP } : { kind: StopKind.BreakIn, code: ExceptionCode.BREAKPOINT });
  }

  holding(): boolean {
    return this.broken || this.events.length > 0 || this.out.length > this.o.outputHighWater || !!this.asking;
  }

  /**
   * DbgBreakPoint, an ASSERT's break, NT_ASSERT's assertion: the calling thread stops inside the routine call itself,
   * as at the int 3 (int 2c) in it, before the caller's next statement runs. Returns BLOCK for the routine to return
   * (the thread unwinds with the routine's frame on top and is ready again at once; the stub holds the target until
   * the debugger continues), or undefined when no debugger is there: nothing is taken, the call returns.
   * `above`: nt frames shown above the routine's own (RtlAssert breaks in nt!DbgBreakPoint).
   */
  stopInCall(kind: number, code: number, opts: { above?: string[]; atCaller?: boolean } = {}): typeof BLOCK | undefined {
    const t = this.kernel.processor.current;
    if (!this.connected || !t) return undefined;
    const nt = this.hostModules.find((h) => h.moduleName === 'nt');
    const synthetic = opts.above?.map((r) => this.hostFrame(`nt!${r}`, nt ? routineSlot(this.kernel, nt, r) : 0));
    this.queue({ kind, code, thread: t, inCall: true, atCaller: opts.atCaller, synthetic });
    return this.kernel.ke.yieldNow(0);
  }

  /**
   * DbgPrompt: the calling thread asks the host debugger a question (a GetString debug-IO packet, sent after the
   * DbgPrint text before it) and waits; the target is held until the answer (at most `max` characters) comes back in
   * the host's reply, then `onAnswer` runs with the thread still parked: it wakes it, stops it or asks again.
   * Returns BLOCK for the routine to return, or undefined when no debugger is there.
   */
  promptInCall(text: string, max: number, onAnswer: (answer: string, thread: Thread) => void): typeof BLOCK | undefined {
    const t = this.kernel.processor.current;
    if (!this.connected || !t) return undefined;
    this.ask(t, text, max, onAnswer);
    return this.kernel.ke.park();
  }

  /** Ask (again) for a thread already parked in the prompt's call. */
  ask(thread: Thread, text: string, max: number, onAnswer: (answer: string, thread: Thread) => void): void {
    this.asking = { text, max, thread, onAnswer: (a) => onAnswer(a, thread), sent: false };
    this.flush();
  }

  /** Stop a thread parked in a prompt's call as stopInCall does (`above` the routine's frame); continuing runs `then`. */
  stopParked(thread: Thread, kind: number, code: number, above: string[], then: () => void): void {
    const nt = this.hostModules.find((h) => h.moduleName === 'nt');
    const synthetic = above.map((r) => this.hostFrame(`nt!${r}`, nt ? routineSlot(this.kernel, nt, r) : 0));
    this.queue({ kind, code, thread, inCall: true, synthetic, onContinue: then });
  }

  firstChance(t: Thread, unhandled: () => void): boolean {
    if (!this.connected) return false;
    this.queue({ kind: StopKind.Exception, code: t.exception?.code ?? 0, thread: t, unhandled, dataAddress: t.exception?.address });
    return true;
  }

  // ---------------------------------------------------------------- stops

  private stopEvent(t: Thread, stop: RunResult): StopEvent {
    switch (stop.reason) {
      case 'breakpoint': {
        // An execute debug register (not also a KD breakpoint) raises a debug exception, as a data breakpoint does.
        const at = stop.fid !== undefined && stop.pc !== undefined ? this.kernel.processor.codeOffset(stop.fid, stop.pc) : -1;
        if (this.execBps.includes(at) && ![...this.bps.values()].includes(at)) return { kind: StopKind.DataBreakpoint, code: ExceptionCode.SINGLE_STEP, thread: t, dataAddress: at };
        return { kind: StopKind.Breakpoint, code: ExceptionCode.BREAKPOINT, thread: t };
      }
      case 'step': return { kind: StopKind.Step, code: ExceptionCode.SINGLE_STEP, thread: t };
      case 'data-breakpoint': return { kind: StopKind.DataBreakpoint, code: ExceptionCode.SINGLE_STEP, thread: t, dataAddress: stop.address };
      default: return { kind: StopKind.BreakIn, code: ExceptionCode.BREAKPOINT, thread: t };
    }
  }

  private queue(e: StopEvent): void { this.events.push(e); this.kick(); }

  private kick(): void {
    if (this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => { this.kickPending = false; this.deliver(); });
  }

  private deliver(): void {
    if (this.broken || !this.connected || !this.port) return;
    const e = this.events.shift();
    if (!e && this.breakOwed) { this.breakOwed = false; this.breakIn(); return; }
    if (!e) { this.resumed(); return; }
    this.broken = true;
    refreshPublished(this.kernel, this.published);
    this.current = e;
    pcrFreeze(this.kernel, e.thread);
    this.ctxBlob = undefined;
    this.currentPacket = this.stateChange(e);
    // The target shows as broken in once the debugger has the report. A report nobody acknowledges (the debugger
    // quit with qd/.detach, or the cable is gone): the debugger is not present any more and the system goes on as
    // without one (a load notice gives up so even when the stub's own end closed).
    const port = this.port;
    port.send(PacketType.STATE_CHANGE64, this.currentPacket).then(
      () => { if (this.current === e) for (const cb of this.stopListeners) cb(!!e.load || e.kind === StopKind.Connect); },
      () => { if (this.current === e && (e.load || this.port === port)) this.debuggerGone(); },
    );
  }

  /** A bugcheck the debugger held goes on (KeBugCheckEx past its break): the debugger continued it (`g`) or stopped
   *  answering (KD_DEBUGGER_NOT_PRESENT again). Each listener runs once. */
  onBugCheckContinued(cb: () => void): void { this.bugCheckListeners.push(cb); }
  private bugCheckListeners: (() => void)[] = [];
  private bugCheckContinued(): void {
    const l = this.bugCheckListeners;
    this.bugCheckListeners = [];
    this.goingDown = l.length > 0;
    for (const cb of l) cb();
  }
  /** KeBugCheckEx went on to the dump and the restart: KD no longer polls for a break-in on this boot. */
  private goingDown = false;

  private debuggerGone(): void {
    this.breakOwed = false;
    this.stepOwed = false;
    const pending = [...(this.current ? [this.current] : []), ...this.events.splice(0)];
    this.connected = false;
    this.broken = false;
    this.current = undefined;
    this.currentPacket = undefined;
    this.out = '';
    const p = this.asking;
    this.asking = undefined;
    if (p) this.kernel.ke.unpark(p.thread);
    this.kernel.variables.refreshDebugger();
    for (const e of pending) {
      if (e.unhandled) e.unhandled(); // a first-chance exception no debugger takes: the bugcheck, as without one
      else if (e.thread && e.kind !== StopKind.BugCheck) this.kernel.processor.release(e.thread);
    }
    this.bugCheckContinued();
    this.resumed();
  }

  private stateChange(e: StopEvent): Uint8Array {
    // The whole context now: code slots for the stack's kernel routines are named before the host reads exports.
    const frames = this.contextOf(e.thread).frames;
    const top = e.synthetic?.[0] ?? frames[0];
    const head = { processor: 0, processors: this.o.processors, thread: e.thread?.id ?? 0, pc: top?.pc ?? 0n, irql: e.thread?.irql ?? 0 };
    let p: StateChangePacket;
    if (e.load) {
      const im = e.load.image;
      p = { ...head, state: StateChange.LoadSymbols, base: im.baseVA, size: im.size, timestamp: im.timestamp, unload: e.load.unload, path: im.path };
    } else {
      p = { ...head, state: StateChange.Exception, code: e.code, address: head.pc, firstChance: true, kind: e.kind, dataAddress: e.dataAddress !== undefined ? toVA(e.dataAddress) : 0n };
    }
    return encodeStateChange(p);
  }

  private breakIn(): void {
    if (!this.connected || this.goingDown) return;
    if (this.broken || this.events.length) {
      // Mid-report. A stop the host shows answers the break itself; driver-load notices are continued at once by
      // the host, so the break is still owed and is taken when they are done (KD keeps a pending Ctrl+C the same way).
      const reports = [...(this.broken && this.current ? [this.current] : []), ...this.events];
      if (reports.every((r) => r.load)) this.breakOwed = true;
      return;
    }
    const runnable = !this.kernel.bugCheck && this.kernel.threads.some((t) => t.state === 'ready');
    // A load hold the host already continued (its thread never reached a check point) must not take this break.
    this.loadHold = undefined;
    if (runnable) { this.kernel.processor.requestBreak(); this.resumed(); }
    else this.queue({ kind: StopKind.BreakIn, code: ExceptionCode.BREAKPOINT });
  }

  private reconnected(): void {
    this.connected = true;
    this.breakOwed = false;
    this.out = '';
    if (this.asking) this.asking.sent = false; // asked again once the new debugger has the target
    if (this.broken && this.currentPacket) { this.port?.send(PacketType.STATE_CHANGE64, this.currentPacket).catch(() => {}); return; }
    this.events.unshift({ kind: StopKind.Connect, code: 0 });
    this.kick();
  }

  private resumed(): void { for (const cb of this.resumeListeners) cb(); }

  // ---------------------------------------------------------------- context

  private hostFrame(name: string, slot: number): ContextFrame {
    return { kind: 'host', pc: toVA(slot), returnAddress: 0n, function: name, locals: [], stack: [] };
  }

  /** Where a load-symbols report stops: the int 3 after DebugService2's int 2d, called by DbgLoadImageSymbols. */
  private loadFrames(): ContextFrame[] {
    const nt = this.hostModules.find((h) => h.moduleName === 'nt');
    const slot = (r: string) => (nt ? routineSlot(this.kernel, nt, r) : 0);
    return [this.hostFrame('nt!DebugService2', slot('DebugService2') + 5), this.hostFrame('nt!DbgLoadImageSymbols', slot('DbgLoadImageSymbols'))];
  }

  /** What KD shows above the thread a bugcheck stopped: nt!DbgBreakPointWithStatus down to nt!KeBugCheckEx (which a
   *  driver may have called itself) and, for a page fault at raised IRQL (0xA, 0xD1), the trap that led there. */
  private bugCheckFrames(t: Thread, code: number): ContextFrame[] {
    const nt = this.hostModules.find((h) => h.moduleName === 'nt');
    const frame = (r: string): ContextFrame => this.hostFrame(`nt!${r}`, nt ? routineSlot(this.kernel, nt, r) : 0);
    const names = ['DbgBreakPointWithStatus', 'KiBugCheckDebugBreak', 'KeBugCheck2'];
    const top = this.kernel.processor.stack(t)[0];
    if (!/(^|!)KeBugCheckEx$/.test(top?.function ?? '')) {
      names.push('KeBugCheckEx');
      if ((code === 0xa || code === 0xd1) && top?.kind === 'wasm') names.push('KiBugCheckDispatch', 'KiPageFault');
    }
    const frames = names.map(frame);
    // KeBugCheckEx's frame shows its arguments (kb, STACK_TEXT): the code and the first three parameters.
    const ke = frames.find((f) => f.function === 'nt!KeBugCheckEx');
    if (ke) ke.locals = [BigInt(code >>> 0), ...(this.kernel.bugCheck?.params.slice(0, 3) ?? [])];
    return frames;
  }

  private contextOf(t: Thread | undefined): ThreadContext {
    if (!t) {
      // No thread ran: the break-in is taken on the idle thread, on the processor's idle stack.
      // A load report with no thread of its own (the image mapped outside any thread) stops in its own frames.
      const idle = idleStackOf(this.kernel), own = this.current && !this.current.thread ? this.current.synthetic : undefined;
      const frames = own ? own.map((f, i) => ({ ...f, returnAddress: own[i + 1]?.pc ?? 0n })) : [this.hostFrame('nt!DbgBreakPointWithStatus', this.nt.dbgBreakPointWithStatus)];
      return { thread: 0, threadName: 'Idle', irql: 0, sp: idle ? toVA(idle.sp) : 0n, stackBase: idle ? toVA(idle.base) : 0n, frames };
    }
    const P = this.kernel.processor;
    const infos = P.stack(t);
    const sps = childStackPointers(P, t, infos);
    const frames: ContextFrame[] = infos.map((f, i) => {
      let name = f.function, pc = f.codeOffset !== undefined ? toVA(f.codeOffset) : 0n;
      if (f.kind === 'host') {
        const [mod, routine] = f.function.includes('!') ? f.function.split('!') as [string, string] : ['nt', f.function];
        const hm = this.hostModules.find((h) => h.file.replace(/\.[^.]*$/, '').toLowerCase() === mod.toLowerCase() || h.moduleName.toLowerCase() === mod.toLowerCase());
        name = `${hm?.moduleName ?? mod}!${routine}`;
        const slot = hm ? routineSlot(this.kernel, hm, routine) : 0;
        if (slot) pc = toVA(slot);
      } else if (f.image) name = `${debuggerModuleName(f.image)}!${f.function}`;
      if (f.kind === 'start' && f.codeOffset === undefined) {
        const F = P.funcs[f.fid];
        if (F?.kind === 'wasm') pc = toVA(P.codeOffset(F.id, 0));
      }
      return { kind: f.kind, pc, returnAddress: f.returnOffset !== undefined ? toVA(f.returnOffset) : 0n, function: name, locals: [...f.locals], stack: [...f.stack], sp: toVA(sps[i]!) };
    });
    // A frame called by a host routine returns into that routine's code slot (the processor knows return offsets
    // only inside wasm code).
    frames.forEach((f, i) => { const caller = frames[i + 1]; if (!f.returnAddress && caller?.kind === 'host') f.returnAddress = caller.pc; });
    if (this.current?.thread === t && this.current.atCaller && frames[0]?.kind === 'host') frames.shift();
    const above = this.current?.thread === t ? this.current.synthetic ?? [] : [];
    frames.unshift(...above.map((f, i) => ({ ...f, returnAddress: (above[i + 1] ?? frames[0])?.pc ?? 0n })));
    // A user thread in a system call: its user frames go on below the gate (its kernel half's start frame is ours, not Windows').
    const user = userFramesOf(this.kernel, t);
    if (user?.length) {
      if (frames[frames.length - 1]?.function === 'nt!KiStartUserThread') frames.pop();
      // The gate returns to user mode, into ntdll's stub of the service.
      const gate = frames[frames.length - 1];
      if (gate) gate.returnAddress = user[0]!.pc;
      frames.push(...user);
    }
    return { thread: t.id, threadName: t.name, irql: t.irql, sp: toVA(t.sp), stackBase: toVA(t.stackBase), frames };
  }

  // ---------------------------------------------------------------- requests

  private packet(type: number, data: Uint8Array): void {
    if (type === PacketType.DEBUG_IO) { this.answered(data); return; }
    if (type !== PacketType.STATE_MANIPULATE || !this.broken) return;
    let resp: ManipulateResponse;
    let after: (() => void) | undefined;
    try {
      const q = decodeRequest(data);
      if (!q) throw new Error('unknown API');
      switch (q.api) {
        case Api.GetVersion: resp = { api: q.api, status: KdStatus.SUCCESS, version: this.version() }; break;
        case Api.ReadVirtualMemory: resp = { api: q.api, ...this.read(q.address, q.count) }; break;
        case Api.WriteVirtualMemory: resp = { api: q.api, ...this.write(q.address, q.data) }; break;
        case Api.GetContextEx: {
          let blob: Uint8Array;
          if (q.thread) {
            // Another thread's context (.thread): it is switched out, so its frames are saved as plain data.
            const off = fromVA(q.thread), t = off !== undefined ? this.kernel.ps.threadOf(off) : undefined;
            if (!t || t.state === 'exited') { resp = { api: q.api, status: KdStatus.UNSUCCESSFUL, total: 0, data: new Uint8Array(0) }; break; }
            blob = encodeContext(this.contextOf(t));
          } else blob = this.ctxBlob ??= encodeContext(this.contextOf(this.current?.thread));
          const slice = blob.slice(q.offset, q.offset + Math.min(q.count, READ_MAX));
          resp = { api: q.api, status: KdStatus.SUCCESS, total: blob.length, data: slice };
          break;
        }
        case Api.SetContextEx: resp = { api: q.api, status: this.setLocal(q.frame, q.local, q.value) }; break;
        case Api.WriteBreakPoint: {
          const off = fromVA(q.address);
          if (off === undefined || !this.kernel.processor.setBreakpoint(off)) { resp = { api: q.api, status: KdStatus.UNSUCCESSFUL, handle: 0 }; break; }
          const h = this.nextHandle++;
          this.bps.set(h, off);
          resp = { api: q.api, status: KdStatus.SUCCESS, handle: h };
          break;
        }
        case Api.RestoreBreakPoint: {
          const off = this.bps.get(q.handle);
          this.bps.delete(q.handle);
          const still = [...this.bps.values(), ...this.execBps].includes(off ?? -1);
          const ok = off !== undefined && (still || this.kernel.processor.clearBreakpoint(off));
          resp = { api: q.api, status: ok ? KdStatus.SUCCESS : KdStatus.UNSUCCESSFUL };
          break;
        }
        case Api.ReadControlSpace: resp = { api: q.api, status: KdStatus.SUCCESS, regs: this.regs }; break;
        case Api.WriteControlSpace: this.setDebugRegisters(q.regs); resp = { api: q.api, status: KdStatus.SUCCESS }; break;
        case Api.Continue: resp = { api: q.api, status: KdStatus.SUCCESS }; after = () => this.resume(); break;
        case Api.Reboot: {
          // No answer: the machine resets at once, without a shutdown (the new boot's stub greets the debugger).
          const reboot = this.rebootHandler;
          if (!reboot) { resp = { api: q.api, status: KdStatus.NOT_IMPLEMENTED }; break; }
          setImmediate(() => { this.detach(); reboot(); });
          return;
        }
        case Api.Continue2: { const c = q.control; resp = { api: q.api, status: KdStatus.SUCCESS }; after = () => this.resume(c); break; }
        default: resp = { api: (q as { api: number }).api, status: KdStatus.NOT_IMPLEMENTED };
      }
    } catch {
      resp = { api: new DataView(data.buffer, data.byteOffset).getUint32(0, true), status: KdStatus.NOT_IMPLEMENTED };
    }
    // A continue takes effect before its answer leaves: the machine shows as running by the time the debugger's
    // `g` returns (the status and the answer travel to the host in that order).
    after?.();
    this.port?.send(PacketType.STATE_MANIPULATE, encodeResponse(resp)).catch(() => {});
  }

  private version() {
    const ntBase = this.hostModules.find((m) => m.moduleName === 'nt')!.base;
    return {
      majorVersion: 0xf, minorVersion: this.o.build, protocolVersion: 6, flags: 0x47, machineType: IMAGE_FILE_MACHINE_AMD64,
      kernBase: toVA(ntBase), psLoadedModuleList: toVA(this.nt.psLoadedModuleList), debuggerDataList: 0n,
      ntExports: toVA(ntBase), kiBugCheckData: toVA(this.nt.kiBugCheckData), processors: this.o.processors,
      uptimeMs: performance.now() - this.started, buildLab: `${this.o.build}.1.amd64fre.vb_release.191206-1406`,
    };
  }

  private read(address: bigint, count: number): { status: number; data: Uint8Array } {
    const off = fromVA(address), m = this.kernel.memory;
    const n = Math.min(count, READ_MAX);
    if (off === undefined || !m.isMapped(off, 1)) return { status: KdStatus.ACCESS_VIOLATION, data: new Uint8Array(0) };
    const avail = Math.max(0, Math.min(n, m.size - off));
    return { status: KdStatus.SUCCESS, data: m.u8.slice(off, off + avail) };
  }

  private write(address: bigint, data: Uint8Array): { status: number; written: number } {
    const off = fromVA(address), m = this.kernel.memory;
    if (off === undefined || !m.isMapped(off, data.length)) return { status: KdStatus.ACCESS_VIOLATION, written: 0 };
    m.u8.set(data, off);
    return { status: KdStatus.SUCCESS, written: data.length };
  }

  private setLocal(frame: number, local: number, value: bigint): number {
    const t = this.current?.thread;
    const fr = t?.frames[t.frames.length - 1 - frame];
    if (!fr || fr.kind !== 'wasm' || local >= fr.locals.length) return KdStatus.UNSUCCESSFUL;
    fr.locals[local] = typeof fr.locals[local] === 'bigint' ? BigInt.asIntN(64, value) : Number(BigInt.asIntN(32, value));
    this.ctxBlob = undefined;
    return KdStatus.SUCCESS;
  }

  /** DR7 as x64 defines it: L0..L3 enable bits, R/W (00 execute, 01 write, 11 read/write) and LEN (00 1, 01 2,
   *  11 4, 10 8 bytes). An execute breakpoint is a code breakpoint at that instruction (kept apart from KD's own). */
  private setDebugRegisters(r: DebugRegisters): void {
    const P = this.kernel.processor;
    for (const id of this.watchIds) P.clearWatch(id);
    this.watchIds = [];
    const kdOwned = new Set(this.bps.values());
    for (const off of this.execBps) if (!kdOwned.has(off)) P.clearBreakpoint(off);
    this.execBps = [];
    this.regs = r;
    for (let i = 0; i < 4; i++) {
      if (((r.dr7 >> BigInt(2 * i)) & 1n) === 0n) continue;
      const rw = Number((r.dr7 >> BigInt(16 + 4 * i)) & 3n), len = Number((r.dr7 >> BigInt(18 + 4 * i)) & 3n);
      const off = fromVA(r.dr[i]!);
      if (off === undefined) continue;
      if (rw === 0) { if (!this.execBps.includes(off) && (kdOwned.has(off) || P.setBreakpoint(off))) this.execBps.push(off); continue; }
      this.watchIds.push(P.setWatch(off, [1, 2, 8, 4][len]!, rw === 1 ? 'w' : 'rw'));
    }
  }

  // ---------------------------------------------------------------- continue and step

  private resume(control?: ControlSet): void {
    const e = this.current;
    this.broken = false;
    this.current = undefined;
    this.currentPacket = undefined;
    this.ctxBlob = undefined;
    const t = e?.thread;
    e?.onContinue?.();
    if (e?.unhandled) e.unhandled(); // a first-chance exception nothing handles: the bugcheck is the next stop
    else if (e?.kind === StopKind.BugCheck) this.bugCheckContinued(); // g: the blue screen's AutoReboot, as without a debugger
    else if (control?.traceFlag && t && (t.state === 'stopped' || e?.inCall) && !this.kernel.bugCheck) this.step(t, control);
    else if (t) this.kernel.processor.release(t);
    if (!this.broken && !this.events.length && !this.breakOwed) { this.flush(); this.resumed(); }
    else this.kick();
  }

  private step(t: Thread, c: ControlSet): void {
    const P = this.kernel.processor, budget = this.o.stepBudget;
    const mode = c.stepKind === 0 ? 'into' : 'over';
    let r: RunResult;
    if (c.stepKind === 2) r = P.stepOut(t, budget);
    else if (c.rangeEnd > c.rangeStart) r = P.stepRange(t, fromVA(c.rangeStart) ?? 0, fromVA(c.rangeEnd) ?? 0, mode, budget);
    else r = P.step(t, mode, budget);
    switch (r.reason) {
      case 'step': case 'breakpoint': case 'data-breakpoint': case 'break-in': this.threadStopped(t, r); break;
      case 'exception': this.kernel.unhandledException(t); break;
      default:
        // The step ran out of the driver into kernel code, which then waited, ended the thread or ran past the
        // budget: it stops at the next check point any thread reaches (or the idle loop), never left pending.
        if (this.connected) { this.stepOwed = true; this.kernel.processor.requestBreak(); }
    }
  }

  // ---------------------------------------------------------------- debug output

  /** The host's reply to the prompt: the answer, cut to the most the caller's buffer takes. */
  private answered(data: Uint8Array): void {
    const p = this.asking;
    let reply: { api: number; text: string };
    try { reply = decodeDebugIo(data); } catch { return; }
    if (!p?.sent || reply.api !== DebugIo.GetString) return;
    this.asking = undefined;
    p.onAnswer(reply.text.slice(0, p.max));
    if (!this.holding()) this.resumed();
  }

  private flush(): void {
    const port = this.port;
    while (port && this.connected && this.out.length && this.printsInFlight < 2) {
      let n = Math.min(this.out.length, PACKET_MAX_SIZE - PRINT_HEAD);
      let bytes = encodePrint(this.out.slice(0, n));
      while (bytes.length > PACKET_MAX_SIZE) { n = Math.floor(n / 2); bytes = encodePrint(this.out.slice(0, n)); }
      this.out = this.out.slice(n);
      this.printsInFlight++;
      port.send(PacketType.DEBUG_IO, bytes).then(
        () => { this.printsInFlight--; this.flush(); if (!this.holding()) this.resumed(); },
        () => { this.printsInFlight--; },
      );
    }
    // The prompt goes once the text printed before it has gone: the host shows it last and waits for the answer.
    const p = this.asking;
    if (port && this.connected && p && !p.sent && !this.out.length && this.printsInFlight === 0) {
      p.sent = true;
      // Once the debugger has it, the target is frozen waiting for the answer, as at a stop (the machine shows broken in).
      port.send(PacketType.DEBUG_IO, encodeGetString(p.text, p.max)).then(
        () => { if (this.asking === p) for (const cb of this.stopListeners) cb(false); },
        () => { if (this.asking === p) p.sent = false; },
      );
    }
  }
}
