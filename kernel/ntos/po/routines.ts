// po routines drivers call on power IRPs. Since Windows Vista a power IRP goes down like any other IRP: PoCallDriver
// is IoCallDriver and PoStartNextPowerIrp has nothing left to release (both stay for drivers written before).
import type { RoutineTable } from '../routine.ts';
import { callDriver } from '../io/irp.ts';

export const poRoutines: RoutineTable = {
  PoCallDriver: (k, dev, irp) => callDriver(k.io, dev, irp),
  PoStartNextPowerIrp: () => {},
};
