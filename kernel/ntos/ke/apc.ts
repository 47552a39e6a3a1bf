// APC disabling, kept where Windows keeps it: the running thread's KTHREAD KernelApcDisable (critical regions:
// normal kernel APCs off) and SpecialApcDisable (guarded regions: special kernel APCs off too). Each enter counts
// down and each leave counts up, so regions nest and an unbalanced leave shows as a non-zero count.
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';

function fields(k: Kernel) {
  const t = struct(k.layouts, 'ETHREAD');
  return { kernel: t.field('Tcb.KernelApcDisable'), special: t.field('Tcb.SpecialApcDisable') };
}

const short = (k: Kernel, at: number) => (k.memory.readU16(at) << 16) >> 16;

/** KeEnter/LeaveCriticalRegion (guarded = false) and KeEnter/LeaveGuardedRegion (guarded = true). */
export function apcRegion(k: Kernel, guarded: boolean, enter: boolean): void {
  const thread = k.ke.currentKThread();
  if (!thread) return;
  const at = thread + (guarded ? fields(k).special : fields(k).kernel);
  k.memory.writeU16(at, (short(k, at) + (enter ? -1 : 1)) & 0xffff);
}

/** The running thread's two counts (0 when it has no thread object). */
export function apcDisableCounts(k: Kernel): { kernel: number; special: number } {
  const thread = k.ke.currentKThread(), f = fields(k);
  return thread ? { kernel: short(k, thread + f.kernel), special: short(k, thread + f.special) } : { kernel: 0, special: 0 };
}

/** KeAreApcsDisabled: in a critical or guarded region. */
export function apcsDisabled(k: Kernel): boolean {
  const c = apcDisableCounts(k);
  return c.kernel !== 0 || c.special !== 0;
}

/** KeAreAllApcsDisabled: in a guarded region, or at APC_LEVEL or above (where no APC is delivered). */
export function allApcsDisabled(k: Kernel): boolean {
  return apcDisableCounts(k).special !== 0 || k.processor.irql >= k.constant('APC_LEVEL');
}
