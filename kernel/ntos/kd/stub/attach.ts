// The kernel debugger at boot (BootConfig.kdModule): when the BCD has debug on, the KD stub is created before the
// first driver loads and plugged into the cable `bcdedit /dbgsettings` chose (KDNET over the machine's network
// stack, KDCOM over its COM port). While the stub holds the target for a stop the machine shows as broken in; the
// runner does not slice the kernel (KdStub.holding), and the machine is kicked when the stub lets it go.
import type { Machine } from '../../../../main/machine/machine.ts';
import type { KdTransport } from '../../../../main/machine/devices/bcd-store.ts';
import { KdnetLink } from '../../../../main/formats/kd/kdnet.ts';
import type { Kernel } from '../../kernel.ts';
import { KdStub } from './stub.ts';
import { serialResendMs, targetUartLink, targetUdpLink } from './transports.ts';

const stubs = new WeakMap<Kernel, KdStub>();
/** The stub a booted kernel carries (undefined without debug on). */
export function kdStubOf(k: Kernel): KdStub | undefined { return stubs.get(k); }

export function attachDebugger(k: Kernel, m: Machine, t: KdTransport | { type: string }): void {
  // A full packet takes ~350 ms at 115200 baud: KDCOM waits longer for an acknowledgement than KDNET does.
  const stub = new KdStub(k, t.type === 'serial' ? { port: { resendMs: serialResendMs((t as Extract<KdTransport, { type: 'serial' }>).baudrate) } } : {});
  stubs.set(k, stub);
  if (t.type === 'net') {
    const n = t as Extract<KdTransport, { type: 'net' }>;
    if (!m.net) return;
    try { stub.attach(new KdnetLink(targetUdpLink(m.net, n.hostip, n.port), n.key)); } catch (e) {
      m.consoleWrite(`KDNET: ${(e as Error).message}\r\n`); // a bad key or host address: no debugger, the system boots
      return;
    }
  } else if (t.type === 'serial') {
    const c = t as Extract<KdTransport, { type: 'serial' }>;
    stub.attach(targetUartLink(m, c.debugport === 2 ? 2 : 1, c.baudrate));
  } else return;
  stub.onReboot(() => { void m.restart(); });
  let before: Machine['status'] | undefined;
  stub.onStop((notice) => {
    // A load or connect notice holds the target for the moment the debugger takes to continue it: not a break-in.
    if (notice) return;
    if (m.status.state === 'running' || m.status.state === 'booting') { before = m.status; m.setStatus({ state: 'broken-in' }); }
  });
  stub.onResume(() => {
    if (!stub.isBroken && m.status.state === 'broken-in' && before) { m.setStatus(before); before = undefined; }
    m.kick();
  });
}
