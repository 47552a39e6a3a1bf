// KMDF's exported routines (Wdf01000.sys), gathered from one file per framework object type. Every routine's
// first argument is the calling driver's WDF_DRIVER_GLOBALS (our headers' wrappers pass it), except the binding
// pair WdfVersionBind/WdfVersionUnbind that creates and ends it.
import type { RoutineTable } from '../ntos/routine.ts';
import { driverRoutines } from './driver.ts';
import { deviceRoutines } from './device.ts';
import { queueRoutines } from './queue.ts';
import { requestRoutines } from './request.ts';
import { memoryRoutines } from './memory.ts';
import { timerRoutines } from './timer.ts';
import { workItemRoutines } from './workitem.ts';
import { dpcRoutines } from './dpc.ts';
import { syncRoutines } from './sync.ts';
import { collectionRoutines } from './collection.ts';
import { objectRoutines } from './object-routines.ts';
import { registryRoutines } from './registry.ts';
import { ioTargetRoutines } from './iotarget.ts';
import { propertyRoutines } from './property.ts';

export const routines: RoutineTable = {
  ...driverRoutines, ...deviceRoutines, ...queueRoutines, ...requestRoutines, ...memoryRoutines, ...timerRoutines,
  ...dpcRoutines, ...workItemRoutines, ...syncRoutines, ...collectionRoutines, ...objectRoutines, ...registryRoutines, ...ioTargetRoutines, ...propertyRoutines,
};
