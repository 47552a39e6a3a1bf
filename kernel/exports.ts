// The export tables of our kernel images: for each module a driver or program may import from, the names our
// kernel really implements. The build's link check (LNK2019) and the loader both resolve imports against these.
// The names come from the routine tables of the components that implement them, so a name is exported only
// when there is code behind it.
import { routines as kdRoutines } from './ntos/kd/routines.ts';
import { routines as kdStubRoutines } from './ntos/kd/stub/routines.ts';
import { routines as ioRoutines } from './ntos/io/routines.ts';
import { routines as obRoutines } from './ntos/ob/routines.ts';
import { routines as keRoutines } from './ntos/ke/routines.ts';
import { routines as exRoutines } from './ntos/ex/routines.ts';
import { routines as rtlRoutines } from './ntos/rtl/routines.ts';
import { psRoutines } from './ntos/ps/routines.ts';
import { halRoutines } from './ntos/hal/routines.ts';
import { cmRoutines } from './ntos/cm/routines.ts';
import { etwRoutines } from './ntos/etw/routines.ts';
import { seRoutines } from './ntos/se/routines.ts';
import { poRoutines } from './ntos/po/routines.ts';
import { pnpRoutines } from './ntos/io/pnp/routines.ts';
import { notifyRoutines } from './ntos/io/pnp/notify.ts';
import { routines as wdfRoutines } from './wdf/routines.ts';
import { userModules } from './user/dll/tables.ts';
import { reflectorRoutines } from './user/umdf/reflector.ts';
import type { RoutineTable } from './ntos/routine.ts';

const tables: Record<string, RoutineTable[]> = {
  'ntoskrnl.exe': [kdRoutines, kdStubRoutines, ioRoutines, obRoutines, keRoutines, exRoutines, rtlRoutines, psRoutines, cmRoutines, etwRoutines, pnpRoutines, notifyRoutines, seRoutines, poRoutines],
  'hal.dll': [halRoutines],
  'wdf01000.sys': [wdfRoutines],
  // The UMDF reflector's in-box image calls its TypeScript entry through this module (kernel/user/umdf).
  'wudfrd.sys': [reflectorRoutines],
  // Target user mode: kernel32.dll, ucrtbase.dll, advapi32.dll, cfgmgr32.dll, setupapi.dll (kernel/user/dll).
  ...userModules,
};

/** Routine tables by module (lower-case module name, as Windows compares them). */
export function moduleRoutines(module: string): RoutineTable[] | undefined {
  const key = module.toLowerCase();
  return Object.hasOwn(tables, key) ? tables[key] : undefined;
}

/** Names a module exports, or undefined when we have no such module. */
export function moduleExports(module: string): ReadonlySet<string> | undefined {
  const t = moduleRoutines(module);
  return t ? new Set(t.flatMap((x) => Object.keys(x))) : undefined;
}

/** Every module we provide. */
export function knownModules(): string[] { return Object.keys(tables); }
