// Evaluating a step's check against the real state: the host's work folder (builds, typed files), the target's
// disk and firmware, the target's own answers through the WDK test agent (devcon status, sc query, tasklist, as
// Visual Studio asks them), the network, the debugger session and what the consoles printed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BCD_PATH } from '../../machine/devices/disk.ts';
import type { BcdStore } from '../../machine/devices/bcd-store.ts';
import { parseIp } from '../../net/addr.ts';
import type { LabEngine } from '../lab-engine.ts';
import { bugCheckName } from '../../debugger/engine/bugchecks.ts';
import { AgentClient } from '../provision/agent-client.ts';
import type { Check } from './schema.ts';
import type { LabWorld } from './world.ts';

export interface CheckResult { pass: boolean; detail: string }

const ok = (detail: string): CheckResult => ({ pass: true, detail });
const no = (detail: string): CheckResult => ({ pass: false, detail });
const SOURCE_EXT = /\.(c|cpp|h|hpp|inf|inx|def|rc|vcxproj)$/i;
const IMAGE_EXT = /\.(sys|dll|exe)$/i;

async function walk(dir: string, skip?: (rel: string) => boolean, rel = ''): Promise<{ rel: string; mtime: number }[]> {
  const out: { rel: string; mtime: number }[] = [];
  const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (skip?.(r)) continue;
    if (e.isDirectory()) out.push(...await walk(dir, skip, r));
    else out.push({ rel: r, mtime: (await fs.stat(path.join(dir, r))).mtimeMs });
  }
  return out;
}

async function buildSucceeded(w: LabWorld, project: string, config: string): Promise<CheckResult> {
  const dir = path.join(w.workDir, project);
  const sources = (await walk(dir, (r) => /^(x64|Release|Debug)$/i.test(r))).filter((f) => SOURCE_EXT.test(f.rel));
  if (!sources.length) return no(`There is no project ${project} with source files in the work folder.`);
  const outputs = (await walk(path.join(dir, 'x64', config))).filter((f) => IMAGE_EXT.test(f.rel));
  if (!outputs.length) return no(`${project} has not been built in ${config} yet (nothing in x64\\${config}).`);
  const newestSource = Math.max(...sources.map((s) => s.mtime));
  const image = outputs.sort((a, b) => b.mtime - a.mtime)[0]!;
  if (image.mtime < newestSource) return no(`${project}'s last good build is older than its sources: build again (a failed build leaves the old image).`);
  return ok(`${project} built: x64\\${config}\\${image.rel.replaceAll('/', '\\')}`);
}

function targetOf(w: LabWorld, name: string): { lab: LabEngine; name: string } | CheckResult {
  const lab = w.engine();
  if (!lab) return no('No lab machines exist yet.');
  const found = lab.targetNames().find((n) => n.toLowerCase() === name.toLowerCase());
  if (!found) return no(`There is no computer named ${name} in the lab yet.`);
  return { lab, name: found };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, rej) => { t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms / 1000} s`)), ms); })]).finally(() => clearTimeout(t));
}

/** Ask the target's test agent; a target that is off, stopped in the debugger or unreachable is said plainly. */
async function askAgent<T>(w: LabWorld, target: string, ask: (a: AgentClient) => Promise<T>): Promise<{ value: T } | CheckResult> {
  const t = targetOf(w, target);
  if ('pass' in t) return t;
  const st = t.lab.status(t.name);
  if (st.state !== 'running') return no(`${t.name} is ${st.state === 'broken-in' ? 'stopped in the debugger (g at kd> lets it run)' : st.state}, so it cannot be asked.`);
  let agent: AgentClient | undefined;
  try {
    agent = await withTimeout(AgentClient.connect(t.lab, parseIp(t.lab.machineHost(t.name).config.ip)), 15_000, `${t.name}'s test agent`);
    return { value: await withTimeout(ask(agent), 30_000, `${t.name}'s test agent`) };
  } catch (e) {
    return no(`Could not ask ${t.name} (${(e as Error).message}); is it provisioned and cabled?`);
  } finally { agent?.close(); }
}

const runOn = (w: LabWorld, target: string, commandLine: string) =>
  askAgent(w, target, (a) => a.request<{ exitCode?: number; output?: string } | string>({ op: 'run', commandLine }));
const outputOf = (v: { exitCode?: number; output?: string } | string): string => (typeof v === 'string' ? v : v.output ?? '');

const sameValue = (a: unknown, b: string | number | boolean): boolean => {
  const norm = (x: unknown) => (x === true ? 'yes' : x === false ? 'no' : String(x).toLowerCase().replace(/^(on|true)$/, 'yes').replace(/^(off|false)$/, 'no'));
  return norm(a) === norm(b);
};

const hexCode = (s: string): number | undefined => { const m = /0x([0-9a-f]{1,8})/i.exec(s); return m ? parseInt(m[1]!, 16) : undefined; };

export async function evaluateCheck(c: Check, w: LabWorld): Promise<CheckResult> {
  switch (c.kind) {
    case 'build-succeeded': return buildSucceeded(w, c.project, c.configuration ?? 'Debug');
    case 'file-exists': {
      let text: string | undefined;
      if (c.target.toLowerCase() === 'host') {
        text = await fs.readFile(path.join(w.workDir, c.path), 'utf8').catch(() => undefined);
      } else {
        const t = targetOf(w, c.target);
        if ('pass' in t) return t;
        const bytes = await t.lab.machineHost(t.name).request<Uint8Array>({ t: 'disk', op: 'read', path: c.path }).catch(() => undefined);
        text = bytes && Buffer.from(bytes).toString('latin1');
      }
      if (text === undefined) return no(`${c.path} does not exist on ${c.target}.`);
      if (c.contains && !text.includes(c.contains)) return no(`${c.path} on ${c.target} does not contain "${c.contains}" yet.`);
      return ok(`${c.path} is on ${c.target}${c.contains ? ` with "${c.contains}"` : ''}.`);
    }
    case 'devnode-status': {
      const r = await askAgent(w, c.target, (a) => a.request<string[]>({ op: 'device-status', hardwareId: c.hwid }));
      if ('pass' in r) return r;
      const lines = r.value;
      const count = Number(/^(\d+) matching/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
      const seen: string = count === 0 ? 'absent' : lines.some((l) => /Driver is running\./.test(l)) ? 'started'
        : lines.some((l) => /Device is disabled\./.test(l)) ? 'disabled' : lines.some((l) => /has the following problem/.test(l)) ? 'problem' : 'stopped';
      const text = lines.join('\n');
      return seen === c.status ? ok(`${c.hwid} on ${c.target}: ${text}`) : no(`${c.hwid} on ${c.target} is ${seen}, not ${c.status}:\n${text}`);
    }
    case 'service-state': {
      const r = await runOn(w, c.target, `sc query ${c.service}`);
      if ('pass' in r) return r;
      const out = outputOf(r.value);
      const state = /STATE\s*:\s*\d+\s+(\w+)/.exec(out)?.[1] ?? 'absent';
      return state === c.state ? ok(`${c.service} on ${c.target}: ${state}`) : no(`${c.service} on ${c.target} is ${state}, not ${c.state}.\n${out.trim()}`);
    }
    case 'process-running': {
      const r = await runOn(w, c.target, `tasklist /FI "IMAGENAME eq ${c.image}"`);
      if ('pass' in r) return r;
      const out = outputOf(r.value);
      return out.toLowerCase().includes(c.image.toLowerCase()) ? ok(`${c.image} runs on ${c.target}.`) : no(`${c.image} is not running on ${c.target}.`);
    }
    case 'bcd': {
      const t = targetOf(w, c.target);
      if ('pass' in t) return t;
      const bytes = await t.lab.machineHost(t.name).request<Uint8Array>({ t: 'disk', op: 'read', path: BCD_PATH }).catch(() => undefined);
      if (!bytes) return no(`${t.name} has no boot configuration store.`);
      const store = JSON.parse(Buffer.from(bytes).toString('utf8')) as BcdStore;
      const key = c.key.toLowerCase();
      const values = store.objects.flatMap((o) => Object.entries(o.elements).filter(([k]) => k.toLowerCase() === key).map(([, v]) => v));
      if (values.some((v) => sameValue(v, c.value))) return ok(`${t.name}: ${c.key} is ${String(c.value)}.`);
      return no(`${t.name}: ${c.key} is ${values.length ? values.map(String).join(', ') : 'not set'}, not ${String(c.value)}.`);
    }
    case 'firmware': {
      const t = targetOf(w, c.target);
      if ('pass' in t) return t;
      const fw = await t.lab.setFirmware(t.name, {});
      return fw[c.setting] === c.value ? ok(`${t.name}: ${c.setting} is ${c.value ? 'on' : 'off'}.`) : no(`${t.name}: ${c.setting} is still ${fw[c.setting] ? 'on' : 'off'}.`);
    }
    case 'machine-state': {
      const t = targetOf(w, c.target);
      if ('pass' in t) return t;
      const st = t.lab.status(t.name).state;
      return st === c.state ? ok(`${t.name} is ${st}.`) : no(`${t.name} is ${st}, not ${c.state}.`);
    }
    case 'ping': {
      const lab = w.engine();
      if (!lab) return no('No lab machines exist yet.');
      const r = await lab.ping(c.from, c.to, { count: 1, timeoutMs: 2000 }).catch((e: Error) => ({ results: [], lines: [e.message] }));
      return r.results.some((x) => x.kind === 'reply') ? ok(r.lines.filter(Boolean).slice(0, 2).join('\n')) : no(`${c.from} cannot ping ${c.to} by name:\n${r.lines.join('\n')}`);
    }
    case 'kd-connected': {
      const s = w.kd()?.state ?? 'disconnected';
      const want = c.state ? [c.state] : ['broken', 'running'];
      return want.includes(s) ? ok(`The debugger is connected (${s === 'broken' ? 'target stopped' : 'target running'}).`) : no(`The debugger is ${s === 'waiting' ? 'still waiting for the target' : s}${c.state ? `, not ${c.state}` : ''}.`);
    }
    case 'kd-output-contains':
      return w.kdOutput().includes(c.text) ? ok(`The debugger printed "${c.text}".`) : no(`The debugger has not printed "${c.text}".`);
    case 'transcript-contains': {
      const t = w.transcript(c.console).replace(/\r\n/g, '\n');
      return t.includes(c.text) ? ok(`${c.console} printed "${c.text}".`) : no(`${c.console} has not printed "${c.text}".`);
    }
    case 'bugcheck': {
      const want = c.code === undefined ? undefined : parseInt(c.code.slice(2), 16);
      const matches = (code: number | undefined) => code !== undefined && (want === undefined || code === want);
      const what = c.code ? `bugcheck ${c.code}` : 'a bugcheck';
      const t = targetOf(w, c.target);
      const st = 'pass' in t ? undefined : t.lab.status(t.name);
      if (st?.state === 'bugchecked' && matches(hexCode(`${st.stage ?? ''} ${st.detail ?? ''}`))) return ok(`${c.target} stopped: ${st.detail ?? st.stage}`);
      const fatal = [...w.kdOutput().matchAll(/Fatal System Error: (0x[0-9a-f]+)/gi)].map((m) => parseInt(m[1]!.slice(2), 16));
      const seen = fatal.find(matches);
      if (seen !== undefined) return ok(`The debugger saw bugcheck 0x${seen.toString(16).toUpperCase()} (${bugCheckName(seen) ?? 'unknown'}).`);
      // The blue screen on the target's own screen: "Stop code: NAME" and the code with its parameters.
      for (const m of w.transcript(c.target).matchAll(/Stop code: (\w+)[\s\S]*?0x([0-9a-f]{8}) \(/gi)) {
        const code = parseInt(m[2]!, 16);
        if (matches(code)) return ok(`${c.target}'s screen showed bugcheck 0x${m[2]} (${m[1]}).`);
      }
      return no(`${c.target} has not stopped with ${what}${st ? ` (it is ${st.state}${st.detail ? `: ${st.detail}` : ''})` : ''}.`);
    }
    case 'all': {
      const parts: string[] = [];
      for (const sub of c.checks) {
        const r = await evaluateCheck(sub, w);
        if (!r.pass) return r;
        parts.push(r.detail);
      }
      return ok(parts.join('\n'));
    }
  }
}
