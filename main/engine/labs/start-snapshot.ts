// A lab that begins "already provisioned" (lab.json's startSnapshot) starts from a saved target instead of
// creating and provisioning one (~10+ s): the first start makes the target exactly as the lab's setup lines do
// (new target, network cable, provisioning with the snapshot's debugger settings) and keeps its snapshot in a
// per-user cache; later starts restore it. A cached snapshot is named by a hash of everything that shapes a
// target's disk and state (our kernel, the machine, the network stack, provisioning), so a changed kernel never
// restores a stale one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import type { LabEngine } from '../lab-engine.ts';
import type { MachineState } from '../../machine/machine.ts';
import { prepareTarget } from '../provision/prepare.ts';
import { provision, type ResolvedDebugger } from '../provision/provision.ts';
import type { Lab } from './schema.ts';

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
  return lines;
}

/** The folders whose code decides what a target's disk and saved state hold. */
const TARGET_SOURCES = ['kernel', 'main/machine', 'main/net', 'main/formats', 'main/engine/provision', 'main/engine/hives.ts', 'assets/certs'];
/** Where the packaged app's target code lives instead. */
const PACKAGED_SOURCES = ['out/electron'];
let version: string | undefined;

/** A hash of the target's code (our kernel and everything under it), computed once per process. */
export function targetVersion(): string {
  if (version) return version;
  const h = createHash('sha256');
  const add = (p: string): void => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const n of readdirSync(p).sort()) if (n !== 'test' && n !== 'node_modules' && !n.startsWith('.')) add(path.join(p, n));
      return;
    }
    h.update(`${path.relative(repoRoot, p)}\0`);
    h.update(readFileSync(p));
  };
  // The packaged desktop app ships the target's code bundled (out/electron), not its sources.
  const packaged = !existsSync(path.join(repoRoot, 'kernel', 'boot', 'boot.ts'));
  for (const s of packaged ? [...PACKAGED_SOURCES, ...TARGET_SOURCES] : TARGET_SOURCES) add(path.join(repoRoot, s));
  h.update(`${repoRoot}\0`); // a snapshot's config names the kernel's modules by their place
  return (version = h.digest('hex').slice(0, 16));
}

/** The per-user snapshot cache (DRIVERLAB_SNAPSHOT_DIR, else a folder of the user's in the temp folder). */
export function snapshotCacheDir(): string {
  return process.env.DRIVERLAB_SNAPSHOT_DIR ?? path.join(tmpdir(), `driverlab-snapshots-${userInfo().username}`);
}

function cacheName(s: StartSnapshot): { prefix: string; file: string } {
  const what = s.provisioned ? (s.debugger === 'serial' ? `serial-${SERIAL.port}-${SERIAL.baud}` : `net-${s.port}-${s.key}`) : 'plain';
  const prefix = `${s.target}-${what}-`.replace(/[^\w.-]/g, '_');
  return { prefix, file: `${prefix}${targetVersion()}.json` };
}

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

function cable(lab: LabEngine, s: StartSnapshot): void {
  lab.cable({ kind: 'net', a: 'host', b: s.target });
  if (s.debugger === 'serial') lab.cable({ kind: 'serial', a: `host:COM${SERIAL.port}`, b: `${s.target}:COM${SERIAL.port}` });
}

function describe(d: ResolvedDebugger | undefined): string {
  if (!d) return 'not provisioned';
  return d.kind === 'net' ? `provisioned for network kernel debugging (port ${d.port}, key ${d.key})` : `provisioned for serial kernel debugging (COM${d.port}, ${d.baud} baud)`;
}
