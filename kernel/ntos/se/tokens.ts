// The two tokens a thread here can run under: the System process's (every well-known privilege) and the one user
// processes get, the administrator's elevated token, which like Windows' lacks the privileges reserved to the TCB
// (create token, assign primary token, lock memory, act as part of the OS, ...).
import type { Kernel } from '../kernel.ts';

export type TokenKind = 'system' | 'admin';

/** Well-known privileges (their SE_*_PRIVILEGE names) an elevated administrator's token does not hold. */
const NOT_HELD_BY_ADMIN = ['SE_CREATE_TOKEN_PRIVILEGE', 'SE_ASSIGNPRIMARYTOKEN_PRIVILEGE', 'SE_LOCK_MEMORY_PRIVILEGE',
  'SE_MACHINE_ACCOUNT_PRIVILEGE', 'SE_TCB_PRIVILEGE', 'SE_CREATE_PERMANENT_PRIVILEGE', 'SE_AUDIT_PRIVILEGE',
  'SE_SYNC_AGENT_PRIVILEGE', 'SE_ENABLE_DELEGATION_PRIVILEGE', 'SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE', 'SE_RELABEL_PRIVILEGE'];

/** The token of the current thread's process. */
export function currentToken(k: Kernel): TokenKind {
  return k.ps.currentProcessObject() === k.ps.systemProcess ? 'system' : 'admin';
}

/** Whether a token holds the privilege with this LUID. */
export function holdsPrivilege(k: Kernel, token: TokenKind, low: number, high: number): boolean {
  if (high !== 0 || low < k.constant('SE_MIN_WELL_KNOWN_PRIVILEGE') || low > k.constant('SE_MAX_WELL_KNOWN_PRIVILEGE')) return false;
  return token === 'system' || !NOT_HELD_BY_ADMIN.some((n) => k.constant(n) === low);
}
