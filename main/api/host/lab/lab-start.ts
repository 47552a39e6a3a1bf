// Opening a lab that begins "already provisioned" (lab.json's startSnapshot) puts its target in the app's lab:
// restored from the cached start snapshot, or made and provisioned once and cached (main/engine/labs/start-snapshot.ts,
// the same start `driverlab lab` makes). A lab that already has a computer of that name keeps it: the learner's
// machine is never replaced. What happens goes to the Output window; the machine shows up as any other does,
// cabled and, in Configure Devices, provisioned with the snapshot's debugger settings.
import type { DebugSettings } from '../../contract.ts';
import { loadLab } from '../../../engine/labs/load.ts';
import { startFromSnapshot, type StartSnapshot } from '../../../engine/labs/start-snapshot.ts';
import type { ResolvedDebugger } from '../../../engine/provision/provision.ts';
import type { LabHost } from './lab-host.ts';

/** One start at a time per target name (opening the lab twice quickly makes it once). */
const starting = new WeakMap<LabHost, Map<string, Promise<void>>>();

/** Start the lab's start target if the lab has one and the machine is not there yet; resolves when it is running. */
export function openLabStart(h: LabHost, labId: string): Promise<void> {
  const spec = loadLab(labId).lab.startSnapshot;
  if (!spec) return Promise.resolve();
  const mine = starting.get(h) ?? new Map<string, Promise<void>>();
  starting.set(h, mine);
  const key = spec.target.toLowerCase();
  const running = mine.get(key);
  if (running) return running;
  const p = start(h, spec).finally(() => mine.delete(key));
  mine.set(key, p);
  return p;
}

async function start(h: LabHost, spec: StartSnapshot): Promise<void> {
  const lab = await h.lab();
  if (lab.targetNames().some((n) => n.toLowerCase() === spec.target.toLowerCase())) return;
  try {
    const r = await startFromSnapshot(lab, spec, { say: (l) => h.note('host', l) });
    h.setNetCable(spec.target, true);
    if (r.debugger) h.provisioned.set(spec.target, { hostName: lab.host.name, debug: debugSettings(r.debugger) });
    h.changed(lab);
  } catch (e) {
    h.note('host', `The lab's start computer ${spec.target} could not be prepared: ${(e as Error).message}`);
    throw e;
  }
}

function debugSettings(d: ResolvedDebugger): DebugSettings {
  return d.kind === 'net' ? { kind: 'net', hostIp: d.hostIp, port: d.port, key: d.key } : { kind: 'serial', port: d.port === 2 ? 'COM2' : 'COM1', baud: d.baud };
}
