// "Configure Devices → Add new device → Provision device and choose debugger settings": the host checks it can
// ping the target by name, reaches the WDK Test Target agent there, then runs Visual Studio's provisioning tasks
// through it: the test certificate pushed and trusted, bcdedit for test signing and the kernel debugger (network:
// host IP, port, key; serial: port and baud) run by the target's own bcdedit, C:\DriverTest created, and a reboot
// or two. Each step reports progress; a failed step says what went wrong, why, and how to fix it. The target's WDK
// Test Target Setup must be the host's WDK version (checked when the first task installs components through it).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import type { LabEngine } from '../lab-engine.ts';
import type { Hello } from '../../../kernel/boot/agent/protocol.ts';
import { AGENT_PORT, AGENT_VERSION } from '../../../kernel/boot/agent/protocol.ts';
import { TEST_TARGET_SETUP_MSI } from '../../../kernel/boot/agent/msi.ts';
import { AgentClient, AgentError, socketError, WSAECONNREFUSED, WSAETIMEDOUT } from './agent-client.ts';
import { PROVISION_TASKS } from './tasks.ts';

export type DebuggerSettings =
  | { kind: 'net'; hostIp?: string; port?: number; key?: string }
  | { kind: 'serial'; port?: number; baud?: number };

export type ResolvedDebugger = { kind: 'net'; hostIp: string; port: number; key: string } | { kind: 'serial'; port: number; baud: number };

export interface ProvisionStep { task: string; percent: number; status: 'running' | 'completed' | 'failed'; detail?: string }
export interface ProvisionFailure { task: string; error: string; why: string; fix: string }
export interface ProvisionReport { ok: boolean; target: string; debugger: ResolvedDebugger; steps: ProvisionStep[]; lines: string[]; failure?: ProvisionFailure }

export interface ProvisionOptions {
  debugger?: DebuggerSettings;
  onProgress?: (step: ProvisionStep, line: string) => void;
  /** How long a reboot may take before provisioning gives up (ms). */
  rebootTimeoutMs?: number;
}

export const DRIVER_TEST_DIR = 'C:\\DriverTest';
export const CERT_FILE = 'WDKTestCert.cer';
const certPath = path.join(repoRoot, 'assets', 'certs', 'WDKTestCert.cer.json');

/** A KDNET key as `kdnet` generates them: four dot-separated parts of [0-9a-z]. */
export function generateKey(): string {
  return Array.from({ length: 4 }, () => BigInt('0x' + randomBytes(8).toString('hex')).toString(36)).join('.');
}

class Failed extends Error { constructor(readonly failure: ProvisionFailure) { super(failure.error); } }

const PING = 'Checking that the target answers ping by name';
const CONNECT = 'Connecting to the WDK Test Target agent';
/** Every step provision() reports, in order (the wizard lists them before they run). */
export const PROVISION_STEPS: readonly string[] = [PING, CONNECT, ...PROVISION_TASKS];

export async function provision(lab: LabEngine, target: string, o: ProvisionOptions = {}): Promise<ProvisionReport> {
  const d = o.debugger ?? { kind: 'net' };
  const dbg: ResolvedDebugger = d.kind === 'net'
    ? { kind: 'net', hostIp: d.hostIp ?? lab.host.ip, port: d.port ?? 50000, key: d.key ?? generateKey() }
    : { kind: 'serial', port: d.port ?? 1, baud: d.baud ?? 115200 };
  const steps: ProvisionStep[] = [];
  const lines: string[] = [];
  const total = PROVISION_TASKS.length + 2;
  const say = (line: string): void => { lines.push(line); };
  const step = (task: string, i: number, status: ProvisionStep['status'], detail?: string): void => {
    const s: ProvisionStep = { task, percent: Math.round((i * 100) / total), status, detail };
    const existing = steps.findIndex((x) => x.task === task);
    if (existing >= 0) steps[existing] = s; else steps.push(s);
    const line = status === 'running' ? '' : status === 'completed'
      ? `${String(s.percent).padStart(3)}% Task "${task}" completed successfully.${detail ? ` ${detail}` : ''}`
      : `${String(s.percent).padStart(3)}% Task "${task}" failed.`;
    if (line) say(line);
    o.onProgress?.(s, line);
  };
  say(`Provisioning ${target}: ${dbg.kind === 'net' ? `network kernel debugging (host IP ${dbg.hostIp}, port ${dbg.port}, key ${dbg.key})` : `serial kernel debugging (COM${dbg.port}, ${dbg.baud} baud)`}`);
  const finish = (failure?: ProvisionFailure): ProvisionReport => {
    if (failure) {
      say(`     Error: ${failure.error}`);
      say(`     Why: ${failure.why}`);
      say(`     Fix: ${failure.fix}`);
      say(`Provisioning ${target} failed at "${failure.task}".`);
    } else say(`Provisioning ${target} completed successfully. The target is ready for deployment and debugging.`);
    return { ok: !failure, target, debugger: dbg, steps, lines, failure };
  };

  let agent: AgentClient | undefined;
  try {
    // 1. Ping by name, as the seed requires of the two computers.
    step(PING, 0, 'running');
    const ping = await lab.ping('host', target, { count: 1, timeoutMs: 1000 });
    const stateNote = targetNote(lab, target);
    if (ping.ip === undefined) {
      step(PING, 0, 'failed');
      throw new Failed({ task: PING, error: ping.lines.join(' '),
        why: `No computer answered to the name ${target}${stateNote}. The host and target computers must be able to ping each other by name: the target must be on, on the same network, and its firewall must allow Network Discovery.`,
        fix: `Check the name, turn ${target} on, plug its network cable in (host> cable net host ${target}), and enable the "Network Discovery" inbound rules on ${target}.` });
    }
    if (ping.results[0]?.kind !== 'reply') {
      step(PING, 0, 'failed');
      throw new Failed({ task: PING, error: ping.lines.filter(Boolean).slice(1, 3).join(' '),
        why: `${target} (${ping.ip}) does not answer echo requests${stateNote}; the "File and Printer Sharing (Echo Request - ICMPv4-In)" rule on its firewall blocks them.`,
        fix: `Enable the File and Printer Sharing inbound rules on ${target} (Scope: Any IP address), then provision again.` });
    }
    step(PING, 0, 'completed', `(Reply from ${ping.ip})`);

    // 2. The agent WDK Test Target Setup installs.
    step(CONNECT, 1, 'running');
    const ip = (await lab.host.net.resolve(target))!;
    agent = await connectAgent(lab, target, ip, CONNECT, 1, step);
    let hello = await agent.hello();
    step(CONNECT, 1, 'completed', `(${hello.computerName}, Windows ${hello.osVersion}, agent ${hello.agentVersion})`);

    const tasks = [...PROVISION_TASKS];
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const n = i + 2;
      step(task, n, 'running');
      let detail: string | undefined;
      switch (task) {
        case 'Installing necessary components': {
          // The host installs its WDK's components through the agent, which must come from the same WDK.
          if (hello.agentVersion !== AGENT_VERSION) {
            step(task, n, 'failed');
            const msi = TEST_TARGET_SETUP_MSI.slice(TEST_TARGET_SETUP_MSI.lastIndexOf('\\') + 1);
            throw new Failed({ task, error: `The version of WDK Test Target Setup on ${target} (${hello.agentVersion}) does not match the host's WDK (${AGENT_VERSION}).`,
              why: `${target} has the Test Target Setup of another WDK; the host provisions and deploys only through the test agent of its own WDK version.`,
              fix: `Copy "${msi}" from the host's WDK folder ${TEST_TARGET_SETUP_MSI.slice(0, TEST_TARGET_SETUP_MSI.lastIndexOf('\\'))} to ${target}, install it there (msiexec /i "${msi}"), then provision again.` });
          }
          await agent.request({ op: 'component', name: task });
          break;
        }
        case 'Copying required files': {
          await agent.request({ op: 'mkdir', path: `${DRIVER_TEST_DIR}\\Drivers` });
          await agent.request({ op: 'put', path: `${DRIVER_TEST_DIR}\\${CERT_FILE}` }, readFileSync(certPath));
          break;
        }
        case 'Configuring kernel debugger settings (possible reboot)': {
          if (hello.secureBoot) {
            step(task, n, 'failed');
            throw new Failed({ task, error: 'Secure Boot is enabled on the target computer.',
              why: `With Secure Boot on, ${target} ignores test signing and the kernel debugger settings, so test-signed drivers cannot load and the debugger cannot attach.`,
              fix: `Turn Secure Boot off in ${target}'s UEFI firmware settings (host> firmware ${target} secureboot off), restart it, and provision again.` });
          }
          if (dbg.kind === 'serial') {
            const known = lab.targetNames().find((x) => x.toLowerCase() === target.toLowerCase()) ?? target;
            if (!lab.serial.find(`${known}:COM${dbg.port}`)) {
              step(task, n, 'failed');
              throw new Failed({ task, error: `No serial cable is plugged into ${known}:COM${dbg.port}.`,
                why: 'Serial kernel debugging needs a null-modem cable between a host COM port and the target port the debug settings name.',
                fix: `Plug the cable in (host> cable serial host:COM1 ${known}:COM${dbg.port}) and provision again.` });
            }
          }
          const cert = JSON.parse(readFileSync(certPath, 'utf8')) as { thumbprint: string; subject: string };
          await agent.request({ op: 'add-certificate', stores: ['ROOT', 'TrustedPublisher'], thumbprint: cert.thumbprint, subject: cert.subject }, readFileSync(certPath));
          const commands = ['bcdedit /set testsigning on', 'bcdedit /debug on',
            dbg.kind === 'net' ? `bcdedit /dbgsettings net hostip:${dbg.hostIp} port:${dbg.port} key:${dbg.key}` : `bcdedit /dbgsettings serial debugport:${dbg.port} baudrate:${dbg.baud}`];
          for (const c of commands) {
            const r = await agent.request<{ output: string; exitCode: number }>({ op: 'run', commandLine: c });
            if (r.exitCode !== 0) {
              step(task, n, 'failed');
              throw new Failed({ task, error: `"${c}" failed on ${target}: ${r.output.trim()}`, why: 'The target\'s boot configuration store did not take the setting.', fix: `Run "${c}" at an elevated command prompt on ${target} to see the problem, then provision again.` });
            }
          }
          hello = await reboot(lab, target, ip, agent, hello, task, n, step, o.rebootTimeoutMs);
          agent = await connectAgent(lab, target, ip, task, n, step);
          if (!hello.testSigning || !hello.debug) {
            step(task, n, 'failed');
            throw new Failed({ task, error: `After the reboot ${target} runs with test signing ${hello.testSigning ? 'on' : 'off'} and kernel debugging ${hello.debug ? 'on' : 'off'}.`, why: 'The boot manager did not apply the new boot configuration.', fix: `Check "bcdedit /enum" on ${target} and Secure Boot in its firmware.` });
          }
          detail = '(rebooted)';
          break;
        }
        case 'Configuring computer settings (possible reboot)': {
          for (const c of ['reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\CrashControl /v CrashDumpEnabled /t REG_DWORD /d 1 /f',
            'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power /v HibernateEnabled /t REG_DWORD /d 0 /f']) {
            const r = await agent.request<{ output: string; exitCode: number }>({ op: 'run', commandLine: c });
            if (r.exitCode !== 0) { step(task, n, 'failed'); throw new Failed({ task, error: `"${c}" failed on ${target}: ${r.output.trim()}`, why: 'The target refused the setting.', fix: `Run "${c}" on ${target} to see the problem.` }); }
          }
          hello = await reboot(lab, target, ip, agent, hello, task, n, step, o.rebootTimeoutMs);
          agent = await connectAgent(lab, target, ip, task, n, step);
          detail = '(rebooted)';
          break;
        }
        default:
          await agent.request({ op: 'component', name: task.replace(/ \(possible reboot\)$/, '') });
      }
      step(task, n, 'completed', detail);
    }
    agent.close();
    return finish();
  } catch (e) {
    agent?.close();
    if (e instanceof Failed) return finish(e.failure);
    const task = steps.at(-1)?.task ?? PING;
    if (steps.at(-1)?.status !== 'failed') step(task, steps.length - 1, 'failed');
    return finish({ task, error: e instanceof Error ? e.message : String(e), why: `The connection to ${target} broke during the task (the cable was pulled, or the target stopped).`, fix: `Check that ${target} is running and cabled, then provision again.` });
  }
}

function targetNote(lab: LabEngine, target: string): string {
  const known = lab.targetNames().find((n) => n.toLowerCase() === target.toLowerCase());
  if (!known) return ` (the lab has no computer named ${target})`;
  const s = lab.status(known).state;
  if (s !== 'running') return ` (${known} is ${s === 'off' ? 'switched off' : s})`;
  if (!lab.switch.isPlugged(known)) return ` (${known} has no network cable plugged in)`;
  return '';
}

async function connectAgent(lab: LabEngine, target: string, ip: number, task: string, n: number, step: (t: string, i: number, s: ProvisionStep['status']) => void): Promise<AgentClient> {
  try {
    return await AgentClient.connect(lab, ip);
  } catch (e) {
    const code = socketError(e);
    step(task, n, 'failed');
    if (code === WSAECONNREFUSED) {
      throw new Failed({ task, error: `${target} refused the connection to the test agent (port ${AGENT_PORT}, error 10061).`,
        why: `WDK Test Target Setup is not installed on ${target}, or its service is not running.`,
        fix: `On ${target}, run "WDK Test Target Setup x64-x64_en-us.msi" from the WDK's Remote\\x64 folder, then provision again.` });
    }
    if (code === WSAETIMEDOUT) {
      throw new Failed({ task, error: `Error 10060: A connection attempt failed because the connected party did not properly respond after a period of time (${target}:${AGENT_PORT}).`,
        why: `${target}'s firewall drops the host's connections: its File and Printer Sharing inbound rules are disabled.`,
        fix: `On ${target}, enable the File and Printer Sharing inbound rules for the active network (Scope: Any IP address), then provision again.` });
    }
    throw e;
  }
}

/** Ask the agent to restart the target and wait until the agent of the next boot answers. */
async function reboot(lab: LabEngine, target: string, ip: number, agent: AgentClient, before: Hello, task: string, n: number,
  step: (t: string, i: number, s: ProvisionStep['status']) => void, timeoutMs = 60_000): Promise<Hello> {
  await agent.request({ op: 'reboot' });
  agent.close();
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const known = lab.targetNames().find((x) => x.toLowerCase() === target.toLowerCase());
    const st = known ? lab.status(known) : undefined;
    if (st && (st.state === 'bugchecked' || st.state === 'halted')) {
      step(task, n, 'failed');
      throw new Failed({ task, error: `${target} did not come back from the reboot: it is ${st.state}${st.detail ? ` (${st.detail})` : ''}.`, why: 'The target failed while starting with the new settings.', fix: `Look at ${target}'s screen, fix the problem, and provision again.` });
    }
    if (st?.state !== 'running') continue;
    try {
      const c = await AgentClient.connect(lab, ip);
      const h = await c.hello();
      c.close();
      if (h.bootId !== before.bootId) return h;
    } catch { /* still starting */ }
  }
  step(task, n, 'failed');
  throw new Failed({ task, error: `${target} did not come back from the reboot within ${timeoutMs / 1000} s.`, why: 'The target is still starting or hung.', fix: `Check ${target}, then provision again.` });
}
