// Our kernel booting on a machine (the KernelBoot the machine's boot manager hands over to): the kernel in the
// machine's memory with its I/O bus and RTC, files from the disk, the registry from the disk's hives, the kernel
// debugger when the BCD asks for it, boot- and system-start drivers, Plug and Play enumeration of the devices the
// registry remembers, auto-start services (the test target agent among them), then the user session with cmd.exe
// on the console. A bugcheck stops the machine with the blue screen; Windows' AutoReboot restarts it.
import type { BootProgress, KernelBoot, Machine } from '../../main/machine/machine.ts';
import type { BootOptions } from '../../main/machine/devices/bcd-store.ts';
import type { Layouts } from '../layout/layouts.ts';
import { Kernel } from '../ntos/kernel.ts';
import type { BugCheck } from '../ntos/ke/bugcheck.ts';
import { blueScreenText } from '../ntos/ke/bluescreen.ts';
import { pnp } from '../ntos/io/pnp/manager.ts';
import { shutdownDrivers } from './shutdown.ts';
import { SetupEngine } from '../user/setup/engine.ts';
import { diskReader, win32PathOf } from './disk-files.ts';
import { HiveFiles } from './hives.ts';
import { applyFirewall } from './firewall.ts';
import { KernelSliceRunner } from './runner.ts';
import { startSession, type Session } from './session.ts';
import { enumerateRootDevices, startServices } from './services.ts';

export interface BootConfig {
  layouts: { km: Layouts; um: Layouts };
  /** A module exporting `attachDebugger(kernel, machine, transport)` (the KD transports over the cables). */
  kdModule?: string;
  /** Modules exporting `startService(ctx)`: services the SCM starts at boot when their service key is there. */
  serviceModules?: string[];
  /** Machine time the boot pauses at each stage so progress can be watched (ms). */
  stageMs?: number;
  /** Machine time between the blue screen and the automatic restart (ms). */
  autoRebootMs?: number;
}

/** What a running system offers the parts that run beside it (services, the agent, tests in the worker). */
export interface RunningSystem {
  machine: Machine;
  kernel: Kernel;
  options: BootOptions;
  setup: SetupEngine;
  session?: Session;
  /** Write dirty registry hives and setup's files to the disk now. */
  flush(): void;
  /** Restart (or power off) the way `shutdown` does: flush, then the machine goes down. */
  shutdown(restart: boolean, delaySeconds?: number): void;
}

/** What a snapshot keeps of the console session. */
interface SessionState { cwd: string; env: [string, string][]; errorLevel: number }

const systems = new WeakMap<Machine, RunningSystem>();
/** The running system of a machine (undefined while off or booting). */
export function runningSystem(m: Machine): RunningSystem | undefined { return systems.get(m); }

const CRASH_CONTROL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\CrashControl';

class OurKernelBoot implements KernelBoot {
  private sys?: RunningSystem;
  private kernel?: Kernel;
  constructor(private readonly cfg: BootConfig) {}

  async boot(m: Machine, options: BootOptions, progress: BootProgress): Promise<void> {
    await this.start(m, options, progress, this.cfg.stageMs ?? 80);
  }

  /**
   * A snapshot is a checkpoint of the system as a shut-down VM plus what its console session shows: the disk (hives
   * and setup's files flushed first) and cmd's directory, environment and %ERRORLEVEL%. The running kernel itself
   * (driver images' memory, threads, kernel objects holding callbacks) is not carried over: resume boots the disk
   * again silently and puts the session back, so drivers, devnodes and services come back as the disk describes them.
   */
  saveState(): unknown {
    this.sys?.flush();
    const cmd = this.sys?.session?.cmd;
    const shell: SessionState | undefined = cmd ? { cwd: cmd.cwd, env: [...cmd.env], errorLevel: cmd.errorLevel } : undefined;
    return { resume: 'reboot', ...(shell ? { shell } : {}) };
  }

  /** The machine lost power: the KD stub's end of the debug cable closes (its resends stop with the boot). */
  powerOff(): void { this.kernel?.debugger?.detach?.(); this.kernel = undefined; }

  /** A restored snapshot boots again from its disk, without pauses (a resumed VM is back at once). */
  async resume(m: Machine, state: unknown, options: BootOptions): Promise<void> {
    await this.start(m, options, () => {}, 0, true);
    const shell = (state as { shell?: SessionState } | null)?.shell;
    const cmd = this.sys?.session?.cmd;
    if (!shell || !cmd) return;
    cmd.cwd = shell.cwd;
    cmd.env.clear();
    for (const [k, v] of shell.env) cmd.env.set(k, v);
    cmd.errorLevel = shell.errorLevel;
  }

  private async start(m: Machine, options: BootOptions, progress: BootProgress, stageMs: number, resuming = false): Promise<void> {
    const { layouts } = this.cfg;
    let bugchecked = false;
    const k = new Kernel({
      layouts: layouts.km, memorySize: m.memory?.size, ports: m.bus, interrupts: m.pic, disk: m.disk,
      onBugCheck: (b) => { bugchecked = true; this.bugCheck(m, k, b); },
      onCrashDump: (dump) => { try { m.disk.writeFile('C:\\Windows\\MEMORY.DMP', dump); } catch { /* no room for the dump */ } },
    });
    m.memory = k.memory;
    this.kernel = k;
    k.io.readFile = diskReader(m.disk);
    const hives = new HiveFiles(m.disk, k.registry);
    for (const p of hives.load()) m.consoleWrite(`${p}\r\n`);
    k.printFilter.readRegistry(k.registry);
    applyFirewall(m, k.registry);
    // A debugger that broke in during boot holds the boot where it is (a broken-in target is frozen) until it lets
    // the target go; the stage shown then is the one it stopped in.
    const held = async (): Promise<void> => { while (m.status.state === 'broken-in') await m.statusChange(); };
    const pause = async (stage: string, percent: number, detail: string): Promise<boolean> => {
      await held();
      progress(stage, percent, detail);
      if (stageMs) await m.sleep(stageMs);
      await held();
      // A resumed machine stays 'off' until its state is back in; a booting one must still be booting (not switched off).
      return !bugchecked && (resuming || m.status.state === 'booting');
    };
    if (options.debug && this.cfg.kdModule) {
      const mod = (await m.hold(import(this.cfg.kdModule))) as { attachDebugger?: (k: Kernel, m: Machine, t: BootOptions['kd']) => void | Promise<void> };
      await m.hold(Promise.resolve(mod.attachDebugger?.(k, m, options.kd)));
    }
    const runner = new KernelSliceRunner(m, k);
    m.runner = runner;

    if (!(await pause('kernel', 60, 'boot and system start drivers'))) return;
    // The first setup engine made for a kernel is the system's (devcon and pnputil find it through setup(k)).
    const setup = new SetupEngine(k, () => new Date(m.rtc.now()));
    setup.testSigning = options.testsigning;
    const sys: RunningSystem = {
      machine: m, kernel: k, options, setup,
      flush: () => {
        hives.flush();
        for (const [nt, bytes] of setup.written) {
          const w = win32PathOf(nt);
          if (!w) continue;
          try { m.disk.mkdir(w.slice(0, w.lastIndexOf('\\'))); m.disk.writeFile(w, bytes); } catch { /* not on C: */ }
        }
        setup.written.clear();
      },
      shutdown: (restart, delaySeconds = 0) => {
        void m.sleep(delaySeconds * 1000).then(async () => {
          // Drivers get IRP_MJ_SHUTDOWN and the system power IRP first; the machine goes down once all answered
          // (a driver holding its power IRP bugchecks instead, and the blue screen stays).
          if (!(await shutdownDrivers(m, k, restart))) return;
          sys.flush();
          if (restart) void m.restart(); else m.powerOff();
        });
      },
    };
    this.sys = sys;
    systems.set(m, sys);
    startServices(k, [0, 1]);
    if (!(await pause('pnp', 70, 'Plug and Play: enumerating devices'))) return;
    enumerateRootDevices(pnp(k));
    if (!(await pause('services', 85, 'starting auto-start services'))) return;
    startServices(k, [2]);
    for (const mod of this.cfg.serviceModules ?? []) {
      const s = (await m.hold(import(mod))) as { startService?: (sys: RunningSystem) => void };
      s.startService?.(sys);
    }
    if (!(await pause('session', 95, 'starting the user session'))) return;
    const name = String(k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName')?.value('ComputerName')?.data ?? m.name);
    sys.session = startSession(m, k, { layouts: layouts.um, computerName: name, shutdown: (restart, delay) => sys.shutdown(restart, delay) });
    // Registry changes a command made reach the disk once the command is done.
    let pending = false;
    sys.session.um.console.onOutput(() => {
      if (pending || sys.session?.cmd.child) return; // a program's output: flush when its command is done
      pending = true;
      // A microtask: done before the worker takes its next message (the next typed line may crash the system).
      queueMicrotask(() => { pending = false; if (systems.get(m) === sys) sys.flush(); });
    });
    sys.flush();
  }

  /** The stop screen on the console, the machine marked bugchecked, and the automatic restart Windows does. */
  private bugCheck(m: Machine, k: Kernel, b: BugCheck): void {
    let code = 0;
    try { code = k.constant(b.code); } catch { /* a code our headers do not name */ }
    const screen = blueScreenText(b, code);
    m.consoleWrite(`\x1b[44;97m\r\n${screen.join('\r\n')}\r\n\x1b[0m`);
    const stop = `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
    m.setStatus({ state: 'bugchecked', stage: b.code, detail: `${b.code} (${stop})${b.driver ? ` in ${b.driver}` : ''}` });
    systems.delete(m);
    // The stopped system's network stack answers nothing any more (the KD transport has its own path).
    const net = m.net;
    if (net) { net.firewall.echoRequest = false; net.firewall.networkDiscovery = false; net.inboundTcpAllowed = () => false; }
    const auto = k.registry.open(CRASH_CONTROL)?.value('AutoReboot')?.data;
    if (auto === 0) return;
    const reboot = (): void => { void m.sleep(this.cfg.autoRebootMs ?? 3000).then(() => { if (m.status.state === 'bugchecked') void m.restart(); }); };
    // A connected debugger holds the stopped system; when it lets KeBugCheckEx go on (g) or goes away (qd, .detach),
    // Windows restarts as without one.
    if (k.debugger?.connected === true) k.debugger.onBugCheckContinued?.(reboot);
    else reboot();
  }
}

/** The KernelBoot factory the machine loads (KernelRef { module: this file, exportName: 'kernelBoot', options: BootConfig }). */
export function kernelBoot(cfg: BootConfig): KernelBoot { return new OurKernelBoot(cfg); }

// Device Manager reads a running system's device tree through this export of the kernel module (see the worker).
export { deviceTree } from './device-tree.ts';
