// ntoskrnl's exported variables other than object types (kernel/ntos/ob/types.ts) and PsInitialSystemProcess:
// each lives in nonpaged pool, and Kernel.dataExports maps its name to the address of the C variable a driver's
// declaration describes (`extern PBOOLEAN KdDebuggerEnabled` → a cell holding the BOOLEAN's address).
import type { Kernel } from './kernel.ts';
import { struct } from '../layout/access.ts';
import { OS_VERSION } from './ke/version.ts';

/** SE_EXPORTS privilege members → the SE_*_PRIVILEGE constant each holds (the LUID's LowPart). */
const SE_PRIVILEGES: Readonly<Record<string, string>> = {
  SeCreateTokenPrivilege: 'SE_CREATE_TOKEN_PRIVILEGE', SeAssignPrimaryTokenPrivilege: 'SE_ASSIGNPRIMARYTOKEN_PRIVILEGE',
  SeLockMemoryPrivilege: 'SE_LOCK_MEMORY_PRIVILEGE', SeIncreaseQuotaPrivilege: 'SE_INCREASE_QUOTA_PRIVILEGE',
  SeUnsolicitedInputPrivilege: 'SE_MACHINE_ACCOUNT_PRIVILEGE', SeTcbPrivilege: 'SE_TCB_PRIVILEGE',
  SeSecurityPrivilege: 'SE_SECURITY_PRIVILEGE', SeTakeOwnershipPrivilege: 'SE_TAKE_OWNERSHIP_PRIVILEGE',
  SeLoadDriverPrivilege: 'SE_LOAD_DRIVER_PRIVILEGE', SeCreatePagefilePrivilege: 'SE_CREATE_PAGEFILE_PRIVILEGE',
  SeIncreaseBasePriorityPrivilege: 'SE_INC_BASE_PRIORITY_PRIVILEGE', SeSystemProfilePrivilege: 'SE_SYSTEM_PROFILE_PRIVILEGE',
  SeSystemtimePrivilege: 'SE_SYSTEMTIME_PRIVILEGE', SeProfileSingleProcessPrivilege: 'SE_PROF_SINGLE_PROCESS_PRIVILEGE',
  SeCreatePermanentPrivilege: 'SE_CREATE_PERMANENT_PRIVILEGE', SeBackupPrivilege: 'SE_BACKUP_PRIVILEGE',
  SeRestorePrivilege: 'SE_RESTORE_PRIVILEGE', SeShutdownPrivilege: 'SE_SHUTDOWN_PRIVILEGE', SeDebugPrivilege: 'SE_DEBUG_PRIVILEGE',
  SeAuditPrivilege: 'SE_AUDIT_PRIVILEGE', SeSystemEnvironmentPrivilege: 'SE_SYSTEM_ENVIRONMENT_PRIVILEGE',
  SeChangeNotifyPrivilege: 'SE_CHANGE_NOTIFY_PRIVILEGE', SeRemoteShutdownPrivilege: 'SE_REMOTE_SHUTDOWN_PRIVILEGE',
  SeUndockPrivilege: 'SE_UNDOCK_PRIVILEGE', SeSyncAgentPrivilege: 'SE_SYNC_AGENT_PRIVILEGE',
  SeEnableDelegationPrivilege: 'SE_ENABLE_DELEGATION_PRIVILEGE', SeManageVolumePrivilege: 'SE_MANAGE_VOLUME_PRIVILEGE',
  SeImpersonatePrivilege: 'SE_IMPERSONATE_PRIVILEGE', SeCreateGlobalPrivilege: 'SE_CREATE_GLOBAL_PRIVILEGE',
};

/** Free build: the top nibble of NtBuildNumber is 0xF (0xC on a checked build). */
export const NT_BUILD_NUMBER = (0xf0000000 | OS_VERSION.build) >>> 0;

export class KernelVariables {
  /** The BOOLEANs behind KdDebuggerEnabled and KdDebuggerNotPresent. */
  private readonly debuggerEnabled: number;
  private readonly debuggerNotPresent: number;

  constructor(private readonly k: Kernel) {
    const m = k.memory;
    // A variable that points at a value the kernel keeps next to it.
    const indirect = (name: string, valueSize: number): number => {
      const v = k.pool.allocateSystem(8 + valueSize, 'KVar');
      m.writeU32(v, v + 8);
      k.dataExports.set(name, v);
      return v + 8;
    };
    this.debuggerEnabled = indirect('KdDebuggerEnabled', 1);
    this.debuggerNotPresent = indirect('KdDebuggerNotPresent', 1);
    this.refreshDebugger();
    m.writeU32(indirect('InitSafeBootMode', 4), 0);
    const se = struct(k.layouts, 'SE_EXPORTS');
    const exports = indirect('SeExports', se.size);
    for (const [member, constant] of Object.entries(SE_PRIVILEGES)) m.writeU32(exports + se.field(`${member}.LowPart`), k.constant(constant));
    const build = k.pool.allocateSystem(8, 'KVar');
    m.writeU32(build, NT_BUILD_NUMBER);
    k.dataExports.set('NtBuildNumber', build);
  }

  /**
   * KD_DEBUGGER_ENABLED: kernel debugging is on (a KD stub is attached); KD_DEBUGGER_NOT_PRESENT: no debugger host
   * is connected to it. Refreshed when the stub is set, at each run of the scheduler (as KD polls the transport at
   * the clock tick), and by KdRefreshDebuggerNotPresent, whose answer this is.
   */
  refreshDebugger(): boolean {
    const d = this.k.debugger, present = d !== undefined && d.connected !== false;
    this.k.memory.writeU8(this.debuggerEnabled, d ? 1 : 0);
    this.k.memory.writeU8(this.debuggerNotPresent, present ? 0 : 1);
    return !present;
  }
}
