// A target machine: memory, the I/O bus and its devices, a clock counted in executed instructions, power state and
// the boot sequence (firmware → boot manager reading the BCD → kernel init through a pluggable KernelBoot).
// It runs wherever it is driven from (a worker in the lab, the test process in unit tests): `run` executes the
// processor in slices and fires device deadlines; the driver sleeps when it reports idle.
import { IoBus, InterruptController } from './bus.ts';
import { SystemMemory, PAGE_SIZE } from './memory.ts';
import { bootOptions, BcdError, defaultBcd, readBcd, writeBcd, type BootOptions } from './devices/bcd-store.ts';
import { fromBase64, msToTicks, ticksToMs, toBase64, type Clock, type Device } from './devices/device.ts';
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

export interface MemoryState { size: number; pages: [number, string][] }
export interface MachineState {
  version: 1;
  config: MachineConfig;
  ticks: number;
  status: MachineStatus;
  devices: Record<string, unknown>;
  pic: { mask: number };
  memory: MemoryState | null;
  net: ReturnType<NetStack['saveState']> | null;
  bootOptions: BootOptions | null;
  kernel: unknown;
  /** The console screen's recent text (what a restored machine shows again); absent in older saves. */
  screen?: string;
}

/** How much console text a snapshot keeps: the visible screen and some scrollback. */
const SCREEN_KEEP = 16 * 1024;
/** Clears the screen and the scrollback before a restored machine's screen is drawn again. */
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

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
      u.onTransmit = (b, line) => hooks.serial(port, b, line);
      u.onModemOut = (m) => hooks.modem(port, m);
    }
    this.nic.onFrame = (f) => hooks.frame(f);
    this.pic.onAssert = () => { this.runnerIdle = false; this.onWake(); };
    installWindowsTree(this.disk, config.userName ?? 'User');
    writeBcd(this.disk, defaultBcd());
  }

  get name(): string { return this.config.name; }

  setStatus(s: MachineStatus): void { this.status = s; this.hooks.status(s); this.onWake(); }
  consoleWrite(text: string): void {
    if (this.consoleMuted) return;
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
      this.kernel = await loadKernel(this.config.kernel);
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
    if (n !== undefined) take(Math.ceil(msToTicks(n)));
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
    return !!this.runner && !this.frozen && !this.runnerIdle && (st === 'running' || st === 'booting');
  }

  /**
   * Run for at most `wallMs` of real time (and never past `limit` ticks). 'busy': call again soon (yield to the
   * event loop first); 'idle': nothing to do until nextDeadline() or an event; 'limit': reached `limit`.
   */
  run(wallMs: number, limit = Infinity): 'busy' | 'idle' | 'limit' {
    if (this.frozen) return 'idle';
    const start = performance.now();
    for (;;) {
      if (this.fireDue()) return 'busy';
      if (this.ticks >= limit) return 'limit';
      if (!this.canRun()) return 'idle';
      const d = this.nextDeadline();
      const budget = Math.max(1, Math.min(SLICE_TICKS, (d ?? Infinity) - this.ticks, limit - this.ticks));
      const r = this.runner!.runSlice(budget);
      this.ticks += Math.max(0, Math.min(r.executed, budget));
      if (r.idle) this.runnerIdle = true;
      if (performance.now() - start >= wallMs) return 'busy';
    }
  }

  /** Idle time passes (the processor had nothing to run): the clock moves forward to `ticks`. */
  idleUntil(ticks: number): void { if (ticks > this.ticks) this.ticks = ticks; }

  /** Deterministic progress for tests and stepping: exactly `n` ticks of machine time, idle gaps skipped at once. */
  async advance(n: number): Promise<void> {
    const limit = this.ticks + n;
    for (;;) {
      const r = this.run(Infinity, limit);
      await new Promise((res) => setImmediate(res));
      if (r === 'limit' && this.ticks >= limit && !this.dueNow()) return;
      if (r === 'idle') this.idleUntil(Math.min(this.nextDeadline() ?? limit, limit));
    }
  }

  private dueNow(): boolean { const d = this.nextDeadline(); return d !== undefined && d <= this.ticks; }

  // --- state out / in ---

  saveState(): MachineState {
    if (this.status.state === 'booting') throw new Error(`${this.name} is booting; take the snapshot once it is up`);
    // The kernel first: it writes what it holds back to the disk (registry hives) before the disk is saved.
    const kernel = this.kernel?.saveState?.() ?? null;
    const devices: Record<string, unknown> = {};
    for (const d of this.devices) devices[d.name] = d.saveState();
    return {
      version: 1, config: structuredClone(this.config), ticks: this.ticks, status: { ...this.status }, devices,
      pic: this.pic.saveState(), memory: this.memory ? saveMemory(this.memory) : null, net: this.net?.saveState() ?? null,
      bootOptions: this.options, kernel, screen: this.screen,
    };
  }

  async loadState(s: MachineState): Promise<void> {
    if (s.version !== 1) throw new Error(`unknown machine state version ${String(s.version)}`);
    this.powerOff();
    const gen = this.generation;
    this.ticks = s.ticks;
    for (const d of this.devices) if (d.name in s.devices) d.loadState(s.devices[d.name]);
    this.pic.loadState(s.pic);
    this.options = s.bootOptions;
    if (s.status.state === 'off') return;
    this.memory = s.memory ? loadMemory(s.memory) : null;
    this.startNetwork();
    if (s.net) this.net!.loadState(s.net);
    if (s.kernel !== null && this.config.kernel && this.options) {
      this.kernel = await loadKernel(this.config.kernel);
      if (!this.kernel.resume) throw new Error('the kernel cannot resume from a snapshot');
      this.consoleMuted = true;
      try { await this.kernel.resume(this, s.kernel, this.options); } finally { this.consoleMuted = false; }
    }
    if (gen !== this.generation) return;
    // The screen as it was when the snapshot was taken (a resumed VM's window shows what it showed).
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

/** Only pages holding something are kept (a fresh 64 MiB memory saves to almost nothing). */
function saveMemory(m: SystemMemory): MemoryState {
  const pages: [number, string][] = [];
  const words = PAGE_SIZE / 4;
  for (let p = 0; p < m.size / PAGE_SIZE; p++) {
    const base = p * words;
    let used = false;
    for (let i = 0; i < words; i++) if (m.u32[base + i] !== 0) { used = true; break; }
    if (used) pages.push([p, toBase64(m.u8.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE))]);
  }
  return { size: m.size, pages };
}

function loadMemory(s: MemoryState): SystemMemory {
  const m = new SystemMemory(s.size);
  for (const [p, data] of s.pages) m.u8.set(fromBase64(data), p * PAGE_SIZE);
  return m;
}
