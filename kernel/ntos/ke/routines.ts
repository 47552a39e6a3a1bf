// ntoskrnl's ke exports, gathered from the ke files (HAL.dll's share is in kernel/ntos/hal/routines.ts).
import type { RoutineTable } from '../routine.ts';
import { irqlRoutines } from './irql-routines.ts';
import { syncRoutines } from './sync-routines.ts';
import { timerRoutines } from './timer-routines.ts';
import { miscRoutines } from './misc-routines.ts';
import { interruptSyncRoutines } from './interrupt-routines.ts';

export const routines: RoutineTable = { ...irqlRoutines, ...syncRoutines, ...timerRoutines, ...miscRoutines, ...interruptSyncRoutines };
