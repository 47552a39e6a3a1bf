// se routines: privilege checks, access checks and subject contexts. A caller in kernel mode passes every check,
// as on Windows; a user-mode caller is checked against its token (./tokens.ts).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import { currentToken, holdsPrivilege, type TokenKind } from './tokens.ts';

const KERNEL_MODE = 0;

/** The tokens' opaque blocks: an address that stands for each token in a subject context. */
const tokenBlocks = new WeakMap<Kernel, Map<TokenKind, number>>();
function tokenBlock(k: Kernel, kind: TokenKind): number {
  let m = tokenBlocks.get(k);
  if (!m) { m = new Map(); tokenBlocks.set(k, m); }
  let t = m.get(kind);
  if (t === undefined) { t = k.pool.allocateSystem(16, 'Toke'); m.set(kind, t); }
  return t;
}
/** The token a captured subject context names (its primary token; the System's when none was captured). */
function contextToken(k: Kernel, context: number): TokenKind {
  if (!context) return currentToken(k);
  const primary = k.memory.readU32(context + struct(k.layouts, 'SECURITY_SUBJECT_CONTEXT').field('PrimaryToken'));
  return primary !== 0 && primary === tokenBlocks.get(k)?.get('admin') ? 'admin' : 'system';
}

/** Generic rights in a mask become the object's specific ones (RtlMapGenericMask). */
function mapGeneric(k: Kernel, mask: number, mapping: number): number {
  if (!mapping) return mask >>> 0;
  const g = struct(k.layouts, 'GENERIC_MAPPING');
  const pairs: [string, string][] = [['GENERIC_READ', 'GenericRead'], ['GENERIC_WRITE', 'GenericWrite'],
    ['GENERIC_EXECUTE', 'GenericExecute'], ['GENERIC_ALL', 'GenericAll']];
  let m = mask >>> 0;
  for (const [bit, field] of pairs) {
    const b = k.constant(bit) >>> 0;
    if (m & b) m = ((m & ~b) | k.memory.readU32(mapping + g.field(field))) >>> 0;
  }
  return m;
}

/** SePrivilegeCheck: marks each held privilege SE_PRIVILEGE_USED_FOR_ACCESS; all or any needed per Control. */
function privilegeCheck(k: Kernel, set: number, token: TokenKind | 'kernel'): number {
  const ps = struct(k.layouts, 'PRIVILEGE_SET'), la = struct(k.layouts, 'LUID_AND_ATTRIBUTES');
  const m = k.memory;
  const count = m.readU32(set + ps.field('PrivilegeCount'));
  const all = (m.readU32(set + ps.field('Control')) & k.constant('PRIVILEGE_SET_ALL_NECESSARY')) !== 0;
  const used = k.constant('SE_PRIVILEGE_USED_FOR_ACCESS') >>> 0;
  let held = 0;
  for (let i = 0; i < count; i++) {
    const e = set + ps.field('Privilege') + i * la.size;
    const low = m.readU32(e + la.field('Luid')), high = m.readI32(e + la.field('Luid') + 4);
    const attrs = m.readU32(e + la.field('Attributes'));
    const has = token === 'kernel' || holdsPrivilege(k, token, low, high);
    if (has) held++;
    m.writeU32(e + la.field('Attributes'), has ? (attrs | used) >>> 0 : (attrs & ~used) >>> 0);
  }
  return (all ? held === count : held > 0 || count === 0) ? 1 : 0;
}

/** SeAssignSecurity(Ex): a new self-relative descriptor in pool, owner and group the subject's, and the
 *  explicit descriptor's DACL when it has one (no inheritance from the parent: our objects have no inheritable ACEs). */
function assignSecurity(k: Kernel, explicit: number, out: number, context: number): number {
  const m = k.memory;
  const sd = struct(k.layouts, 'SECURITY_DESCRIPTOR'), acl = struct(k.layouts, 'ACL');
  // The self-relative form: Revision, Sbz1, Control, then four 32-bit offsets (owner, group, SACL, DACL).
  const HEADER = 20;
  const owner = contextToken(k, context) === 'admin' ? [2, 32, 544] : [1, 18]; // S-1-5-32-544 or S-1-5-18
  const sid = (subs: number[]) => { const b = new Uint8Array(8 + 4 * (subs.length - 1)); b[0] = 1; b[1] = subs.length - 1; b[7] = 5;
    new DataView(b.buffer).setUint32(8, subs[1], true); if (subs.length > 2) new DataView(b.buffer).setUint32(12, subs[2], true); return b; };
  const ownerSid = sid(owner), groupSid = sid([1, 18]);
  let dacl = 0, daclSize = 0, control = k.constant('SE_SELF_RELATIVE');
  if (explicit && (m.readU16(explicit + sd.field('Control')) & k.constant('SE_DACL_PRESENT'))) {
    const selfRelative = (m.readU16(explicit + sd.field('Control')) & k.constant('SE_SELF_RELATIVE')) !== 0;
    const d = m.readU32(explicit + sd.field('Dacl'));
    dacl = d && selfRelative ? explicit + d : d;
    daclSize = dacl ? m.readU16(dacl + acl.field('AclSize')) : 0;
    control |= k.constant('SE_DACL_PRESENT');
  }
  const size = HEADER + ownerSid.length + groupSid.length + daclSize;
  const block = k.pool.allocate(size, 'SeSd');
  if (block === undefined) return k.constant('STATUS_INSUFFICIENT_RESOURCES');
  m.writeU8(block, k.constant('SECURITY_DESCRIPTOR_REVISION'));
  m.writeU16(block + 2, control);
  let at = HEADER;
  m.u8.set(ownerSid, block + at); m.writeU32(block + 4, at); at += ownerSid.length;
  m.u8.set(groupSid, block + at); m.writeU32(block + 8, at); at += groupSid.length;
  if (daclSize) { m.u8.copyWithin(block + at, dacl, dacl + daclSize); m.writeU32(block + 16, at); }
  m.writeU32(out, block);
  return 0;
}

export const seRoutines: RoutineTable = {
  // The LUID arrives by reference (wasm32's C ABI passes an aggregate as a pointer).
  SeSinglePrivilegeCheck: (k, luid, mode) =>
    (mode & 0xff) === KERNEL_MODE || holdsPrivilege(k, currentToken(k), k.memory.readU32(luid), k.memory.readI32(luid + 4)) ? 1 : 0,
  SePrivilegeCheck: (k, set, context, mode) => privilegeCheck(k, set, (mode & 0xff) === KERNEL_MODE ? 'kernel' : contextToken(k, context)),
  SeAccessCheck: (k, _sd, _context, _locked, desired, previous, privileges, mapping, _mode, grantedOut, statusOut) => {
    if (privileges) k.memory.writeU32(privileges, 0);
    // MAXIMUM_ALLOWED asks for all the object's rights.
    let want = desired >>> 0;
    const max = k.constant('MAXIMUM_ALLOWED') >>> 0;
    if (want & max) want = ((want & ~max) | k.constant('GENERIC_ALL')) >>> 0;
    const granted = (mapGeneric(k, want, mapping) | (previous >>> 0)) >>> 0;
    // Kernel mode is granted everything. A user-mode caller here is System or an administrator, whom every
    // descriptor our objects get admits (the SDDL_DEVOBJ_* strings all grant SY and BA); DACLs are not walked yet.
    k.memory.writeU32(grantedOut, granted);
    k.memory.writeU32(statusOut, 0);
    return 1;
  },
  SeAssignSecurity: (k, _parent, explicit, out, _isDir, context) => assignSecurity(k, explicit, out, context),
  SeAssignSecurityEx: (k, _parent, explicit, out, _type, _isDir, _flags, context) => assignSecurity(k, explicit, out, context),
  SeDeassignSecurity: (k, ref) => {
    const sd = k.memory.readU32(ref);
    if (sd) { k.pool.free(sd); k.memory.writeU32(ref, 0); }
    return 0;
  },
  SeCaptureSubjectContext: (k, context) => {
    const s = struct(k.layouts, 'SECURITY_SUBJECT_CONTEXT');
    const m = k.memory;
    m.writeU32(context + s.field('ClientToken'), 0);
    m.writeU32(context + s.field('ImpersonationLevel'), 0);
    m.writeU32(context + s.field('PrimaryToken'), tokenBlock(k, currentToken(k)));
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
