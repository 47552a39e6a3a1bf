// Starting and stopping a kernel driver's service from a user thread's kernel half (advapi32's StartService and
// ControlService): the step forms of the I/O manager's ServiceControl, which hold the one start/stop sequence.
import type { Step } from '../ntos/ob/manager.ts';
import type { IoManager } from '../ntos/io/iomgr.ts';

export function startServiceStep(io: IoManager, name: string): Step<number> { return io.services.startStep(name); }

export function stopServiceStep(io: IoManager, name: string): Step<number> { return io.services.stopStep(name); }
