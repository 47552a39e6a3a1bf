// Device Manager on a target. The device tree lives in the target's kernel (the PnP manager in the machine's
// worker); the lab engine reads it with `devices(name)` and acts on it with `deviceAction(name, action, instanceId)`.
import { ApiError, type Device, type DeviceAction } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabEngine } from '../../../engine/lab-engine.ts';
import type { LabHost } from './lab-host.ts';

/** What the Device Manager window needs from the engine (LabEngine has it; an engine without it answers ENGINE_NOT_AVAILABLE). */
export interface DeviceTreeSource {
  devices(machine: string): Promise<Device[]>;
  deviceAction(machine: string, action: DeviceAction, instanceId?: string, options?: { deleteDriver?: boolean }): Promise<string>;
}
const source = (lab: LabEngine): DeviceTreeSource | undefined => {
  const l = lab as unknown as Partial<DeviceTreeSource>;
  return typeof l.devices === 'function' && typeof l.deviceAction === 'function' ? (l as DeviceTreeSource) : undefined;
};
const missing = () => new ApiError('ENGINE_NOT_AVAILABLE', 'Device Manager needs the lab engine to read the target\'s device tree (LabEngine.devices), which this engine does not offer.');

export function devmgrHandlers(h: LabHost): Pick<Handlers, 'devmgr.snapshot' | 'devmgr.action'> {
  return {
    'devmgr.snapshot': async ({ machine }) => {
      const { lab, name } = await h.target(machine);
      const src = source(lab);
      if (!src) throw missing();
      return { computer: name, devices: await src.devices(name) };
    },
    'devmgr.action': async ({ machine, action, instanceId, deleteDriver }) => {
      const { lab, name } = await h.target(machine);
      const src = source(lab);
      if (!src) throw missing();
      if (action !== 'scan' && !instanceId) throw new ApiError('BAD_PARAMS', `${action} needs the device's instance path`);
      const message = await src.deviceAction(name, action, instanceId, { deleteDriver });
      h.emit('devmgr.changed', { machine: name });
      return { message };
    },
  };
}
