// WUDFx02000.dll's exports: the UMDF 2 framework is the same WDF implementation as Wdf01000.sys (kernel/wdf), run
// for a driver in a WUDFHost.exe process (see host.ts: the framework then works on the process's memory and calls
// the driver on the host's thread). What UMDF 2 leaves out of the API is left out here: WDM access (a user-mode
// driver never sees IRPs, device or driver objects), DPCs and control devices.
import type { RoutineTable } from '../../ntos/routine.ts';
import { routines as wdfRoutines } from '../../wdf/routines.ts';

const KMDF_ONLY = /Wdm|Dpc|ControlDevice|ControlFinish/;

export const umdfRoutines: RoutineTable = Object.fromEntries(Object.entries(wdfRoutines).filter(([name]) => !KMDF_ONLY.test(name)));
