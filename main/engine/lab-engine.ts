// The lab engine: the host computer, target machines (each in its own worker), the virtual switch and serial
// cables between them, and saved state. Each method is one line of `driverlab play`'s machine management
// (`new-target NAME`, `cable net host NAME`, `cable serial host:COM1 NAME:COM1`, `unplug …`, `restart NAME`).
import path from 'node:path';
import { formatIp } from '../net/addr.ts';
import { formatPing } from '../net/ping-format.ts';
import type { PingResult } from '../net/stack.ts';
import { SOFTWARE_HIVE_PATH, SYSTEM_HIVE_PATH } from '../machine/devices/disk.ts';
import type { FirmwareSettings } from '../machine/devices/firmware.ts';
import type { LineSettings, ModemOut } from '../machine/devices/serial-line.ts';
import type { KernelRef, MachineConfig, MachineState, MachineStatus } from '../machine/machine.ts';
import type { ComPort, DeviceAction, IrpTraceEvent, MachineInfo, PingOutcome, StackDevice, TargetDevice } from '../machine/protocol.ts';
import { copyCheckpointFile, newCheckpointPath, pruneCheckpointFiles, readCheckpointFile, savedCheckpoints, writeCheckpointFile } from './checkpoint-files.ts';
import { CheckpointStore, defaultCheckpointName, type CheckpointInfo } from './checkpoints.ts';
import { initialHives } from './hives.ts';
import { HostComputer } from './host.ts';
import { MachineHost } from './machine-host.ts';
import { SerialCables, type SerialEndpoint } from './serial-cable.ts';
import { EthernetSwitch } from './switch.ts';
import { loadGeneration, saveGeneration } from './workspace-store.ts';

export const DEFAULT_TARGET_NAME = 'MyTestComputer';

export interface LabOptions {
  /** The lab's /24 network; the host is .1, targets get .2 upwards. */
  subnet?: string;
  hostName?: string;
  /** Idle machines follow wall time (true, the default) or skip idle time at once (tests). */
  paced?: boolean;
  workerUrl?: URL;
  watchdogMs?: number;
  /** The kernel new targets boot; without one a boot ends at "no kernel installed". */
  kernel?: KernelRef;
}

export interface TargetOptions {
  ip?: string;
  mac?: string;
  kernel?: KernelRef;
  services?: MachineConfig['services'];
  firewall?: MachineConfig['firewall'];
  memoryMB?: number;
  rtcStartMs?: number;
  /** Restore from a snapshot instead of a fresh disk. */
  state?: MachineState;
  /** Start in run mode "stopped": the clock moves only by `advance` requests (deterministic tests, stepping). */
  stopped?: boolean;
}

export type LabEvent =
  | { kind: 'status'; machine: string; status: MachineStatus }
  | { kind: 'console'; machine: string; text: string }
  | { kind: 'not-responding'; machine: string }
  /** IRPs that passed the watched device stack (ioWatch), batched by the machine's worker. */
  | { kind: 'irps'; machine: string; events: IrpTraceEvent[]; dropped: number };

export type CableSpec = { kind: 'net'; a: string; b: string } | { kind: 'serial'; a: string; b: string };

export interface PingReport { from: string; to: string; ip: string | undefined; results: PingResult[]; lines: string[] }

interface Target { host: MachineHost; config: MachineConfig; netCabled: boolean }

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/;

export class LabEngine {
  readonly switch = new EthernetSwitch();
  readonly serial = new SerialCables();
  readonly host: HostComputer;
  private readonly targets = new Map<string, Target>();
  private readonly listeners = new Set<(e: LabEvent) => void>();
  private readonly subnet: string;
  /** The DTR/RTS each target COM port drives (re-asserted when a cable is plugged). */
  private readonly modemLines = new Map<string, ModemOut>();
  private readonly checkpointStore = new CheckpointStore();
  /** The workspace folder the checkpoint files are in (the last one saved to or loaded), once there is one. */
  private checkpointHome?: string;
  /** Checkpoint files being written (a save's clean-up leaves them alone). */
  private readonly checkpointWrites = new Set<string>();

  constructor(readonly options: LabOptions = {}) {
    this.subnet = options.subnet ?? '192.168.137';
    this.host = new HostComputer(options.hostName ?? 'HOST', '00-15-5d-00-00-01', `${this.subnet}.1`, '255.255.255.0', this.switch, this.serial);
    this.switch.plug(this.host.port);
  }

  onEvent(fn: (e: LabEvent) => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  private emit(e: LabEvent): void { for (const fn of this.listeners) fn(e); }

  targetNames(): string[] { return [...this.targets.values()].map((t) => t.config.name); }

  private target(name: string): Target {
    const t = this.targets.get(name.toLowerCase());
    if (!t) throw new Error(`There is no target named ${name}. (new-target ${name} creates one.)`);
    return t;
  }

  /** `host> new-target NAME`: a new machine, powered off, with a fresh Windows disk. */
  async newTarget(name = DEFAULT_TARGET_NAME, opts: TargetOptions = {}): Promise<MachineInfo> {
    if (!NAME_RE.test(name)) throw new Error(`"${name}" is not a valid computer name (1-15 letters, digits or hyphens).`);
    if (this.targets.has(name.toLowerCase()) || name.toLowerCase() === this.host.name.toLowerCase()) throw new Error(`A computer named ${name} already exists in this lab.`);
    // A saved machine boots the kernel this engine runs (the save may name one installed elsewhere: the web app's
    // sources, another copy of the desktop app).
    const config: MachineConfig = opts.state ? { ...opts.state.config, kernel: this.options.kernel ?? opts.state.config.kernel } : {
      name, ip: opts.ip ?? this.freeIp(), mac: opts.mac ?? this.freeMac(), kernel: opts.kernel ?? this.options.kernel,
      services: opts.services, firewall: opts.firewall, memoryMB: opts.memoryMB, rtcStartMs: opts.rtcStartMs,
    };
    const t: Target = { config, netCabled: false, host: this.startHost(config, opts.state, opts.stopped) };
    this.targets.set(name.toLowerCase(), t);
    await t.host.ready;
    if (!opts.state) {
      const hives = initialHives(name);
      await t.host.request({ t: 'disk', op: 'write', path: SYSTEM_HIVE_PATH, data: new Uint8Array(Buffer.from(JSON.stringify(hives.system))) });
      await t.host.request({ t: 'disk', op: 'write', path: SOFTWARE_HIVE_PATH, data: new Uint8Array(Buffer.from(JSON.stringify(hives.software))) });
    }
    return this.info(name);
  }

  private startHost(config: MachineConfig, state?: MachineState, stopped?: boolean): MachineHost {
    const name = config.name;
    const host: MachineHost = new MachineHost(config, { paced: this.options.paced ?? true, state, stopped, workerUrl: this.options.workerUrl, watchdogMs: this.options.watchdogMs }, {
      status: (status) => this.emit({ kind: 'status', machine: name, status }),
      console: (text) => this.emit({ kind: 'console', machine: name, text }),
      frame: (f) => this.switch.input(name, f),
      serial: (m) => this.serial.carry(`${name}:COM${m.port}`, m.bytes, m.line),
      irps: (m) => this.emit({ kind: 'irps', machine: name, events: m.events, dropped: m.dropped }),
      modem: (m) => { this.modemLines.set(`${name}:COM${m.port}`, m.lines); this.serial.modem(`${name}:COM${m.port}`, m.lines); },
      unresponsive: () => {
        this.switch.unplug(name);
        this.emit({ kind: 'not-responding', machine: name });
        this.emit({ kind: 'status', machine: name, status: { state: 'off', detail: `${name} stopped responding and was switched off` } });
      },
    });
    return host;
  }

  private freeIp(): string {
    const used = new Set([...this.targets.values()].map((t) => t.config.ip));
    for (let i = 2; i < 255; i++) if (!used.has(`${this.subnet}.${i}`)) return `${this.subnet}.${i}`;
    throw new Error('The lab network has no free addresses.');
  }

  private freeMac(): string {
    const used = new Set([...this.targets.values()].map((t) => t.config.mac.toLowerCase()));
    for (let i = 2; i < 0xffff; i++) {
      const mac = `00-15-5d-89-${(i >> 8).toString(16).padStart(2, '0')}-${(i & 255).toString(16).padStart(2, '0')}`;
      if (!used.has(mac)) return mac;
    }
    throw new Error('no free MAC address');
  }

  async info(name: string): Promise<MachineInfo> { return this.target(name).host.request<MachineInfo>({ t: 'info' }); }
  status(name: string): MachineStatus { return this.target(name).host.status; }

  /** Power on (the boot runs in the target; watch it through status events) or off. */
  async power(name: string, on: boolean): Promise<void> { await this.target(name).host.request({ t: 'power', on }); }
  /** `host> restart NAME`. */
  async restart(name: string): Promise<void> { await this.target(name).host.request({ t: 'restart' }); }

  /** Wait until a target's state is one of `states` (e.g. after power on). */
  waitFor(name: string, states: MachineStatus['state'][], timeoutMs = 30_000): Promise<MachineStatus> {
    const t = this.target(name);
    if (states.includes(t.host.status.state)) return Promise.resolve(t.host.status);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { off(); reject(new Error(`${name} did not reach ${states.join('/')} within ${timeoutMs} ms (it is ${t.host.status.state})`)); }, timeoutMs);
      const off = this.onEvent((e) => {
        if (e.kind === 'status' && e.machine.toLowerCase() === name.toLowerCase() && states.includes(e.status.state)) { clearTimeout(timer); off(); resolve(e.status); }
      });
    });
  }

  async setFirmware(name: string, settings: Partial<FirmwareSettings>): Promise<FirmwareSettings> {
    return this.target(name).host.request<FirmwareSettings>({ t: 'firmware', settings });
  }

  // --- cables ---

  /** `cable net host NAME` / `cable serial host:COM1 NAME:COM1`. */
  cable(spec: CableSpec): void {
    if (spec.kind === 'net') {
      for (const end of [spec.a, spec.b]) {
        if (end.toLowerCase() === 'host') continue;
        const t = this.target(end);
        if (t.netCabled) continue;
        t.netCabled = true;
        this.switch.plug({ id: t.config.name, deliver: (f) => t.host.post({ t: 'net-frame', frame: f }), setLink: (up) => t.host.post({ t: 'net-link', up }) });
      }
      return;
    }
    this.serial.connect(this.serialEnd(spec.a), this.serialEnd(spec.b));
  }

  /** `unplug net NAME` or `unplug serial NAME:COM1` (either end of the cable). */
  unplug(spec: { kind: 'net' | 'serial'; end: string }): void {
    if (spec.kind === 'net') {
      const t = this.target(spec.end);
      t.netCabled = false;
      this.switch.unplug(t.config.name);
    } else if (!this.serial.unplug(this.normalizeEnd(spec.end))) throw new Error(`No serial cable is plugged into ${spec.end}.`);
  }

  private normalizeEnd(end: string): string {
    const m = /^([^:]+):COM([12])$/i.exec(end.trim());
    if (!m) throw new Error(`"${end}" is not a COM port (write it as NAME:COM1).`);
    const who = m[1]!.toLowerCase() === 'host' ? 'host' : this.target(m[1]!).config.name;
    return `${who}:COM${m[2]}`;
  }

  private serialEnd(end: string): SerialEndpoint {
    const id = this.normalizeEnd(end);
    const [who, com] = id.split(':COM') as [string, string];
    const port = Number(com) as ComPort;
    if (who === 'host') return this.host.com.get(port)!;
    const t = this.target(who);
    return {
      id,
      deliver: (bytes: number[], line: LineSettings) => t.host.post({ t: 'serial-in', port, bytes, line }),
      setModemIn: (m: ModemOut | null) => t.host.post({ t: 'serial-modem', port, lines: m }),
      modemOut: () => this.modemLines.get(id) ?? { dtr: false, rts: false },
    };
  }

  // --- network tools ---

  /** `ping NAME` from the host or from a target, with Windows' output lines. */
  async ping(from: string, to: string, opts: { count?: number; timeoutMs?: number; size?: number } = {}): Promise<PingReport> {
    let outcome: PingOutcome;
    if (from.toLowerCase() === 'host' || from.toLowerCase() === this.host.name.toLowerCase()) {
      const net = this.host.net;
      const ip = await net.resolve(to);
      const results: PingResult[] = [];
      if (ip !== undefined) {
        for (let i = 0; i < (opts.count ?? 4); i++) {
          const r = await net.ping(ip, { timeoutMs: opts.timeoutMs, size: opts.size });
          results.push(r);
          if (i + 1 < (opts.count ?? 4)) await new Promise((res) => setTimeout(res, Math.max(0, 1000 - (r.kind === 'reply' ? r.timeMs : 1000))));
        }
      }
      outcome = { ip, results };
    } else {
      outcome = await this.target(from).host.request<PingOutcome>({ t: 'ping', target: to, ...opts });
    }
    return { from, to, ip: outcome.ip === undefined ? undefined : formatIp(outcome.ip), results: outcome.results, lines: formatPing(to, outcome.ip, outcome.results, opts.size ?? 32) };
  }

  // --- Device Manager ---

  /** The target's device tree as Device Manager shows it (the target must be running). */
  async devices(name: string): Promise<TargetDevice[]> { return this.target(name).host.request<TargetDevice[]>({ t: 'devices' }); }

  /** Enable, disable, update or uninstall a device (deleteDriver: its driver package too), or scan for hardware
   *  changes; the message to show. */
  async deviceAction(name: string, action: DeviceAction, instanceId?: string, options: { deleteDriver?: boolean } = {}): Promise<string> {
    return this.target(name).host.request<string>({ t: 'device-action', action, instanceId, ...(options.deleteDriver ? { deleteDriver: true } : {}) });
  }

  /** The I/O view: watch one device's stack (its IRPs arrive as `irps` events), or stop with no instanceId. */
  async ioWatch(name: string, instanceId?: string): Promise<StackDevice[]> {
    return this.target(name).host.request<StackDevice[]>({ t: 'io-watch', instanceId });
  }

  // --- state ---

  /**
   * A whole target's state, like a VM checkpoint: the machine as it last powered on and every input since, replayed
   * on restore (see Checkpoint in main/machine/machine.ts).
   */
  async snapshot(name: string): Promise<MachineState> {
    const t = this.target(name);
    for (let i = 0; ; i++) {
      try { return await t.host.request<MachineState>({ t: 'save' }); } catch (e) {
        if (i > 600 || !/booting/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 50)); // wait for the boot to finish
      }
    }
  }

  /**
   * Put a target back in a snapshot's state, as applying a VM checkpoint does: a new worker replays it (silently)
   * and takes the old one's place once it is there; if it cannot be restored, the target stays as it was. Whatever
   * talked to the old state over a cable (the agent's TCP session, a debugger) must connect again. `exact` false:
   * the checkpoint could not be replayed to the same state, so its saved disk was started instead (`reason`).
   */
  async restore(name: string, state: MachineState): Promise<{ exact: boolean; reason?: string }> {
    const t = this.target(name);
    const config: MachineConfig = { ...state.config, name: t.config.name };
    const next = this.startHost(config, { ...state, config });
    try { await next.ready; } catch (e) {
      await next.terminate();
      throw new Error(`The checkpoint could not be applied to ${t.config.name}: ${e instanceof Error ? e.message : String(e)}. ${t.config.name} was left as it was.`);
    }
    const old = t.host;
    t.host = next; t.config = config;
    await old.terminate();
    // The virtual switch port is as the lab has it now (a cable unplugged since the checkpoint stays unplugged).
    next.post({ t: 'net-link', up: t.netCabled });
    this.emit({ kind: 'status', machine: t.config.name, status: next.status });
    return next.inexact === undefined ? { exact: true } : { exact: false, reason: next.inexact };
  }

  // --- named checkpoints (host> checkpoint / checkpoints / restore, the API's machine.checkpoint*) ---

  /** Take a checkpoint of a target (on, off or stopped) under `name` (Hyper-V's default name when absent). */
  async checkpoint(target: string, name?: string): Promise<CheckpointInfo> {
    const t = this.target(target).config.name;
    const now = Date.now();
    const cp = name ?? defaultCheckpointName(t, new Date(now));
    this.checkpointStore.checkName(t, cp);
    const state = await this.snapshot(t);
    const home = this.checkpointHome;
    if (!home) return this.checkpointStore.add(t, cp, state.status, now, { state });
    // Written once, now, as its own file; saves only list it.
    const rel = newCheckpointPath(t);
    this.checkpointWrites.add(rel);
    try {
      const file = await writeCheckpointFile(home, rel, state).catch((e: Error) => { throw new Error(`The checkpoint "${cp}" of ${t} could not be saved: ${e.message}`); });
      return this.checkpointStore.add(t, cp, state.status, now, { file });
    } finally { this.checkpointWrites.delete(rel); }
  }

  /** The checkpoint a target is at (the one last taken or applied), if any. */
  currentCheckpoint(target: string): string | undefined { return this.checkpointStore.current(this.target(target).config.name); }

  /** A target's checkpoints, oldest first. */
  checkpoints(target: string): CheckpointInfo[] { return this.checkpointStore.list(this.target(target).config.name); }

  /** Apply a named checkpoint (see restore); the target's status afterwards says what it is doing. */
  async applyCheckpoint(target: string, name: string): Promise<{ checkpoint: CheckpointInfo; exact: boolean; reason?: string; status: MachineStatus }> {
    const t = this.target(target).config.name;
    const cp = this.checkpointStore.take(t, name);
    const state = cp.state ?? await readCheckpointFile(this.checkpointHome ?? '', cp.file, t, cp.info.name);
    const r = await this.restore(t, state);
    this.checkpointStore.applied(t, cp.info.name);
    return { checkpoint: cp.info, ...r, status: this.status(t) };
  }

  async removeTarget(name: string): Promise<void> {
    const t = this.target(name);
    this.checkpointStore.forget(t.config.name);
    this.switch.unplug(t.config.name);
    for (const n of [1, 2]) this.serial.unplug(`${t.config.name}:COM${n}`);
    this.targets.delete(name.toLowerCase());
    await t.host.terminate();
  }

  /** Save the lab (machines with their disks, cables, checkpoint lists, and the caller's own sections) to `dir`. */
  async saveWorkspace(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
    await this.writeCheckpoints(path.resolve(dir));
    const files: Record<string, string> = {};
    const machines: string[] = [];
    for (const t of this.targets.values()) {
      files[`machines/${t.config.name}.json`] = JSON.stringify(await this.snapshot(t.config.name));
      machines.push(t.config.name);
    }
    const lab = {
      subnet: this.subnet, host: this.host.name, machines,
      net: [...this.targets.values()].filter((t) => t.netCabled).map((t) => t.config.name),
      serial: this.serial.list(),
      hostCom: [...this.host.com].map(([n, p]) => ({ port: n, line: p.line })),
      checkpoints: Object.fromEntries(machines.map((m) => [m, this.checkpointStore.saved(m)])),
    };
    files['lab.json'] = JSON.stringify(lab, null, 1);
    files['extra.json'] = JSON.stringify(extra);
    const g = await saveGeneration(dir, files);
    // Files no checkpoint and no generation left on disk names (a removed target's, once its last save is pruned).
    await pruneCheckpointFiles(path.resolve(dir), [...this.checkpointStore.files().map((f) => f.file), ...this.checkpointWrites]).catch(() => {});
    return g;
  }

  /** Before a save lists them, every checkpoint has its file in `home` (taken before the lab had a folder, or the
   *  lab is saved to another folder). */
  private async writeCheckpoints(home: string): Promise<void> {
    const from = this.checkpointHome;
    if (from !== undefined && from !== home) for (const f of this.checkpointStore.files()) await copyCheckpointFile(from, home, f);
    this.checkpointHome = home;
    for (const s of this.checkpointStore.unwritten()) {
      const rel = newCheckpointPath(s.info.target);
      this.checkpointWrites.add(rel);
      try { this.checkpointStore.written(s, await writeCheckpointFile(home, rel, s.state)); } finally { this.checkpointWrites.delete(rel); }
    }
  }

  /**
   * Restore the lab from `dir` into this (empty) engine. Returns the caller's sections and plain-language notes
   * about anything damaged (the newest good save is used).
   */
  async loadWorkspace(dir: string): Promise<{ generation: string | undefined; extra: Record<string, unknown>; problems: string[] }> {
    if (this.targets.size) throw new Error('Load a saved lab into an empty lab engine.');
    const g = await loadGeneration(dir);
    if (!g) return { generation: undefined, extra: {}, problems: ['No usable lab save was found; starting with an empty lab.'] };
    const lab = JSON.parse(g.files['lab.json']!.toString('utf8')) as { machines: string[]; net: string[]; serial: [string, string][]; hostCom: { port: number; line: LineSettings }[]; checkpoints?: unknown };
    const checkpoints = savedCheckpoints(lab);
    this.checkpointHome = path.resolve(dir);
    for (const name of lab.machines) {
      const state = JSON.parse(g.files[`machines/${name}.json`]!.toString('utf8')) as MachineState;
      await this.newTarget(name, { state });
      const saved = checkpoints[name];
      if (saved) this.checkpointStore.load(name, saved);
    }
    for (const { port, line } of lab.hostCom) { const p = this.host.com.get(port); if (p) p.line = line; }
    for (const name of lab.net) this.cable({ kind: 'net', a: 'host', b: name });
    for (const [a, b] of lab.serial) this.cable({ kind: 'serial', a, b });
    return { generation: g.name, extra: JSON.parse(g.files['extra.json']?.toString('utf8') ?? '{}') as Record<string, unknown>, problems: g.problems };
  }

  /** Stop every machine (the lab is closing). */
  async shutdown(): Promise<void> {
    this.host.close();
    await Promise.all([...this.targets.values()].map((t) => t.host.terminate()));
    this.targets.clear();
  }

  /** The worker of a target (for the debugger's transport and tests). */
  machineHost(name: string): MachineHost { return this.target(name).host; }
}
