// A target's named checkpoints, as Hyper-V keeps them for a VM (Checkpoint-VM, Get-VMSnapshot, Restore-VMSnapshot):
// each one a snapshot of the whole machine (LabEngine.snapshot) with its name, when it was taken and the checkpoint
// the machine was last at (its parent). Kept for the lab session: every workspace save rewrites each of its files,
// and a checkpoint is as large as the machine's own state, so they are not written there.
import type { MachineState, MachineStatus } from '../machine/machine.ts';

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

interface Stored { info: CheckpointInfo; state: MachineState }

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

  add(target: string, name: string, state: MachineState, created: number): CheckpointInfo {
    this.checkName(target, name);
    const t = this.of(target);
    const info: CheckpointInfo = { target, name, created, status: { ...state.status }, ...(t.current ? { parent: t.current } : {}) };
    t.list.push({ info, state });
    t.current = name;
    return info;
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
