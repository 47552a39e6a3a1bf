// Saved lab state in one folder, written so that a crash or a full disk never costs the last good save:
// each save is a new generation folder (every file written and fsynced, then a manifest of SHA-256 checksums),
// renamed into place, and only then named in CURRENT (itself replaced by an atomic rename). Loading verifies the
// checksums and falls back to the newest older generation that verifies, saying plainly what was damaged.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MANIFEST = 'manifest.json', CURRENT = 'CURRENT', KEEP = 3;

interface Manifest { version: 1; generation: number; saved: string; files: Record<string, string> }

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const genName = (n: number): string => `gen-${String(n).padStart(6, '0')}`;

async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const h = await fs.open(file, 'w');
  try { await h.writeFile(data); await h.sync(); } finally { await h.close(); }
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r').catch(() => undefined);
  if (h) { await h.sync().catch(() => {}); await h.close(); }
}

/** Write `file` whole or not at all: a synced temp file renamed over it, then its folder synced. */
export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeSynced(`${file}.tmp`, data);
  await fs.rename(`${file}.tmp`, file);
  await syncDir(path.dirname(file));
}

async function generations(dir: string): Promise<number[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.flatMap((n) => { const m = /^gen-(\d{6})$/.exec(n); return m ? [Number(m[1])] : []; }).sort((a, b) => b - a);
}

/** Save `files` (relative path → content) as the next generation; returns its name. */
export async function saveGeneration(dir: string, files: Record<string, string | Uint8Array>): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const gens = await generations(dir);
  const n = (gens[0] ?? 0) + 1;
  const tmp = path.join(dir, `${genName(n)}.tmp`);
  await fs.rm(tmp, { recursive: true, force: true });
  const manifest: Manifest = { version: 1, generation: n, saved: new Date().toISOString(), files: {} };
  for (const [rel, data] of Object.entries(files)) {
    if (rel.includes('..') || path.isAbsolute(rel)) throw new Error(`bad file name in a save: ${rel}`);
    await writeSynced(path.join(tmp, rel), data);
    manifest.files[rel] = sha256(data);
  }
  await writeSynced(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
  await syncDir(tmp);
  await fs.rename(tmp, path.join(dir, genName(n)));
  await writeSynced(path.join(dir, `${CURRENT}.tmp`), genName(n));
  await fs.rename(path.join(dir, `${CURRENT}.tmp`), path.join(dir, CURRENT));
  await syncDir(dir);
  for (const old of gens.slice(KEEP - 1)) await fs.rm(path.join(dir, genName(old)), { recursive: true, force: true });
  return genName(n);
}

export interface LoadedGeneration { name: string; saved: string; files: Record<string, Buffer>; problems: string[] }

async function verify(dir: string, name: string): Promise<{ ok: true; gen: LoadedGeneration } | { ok: false; why: string }> {
  const base = path.join(dir, name);
  let m: Manifest;
  try { m = JSON.parse(await fs.readFile(path.join(base, MANIFEST), 'utf8')) as Manifest; } catch { return { ok: false, why: 'its manifest is missing or unreadable' }; }
  if (m.version !== 1 || typeof m.files !== 'object' || m.files === null) return { ok: false, why: 'its manifest is not a DriverLab save' };
  const files: Record<string, Buffer> = {};
  for (const [rel, sum] of Object.entries(m.files)) {
    const data = await fs.readFile(path.join(base, rel)).catch(() => undefined);
    if (!data) return { ok: false, why: `${rel} is missing` };
    if (sha256(data) !== sum) return { ok: false, why: `${rel} does not match its checksum (damaged or partly written)` };
    files[rel] = data;
  }
  return { ok: true, gen: { name, saved: m.saved, files, problems: [] } };
}

/** The newest good generation, with a plain account of any damaged newer one; undefined when there is no good save. */
export async function loadGeneration(dir: string): Promise<LoadedGeneration | undefined> {
  const problems: string[] = [];
  const current = (await fs.readFile(path.join(dir, CURRENT), 'utf8').catch(() => '')).trim();
  const order = [...new Set([current, ...(await generations(dir)).map(genName)].filter((n) => /^gen-\d{6}$/.test(n)))];
  if (current && !/^gen-\d{6}$/.test(current)) problems.push(`The save pointer ${CURRENT} is damaged.`);
  for (const name of order) {
    const r = await verify(dir, name);
    if (r.ok) {
      if (problems.length) problems.push(`Restored the previous good save ${name} (saved ${r.gen.saved}).`);
      return { ...r.gen, problems };
    }
    problems.push(`The lab save ${name} cannot be used: ${r.why}.`);
  }
  return undefined;
}

/** `rel` as each generation folder still present has it (unverified; a generation without it is left out): what the
 *  saves a load may fall back to refer to. */
export async function fromEachGeneration(dir: string, rel: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const n of await generations(dir)) { const b = await fs.readFile(path.join(dir, genName(n), rel)).catch(() => undefined); if (b) out.push(b); }
  return out;
}
