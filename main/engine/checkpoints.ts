// A target's named checkpoints, as Hyper-V keeps them for a VM (Checkpoint-VM, Get-VMSnapshot, Restore-VMSnapshot):
// each one a snapshot of the whole machine (LabEngine.snapshot) with its name, when it was taken and the checkpoint
// the machine was last at (its parent). Its state is held here until the lab has a workspace folder, then lives in
// its own file there (checkpoint-files.ts); workspace saves keep the list.
import type { MachineState, MachineStatus } from '../machine/machine.ts';
import type { CheckpointFile, SavedCheckpoints } from './checkpoint-files.ts';

/** What a checkpoint list shows of one (Get-VMSnapshot's columns, and the state the machine was in). */
export interface CheckpointInfo {
  target: string;
  name: string;
  /** When it was taken (ms since 1970, host wall time: what Hyper-V's CreationTime shows). */
  created: number;
  /** The checkpoint the machine was last created from or applied, if any (Hyper-V's ParentSnapshotName). */
  parent?: string;
  /** The machine's state when it was taken (running, off, bugchecked ...). */
  status: MachineStatus;
}

/** A checkpoint's state: in memory (no workspace folder yet) or in its file there. */
export type Stored = { info: CheckpointInfo } & ({ state: MachineState; file?: undefined } | { state?: undefined; file: CheckpointFile });

export const MAX_CHECKPOINT_NAME = 100; // Hyper-V's limit on a checkpoint's name

/** A checkpoint name the learner got wrong (the API answers each kind with its own error code). */
export class CheckpointNameError extends Error {
  constructor(readonly kind: 'invalid' | 'exists' | 'not-found', readonly target: string, message: string) { super(message); }
}

/** PowerShell's en-US date and time (Get-VMSnapshot's CreationTime column): 11/23/2026 7:20:01 PM. */
export function creationTime(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ${d.getHours() % 12 || 12}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** Hyper-V Manager's name for a checkpoint the user did not name: "VM - (11/23/2026 - 7:20:01 PM)". */
export function defaultCheckpointName(target: string, when: Date): string {
  return `${target} - (${creationTime(when).replace(' ', ' - ')})`;
}

/** The checkpoints of every target of one lab, by target (names as the lab spells them). */
export class CheckpointStore {
  private readonly targets = new Map<string, { list: Stored[]; current?: string }>();

  private of(target: string): { list: Stored[]; current?: string } {
    let t = this.targets.get(target.toLowerCase());
    if (!t) this.targets.set(target.toLowerCase(), t = { list: [] });
    return t;
  }

  /** Check a new checkpoint's name before the (slow) snapshot is taken. */
  checkName(target: string, name: string): void {
    if (!name.trim() || name.length > MAX_CHECKPOINT_NAME || /[\x00-\x1f]/.test(name)) throw new CheckpointNameError('invalid', target, `"${name}" is not a valid checkpoint name (1-${MAX_CHECKPOINT_NAME} characters).`);
    if (this.find(target, name)) throw new CheckpointNameError('exists', target, `${target} already has a checkpoint named "${name}".`);
  }

  /** A new checkpoint (its state in memory, or already in its file). */
  add(target: string, name: string, status: MachineStatus, created: number, where: { state: MachineState } | { file: CheckpointFile }): CheckpointInfo {
    this.checkName(target, name);
    const t = this.of(target);
    const info: CheckpointInfo = { target, name, created, status: { ...status }, ...(t.current ? { parent: t.current } : {}) };
    t.list.push({ info, ...where });
    t.current = name;
    return info;
  }

  /** The checkpoint a target is at (last taken or applied), if any. */
  current(target: string): string | undefined { return this.of(target).current; }

  /** Checkpoints whose state is only in memory, to be written to the workspace folder. */
  unwritten(): (Stored & { state: MachineState })[] {
    return [...this.targets.values()].flatMap((t) => t.list.filter((s): s is Stored & { state: MachineState } => s.state !== undefined));
  }

  /** A checkpoint's state is now in its file: memory lets it go. */
  written(s: Stored, file: CheckpointFile): void { Object.assign(s, { state: undefined, file }); }

  /** Every checkpoint file in use. */
  files(): CheckpointFile[] { return [...this.targets.values()].flatMap((t) => t.list.flatMap((s) => (s.file ? [s.file] : []))); }

  /** What a workspace save records of a target (only checkpoints already in files: unwritten() is written first). */
  saved(target: string): SavedCheckpoints {
    const t = this.of(target);
    return {
      ...(t.current ? { at: t.current } : {}),
      list: t.list.flatMap((s) => (s.file ? [{ name: s.info.name, created: s.info.created, ...(s.info.parent ? { parent: s.info.parent } : {}), status: { ...s.info.status }, ...s.file }] : [])),
    };
  }

  /** A loaded save's list for a target. */
  load(target: string, saved: SavedCheckpoints): void {
    const t = this.of(target);
    t.list = saved.list.map((c) => ({ info: { target, name: c.name, created: c.created, ...(c.parent ? { parent: c.parent } : {}), status: { ...c.status } }, file: { file: c.file, sha256: c.sha256 } }));
    t.current = saved.at !== undefined && t.list.some((s) => s.info.name === saved.at) ? saved.at : undefined;
  }

  list(target: string): CheckpointInfo[] { return this.of(target).list.map((s) => s.info); }

  /** The checkpoint to apply; it becomes the one the machine is at. */
  take(target: string, name: string): Stored {
    const s = this.find(target, name);
    if (!s) throw new CheckpointNameError('not-found', target, `${target} has no checkpoint named "${name}".`);
    return s;
  }

  /** The checkpoint was applied: new checkpoints are its children. */
  applied(target: string, name: string): void { this.of(target).current = this.take(target, name).info.name; }

  forget(target: string): void { this.targets.delete(target.toLowerCase()); }

  private find(target: string, name: string): Stored | undefined {
    return this.of(target).list.find((s) => s.info.name.toLowerCase() === name.toLowerCase());
  }
}
