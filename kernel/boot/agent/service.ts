// The WDK Test Target agent on the target (what WDK Test Target Setup installs): an auto-start service the boot
// starts when its service key and program file are on the disk. It listens on AGENT_PORT and does what the host's
// provisioning and deployment ask: file copies into the target's disk, command lines through the target's own
// cmd (bcdedit), certificates into its stores, driver packages through setup, and reboots.
import { REG_BINARY, REG_DWORD, REG_SZ } from '../../ntos/cm/registry.ts';
import { OS_VERSION } from '../../ntos/ke/version.ts';
import { Console } from '../../user/console.ts';
import { CommandPrompt } from '../../user/cmd/shell.ts';
import type { TcpConnection } from '../../../main/net/tcp.ts';
import type { RunningSystem } from '../boot.ts';
import { agentProgramVersion } from './msi.ts';
import { AGENT_IMAGE, AGENT_PORT, AGENT_SERVICE, encodeFrame, FrameReader, type AgentReply, type AgentRequest, type Hello } from './protocol.ts';

const SERVICES = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
export const COMPONENTS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows Kits\\WDK Test Target\\Components';
export const CERT_STORES_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates';

/** Whether WDK Test Target Setup is installed: its service (automatic start) and its program. */
export function agentInstalled(sys: RunningSystem): boolean {
  const key = sys.kernel.registry.open(`${SERVICES}\\${AGENT_SERVICE}`);
  return !!key && Number(key.value('Start')?.data) === 2 && sys.machine.disk.exists(AGENT_IMAGE);
}

/**
 * The agent's program becomes one the service control manager can run (so `sc start`/`sc query` and the MSI's
 * install reach it), and it starts now when it is installed for automatic start, as the boot's services do.
 */
export function startService(sys: RunningSystem): void {
  // Different at every boot, yet the same when a checkpoint replays this boot: the machine's MAC and the tick now.
  const bootId = bootIdOf(`${sys.machine.config.mac}@${sys.machine.ticks}`);
  sys.kernel.io.services.programs.set(AGENT_IMAGE.toLowerCase(), () => listen(sys, bootId, installedVersion(sys)));
  if (agentInstalled(sys)) sys.kernel.io.services.start(AGENT_SERVICE);
}

/** 31 bits of an FNV-1a hash. */
function bootIdOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

/** The version of the agent's program on the disk, read when it starts (what WDK Test Target Setup installed). */
function installedVersion(sys: RunningSystem): string {
  const disk = sys.machine.disk;
  return (disk.exists(AGENT_IMAGE) && agentProgramVersion(new TextDecoder().decode(disk.readFile(AGENT_IMAGE)))) || 'unknown';
}

function listen(sys: RunningSystem, bootId: number, version: string): { stop(): void } {
  const net = sys.machine.net;
  if (!net) return { stop: () => {} };
  const listener = net.tcpListen(AGENT_PORT);
  let stopped = false;
  void (async () => {
    for (;;) {
      const c = await listener.accept();
      if (stopped || sys.machine.net !== net) { c.abort(); return; }
      void serve(sys, c, bootId, version);
    }
  })();
  return { stop: () => { stopped = true; listener.close(); } };
}

async function serve(sys: RunningSystem, c: TcpConnection, bootId: number, version: string): Promise<void> {
  const reader = new FrameReader(c);
  try {
    for (let f = await reader.next(); f; f = await reader.next()) {
      const req = f.header as AgentRequest;
      let reply: AgentReply;
      try {
        reply = { ok: true, value: await handle(sys, req, f.data, bootId, version) };
      } catch (e) {
        reply = { ok: false, error: e instanceof Error ? e.message : String(e), code: (e as { code?: number }).code };
      }
      sys.flush();
      await c.write(encodeFrame(reply));
      if (req.op === 'reboot' && reply.ok) { c.end(); sys.shutdown(true, 0); return; }
    }
    c.end();
  } catch { c.abort(); /* the host went away or the cable was pulled */ }
}

const hiddenCmd = new WeakMap<RunningSystem, CommandPrompt>();

/** A command line through a cmd of the agent's own (its console is not the screen's); output and exit code. */
async function run(sys: RunningSystem, line: string): Promise<{ output: string; exitCode: number }> {
  const um = sys.session?.um;
  if (!um) throw Object.assign(new Error('The target is still starting; try again when its desktop is up.'), { code: 21 });
  let cmd = hiddenCmd.get(sys);
  if (!cmd) { cmd = new CommandPrompt(um, { console: new Console() }); hiddenCmd.set(sys, cmd); }
  const from = cmd.console.text.length;
  cmd.command(line);
  while (cmd.busy) await sys.machine.sleep(10);
  const text = cmd.console.text.slice(from).replace(/\r\n/g, '\n').replace(/\n?[A-Za-z]:\\[^\n]*>$/, '');
  return { output: text, exitCode: cmd.errorLevel };
}

async function handle(sys: RunningSystem, r: AgentRequest, data: Uint8Array, bootId: number, version: string): Promise<unknown> {
  const { machine: m, kernel: k, setup } = sys;
  switch (r.op) {
    case 'hello': {
      const name = String(k.registry.open('HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName')?.value('ComputerName')?.data ?? m.name);
      return {
        computerName: name, osVersion: `${OS_VERSION.major}.${OS_VERSION.minor}.${OS_VERSION.build}`, agentVersion: version, bootId,
        secureBoot: sys.options.secureBoot, testSigning: sys.options.testsigning, debug: sys.options.debug, systemDrive: 'C:',
      } satisfies Hello;
    }
    case 'mkdir': m.disk.mkdir(r.path); return undefined;
    case 'put': m.disk.mkdir(r.path.slice(0, r.path.lastIndexOf('\\'))); m.disk.writeFile(r.path, data); return data.length;
    case 'remove': if (m.disk.exists(r.path)) m.disk.remove(r.path, true); return undefined;
    case 'list': return m.disk.exists(r.path) ? m.disk.list(r.path).map((e) => e.name) : [];
    case 'run': return run(sys, r.commandLine);
    case 'add-certificate':
      for (const store of r.stores) {
        const key = k.registry.create(`${CERT_STORES_KEY}\\${store}\\Certificates\\${r.thumbprint}`);
        key.setValue('Blob', REG_BINARY, data);
        key.setValue('Subject', REG_SZ, r.subject);
      }
      return undefined;
    case 'component': k.registry.create(COMPONENTS_KEY).setValue(r.name, REG_DWORD, 1); return undefined;
    case 'install-inf': { const s = setup.installInf(r.inf, r.hardwareId); return { ok: s.ok, lines: s.lines, problem: s.node?.problem ?? 0, state: s.node?.state, statusText: s.node?.statusText }; }
    case 'update-driver': { const s = setup.updateDriver(r.inf, r.hardwareId); return { ok: s.ok, lines: s.lines, problem: s.node?.problem ?? 0, state: s.node?.state, statusText: s.node?.statusText }; }
    case 'remove-device': { const s = setup.removeDevice(r.hardwareId); return { ok: s.ok, lines: s.lines }; }
    case 'delete-driver': {
      const lines: string[] = [];
      for (const p of setup.packages.filter((p) => p.originalName === r.originalName.toLowerCase())) lines.push(...setup.deleteDriver(p.publishedName, { uninstall: true, force: true }).lines);
      return { lines };
    }
    case 'stage-driver': { const s = setup.stage(r.inf); if (!s.pkg) throw new Error(s.error ?? 'The driver package could not be added to the driver store.'); return { publishedName: s.pkg.publishedName }; }
    case 'device-status': return setup.status(r.hardwareId);
    case 'reboot': return undefined;
  }
}
