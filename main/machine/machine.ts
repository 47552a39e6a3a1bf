// A target machine: memory, the I/O bus and its devices, a clock counted in executed instructions, power state and
// the boot sequence (firmware → boot manager reading the BCD → kernel init through a pluggable KernelBoot).
// It runs wherever it is driven from (a worker in the lab, the test process in unit tests): `run` executes the
// processor in slices and fires device deadlines; the driver sleeps when it reports idle.
import { createHash } from 'node:crypto';
import { IoBus, InterruptController } from './bus.ts';
import { SystemMemory } from './memory.ts';
import { bootOptions, BcdError, defaultBcd, readBcd, writeBcd, type BootOptions } from './devices/bcd-store.ts';
import { dueTick, msToTicks, ticksToMs, type Clock, type Device } from './devices/device.ts';
import { Disk, installWindowsTree } from './devices/disk.ts';
import { Firmware } from './devices/firmware.ts';
import { Nic } from './devices/nic.ts';
import { ParallelPort } from './devices/parallel.ts';
import { Rtc } from './devices/rtc.ts';
import type { LineSettings, ModemOut } from './devices/serial-line.ts';
import { IntervalTimer } from './devices/timer.ts';
import { Uart16550 } from './devices/uart16550.ts';
import { parseIp } from '../net/addr.ts';
import { startEchoService } from '../net/services.ts';
import { NetStack, type FirewallRules } from '../net/stack.ts';

export type PowerState = 'off' | 'booting' | 'running' | 'halted' | 'bugchecked' | 'broken-in';
export interface MachineStatus { state: PowerState; stage?: string; percent?: number; detail?: string }

/** Where the kernel comes from: a module (file URL or path) exporting a KernelBoot (named `kernelBoot` by default). */
export interface KernelRef { module: string; exportName?: string; options?: unknown }

export interface MachineConfig {
  name: string;
  mac: string;
  ip: string;
  netmask?: string;
  gateway?: string;
  memoryMB?: number;
  userName?: string;
  /** Wall time the RTC starts from at first power-on (ms since 1970); the host's clock if absent. */
  rtcStartMs?: number;
  kernel?: KernelRef;
  /** Simple TCP/IP Services (echo on port 7). */
  services?: { echo?: boolean };
  firewall?: Partial<FirewallRules>;
}

export type BootProgress = (stage: string, percent: number, detail?: string) => void;

/** What the processor reports for one slice: instructions executed (≤ budget) and whether every thread now waits. */
export interface SliceResult { executed: number; idle: boolean }
export interface SliceRunner {
  runSlice(budget: number): SliceResult;
  /** Instructions executed since the system started (the machine's ticks also count idle time). */
  instructions?(): number;
}

/** The kernel engineers implement this; `boot` returns once the system is up (the machine is then "running"). */
export interface KernelBoot {
  boot(machine: Machine, options: BootOptions, progress: BootProgress): Promise<void>;
  /** State out/in for snapshots of a running system. */
  saveState?(): unknown;
  resume?(machine: Machine, state: unknown, options: BootOptions): Promise<void>;
  /** The power went: whatever the kernel drives by timers (the KD stub's resends) stops talking to the devices. */
  powerOff?(): void;
}

export interface MachineHooks {
  status(s: MachineStatus): void;
  console(text: string): void;
  frame(f: Uint8Array): void;
  serial(port: 1 | 2, byte: number, line: LineSettings): void;
  modem(port: 1 | 2, m: ModemOut): void;
}


/** An outside input as the machine applied it (what a checkpoint replays). */
export type JournalInput =
  | { k: 'console'; text: string }
  | { k: 'frame'; frame: string }
  | { k: 'link'; up: boolean }
  | { k: 'serial'; port: 1 | 2; bytes: number[]; line: LineSettings }
  | { k: 'modem'; port: 1 | 2; lines: ModemOut | null }
  /** Idle time that did not end at a deadline (a message arrived, or a stopped machine's advance ended). */
  | { k: 'clock'; to: number }
  /** The kernel wrote what it holds to the disk (registry hives) for a checkpoint's fallback. */
  | { k: 'flush' }
  /** A host request that changes the machine (power, firmware, disk writes, port I/O, break-in, Device Manager, ping, run mode). */
  | { k: 'request'; r: { t: string } & Record<string, unknown> };
/** Where an input was applied: machine tick `at`, after `n` processor slices since power-on (a slice boundary). */
export interface JournalEntry { at: number; n: number; i: JournalInput }
/** The machine as it was when it last powered on: what a checkpoint's replay starts from. */
export interface PowerOnBase { ticks: number; devices: Record<string, unknown>; pic: { mask: number }; stopped: boolean; advanceTo: number | null }

/**
 * A checkpoint (version 2): the machine as it powered on, every input since with the point it was applied at, and
 * where the machine was when the checkpoint was taken. Restoring replays the inputs silently up to that point: the
 * machine is deterministic given its inputs (machine time is executed instructions), so the replay ends in the same
 * state: driver memory, running programs, pending I/O, armed timers. `check` proves it (hash of system memory).
 */
export interface Checkpoint {
  version: 2;
  config: MachineConfig;
  ticks: number;
  slices: number;
  status: MachineStatus;
  /** Null when the machine was off: `devices` then holds its devices (the disk) as they are. */
  base: PowerOnBase | null;
  devices: Record<string, unknown> | null;
  journal: JournalEntry[];
  screen: string;
  check: { memory: string | null };
  /**
   * What restores when the replay cannot come back to the same state (a kernel debugger session serviced on
   * wall-clock timers, a damaged journal): the disk with hives flushed, booted again as a shut-down VM's.
   */
  fallback?: LegacyMachineState;
}

/** A snapshot of an older version: the disk of a shut-down system, resumed by booting it again. */
export interface LegacyMachineState {
  version: 1;
  config: MachineConfig;
  ticks: number;
  status: MachineStatus;
  devices: Record<string, unknown>;
  pic: { mask: number };
  /** Saved, never used (the resumed kernel boots in a fresh memory); read as absent. */
  memory?: unknown;
  net: ReturnType<NetStack['saveState']> | null;
  bootOptions: BootOptions | null;
  kernel: unknown;
  /** The console screen's recent text (what a restored machine shows again); absent in older saves. */
  screen?: string;
}
export type MachineState = Checkpoint | LegacyMachineState;

/** The replay of a checkpoint did not come back to the same state (or the checkpoint is damaged). */
export class ReplayError extends Error {}

/** How much console text a snapshot keeps: the visible screen and some scrollback. */
const SCREEN_KEEP = 16 * 1024;
/** Clears the screen and the scrollback before a restored machine's screen is drawn again. */
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** Wall time a replay waits for a load in progress before it declares itself stuck; with no load holding the
 *  machine only host continuations can still come, so a replay that diverged (a damaged journal) is given up sooner. */
const REPLAY_WAIT_MS = 60_000, REPLAY_IDLE_WAIT_MS = 10_000;

/** Longest slice handed to the processor at once (machine time between looks at deadlines and messages). */
export const SLICE_TICKS = 200_000;

export class Machine implements Clock {
  ticks = 0;
  /** Instructions the processor executed since power-on (what the system runs, without idle time). */
  get instructions(): number { return this.runner?.instructions?.() ?? 0; }
  readonly bus = new IoBus();
  readonly pic = new InterruptController();
  readonly com1: Uart16550;
  readonly com2: Uart16550;
  readonly lpt1: ParallelPort;
  readonly nic: Nic;
  readonly timer: IntervalTimer;
  readonly rtc: Rtc;
  readonly disk: Disk;
  readonly firmware = new Firmware();
  memory: SystemMemory | null = null;
  net: NetStack | null = null;
  status: MachineStatus = { state: 'off' };
  options: BootOptions | null = null;
  /** The driver (worker run loop) wants to hear when there may be new work or an earlier deadline. */
  onWake: () => void = () => {};
  private runnerRef: SliceRunner | null = null;
  /** Set by the kernel at boot. */
  get runner(): SliceRunner | null { return this.runnerRef; }
  set runner(r: SliceRunner | null) { this.runnerRef = r; this.runnerIdle = false; this.onWake(); }
  onConsoleInput: ((text: string) => void) | null = null;
  onBreakIn: (() => boolean) | null = null;
  /** While frozen (the debugger holds the machine), no instruction runs and no device time passes. */
  frozen = false;
  private kernel: KernelBoot | null = null;
  private runnerIdle = false;
  private generation = 0;
  private sleepers: { at: number; resolve: () => void }[] = [];
  private stopServices: (() => void) | null = null;
  private readonly devices: Device[];
  /** The console's recent text, kept for snapshots. */
  private screen = '';
  /** While a snapshot is being resumed, the silent re-boot's console text is not shown. */
  private consoleMuted = false;
  /** Processor slices run since power-on: with `ticks`, the point at which an input was applied. */
  slices = 0;
  /** run() last stopped where inputs apply: the due deadlines fired, and no input was applied since. */
  settled = true;
  /** Run mode "stopped": the clock moves only up to `advanceTo` (set by an advance request). */
  stopped = false;
  advanceTo: number | null = null;
  /** The worker has inputs waiting: run() stops at the next point where they can apply. */
  inputsWaiting: () => boolean = () => false;
  /** A load ended: the wall time it took is not idle time (the worker forgets when the machine went idle). */
  onHoldEnd: () => void = () => {};
  /** Loads in progress (a kernel module): no machine time passes and no instruction runs until they are done. */
  private holds = 0;
  private base: PowerOnBase | null = null;
  private journal: JournalEntry[] = [];
  /** A checkpoint is being replayed: nothing goes out (console, cables, status). */
  private replayingNow = false;
  private stopAt: { at: number; n: number } | null = null;
  private statusWaiters: (() => void)[] = [];

  constructor(readonly config: MachineConfig, private readonly hooks: MachineHooks) {
    this.com1 = new Uart16550('COM1', 0x3f8, 4, this.bus, this.pic, this);
    this.com2 = new Uart16550('COM2', 0x2f8, 3, this.bus, this.pic, this);
    this.lpt1 = new ParallelPort('LPT1', 0x378, 7, this.bus, this.pic);
    this.nic = new Nic(config.mac, this.bus, this.pic);
    this.timer = new IntervalTimer(this.bus, this.pic, this);
    this.rtc = new Rtc(this.bus, this, config.rtcStartMs ?? Date.now());
    this.disk = new Disk(() => Math.floor(this.rtc.now()));
    this.devices = [this.com1, this.com2, this.lpt1, this.nic, this.timer, this.rtc, this.disk, this.firmware];
    for (const [port, u] of [[1, this.com1], [2, this.com2]] as const) {
      u.onTransmit = (b, line) => { if (!this.replayingNow) hooks.serial(port, b, line); };
      u.onModemOut = (m) => { if (!this.replayingNow) hooks.modem(port, m); };
    }
    this.nic.onFrame = (f) => { if (!this.replayingNow) hooks.frame(f); };
    this.pic.onAssert = () => { this.runnerIdle = false; this.onWake(); };
    installWindowsTree(this.disk, config.userName ?? 'User');
    writeBcd(this.disk, defaultBcd());
  }

  get name(): string { return this.config.name; }

  setStatus(s: MachineStatus): void {
    this.status = s;
    if (!this.replayingNow) this.hooks.status(s);
    for (const w of this.statusWaiters.splice(0)) w();
    this.onWake();
  }
  /** Resolves at the next status change (the boot waits so while a debugger holds it: no wall-clock polling). */
  statusChange(): Promise<void> { return new Promise((r) => this.statusWaiters.push(r)); }
  get replaying(): boolean { return this.replayingNow; }

  /**
   * A load that takes real time (importing a kernel module): machine time stands still and no instruction runs
   * until it is done, so when it finishes never depends on the host's speed.
   */
  async hold<T>(p: Promise<T>): Promise<T> {
    this.holds++;
    try { return await p; } finally { this.holds--; this.onHoldEnd(); this.onWake(); }
  }

  /** An outside input is applied now: it goes into the journal with the point it applied at. */
  record(i: JournalInput): void {
    this.journal.push({ at: this.ticks, n: this.slices, i });
    this.settled = false;
  }

  consoleWrite(text: string): void {
    if (this.consoleMuted || this.replayingNow) return;
    this.screen = (this.screen + text).slice(-SCREEN_KEEP);
    this.hooks.console(text);
  }

  /** Machine-time wait (the boot's pauses, the kernel's timed waits before the processor runs). */
  sleep(ms: number): Promise<void> {
    const gen = this.generation;
    return new Promise((resolve) => {
      this.sleepers.push({ at: this.ticks + msToTicks(ms), resolve: () => { if (gen === this.generation) resolve(); } });
      this.onWake();
    });
  }

  // --- power ---

  async powerOn(): Promise<void> {
    if (this.status.state !== 'off') return;
    // What a checkpoint replays from: the machine as it powers on; the journal starts again here.
    this.base = { ticks: this.ticks, devices: this.saveDevices(), pic: this.pic.saveState(), stopped: this.stopped, advanceTo: this.advanceTo };
    this.journal = [];
    this.slices = 0;
    const gen = ++this.generation;
    const alive = (): boolean => gen === this.generation;
    for (const d of this.devices) d.reset?.();
    this.memory = new SystemMemory((this.config.memoryMB ?? 64) * 1024 * 1024);
    this.startNetwork();
    const progress: BootProgress = (stage, percent, detail) => { if (alive()) this.setStatus({ state: 'booting', stage, percent, detail }); };
    const fw = this.firmware.settings;
    progress('firmware', 0, `${fw.vendor} UEFI ${fw.version}: power-on self test`);
    // The firmware starts on a fresh line: a restart leaves the old session's prompt at the end of the screen.
    const fresh = this.screen && !this.screen.endsWith('\n') ? '\r\n' : '';
    this.consoleWrite(`${fresh}${fw.vendor} UEFI firmware ${fw.version}\r\nSecure Boot: ${fw.secureBoot ? 'On' : 'Off'}\r\n`);
    await this.sleep(150);
    if (!alive()) return;
    progress('firmware', 20, `Secure Boot ${fw.secureBoot ? 'on' : 'off'}; booting ${fw.bootOrder[0] ?? 'nothing'}`);
    await this.sleep(100);
    if (!alive()) return;
    progress('boot manager', 35, 'Windows Boot Manager: reading \\Boot\\BCD');
    let options: BootOptions;
    try {
      options = bootOptions(readBcd(this.disk), fw.secureBoot);
    } catch (e) {
      const msg = e instanceof BcdError ? e.message : String(e);
      this.consoleWrite(`Windows Boot Manager\r\n${msg.replace(/\n/g, '\r\n')}\r\n`);
      this.setStatus({ state: 'halted', stage: 'boot manager', detail: msg });
      return;
    }
    this.options = options;
    const kdText = !options.debug ? 'off' : options.kd.type === 'net' ? `on (net ${options.kd.hostip}:${options.kd.port})`
      : options.kd.type === 'serial' ? `on (serial COM${options.kd.debugport} ${options.kd.baudrate})` : 'on (local)';
    progress('boot manager', 45, `${options.description}: testsigning ${options.testsigning ? 'on' : 'off'}, debug ${kdText}`);
    await this.sleep(100);
    if (!alive()) return;
    progress('kernel', 55, 'kernel initialization');
    if (!this.config.kernel) {
      this.consoleWrite('No kernel is installed on this machine: nothing to start.\r\n');
      this.setStatus({ state: 'halted', stage: 'kernel', detail: 'no kernel installed' });
      return;
    }
    try {
      this.kernel = await this.hold(loadKernel(this.config.kernel));
      if (!alive()) return;
      await this.kernel.boot(this, options, progress);
    } catch (e) {
      if (!alive()) return;
      this.setStatus({ state: 'halted', stage: 'kernel', detail: `kernel failed to start: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (alive() && (this.status.state as PowerState) === 'booting') this.setStatus({ state: 'running' });
  }

  powerOff(): void {
    this.generation++;
    this.sleepers = [];
    this.kernel?.powerOff?.();
    this.runner = null; this.kernel = null; this.onConsoleInput = null; this.onBreakIn = null;
    this.memory = null; this.options = null; this.frozen = false;
    this.stopNetwork();
    for (const d of this.devices) d.reset?.();
    if (this.status.state !== 'off') this.setStatus({ state: 'off' });
  }

  async restart(): Promise<void> { this.powerOff(); await this.powerOn(); }

  private startNetwork(): void {
    const c = this.config;
    const net = new NetStack({ name: c.name, mac: this.nic.macBytes, ip: parseIp(c.ip),
      netmask: parseIp(c.netmask ?? '255.255.255.0'), gateway: c.gateway ? parseIp(c.gateway) : undefined, firewall: c.firewall },
    () => ticksToMs(this.ticks));
    net.send = (f) => { this.nic.send(f); };
    net.setLink(this.nic.linkUp);
    net.onWake = () => this.onWake();
    this.nic.builtin = (f) => net.receive(f);
    this.net = net;
    if (c.services?.echo) this.stopServices = startEchoService(net);
  }

  private stopNetwork(): void {
    this.stopServices?.(); this.stopServices = null;
    // The old boot's sockets may still hold timers: a stack without power sends nothing more through the NIC.
    if (this.net) this.net.send = () => {};
    this.nic.builtin = null;
    this.net = null;
  }

  /** The switch port's link changed. */
  setLink(up: boolean): void { this.nic.setLink(up); this.net?.setLink(up); }

  // --- running ---

  /** Something happened (a message, an interrupt): an idle processor gets another look. */
  kick(): void { this.runnerIdle = false; this.onWake(); }

  nextDeadline(): number | undefined {
    let m: number | undefined;
    const take = (t: number | undefined): void => { if (t !== undefined && (m === undefined || t < m)) m = t; };
    for (const d of this.devices) take(d.nextDeadline?.());
    for (const s of this.sleepers) take(s.at);
    const n = this.net?.nextDeadline();
    if (n !== undefined) take(dueTick(n));
    return m;
  }

  /** Fire what is due; true when a sleeper woke (its continuation must run before time moves on). */
  private fireDue(): boolean {
    for (const d of this.devices) { const t = d.nextDeadline?.(); if (t !== undefined && t <= this.ticks) d.advance!(this.ticks); }
    this.net?.poll();
    let woke = false;
    if (this.sleepers.some((s) => s.at <= this.ticks)) {
      const due = this.sleepers.filter((s) => s.at <= this.ticks);
      this.sleepers = this.sleepers.filter((s) => s.at > this.ticks);
      for (const s of due) s.resolve();
      woke = true;
    }
    return woke;
  }

  private canRun(): boolean {
    const st = this.status.state;
    return !!this.runner && !this.frozen && !this.runnerIdle && this.holds === 0 && (st === 'running' || st === 'booting');
  }

  /**
   * Run for at most `wallMs` of real time (and never past `limit` ticks). 'busy': call again soon (yield to the
   * event loop first); 'idle': nothing to do until nextDeadline() or an event; 'limit': reached `limit`.
   */
  run(wallMs: number, limit = Infinity): 'busy' | 'idle' | 'limit' | 'stop' {
    // Held by the debugger: no time passes; inputs (debugger packets) apply at once.
    if (this.frozen) { this.settled = true; return 'idle'; }
    const start = performance.now();
    for (;;) {
      if (this.fireDue()) { this.settled = false; return 'busy'; }
      // A settled point: where inputs apply, and where run() returns when it returns (the wall-time check is here,
      // not after a slice), so every input lands between a slice and the next one, after the due deadlines fired.
      // (Not while a load holds the machine: what it loads finishes first, as it must before anything else runs.)
      this.settled = this.holds === 0;
      if (this.settled && this.stopAt && this.ticks === this.stopAt.at && this.slices === this.stopAt.n) return 'stop';
      if (this.ticks >= limit) return 'limit';
      if (!this.canRun()) return 'idle';
      if (this.inputsWaiting() || performance.now() - start >= wallMs) return 'busy';
      const d = this.nextDeadline();
      const budget = Math.max(1, Math.min(SLICE_TICKS, (d ?? Infinity) - this.ticks, limit - this.ticks));
      const r = this.runner!.runSlice(budget);
      this.slices++;
      this.ticks += Math.max(0, Math.min(r.executed, budget));
      if (r.idle) this.runnerIdle = true;
    }
  }

  /**
   * Idle time passes (the processor had nothing to run): the clock moves forward to `ticks`, never past the next
   * deadline (what is due fires at its own tick). A jump that does not end at a deadline depends on when something
   * arrived from outside, so it goes into the journal; while debugger-frozen or loading, no time passes.
   */
  idleUntil(ticks: number): void {
    if (ticks <= this.ticks || this.frozen || this.holds > 0) return;
    const d = this.nextDeadline();
    if (d !== undefined && d <= this.ticks) return;
    const to = d === undefined ? ticks : Math.min(ticks, d);
    if (to !== d) this.record({ k: 'clock', to });
    this.ticks = to;
  }

  /** Deterministic progress for tests and stepping: exactly `n` ticks of machine time, idle gaps skipped at once. */
  async advance(n: number): Promise<void> {
    const limit = this.ticks + n;
    this.advanceTo = limit;
    for (;;) {
      const r = this.run(Infinity, limit);
      await new Promise((res) => setImmediate(res));
      if (r === 'limit' && this.ticks >= limit && !this.dueNow()) return;
      if (r === 'idle') this.idleUntil(Math.min(this.nextDeadline() ?? limit, limit));
    }
  }

  private dueNow(): boolean { const d = this.nextDeadline(); return d !== undefined && d <= this.ticks; }

  // --- state out / in ---

  /**
   * A checkpoint (like a VM's): the machine as it powered on, the journal of inputs since, and where it is now.
   * Taken at a settled point (the worker defers the request until one), so a replay can stop exactly here.
   */
  saveState(): Checkpoint {
    const on = this.status.state !== 'off' && this.base !== null;
    // The fallback's flush changes the disk: it is an input like any other, replayed at this point.
    if (on) this.record({ k: 'flush' });
    const fallback = on ? this.legacyState() : undefined;
    return {
      ...(fallback ? { fallback } : {}),
      version: 2, config: structuredClone(this.config), ticks: this.ticks, slices: this.slices, status: { ...this.status },
      base: on ? structuredClone(this.base) : null, devices: on ? null : this.saveDevices(),
      journal: on ? structuredClone(this.journal) : [], screen: this.screen, check: { memory: this.memoryHash() },
    };
  }

  /** The kernel writes what it holds to the disk (registry hives, setup's files). */
  flush(): void { this.kernel?.saveState?.(); }

  /** A shut-down VM's state: the disk (hives flushed by the caller's `flush` input) and what the console session shows. */
  private legacyState(): LegacyMachineState {
    const kernel = this.kernel?.saveState?.() ?? null;
    return {
      version: 1, config: structuredClone(this.config), ticks: this.ticks, status: { ...this.status }, devices: this.saveDevices(),
      pic: this.pic.saveState(), net: this.net?.saveState() ?? null, bootOptions: this.options, kernel, screen: this.screen,
    };
  }

  /** How the last checkpoint was restored: exactly, or from its fallback (and why). */
  restored: { exact: boolean; reason?: string } = { exact: true };

  /** SHA-256 of system memory (what a replayed checkpoint must match exactly). */
  memoryHash(): string | null {
    return this.memory ? createHash('sha256').update(this.memory.u8).digest('hex') : null;
  }

  private saveDevices(): Record<string, unknown> {
    const devices: Record<string, unknown> = {};
    for (const d of this.devices) devices[d.name] = d.saveState();
    return devices;
  }

  private loadDevices(s: Record<string, unknown>): void {
    for (const d of this.devices) if (d.name in s) d.loadState(s[d.name]);
  }

  /**
   * Put the machine in a checkpoint's state. `apply` applies one journal input exactly as the worker does live
   * (it records it again). Throws a ReplayError when the replay does not come back to the checkpoint's state.
   */
  async loadState(s: MachineState, apply: (i: JournalInput) => void = () => { throw new ReplayError('no input handler'); }): Promise<void> {
    this.restored = { exact: true };
    if (s.version === 1) { this.restored = { exact: false, reason: 'a snapshot of an older version' }; return this.loadLegacy(s); }
    if (s.version !== 2) throw new ReplayError(`unknown machine state version ${String((s as { version: unknown }).version)}`);
    // The KD stub services its debugger on the host's event loop (stop events delivered on setImmediate), not at
    // points of machine time: a checkpoint taken while a debugger holds the target cannot be replayed exactly.
    if (s.status.state === 'broken-in' && s.fallback) {
      this.restored = { exact: false, reason: 'it was taken while the kernel debugger held the target' };
      return this.loadLegacy({ ...s.fallback, config: this.config });
    }
    try {
      await this.replay(s, apply);
    } catch (e) {
      if (!(e instanceof ReplayError) || !s.fallback) throw e;
      this.restored = { exact: false, reason: e.message };
      await this.loadLegacy({ ...s.fallback, config: this.config });
    }
  }

  private async replay(s: Checkpoint, apply: (i: JournalInput) => void): Promise<void> {
    this.powerOff();
    this.base = null; this.journal = [];
    if (!s.base) {
      this.loadDevices(s.devices ?? {});
      this.ticks = s.ticks;
      return;
    }
    const wake = this.onWake;
    let woken: (() => void) | null = null;
    let wakes = 0;
    this.onWake = () => { wakes++; woken?.(); };
    this.replayingNow = true;
    try {
      this.loadDevices(s.base.devices);
      this.pic.loadState(s.base.pic);
      this.ticks = s.base.ticks;
      this.stopped = s.base.stopped; this.advanceTo = s.base.advanceTo;
      void this.powerOn();
      // Resolves once something woke the machine after `since` (a load finished), false when nothing did.
      const waitWake = (since: number): Promise<boolean> => new Promise((res) => {
        if (wakes !== since) { res(true); return; }
        const t = setTimeout(() => { woken = null; res(false); }, this.holds > 0 ? REPLAY_WAIT_MS : REPLAY_IDLE_WAIT_MS);
        woken = () => { clearTimeout(t); woken = null; res(true); };
      });
      for (const e of [...s.journal, null]) {
        const at = e ?? { at: s.ticks, n: s.slices };
        await this.replayTo(at.at, at.n, waitWake, () => wakes);
        if (e) apply(e.i);
      }
    } finally {
      this.replayingNow = false; this.stopAt = null;
      this.onWake = wake;
    }
    const mem = this.memoryHash();
    if (mem !== s.check.memory || this.status.state !== s.status.state) {
      throw new ReplayError(`the checkpoint did not replay to the same state (memory ${mem?.slice(0, 12) ?? 'none'} ≠ ${s.check.memory?.slice(0, 12) ?? 'none'}, ${this.status.state} / ${s.status.state})`);
    }
    // The window shows what it showed when the checkpoint was taken.
    this.screen = s.screen;
    this.hooks.console(CLEAR_SCREEN + s.screen);
    this.hooks.status(this.status);
    this.onWake();
  }

  /** Run the machine (muted) to the settled point (tick `at`, `n` slices), as the live run reached it. */
  private async replayTo(at: number, n: number, waitWake: (since: number) => Promise<boolean>, wakes: () => number): Promise<void> {
    this.stopAt = { at, n };
    const here = (): boolean => this.ticks === at && this.slices === n;
    const past = (): boolean => this.ticks > at || (this.ticks === at && this.slices > n);
    for (;;) {
      const limit = this.stopped ? (this.advanceTo ?? -Infinity) : Infinity;
      // As live, the machine runs from a fresh turn of the event loop: what the last step started has finished.
      await new Promise((res) => setImmediate(res));
      const woke = wakes();
      const r = this.run(Infinity, limit);
      // Continuations of what the run did (promises of the boot, of cmd) run before the input, as they do live.
      await new Promise((res) => setImmediate(res));
      if (r === 'stop' || (this.settled && here())) { if (here()) return; }
      if (past()) throw new ReplayError(`the replay passed an input's point (at ${at}/${n}, now ${this.ticks}/${this.slices})`);
      if (r === 'busy') continue;
      const d = this.nextDeadline();
      if (d !== undefined && d <= this.ticks) continue;
      if (d !== undefined && d <= at && d <= limit && !this.frozen && this.holds === 0) { this.ticks = d; continue; }
      // Nothing happens by machine time before the point: a load in progress finishes, or the replay is stuck.
      if (!(await waitWake(woke))) throw new ReplayError(`the replay stopped short of an input's point (at ${at}/${n}, now ${this.ticks}/${this.slices}, ${this.status.state})`);
    }
  }

  /** A version 1 snapshot (the disk of a shut-down system): boot that disk again silently. */
  private async loadLegacy(s: LegacyMachineState): Promise<void> {
    this.powerOff();
    const gen = this.generation;
    this.ticks = s.ticks;
    this.loadDevices(s.devices);
    this.pic.loadState(s.pic);
    this.options = s.bootOptions;
    if (s.status.state === 'off') return;
    this.memory = new SystemMemory((this.config.memoryMB ?? 64) * 1024 * 1024);
    this.startNetwork();
    if (s.net) this.net!.loadState(s.net);
    if (s.kernel !== null && this.config.kernel && this.options) {
      this.kernel = await this.hold(loadKernel(this.config.kernel));
      if (!this.kernel.resume) throw new Error('the kernel cannot resume from a snapshot');
      this.consoleMuted = true;
      try { await this.kernel.resume(this, s.kernel, this.options); } finally { this.consoleMuted = false; }
    }
    if (gen !== this.generation) return;
    if (s.screen !== undefined) { this.screen = s.screen; this.hooks.console(CLEAR_SCREEN + s.screen); }
    // A resumed kernel has booted afresh: a snapshot taken while broken in comes back running (no debugger holds it).
    this.setStatus(s.kernel !== null && s.status.state === 'broken-in' ? { state: 'running' } : { ...s.status });
  }
}

async function loadKernel(ref: KernelRef): Promise<KernelBoot> {
  const mod = (await import(ref.module)) as Record<string, unknown>;
  const k = mod[ref.exportName ?? 'kernelBoot'] as KernelBoot | ((options: unknown) => KernelBoot) | undefined;
  if (!k) throw new Error(`${ref.module} exports no ${ref.exportName ?? 'kernelBoot'}`);
  return typeof k === 'function' ? k(ref.options) : k;
}
