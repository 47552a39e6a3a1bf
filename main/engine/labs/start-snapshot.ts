// A lab that begins "already provisioned" (lab.json's startSnapshot) starts from a saved target instead of
// creating and provisioning one (~10+ s): the first start makes the target exactly as the lab's setup lines do
// (new target, network cable, provisioning with the snapshot's debugger settings) and keeps its snapshot in a
// per-user cache; later starts restore it. A cached snapshot is named by a hash of everything that shapes a
// target's disk and state (our kernel, the machine, the network stack, provisioning), so a changed kernel never
// restores a stale one. A start with a driver installed (startSnapshot.installed) then builds the driver, deploys it
// (copy only) and installs it with devcon, as the learner's lines do; its name also hashes the driver's sources,
// the toolchain and the installed spec, so a changed driver never restores a stale one either.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import { buildProject } from '../../toolchain/build.ts';
import { deploy, DEPLOY_DIR, openTargetAgent } from '../deploy/deploy.ts';
import { readBuiltProject } from '../deploy/package.ts';
import type { LabEngine } from '../lab-engine.ts';
import type { MachineState } from '../../machine/machine.ts';
import { prepareTarget } from '../provision/prepare.ts';
import { provision, type ResolvedDebugger } from '../provision/provision.ts';
import type { InstalledDriver, Lab } from './schema.ts';

export type StartSnapshot = NonNullable<Lab['startSnapshot']>;

/** The serial cable a serial-debugging snapshot has: the host's COM1 to the target's COM1, at provision's default speed. */
const SERIAL = { port: 1, baud: 115200 };

/** The debugger settings a snapshot is provisioned with (none when it is not provisioned). */
export function snapshotDebugger(s: StartSnapshot, hostIp: string): ResolvedDebugger | undefined {
  if (!s.provisioned) return undefined;
  return s.debugger === 'serial' ? { kind: 'serial', ...SERIAL } : { kind: 'net', hostIp, port: s.port!, key: s.key! };
}

/** The `driverlab play` lines that make the same start (a scenario's setup lines must be these). */
export function startLines(s: StartSnapshot): string[] {
  const t = s.target;
  const lines = [`host> new-target ${t}`, `host> cable net host ${t}`];
  if (s.debugger === 'serial') lines.push(`host> cable serial host:COM${SERIAL.port} ${t}:COM${SERIAL.port}`);
  if (s.provisioned) lines.push(s.debugger === 'serial' ? `host> provision ${t} serial port=${SERIAL.port} baud=${SERIAL.baud}` : `host> provision ${t} net port=${s.port} key=${s.key}`);
  const d = s.installed;
  if (d) lines.push(`host> build ${d.project}`, `host> deploy ${d.project} ${t} --copy-only`, ...targetLines(d).map((l) => `${t}> ${l}`));
  return lines;
}

/** What the learner types at the target to install the deployed driver. */
const targetLines = (d: InstalledDriver): string[] => [`cd ${DEPLOY_DIR}`, `devcon install ${d.inf} ${d.hwid}`];

/** The folders whose code decides what a target's disk and saved state hold. */
const TARGET_SOURCES = ['kernel', 'main/machine', 'main/net', 'main/formats', 'main/engine/provision', 'main/engine/hives.ts', 'assets/certs'];
/** Where the packaged app's target code lives instead. */
const PACKAGED_SOURCES = ['out/electron'];
/** The code that turns a driver sample into the package deployed (the sample's own files are hashed apart). */
const BUILD_SOURCES = ['main/toolchain'];
let version: string | undefined;
let buildVersion: string | undefined;

/** Hash every file under `p` (names relative to `base`), leaving out tests, dot files and build outputs (`skip`). */
function hashTree(h: ReturnType<typeof createHash>, p: string, base: string, skip: readonly string[] = []): void {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const n of readdirSync(p).sort()) if (n !== 'test' && n !== 'node_modules' && !n.startsWith('.') && !skip.includes(n)) hashTree(h, path.join(p, n), base, skip);
    return;
  }
  h.update(`${path.relative(base, p)}\0`);
  h.update(readFileSync(p));
}

/** A hash of the target's code (our kernel and everything under it), computed once per process. */
export function targetVersion(): string {
  if (version) return version;
  const h = createHash('sha256');
  // The packaged desktop app ships the target's code bundled (out/electron), not its sources.
  const packaged = !existsSync(path.join(repoRoot, 'kernel', 'boot', 'boot.ts'));
  for (const s of packaged ? [...PACKAGED_SOURCES, ...TARGET_SOURCES] : TARGET_SOURCES) hashTree(h, path.join(repoRoot, s), repoRoot);
  h.update(`${repoRoot}\0`); // a snapshot's config names the kernel's modules by their place
  return (version = h.digest('hex').slice(0, 16));
}

/** The sample folder a start's driver is built from (lab.json names one of ours; a caller may give its own folder). */
const sampleDir = (d: InstalledDriver): string => path.resolve(repoRoot, d.sample);

/**
 * A hash of what the installed driver is: its spec, its sample's files (read on every call: a sample changed while
 * the app runs names a new snapshot) and the toolchain that builds it (once per process).
 */
function driverVersion(d: InstalledDriver): string {
  if (!buildVersion) {
    const b = createHash('sha256');
    for (const s of BUILD_SOURCES) hashTree(b, path.join(repoRoot, s), repoRoot);
    buildVersion = b.digest('hex');
  }
  const h = createHash('sha256');
  h.update(`${buildVersion}\0${JSON.stringify([d.project, d.sample, d.inf, d.hwid])}\0`);
  hashTree(h, sampleDir(d), sampleDir(d), ['x64', 'Win32', 'ARM64']);
  return h.digest('hex');
}

/** The per-user snapshot cache (DRIVERLAB_SNAPSHOT_DIR, else a folder of the user's in the temp folder). */
export function snapshotCacheDir(): string {
  return process.env.DRIVERLAB_SNAPSHOT_DIR ?? path.join(tmpdir(), `driverlab-snapshots-${userInfo().username}`);
}

/**
 * The cache file's name: `prefix` says which start (target, debugger, the driver installed), the rest which code
 * made it. A driver start's prefix has `+` (made `_`) where a plain one has `-`: neither ever drops the other's file.
 */
function cacheName(s: StartSnapshot): { prefix: string; file: string } {
  const what = s.provisioned ? (s.debugger === 'serial' ? `serial-${SERIAL.port}-${SERIAL.baud}` : `net-${s.port}-${s.key}`) : 'plain';
  const d = s.installed;
  const spec = d ? createHash('sha256').update(JSON.stringify([d.project, d.sample, d.inf, d.hwid])).digest('hex').slice(0, 8) : '';
  const prefix = `${s.target}-${what}${d ? `+${d.project}-${spec}` : ''}-`.replace(/[^\w.-]/g, '_');
  const code = d ? createHash('sha256').update(`${targetVersion()}\0${driverVersion(d)}`).digest('hex').slice(0, 16) : targetVersion();
  return { prefix, file: `${prefix}${code}.json` };
}

/** The name the start's snapshot has in the cache (it changes with the kernel, and with an installed driver's sources). */
export function startSnapshotName(s: StartSnapshot): string { return cacheName(s).file; }

export interface StartResult { from: 'snapshot' | 'new'; lines: string[]; debugger?: ResolvedDebugger; snapshotFile: string }

/**
 * Put the lab's start target into `lab` (which has no target of that name yet), cabled and running: restored from
 * the cached snapshot, or made and provisioned (and then cached). `fresh` makes it anew and refreshes the cache.
 */
export async function startFromSnapshot(lab: LabEngine, s: StartSnapshot, o: { cacheDir?: string; fresh?: boolean; say?: (line: string) => void } = {}): Promise<StartResult> {
  const dir = o.cacheDir ?? snapshotCacheDir();
  const { prefix, file } = cacheName(s);
  const full = path.join(dir, file);
  const lines: string[] = [];
  const say = (l: string): void => { lines.push(l); o.say?.(l); };
  const name = s.target;
  const dbg = snapshotDebugger(s, lab.host.ip);
  let state: MachineState | undefined;
  if (!o.fresh && existsSync(full)) {
    try { state = JSON.parse(readFileSync(full, 'utf8')) as MachineState; } catch { say(`The saved start of ${name} (${full}) is damaged; making it again.`); }
  }
  if (state) {
    say(`Restoring ${name} from the lab's start snapshot (${s.description})...`);
    // The target boots the kernel this lab engine boots (the same code: the cache file is named by its hash).
    await lab.newTarget(name, { state: { ...state, config: { ...state.config, name, kernel: lab.options.kernel ?? state.config.kernel } } });
    cable(lab, s);
    await lab.waitFor(name, ['running'], 120_000);
    say(`${name} is running: ${describe(dbg)}.`);
    return { from: 'snapshot', lines, debugger: dbg, snapshotFile: full };
  }
  say(`Making the lab's start (${s.description}); the next start restores it.`);
  await lab.newTarget(name);
  await prepareTarget(lab, name, {});
  cable(lab, s);
  await lab.power(name, true);
  await lab.waitFor(name, ['booting'], 30_000).catch(() => undefined);
  const st = await lab.waitFor(name, ['running', 'halted', 'bugchecked'], 120_000);
  if (st.state !== 'running') throw new Error(`${name} did not start: ${st.state}${st.detail ? ` (${st.detail})` : ''}.`);
  if (dbg) {
    const r = await provision(lab, name, { debugger: dbg });
    for (const l of r.lines) say(l);
    if (!r.ok) throw new Error(`Provisioning ${name} for the lab's start failed: ${r.failure?.error ?? 'see above'}`);
  }
  if (s.installed) await installDriver(lab, name, s.installed, dir, say);
  const snap = await lab.snapshot(name);
  mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: two labs starting at once never read half a file.
  const tmp = path.join(dir, `.${file}.${process.pid}.${Date.now()}`);
  writeFileSync(tmp, JSON.stringify(snap));
  renameSync(tmp, full);
  for (const n of readdirSync(dir)) if (n.startsWith(prefix) && n !== file) rmSync(path.join(dir, n), { force: true }); // older kernels' starts
  say(`Saved ${name}'s start snapshot: ${full}`);
  return { from: 'new', lines, debugger: dbg, snapshotFile: full };
}

/**
 * The start's driver built, deployed (copy only) and installed with devcon, as startLines() says: the build is the
 * toolchain's (host> build), the copy deploy()'s (host> deploy --copy-only), and the two target lines run in the
 * target's own command prompt (the test agent's, the same cmd and devcon as its console). The build is of a copy of
 * the sample in the cache folder, named as the work folder names it: the snapshot's name hashes the sample's files,
 * so the driver must be built from exactly those (not from a work folder the learner may have changed, nor one the
 * app's lab start does not have), and the learner's folder is not written behind their back.
 */
async function installDriver(lab: LabEngine, name: string, d: InstalledDriver, dir: string, say: (l: string) => void): Promise<void> {
  const buildDir = path.join(dir, `.build-${process.pid}-${Date.now()}`);
  const project = path.join(buildDir, d.project);
  try {
    cpSync(sampleDir(d), project, { recursive: true, filter: (from) => !/[\\/](x64|Win32|ARM64)$/.test(from) });
    say(`host> build ${d.project}`);
    const b = await buildProject(project, { configuration: 'Debug' });
    for (const l of b.log) say(l);
    if (!b.success) throw new Error(`Building ${d.project} (${d.sample}) for the lab's start failed: ${b.errors} error(s), see above.`);
    const pkg = readBuiltProject(project, 'Debug');
    if (!('inf' in pkg)) throw new Error(`${d.sample} builds an application, not a driver package: there is nothing to install.`);
    say(`host> deploy ${d.project} ${name} --copy-only`);
    const r = await deploy(lab, name, pkg, { install: { kind: 'copy-only' }, removePrevious: true, configuration: 'Debug' });
    for (const l of r.lines) say(l);
    if (!r.ok) throw new Error(`Deploying ${d.project} to ${name} for the lab's start failed: ${r.error}`);
  } finally { rmSync(buildDir, { recursive: true, force: true }); }
  const agent = await openTargetAgent(lab, name);
  if (typeof agent === 'string') throw new Error(agent);
  try {
    for (const line of targetLines(d)) {
      say(`${name}> ${line}`);
      const r = await agent.request<{ output: string; exitCode: number }>({ op: 'run', commandLine: line });
      for (const l of r.output.split('\n')) if (l.trim()) say(l);
      // devcon's 1 is "reboot needed": the driver would not be running in the snapshot either.
      if (r.exitCode !== 0) throw new Error(`${name}> ${line} failed for the lab's start (exit code ${r.exitCode}).`);
    }
  } finally { agent.close(); }
}

function cable(lab: LabEngine, s: StartSnapshot): void {
  lab.cable({ kind: 'net', a: 'host', b: s.target });
  if (s.debugger === 'serial') lab.cable({ kind: 'serial', a: `host:COM${SERIAL.port}`, b: `${s.target}:COM${SERIAL.port}` });
}

function describe(d: ResolvedDebugger | undefined): string {
  if (!d) return 'not provisioned';
  return d.kind === 'net' ? `provisioned for network kernel debugging (port ${d.port}, key ${d.key})` : `provisioned for serial kernel debugging (COM${d.port}, ${d.baud} baud)`;
}
