// ntoskrnl's Rtl exports (and the CRT functions it exports), gathered from the rtl files.
import type { RoutineTable } from '../routine.ts';
import { stringRoutines } from './string-routines.ts';
import { strsafeRoutines, crtRoutines } from './strsafe-routines.ts';
import { bitmapRoutines } from './bitmap-routines.ts';
import { systemRoutines } from './system-routines.ts';
import { registryRoutines } from './registry-routines.ts';
import { assertRoutines } from './assert-routines.ts';

export const routines: RoutineTable = { ...stringRoutines, ...strsafeRoutines, ...crtRoutines, ...bitmapRoutines, ...systemRoutines, ...registryRoutines, ...assertRoutines };
