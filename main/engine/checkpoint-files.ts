// Named checkpoints kept in the lab's workspace folder, as Hyper-V keeps a VM's checkpoint files beside it. A
// checkpoint is as large as the machine's state, so it is written once, when it is taken (or at the first save of a
// lab that had no folder yet), as its own file <workspace>/checkpoints/<target>/<id>.json (temp file + rename), and
// each workspace save records only the list: name, time, parent, file and its SHA-256. Applying one reads the file
// and checks the hash. A file is deleted only when no checkpoint in memory and no save generation still on disk
// names it (a load may fall back to an older generation).
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MachineState, MachineStatus } from '../machine/machine.ts';
import { fromEachGeneration, sha256, writeAtomic } from './workspace-store.ts';

/** Where a checkpoint's state is: a path relative to the workspace folder, and the SHA-256 of its bytes. */
export interface CheckpointFile { file: string; sha256: string }

/** One checkpoint in a save's lab.json (its state is in `file`). */
export interface SavedCheckpoint extends CheckpointFile { name: string; created: number; parent?: string; status: MachineStatus }

/** A target's checkpoints in a save's lab.json: the list, oldest first, and the one the machine is at. */
export interface SavedCheckpoints { at?: string; list: SavedCheckpoint[] }

const DIR = 'checkpoints';
// Our own names only: a save's list never makes the engine read or delete anything outside checkpoints/.
const FILE_RE = /^checkpoints\/[A-Za-z0-9-]{1,15}\/[0-9a-f-]{36}\.json$/;

/** A new checkpoint file's path for a target (relative to the workspace folder). */
export function newCheckpointPath(target: string): string { return `${DIR}/${target}/${randomUUID()}.json`; }

/** Write a checkpoint's state to `rel` under the workspace folder, atomically; its hash for the save's list. */
export async function writeCheckpointFile(workspace: string, rel: string, state: MachineState): Promise<CheckpointFile> {
  const data = Buffer.from(JSON.stringify(state));
  const full = path.join(workspace, rel);
  await fs.mkdir(path.dirname(full), { recursive: true });
  await writeAtomic(full, data);
  return { file: rel, sha256: sha256(data) };
}

/** A checkpoint's state from its file; the plain reason when it is missing or does not match its hash. */
export async function readCheckpointFile(workspace: string, f: CheckpointFile, target: string, name: string): Promise<MachineState> {
  const cannot = (why: string): Error => new Error(`The checkpoint "${name}" of ${target} cannot be applied: its file ${why}. ${target} was left as it was.`);
  if (!FILE_RE.test(f.file)) throw cannot('is damaged (not a checkpoint file name)');
  const data = await fs.readFile(path.join(workspace, f.file)).catch(() => undefined);
  if (!data) throw cannot(`is missing (${f.file})`);
  if (sha256(data) !== f.sha256) throw cannot(`is damaged (${f.file} does not match its checksum)`);
  try { return JSON.parse(data.toString('utf8')) as MachineState; } catch { throw cannot(`is damaged (${f.file} is not a checkpoint)`); }
}

/** Copy a checkpoint file to another workspace folder (a save elsewhere); a missing one stays missing. */
export async function copyCheckpointFile(from: string, to: string, f: CheckpointFile): Promise<void> {
  if (!FILE_RE.test(f.file)) return;
  const data = await fs.readFile(path.join(from, f.file)).catch(() => undefined);
  if (!data) return;
  await fs.mkdir(path.dirname(path.join(to, f.file)), { recursive: true });
  await writeAtomic(path.join(to, f.file), data);
}

/** The checkpoint lists of a save's lab.json, keeping only well-formed entries. */
export function savedCheckpoints(lab: { checkpoints?: unknown }): Record<string, SavedCheckpoints> {
  const out: Record<string, SavedCheckpoints> = {};
  if (typeof lab.checkpoints !== 'object' || lab.checkpoints === null) return out;
  for (const [target, v] of Object.entries(lab.checkpoints as Record<string, Partial<SavedCheckpoints>>)) {
    if (!Array.isArray(v?.list)) continue;
    out[target] = {
      ...(typeof v.at === 'string' ? { at: v.at } : {}),
      list: v.list.filter((c): c is SavedCheckpoint => typeof c?.name === 'string' && typeof c.created === 'number' && typeof c.file === 'string' && typeof c.sha256 === 'string' && typeof c.status?.state === 'string'),
    };
  }
  return out;
}

/**
 * Delete checkpoint files nobody refers to any more: not `inUse` (the engine's checkpoints, and files being written)
 * and not named by any save generation still in the folder. A removed target's files thus go once the last
 * generation that had it is pruned; a file written after the last save of a lab that was then killed goes too.
 */
export async function pruneCheckpointFiles(workspace: string, inUse: Iterable<string>): Promise<void> {
  const keep = new Set(inUse);
  for (const b of await fromEachGeneration(workspace, 'lab.json')) {
    let lab: { checkpoints?: unknown };
    try { lab = JSON.parse(b.toString('utf8')) as { checkpoints?: unknown }; } catch { continue; }
    for (const t of Object.values(savedCheckpoints(lab))) for (const c of t.list) keep.add(c.file);
  }
  const root = path.join(workspace, DIR);
  for (const target of await fs.readdir(root).catch(() => [] as string[])) {
    const names = await fs.readdir(path.join(root, target)).catch(() => [] as string[]);
    for (const n of names) {
      const rel = `${DIR}/${target}/${n}`;
      if (!keep.has(rel) && !keep.has(rel.replace(/\.tmp$/, ''))) await fs.rm(path.join(root, target, n), { force: true });
    }
    await fs.rmdir(path.join(root, target)).catch(() => {}); // only when it is empty
  }
}
