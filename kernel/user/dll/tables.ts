// The user-mode DLLs we provide and the routine tables behind their exports. kernel/exports.ts lists these
// modules with the kernel's own, so the build's link check and the process loader see the same names.
import type { RoutineTable } from '../../ntos/routine.ts';
import { fileRoutines } from './k32-file.ts';
import { syncRoutines } from './k32-sync.ts';
import { miscRoutines } from './k32-misc.ts';
import { stdioRoutines } from './ucrt-stdio.ts';
import { stringRoutines } from './ucrt-string.ts';
import { stdlibRoutines } from './ucrt-stdlib.ts';
import { advapiRoutines } from './advapi32.ts';
import { cfgmgrRoutines } from './cfgmgr32.ts';
import { setupapiRoutines } from './setupapi.ts';
import { etwRoutines } from './advapi32-etw.ts';
import { umdfRoutines } from '../umdf/routines.ts';
import { hostRoutines } from '../umdf/host.ts';

export const userModules: Record<string, RoutineTable[]> = {
  'kernel32.dll': [fileRoutines, syncRoutines, miscRoutines],
  'ucrtbase.dll': [stdioRoutines, stringRoutines, stdlibRoutines],
  'advapi32.dll': [advapiRoutines, etwRoutines],
  'cfgmgr32.dll': [cfgmgrRoutines],
  'setupapi.dll': [setupapiRoutines],
  // The UMDF 2 framework a driver DLL in WUDFHost.exe imports (kernel/user/umdf).
  'wudfx02000.dll': [umdfRoutines],
  'wudfplatform.dll': [hostRoutines],
};

/** The tables of one module (lower-case compare), or of every user DLL for `env` imports. */
export function userRoutines(module: string | undefined): RoutineTable[] {
  if (module === undefined) return Object.values(userModules).flat();
  return userModules[module.toLowerCase()] ?? [];
}
