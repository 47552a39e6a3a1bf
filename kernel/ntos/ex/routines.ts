// ntoskrnl's ex exports, gathered from the ex files.
import type { RoutineTable } from '../routine.ts';
import { poolRoutines } from './pool-routines.ts';
import { lockRoutines } from './lock-routines.ts';
import { listRoutines } from './list-routines.ts';
import { exTimerRoutines } from './timer-routines.ts';

export const routines: RoutineTable = { ...poolRoutines, ...lockRoutines, ...listRoutines, ...exTimerRoutines };
