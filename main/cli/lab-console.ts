// The host prompt's lab lines (`driverlab play` and the host console): machines and cables, provisioning,
// deployment and the kernel debugger, over one LabEngine made on first use. Each line returns what it printed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LabEngine, DEFAULT_TARGET_NAME } from '../engine/lab-engine.ts';
import type { LabEvent } from '../engine/lab-engine.ts';
import type { KernelRef } from '../machine/machine.ts';
import { prepareTarget, type TargetPreparation } from '../engine/provision/prepare.ts';
import { provision, type DebuggerSettings } from '../engine/provision/provision.ts';
import { deploy, type InstallMethod } from '../engine/deploy/deploy.ts';
import { readBuiltProject } from '../engine/deploy/package.ts';
import { deployProgram } from '../engine/deploy/program.ts';
import { targetKernel } from './target-kernel.ts';
import { TargetConsole } from './target-console.ts';
import type { Console } from './play.ts';
import { copyLine, openDumpLine } from './dump-lines.ts';
import { CheckpointNameError, creationTime } from '../engine/checkpoints.ts';
import { startFromSnapshot, type StartResult, type StartSnapshot } from '../engine/labs/start-snapshot.ts';

const said = (e: unknown): string => {
  if (!(e instanceof CheckpointNameError) || e.kind === 'invalid') return e instanceof Error ? e.message : String(e);
  return `${e.message} (${e.kind === 'exists' ? 'Choose another name.' : `host> checkpoints ${e.target} lists them.`})`;
};

/** What `windbg -k …` / `kd -k …` asked for. */
export type KdConnect = { transport: 'net'; port: number; key: string } | { transport: 'com'; comPort: string; baud: number };

/**
 * The kernel debugger's console over the lab (the KD engineer's part registers it); it becomes `kd>`. `connected`
 * resolves when the target answered (the connect banner then comes out at the first kd> line, as text that
 * scrolled by in the debugger window). Relative .sympath/.srcpath folders start at `workDir` (the scenario's folder).
 */
export type DebuggerFactory = (lab: LabEngine, o: KdConnect, workDir?: string) => Promise<Console & { connected?: Promise<string>; close?(): void }>;
let debuggerFactory: DebuggerFactory | undefined;
export function registerDebugger(f: DebuggerFactory): void { debuggerFactory = f; }

export class HostLab {
  private engine?: LabEngine;
  private readonly consoles = new Map<string, TargetConsole>();
  private lastTarget = DEFAULT_TARGET_NAME;
  /** Set when a debugger session is open (`kd>` lines go to it). */
  kd?: Console & { close?(): void };

  constructor(private readonly baseDir = process.cwd(), private readonly o: { kernel?: () => Promise<KernelRef>; paced?: boolean } = {}) {}

  async lab(): Promise<LabEngine> {
    if (!this.engine) this.engine = new LabEngine({ kernel: await (this.o.kernel ?? (() => targetKernel()))(), paced: this.o.paced, watchdogMs: 0 });
    return this.engine;
  }

  /**
   * A lab's start target (lab.json's startSnapshot), restored from the snapshot cache or made and cached: what
   * the scenario's setup lines make, without waiting for provisioning each time. Returns what it printed.
   */
  async startFrom(spec: StartSnapshot, o: { fresh?: boolean; cacheDir?: string } = {}): Promise<StartResult> {
    const lab = await this.lab();
    // The console listens before the machine exists: a restored machine redraws its screen as it comes up.
    const con = new TargetConsole(lab, spec.target);
    this.consoles.set(spec.target.toLowerCase(), con);
    const r = await startFromSnapshot(lab, spec, o);
    this.lastTarget = spec.target;
    await con.ready();
    return r;
  }

  /** The console of a target the lab has (the scenario's `<TargetName>>` lines). */
  target(name: string): TargetConsole | undefined { return this.consoles.get(name.toLowerCase()); }

  /** The end of the scenario: the debugger is closed (a request it still resends to a silent target ends), then the machines. */
  async close(): Promise<void> { this.kd?.close?.(); this.kd = undefined; await this.engine?.shutdown(); this.engine = undefined; }

  /** Lab lines; undefined when the command is not one of them. */
  async run(cmd: string, args: string[]): Promise<string | undefined> {
    switch (cmd) {
      case 'new-target': return this.newTarget(args);
      case 'cable': return this.cable(args);
      case 'unplug': return this.unplug(args);
      case 'restart': return this.restart(args);
      case 'power': return this.power(args);
      case 'firmware': return this.firmware(args);
      case 'ping': return this.ping(args);
      case 'provision': return this.provision(args);
      case 'deploy': return this.deploy(args);
      case 'windbg': case 'kd': return this.debug(cmd, args);
      case 'copy': return copyLine(() => this.lab(), this.baseDir, args);
      case 'targets': return this.targets();
      // A wrong target or checkpoint name is the learner's typo: said, as PowerShell says it, and the lab goes on.
      case 'checkpoint': return this.checkpoint(args).catch(said);
      case 'checkpoints': return this.checkpoints(args).catch(said);
      case 'restore': case 'apply-checkpoint': return this.applyCheckpoint(cmd, args).catch(said);
      default: return undefined;
    }
  }

  private name(lab: LabEngine, n: string | undefined): string {
    const want = n ?? this.lastTarget;
    const found = lab.targetNames().find((x) => x.toLowerCase() === want.toLowerCase());
    if (!found) throw new Error(`There is no target named ${want}. (host> new-target ${want} creates one.)`);
    return found;
  }

  /** Power a target on and wait for its prompt, listing the boot's stages as they go by. */
  private async bootWatch(lab: LabEngine, name: string, start: () => Promise<void>): Promise<string[]> {
    const out: string[] = [];
    let last = '';
    const off = lab.onEvent((e: LabEvent) => {
      if (e.kind !== 'status' || e.machine !== name || e.status.state !== 'booting') return;
      const line = `  [${String(e.status.percent ?? 0).padStart(3)}%] ${e.status.stage}: ${e.status.detail ?? ''}`;
      if (line !== last) out.push(line);
      last = line;
    });
    const t0 = performance.now();
    try {
      await start();
      await lab.waitFor(name, ['booting']).catch(() => undefined);
      const s = await lab.waitFor(name, ['running', 'halted', 'bugchecked'], 120_000);
      if (s.state !== 'running') { out.push(`${name} did not start: ${s.state}${s.detail ? ` (${s.detail})` : ''}.`); return out; }
      await this.consoles.get(name.toLowerCase())!.ready();
      out.push(`${name} is running (started in ${((performance.now() - t0) / 1000).toFixed(1)} s).`);
      return out;
    } finally { off(); }
  }

  private async newTarget(args: string[]): Promise<string> {
    const name = args.find((a) => !a.startsWith('-')) ?? DEFAULT_TARGET_NAME;
    const flag = (f: string): boolean => args.some((a) => a.toLowerCase() === f);
    const lab = await this.lab();
    const info = await lab.newTarget(name);
    this.consoles.set(name.toLowerCase(), new TargetConsole(lab, name));
    this.lastTarget = name;
    const prep: TargetPreparation = { secureBoot: flag('--secure-boot'), testTargetSetup: !flag('--no-test-target-setup'), fileSharing: !flag('--firewall-closed'), networkDiscovery: !flag('--firewall-closed') };
    if (flag('--fresh')) Object.assign(prep, { secureBoot: true, testTargetSetup: false, fileSharing: false, networkDiscovery: false });
    await prepareTarget(lab, name, prep);
    const lines = [
      `Created ${name}: IP ${info.ip}, MAC ${info.mac.toUpperCase()}, Windows 10 (build 19041), user User.`,
      `  WDK Test Target Setup ${prep.testTargetSetup ? 'installed' : 'not installed'}; Secure Boot ${prep.secureBoot ? 'on' : 'off'}; firewall: File and Printer Sharing ${prep.fileSharing ? 'allowed' : 'blocked'}, Network Discovery ${prep.networkDiscovery ? 'allowed' : 'blocked'}.`,
      `Starting ${name}...`,
    ];
    lines.push(...(await this.bootWatch(lab, name, () => lab.power(name, true))));
    return lines.join('\n');
  }

  private async cable(args: string[]): Promise<string> {
    const [kind, a, b] = args;
    const lab = await this.lab();
    if (kind !== 'net' && kind !== 'serial' || !a || !b) return 'usage: cable net host NAME | cable serial host:COM1 NAME:COM1';
    lab.cable({ kind, a, b });
    return kind === 'net' ? `Network cable plugged in: ${a} <-> ${b} (lab switch).` : `Null-modem cable plugged in: ${a} <-> ${b}.`;
  }

  private async unplug(args: string[]): Promise<string> {
    const [kind, end] = args;
    if (kind !== 'net' && kind !== 'serial' || !end) return 'usage: unplug net NAME | unplug serial NAME:COM1';
    (await this.lab()).unplug({ kind, end });
    return kind === 'net' ? `Network cable unplugged from ${end}.` : `Serial cable unplugged from ${end}.`;
  }

  private async restart(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    return [`Restarting ${name}...`, ...(await this.bootWatch(lab, name, () => lab.restart(name)))].join('\n');
  }

  private async power(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    const on = (args[1] ?? 'on').toLowerCase() !== 'off';
    if (!on) { await lab.power(name, false); return `${name} is off.`; }
    return [`Starting ${name}...`, ...(await this.bootWatch(lab, name, () => lab.power(name, true)))].join('\n');
  }

  private async firmware(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    if ((args[1] ?? '').toLowerCase() !== 'secureboot' || !/^(on|off)$/i.test(args[2] ?? '')) return 'usage: firmware NAME secureboot on|off';
    const s = await lab.setFirmware(name, { secureBoot: args[2]!.toLowerCase() === 'on' });
    return `${name} UEFI settings: Secure Boot ${s.secureBoot ? 'Enabled' : 'Disabled'} (takes effect at the next start).`;
  }

  private async ping(args: string[]): Promise<string> {
    const to = args.find((a) => !a.startsWith('-') && !a.startsWith('/'));
    if (!to) return 'Usage: ping target_name';
    const r = await (await this.lab()).ping('host', to, { count: 4 });
    return r.lines.join('\n');
  }

  private async provision(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = args[0] && !/^(net|serial)$/i.test(args[0]) ? args[0] : this.lastTarget;
    const rest = args.slice(args[0] === name ? 1 : 0);
    const opts = new Map(rest.slice(1).map((a) => { const i = a.indexOf('='); return [a.slice(0, i).toLowerCase(), a.slice(i + 1)] as [string, string]; }));
    const kind = (rest[0] ?? 'net').toLowerCase();
    const d: DebuggerSettings = kind === 'serial'
      ? { kind: 'serial', port: opts.has('port') ? Number(/\d+/.exec(opts.get('port')!)?.[0]) : undefined, baud: opts.has('baud') ? Number(opts.get('baud')) : undefined }
      : { kind: 'net', port: opts.has('port') ? Number(opts.get('port')) : undefined, key: opts.get('key'), hostIp: opts.get('hostip') };
    const r = await provision(lab, name, { debugger: d });
    if (r.ok) this.lastTarget = name;
    return r.lines.join('\n');
  }

  private async deploy(args: string[]): Promise<string> {
    const lab = await this.lab();
    const pos = args.filter((a) => !/^(--|\/p:|-p:)/i.test(a));
    if (!pos[0]) return 'usage: deploy <projectDir> [TargetName] [/p:Configuration=Release] [--hwid=Root\\Id | --install-verify | --copy-only] [--keep-previous]';
    const conf = /^[/-]p:configuration=(\w+)$/i.exec(args.find((a) => /^[/-]p:configuration=/i.test(a)) ?? '')?.[1] ?? 'Debug';
    const configuration = conf.toLowerCase() === 'release' ? 'Release' : 'Debug';
    const dir = path.isAbsolute(pos[0]) || existsSync(pos[0]) ? path.resolve(pos[0]) : path.resolve(this.baseDir, pos[0]);
    const pkg = readBuiltProject(dir, configuration);
    const target = pos[1] ?? this.lastTarget;
    if (!('inf' in pkg)) {
      // An application (a test program): VS copies it; nothing to install.
      if (args.some((a) => /^--(hwid=|install-verify)/i.test(a))) return `${pkg.name} is an application, not a driver package: it has no INF to install. Deploy it with --copy-only.`;
      return (await deployProgram(lab, target, pkg, { configuration })).lines.join('\n');
    }
    const hwid = args.find((a) => a.toLowerCase().startsWith('--hwid='))?.slice(7);
    const install: InstallMethod = args.includes('--copy-only') ? { kind: 'copy-only' } : args.includes('--install-verify') ? { kind: 'install-verify' }
      : { kind: 'hardware-id', hardwareId: hwid ?? pkg.hardwareIds[0] ?? `Root\\${pkg.name}` };
    const r = await deploy(lab, target, pkg, { install, removePrevious: !args.includes('--keep-previous'), configuration });
    return r.lines.join('\n');
  }

  private async debug(cmd: string, args: string[]): Promise<string> {
    const z = args.indexOf('-z');
    if (z >= 0 && args[z + 1]) return openDumpLine(() => this.lab(), this.baseDir, args[z + 1]!, (c) => { this.kd = c; });
    const k = args.indexOf('-k');
    const spec = k >= 0 ? args[k + 1] ?? '' : '';
    const m = /^(net|com):(.*)$/i.exec(spec);
    if (!m) return `usage: ${cmd} -k net:port=<n>,key=<a.b.c.d> | ${cmd} -k com:port=com1,baud=115200 | ${cmd} -z <dump file>`;
    const kv = new Map(m[2]!.split(',').map((p) => { const i = p.indexOf('='); return [p.slice(0, i).toLowerCase(), p.slice(i + 1)] as [string, string]; }));
    const o: KdConnect = m[1]!.toLowerCase() === 'net'
      ? { transport: 'net', port: Number(kv.get('port') ?? 50000), key: kv.get('key') ?? '' }
      : { transport: 'com', comPort: kv.get('port') ?? 'com1', baud: Number(kv.get('baud') ?? 115200) };
    if (!debuggerFactory) throw new Error(`'${cmd}' is not available yet: the kernel debugger's lab connection has not been registered (main/cli/lab-console.ts registerDebugger).`);
    const kd = await debuggerFactory(await this.lab(), o, this.baseDir);
    this.kd = kd;
    const head = o.transport === 'net' ? `Using NET for debugging\nOpened WinSock 2.0\nWaiting to reconnect...` : `Opened \\\\.\\${o.comPort.toUpperCase()}\nWaiting to reconnect...`;
    // Wait a while for the target (a wrong key or no cable never connects; the session then keeps waiting).
    if (kd.connected) await Promise.race([kd.connected.catch(() => ''), new Promise((r) => setTimeout(r, 30_000).unref())]);
    return head;
  }

  /** `checkpoint NAME [Checkpoint name]`: Hyper-V's Checkpoint-VM (the machine keeps running). */
  private async checkpoint(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    const cp = args.slice(1).join(' ') || undefined;
    const info = await lab.checkpoint(name, cp);
    return [`Creating checkpoint "${info.name}" of ${name}...`, `Checkpoint "${info.name}" created.`].join('\n');
  }

  /** `checkpoints NAME`: Get-VMSnapshot's table, oldest first. */
  private async checkpoints(args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    const list = lab.checkpoints(name);
    if (!list.length) return `${name} has no checkpoints. (host> checkpoint ${name} <name> takes one.)`;
    const rows = [['VMName', 'Name', 'SnapshotType', 'CreationTime', 'ParentSnapshotName'], ...list.map((c) => [name, c.name, 'Standard', creationTime(new Date(c.created)), c.parent ?? ''])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const line = (r: string[]): string => r.map((v, i) => v.padEnd(widths[i]!)).join(' ').trimEnd();
    return [line(rows[0]!), line(rows[0]!.map((h) => '-'.repeat(h.length))), ...rows.slice(1).map(line)].join('\n');
  }

  /** `restore NAME <Checkpoint name>` (or apply-checkpoint): the machine as it was, and what it is doing now. */
  private async applyCheckpoint(cmd: string, args: string[]): Promise<string> {
    const lab = await this.lab();
    const name = this.name(lab, args[0]);
    const cp = args.slice(1).join(' ');
    if (!cp) return `usage: ${cmd} NAME <checkpoint name> (host> checkpoints ${name} lists them)`;
    const r = await lab.applyCheckpoint(name, cp);
    const out = [`Applying checkpoint "${r.checkpoint.name}" to ${name}...`];
    if (!r.exact) out.push(`The checkpoint could not be applied exactly (${r.reason ?? 'no reason given'}); ${name} was started from the checkpoint's saved disk instead.`);
    const s = r.status;
    out.push(s.state === 'off' ? `${name} is off.` : `${name} is ${s.state}${s.detail ? `: ${s.detail}` : ''}.`);
    return out.join('\n');
  }

  private async targets(): Promise<string> {
    const lab = await this.lab();
    const rows = await Promise.all(lab.targetNames().map(async (n) => { const i = await lab.info(n); return `${n.padEnd(16)} ${i.ip.padEnd(16)} ${i.status.state}${lab.switch.isPlugged(n) ? '' : ' (no network cable)'}`; }));
    return rows.length ? rows.join('\n') : 'The lab has no targets yet (host> new-target MyTestComputer).';
  }
}
