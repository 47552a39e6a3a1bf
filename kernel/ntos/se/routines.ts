// se routines: privilege checks and subject contexts. Every thread here runs in the System process, whose token
// holds the well-known privileges, so a check succeeds for any of them; a value outside that range fails.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';

/** The System process's primary token: an opaque block whose address stands for the token. */
const systemTokens = new WeakMap<Kernel, number>();
function systemToken(k: Kernel): number {
  let t = systemTokens.get(k);
  if (t === undefined) { t = k.pool.allocateSystem(16, 'Toke'); systemTokens.set(k, t); }
  return t;
}

/** SeSinglePrivilegeCheck: the LUID arrives by reference (wasm32's C ABI passes an aggregate as a pointer). */
function singlePrivilegeCheck(k: Kernel, luid: number): number {
  const low = k.memory.readU32(luid), high = k.memory.readI32(luid + 4);
  return high === 0 && low >= k.constant('SE_MIN_WELL_KNOWN_PRIVILEGE') && low <= k.constant('SE_MAX_WELL_KNOWN_PRIVILEGE') ? 1 : 0;
}

export const seRoutines: RoutineTable = {
  SeSinglePrivilegeCheck: (k, luid) => singlePrivilegeCheck(k, luid),
  SeCaptureSubjectContext: (k, context) => {
    const s = struct(k.layouts, 'SECURITY_SUBJECT_CONTEXT');
    const m = k.memory;
    m.writeU32(context + s.field('ClientToken'), 0);
    m.writeU32(context + s.field('ImpersonationLevel'), 0);
    m.writeU32(context + s.field('PrimaryToken'), systemToken(k));
    m.writeU32(context + s.field('ProcessAuditId'), k.ps.currentProcessObject());
  },
  SeReleaseSubjectContext: (k, context) => {
    // The captured references end: the context no longer names a token.
    const s = struct(k.layouts, 'SECURITY_SUBJECT_CONTEXT');
    k.memory.writeU32(context + s.field('ClientToken'), 0);
    k.memory.writeU32(context + s.field('PrimaryToken'), 0);
  },
  SeLockSubjectContext: () => {},
  SeUnlockSubjectContext: () => {},
};
