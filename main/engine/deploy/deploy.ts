// Deploy Solution: the driver package copied to the target over the lab network (the test agent's TCP) into
// %SystemDrive%\DriverTest\Drivers and installed as the project's Driver Install → Deployment page says: remove
// previous driver versions, then "Hardware ID Driver Update" for a hardware ID or "Install and Verify", through
// the target's setup engine. A target that is off, stopped in the debugger or unreachable is reported plainly.
import type { LabEngine } from '../lab-engine.ts';
import { systemMessageText } from '../../../kernel/user/errors.ts';
import { AgentClient, AgentError, socketError, WSAECONNREFUSED, WSAETIMEDOUT } from '../provision/agent-client.ts';
import type { DriverPackageFiles } from './package.ts';

export const DEPLOY_DIR = 'C:\\DriverTest\\Drivers';

export type InstallMethod = { kind: 'hardware-id'; hardwareId: string } | { kind: 'install-verify' } | { kind: 'copy-only' };

export interface DeployOptions {
  removePrevious?: boolean;
  install?: InstallMethod;
  configuration?: string;
  onLine?: (line: string) => void;
}

export interface DeviceResult { instanceId?: string; problem: number; state?: string; statusText?: string }
export interface DeployReport { ok: boolean; target: string; lines: string[]; copied: string[]; device?: DeviceResult; error?: string }

interface SetupReply { ok: boolean; lines: string[]; problem: number; state?: string; statusText?: string }

/** The Output window's Deploy log as Visual Studio writes it: the start line, then `say` lines, then one summary. */
export function deployLog(target: string, project: string, o: { configuration?: string; onLine?: (line: string) => void }) {
  const lines: string[] = [];
  const copied: string[] = [];
  const say = (l: string): void => { lines.push(l); o.onLine?.(l); };
  say(`------ Deploy started: Project: ${project}, Configuration: ${o.configuration ?? 'Debug'} x64 ------`);
  const fail = (error: string): DeployReport => {
    say(`Deployment to ${target} failed: ${error}`);
    say('========== Deploy: 0 succeeded, 1 failed, 0 skipped ==========');
    return { ok: false, target, lines, copied, error };
  };
  return { lines, copied, say, fail };
}

export async function deploy(lab: LabEngine, target: string, pkg: DriverPackageFiles, o: DeployOptions = {}): Promise<DeployReport> {
  const install = o.install ?? { kind: 'hardware-id', hardwareId: pkg.hardwareIds[0] ?? `Root\\${pkg.name}` };
  const { lines, copied, say, fail } = deployLog(target, pkg.name, o);

  const agent = await openTargetAgent(lab, target);
  if (typeof agent === 'string') return fail(agent);
  let copying: string | undefined;
  try {
    const hello = await agent.hello();
    say(`Deploying driver files for project "${pkg.name}" to ${hello.computerName} (${agent.address}).`);
    if (!hello.testSigning) say(`Warning: test signing is off on ${hello.computerName}; a test-signed driver will not load there. Provision the target first.`);

    if (o.removePrevious ?? true) {
      say('Removing previous driver versions...');
      if (install.kind === 'hardware-id') {
        const r = await agent.request<{ lines: string[] }>({ op: 'remove-device', hardwareId: install.hardwareId });
        for (const l of r.lines) if (!/^No matching devices/.test(l)) say(`  ${l}`);
      }
      const d = await agent.request<{ lines: string[] }>({ op: 'delete-driver', originalName: pkg.inf });
      for (const l of d.lines) say(`  ${l}`);
      await agent.request({ op: 'remove', path: DEPLOY_DIR });
    }

    say(`Copying driver package to ${hello.computerName}: ${hello.systemDrive}\\DriverTest\\Drivers`);
    await agent.request({ op: 'mkdir', path: DEPLOY_DIR });
    for (const [name, bytes] of Object.entries(pkg.files)) {
      copying = name;
      await agent.request({ op: 'put', path: `${DEPLOY_DIR}\\${name}` }, bytes);
      copied.push(name);
      say(`  ${name.padEnd(28)} ${bytes.length.toLocaleString('en-US').padStart(10)} bytes`);
    }
    copying = undefined;
    const infPath = `${DEPLOY_DIR}\\${pkg.inf}`;
    let device: DeviceResult | undefined;
    if (install.kind === 'hardware-id') {
      say(`Driver Deployment Task: Hardware ID Driver Update (${install.hardwareId})`);
      const status = await agent.request<string[]>({ op: 'device-status', hardwareId: install.hardwareId });
      const exists = matchCount(status) > 0;
      const r = await agent.request<SetupReply>({ op: exists ? 'update-driver' : 'install-inf', inf: infPath, hardwareId: install.hardwareId });
      for (const l of r.lines) say(`  ${l}`);
      device = { problem: r.problem, state: r.state, statusText: r.statusText };
      if (!r.ok) return fail(`installing ${pkg.inf} for ${install.hardwareId} failed.`);
    } else if (install.kind === 'install-verify') {
      say('Driver Deployment Task: Install and Verify');
      const staged = await agent.request<{ publishedName: string }>({ op: 'stage-driver', inf: infPath });
      say(`  Driver package added to the driver store as ${staged.publishedName}.`);
      let matched = false;
      for (const id of pkg.hardwareIds) {
        const status = await agent.request<string[]>({ op: 'device-status', hardwareId: id });
        if (matchCount(status) === 0) continue;
        matched = true;
        const r = await agent.request<SetupReply>({ op: 'update-driver', inf: infPath, hardwareId: id });
        for (const l of r.lines) say(`  ${l}`);
        device = { problem: r.problem, state: r.state, statusText: r.statusText };
      }
      if (!matched) say(`  No device on ${hello.computerName} has a hardware ID this INF lists (${pkg.hardwareIds.join(', ')}); the driver installs when such a device appears.`);
      // The verification: every device with one of the INF's hardware IDs, as devcon status reports it.
      say(`Verifying the installation of ${pkg.inf} on ${hello.computerName}...`);
      const problems: string[] = [];
      let devices = 0;
      for (const id of pkg.hardwareIds) {
        const status = await agent.request<string[]>({ op: 'device-status', hardwareId: id });
        devices += matchCount(status);
        for (const l of status) say(`  ${l}`);
        for (let i = 0; i < status.length; i++) if (/^ {4}(The device has the following problem|Device is)/.test(status[i]!)) problems.push(status[i - 2] ?? id);
      }
      if (problems.length && !device?.problem) return fail(`verification failed: ${problems.join(', ')} did not start with the driver from ${pkg.inf}.`);
      say(devices ? `  Verification passed: ${devices} device(s) run the driver from ${pkg.inf} (${staged.publishedName}).`
        : `  Verification passed: ${pkg.inf} is in the driver store as ${staged.publishedName}; no device uses it yet.`);
    }
    if (device && device.problem) {
      say(`  ${device.statusText ?? `The device has problem code ${device.problem}.`}`);
      return fail(`the driver was installed but the device did not start (Code ${device.problem}).${device.problem === 52 ? ' Test signing is off on the target: provision it (bcdedit /set testsigning on) and deploy again.' : ''}`);
    }
    if (device && install.kind !== 'install-verify') say(`  Device is ${device.state === 'DeviceNodeStarted' ? 'started: the driver is running' : device.state ?? 'installed'}.`);
    say(`Deployment to ${hello.computerName} completed.`);
    say('========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========');
    return { ok: true, target, lines, copied, device };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // A file the agent did not receive whole is never written (it writes on the last byte), so none is left half-copied.
    if (copying && connectionLost(e)) {
      return fail(`copying ${copying} to ${DEPLOY_DIR} failed: ${systemMessageText('ERROR_NETNAME_DELETED')} (${why}) The partly sent file was not kept on ${target}. Check its network cable and deploy again.`);
    }
    return fail(`the connection to ${target} broke during the deployment: ${why}`);
  } finally {
    agent.close();
  }
}

/**
 * The target's test agent over the lab network, or why it cannot be reached: the lab knows its own machines'
 * power; a target it does not know is looked for on the network. Shared by driver and program deployment.
 */
export async function openTargetAgent(lab: LabEngine, target: string): Promise<AgentClient | string> {
  const known = lab.targetNames().find((n) => n.toLowerCase() === target.toLowerCase());
  if (known) {
    const st = lab.status(known);
    if (st.state === 'off') return `${known} is switched off. Turn it on (host> restart ${known}) and deploy again.`;
    if (st.state === 'broken-in') return `${known} is stopped in the kernel debugger (broken in), so it cannot receive files. Type g at the kd> prompt to let it run, then deploy again.`;
    if (st.state === 'bugchecked') return `${known} has stopped with a bugcheck (${st.detail ?? 'blue screen'}). Restart it (or let the debugger continue) and deploy again.`;
    if (st.state !== 'running') return `${known} is ${st.state}${st.detail ? ` (${st.detail})` : ''}; wait until it is running and deploy again.`;
  }
  const ip = await lab.host.net.resolve(target);
  if (ip === undefined) return `${target} cannot be reached: no computer answered to that name. Check its network cable (host> cable net host ${target}) and that it was provisioned.`;
  try {
    return await AgentClient.connect(lab, ip);
  } catch (e) {
    const code = socketError(e);
    if (code === WSAECONNREFUSED) return `${target} refused the connection (error 10061): WDK Test Target Setup is not installed there. Provision the target first.`;
    if (code === WSAETIMEDOUT) return `${target} cannot be reached (error 10060: the connection attempt timed out). Check its network cable and firewall.`;
    return `${target} cannot be reached: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The TCP connection to the agent broke (a socket error, or closed before the reply), not a refusal by the agent. */
function connectionLost(e: unknown): boolean {
  return socketError(e) !== undefined || (e instanceof AgentError && e.code === undefined && /connection to the target was closed/.test(e.message));
}

/** The device count devcon status ends with ("1 matching device(s) found."). */
function matchCount(status: string[]): number {
  return Number(/^(\d+) matching device\(s\) found\.$/.exec(status.at(-1) ?? '')?.[1] ?? 0);
}
