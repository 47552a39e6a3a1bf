// Handlers for machines, cables and target consoles: the network view's actions and each target's command prompt.
import { ApiError } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabHost } from './lab-host.ts';
import { prepareTarget } from '../../../engine/provision/prepare.ts';
import { CheckpointNameError, type CheckpointInfo } from '../../../engine/checkpoints.ts';

/** The engine's checkpoint (its target left out: the request named it); a wrong name as its own error code. */
const shown = ({ name, created, parent, status }: CheckpointInfo, current?: string) =>
  ({ name, created, ...(parent ? { parent } : {}), status: { ...status }, ...(current === name ? { current: true } : {}) });
async function named<T>(f: () => Promise<T>): Promise<T> {
  try { return await f(); } catch (e) {
    if (!(e instanceof CheckpointNameError)) throw new ApiError('FAILED', (e as Error).message);
    throw new ApiError(e.kind === 'exists' ? 'ALREADY_EXISTS' : e.kind === 'not-found' ? 'NOT_FOUND' : 'BAD_PARAMS', e.message);
  }
}

type MachineHandlers = Pick<Handlers, 'machine.list' | 'machine.create' | 'machine.power' | 'machine.restart' | 'machine.remove' | 'machine.firmware'
  | 'machine.checkpoint' | 'machine.checkpoints' | 'machine.applyCheckpoint'
  | 'cable.list' | 'cable.plug' | 'cable.unplug' | 'console.input' | 'console.read'>;

export function machineHandlers(h: LabHost): MachineHandlers {
  return {
    'machine.list': async () => h.network(await h.lab()),
    'machine.create': async ({ name }) => {
      const lab = await h.lab();
      try { await lab.newTarget(name); } catch (e) {
        throw new ApiError(/already exists/.test((e as Error).message) ? 'ALREADY_EXISTS' : 'FAILED', (e as Error).message);
      }
      // A new test computer as the Hello World guide has it prepared (WDK Test Target Setup installed, the firewall's
      // sharing and discovery rules on) but with Secure Boot on, as a PC ships: the learner turns it off in the
      // target's UEFI settings (machine.firmware), as the provisioning guide says. Its network cable is in the lab
      // switch, as a VM on the host's virtual switch.
      await prepareTarget(lab, name, { secureBoot: true });
      lab.cable({ kind: 'net', a: 'host', b: name });
      h.setNetCable(name, true);
      h.changed(lab);
      return h.machineInfo(lab, name);
    },
    'machine.power': async ({ name, on }) => {
      const t = await h.target(name);
      await t.lab.power(t.name, on);
      h.changed(t.lab);
      return {};
    },
    'machine.restart': async ({ name }) => {
      const t = await h.target(name);
      await t.lab.restart(t.name);
      return {};
    },
    'machine.firmware': async ({ name, secureBoot }) => {
      const t = await h.target(name);
      const fw = await t.lab.setFirmware(t.name, secureBoot === undefined ? {} : { secureBoot });
      return { vendor: fw.vendor, version: fw.version, secureBoot: fw.secureBoot, bootOrder: [...fw.bootOrder] };
    },
    'machine.checkpoint': async ({ name, checkpoint }) => {
      const t = await h.target(name);
      const cp = await named(() => t.lab.checkpoint(t.name, checkpoint));
      h.changed(t.lab); // the lab's save lists its checkpoints
      return shown(cp, t.lab.currentCheckpoint(t.name));
    },
    'machine.checkpoints': async ({ name }) => {
      const t = await h.target(name);
      const current = t.lab.currentCheckpoint(t.name);
      return t.lab.checkpoints(t.name).map((c) => shown(c, current));
    },
    'machine.applyCheckpoint': async ({ name, checkpoint }) => {
      const t = await h.target(name);
      const r = await named(() => t.lab.applyCheckpoint(t.name, checkpoint));
      h.changed(t.lab);
      return { checkpoint: shown(r.checkpoint, t.lab.currentCheckpoint(t.name)), exact: r.exact, ...(r.reason ? { reason: r.reason } : {}), status: { ...r.status } };
    },
    'machine.remove': async ({ name }) => {
      const t = await h.target(name);
      await t.lab.removeTarget(t.name);
      h.forget(t.name);
      h.changed(t.lab);
      return {};
    },
    'cable.list': async () => h.cables(await h.lab()),
    'cable.plug': async (c) => {
      const lab = await h.lab();
      if (c.kind === 'net') {
        const end = [c.a, c.b].find((x) => x.toLowerCase() !== 'host');
        if (!end || [c.a, c.b].every((x) => x.toLowerCase() !== 'host')) throw new ApiError('FAILED', 'A network cable joins a computer to the lab switch: plug it between host and a target.');
        const t = await h.target(end);
        lab.cable({ kind: 'net', a: 'host', b: t.name });
        h.setNetCable(t.name, true);
      } else {
        try { lab.cable(c); } catch (e) { throw new ApiError('FAILED', (e as Error).message); }
      }
      h.changed(lab);
      return h.cables(lab);
    },
    'cable.unplug': async ({ kind, end }) => {
      const lab = await h.lab();
      if (kind === 'net') {
        const t = await h.target(end);
        lab.unplug({ kind: 'net', end: t.name });
        h.setNetCable(t.name, false);
      } else {
        try { lab.unplug({ kind: 'serial', end }); } catch (e) { throw new ApiError('NOT_FOUND', (e as Error).message); }
      }
      h.changed(lab);
      return h.cables(lab);
    },
    'console.input': async ({ machine, text }) => {
      const t = await h.target(machine);
      const state = t.lab.status(t.name).state;
      if (state !== 'running') throw new ApiError('FAILED', `${t.name} is ${state}; its command prompt cannot take input.`);
      t.lab.machineHost(t.name).post({ t: 'console-in', text });
      return {};
    },
    'console.read': async ({ machine }) => {
      const t = await h.target(machine);
      return { text: h.consoleText(t.name) };
    },
  };
}
