// The running system's side of `shutdown /r` and the agent's reboot: the power manager's device shutdown
// (kernel/ntos/po/shutdown.ts) runs on a system thread while the machine keeps running the kernel; the machine may
// go down once it finished. False when the system stopped instead (a bugcheck such as 0x9F).
import type { Machine } from '../../main/machine/machine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { shutdownDevices } from '../ntos/po/shutdown.ts';

export async function shutdownDrivers(m: Machine, k: Kernel, restart: boolean): Promise<boolean> {
  if (k.bugCheck) return false;
  const t = k.io.startSystemThread('PopShutdownSystem', () => shutdownDevices(k, restart));
  m.kick();
  while (t.state !== 'exited' && t.state !== 'faulted' && t.state !== 'stopped' && !k.bugCheck) await m.sleep(20);
  return !k.bugCheck && t.state === 'exited';
}
