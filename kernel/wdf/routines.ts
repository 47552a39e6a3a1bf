// KMDF's exported routines (Wdf01000.sys). Filled as the framework is implemented.
import type { RoutineTable } from '../ntos/routine.ts';

export const routines: RoutineTable = {};
