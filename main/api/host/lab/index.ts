// The lab's handlers, in one object for service.ts; without an engine every one answers ENGINE_NOT_AVAILABLE.
import { ApiError } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { Workspace } from '../workspace.ts';
import { LabHost } from './lab-host.ts';
import { machineHandlers } from './machines.ts';
import { KdHost, kdHandlers } from './kd.ts';
import { provisionHandlers } from './provision.ts';
import { deployHandlers } from './deploy.ts';
import { devmgrHandlers } from './devmgr.ts';
import { ioViewHandlers } from './io-view.ts';
import { GuideHost, guideHandlers } from './guide.ts';

export type LabHandlers = ReturnType<typeof labHandlers>;

export function labHandlers(ws: Workspace, h: LabHost | undefined) {
  if (!h) {
    const off = () => { throw new ApiError('ENGINE_NOT_AVAILABLE', 'This DriverLab runs without the machine engine.'); };
    const names = ['machine.list', 'machine.create', 'machine.power', 'machine.restart', 'machine.remove', 'machine.firmware', 'machine.checkpoint', 'machine.checkpoints',
      'machine.applyCheckpoint', 'cable.list', 'cable.plug',
      'cable.unplug', 'console.input', 'console.read', 'kd.connect', 'kd.disconnect', 'kd.command', 'kd.break', 'kd.status', 'kd.complete',
      'devmgr.snapshot', 'devmgr.action', 'io.watch', 'provision.generateKey', 'provision.start', 'deploy.run',
      'lab.list', 'lab.open', 'lab.progress', 'lab.reveal'] as const;
    return Object.fromEntries(names.map((n) => [n, off])) as unknown as Pick<Handlers, (typeof names)[number]>;
  }
  const kd = new KdHost(h, ws.root);
  return { ...machineHandlers(h), ...kdHandlers(h, kd), ...provisionHandlers(h), ...deployHandlers(h, ws), ...devmgrHandlers(h), ...ioViewHandlers(h),
    ...guideHandlers(new GuideHost(h, kd, ws)) };
}

export { LabHost };
