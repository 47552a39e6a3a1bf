// A shutdown or restart as Windows runs it once the session is gone (NtShutdownSystem): IRP_MJ_SHUTDOWN to each
// device registered with IoRegisterShutdownNotification, then to those registered for the last chance (each list
// last registered first, as the I/O manager queues them at the head); then the power manager sends the system
// power IRP (IRP_MN_SET_POWER, SystemPowerState, PowerSystemShutdown with the shutdown or reset action) to every
// started device stack, children before their parent. The machine goes down only after every stack answered; a
// stack that holds its power IRP past the watchdog's time is DRIVER_POWER_STATE_FAILURE (0x9F) with parameter 3.
import type { Step } from '../ob/manager.ts';
import type { Kernel } from '../kernel.ts';
import type { IrpOrigin } from '../io/iomgr.ts';
import { allocateIrp, nextLocation, sendAndWait } from '../io/irp.ts';
import { attachedTop } from '../io/device.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { unitsToCycles, UNITS_PER_SECOND } from '../ke/clock.ts';
import { pnp } from '../io/pnp/manager.ts';
import type { DevNode } from '../io/pnp/devnode.ts';

/** How long a stack may hold the system power IRP (Windows' power IRP watchdog), in seconds of target time. */
export const POWER_IRP_WATCHDOG_SECONDS = 600;

/** IRP_MJ_SHUTDOWN to one registered device, waited for. */
function* sendShutdown(k: Kernel, device: number): Step<number> {
  const io = k.io;
  const top = attachedTop(io, device);
  const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
  io.at('IO_STACK_LOCATION', nextLocation(io, irp)).set('MajorFunction', io.c('IRP_MJ_SHUTDOWN'));
  return yield* sendAndWait(io, top, irp, { kind: 'synchronous-fsd' }, true);
}

/** The system power IRP to a device stack; a stack that never completes it stops the system (0x9F, 3). */
function* sendSystemPower(k: Kernel, n: DevNode, restart: boolean, watchdogSeconds: number): Step<number> {
  const io = k.io;
  const top = attachedTop(io, n.pdo);
  const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
  io.at('IRP', irp).set('IoStatus.Status', io.st('STATUS_NOT_SUPPORTED'));
  io.at('IO_STACK_LOCATION', nextLocation(io, irp))
    .set('MajorFunction', io.c('IRP_MJ_POWER')).set('MinorFunction', io.c('IRP_MN_SET_POWER'))
    .set('Parameters.Power.Type', k.enumValue('POWER_STATE_TYPE', 'SystemPowerState'))
    .set('Parameters.Power.State', k.enumValue('SYSTEM_POWER_STATE', 'PowerSystemShutdown'))
    .set('Parameters.Power.ShutdownType', k.enumValue('POWER_ACTION', restart ? 'PowerActionShutdownReset' : 'PowerActionShutdownOff'));
  const origin: IrpOrigin = { kind: 'synchronous-fsd' };
  const fdo = io.at('DEVICE_OBJECT', n.pdo).get('AttachedDevice');
  const watchdog = k.ke.schedule(k.ke.now() + unitsToCycles(watchdogSeconds * UNITS_PER_SECOND), () => {
    if (origin.result) return;
    // The driver holding it: the owner of the stack location the IRP is at.
    const sl = io.at('IO_STACK_LOCATION', io.at('IRP', irp).get('Tail.Overlay.CurrentStackLocation'));
    const holder = sl.get('DeviceObject') || fdo || n.pdo;
    const driver = io.devices.get(holder)?.driver.image.name;
    k.stop(new BugCheck('DRIVER_POWER_STATE_FAILURE', [3n, BigInt(n.pdo), BigInt(fdo || n.pdo), BigInt(irp)], driver));
  });
  const status = yield* sendAndWait(io, top, irp, origin, true);
  k.ke.cancelDeadline(watchdog);
  return status;
}

/** Every started devnode below `n`, leaves before their parents. */
function leavesFirst(n: DevNode, out: DevNode[] = []): DevNode[] {
  for (const c of n.children) leavesFirst(c, out);
  if (n.started && n.pdo) out.push(n);
  return out;
}

/** PopShutdownSystem's device part; runs on a system thread. */
export function* shutdownDevices(k: Kernel, restart: boolean, watchdogSeconds = POWER_IRP_WATCHDOG_SECONDS): Step<number> {
  const io = k.io;
  for (const d of [...io.shutdownDevices].reverse()) if (io.devices.has(d)) yield* sendShutdown(k, d);
  for (const d of [...io.lastChanceShutdownDevices].reverse()) if (io.devices.has(d)) yield* sendShutdown(k, d);
  for (const n of leavesFirst(pnp(k).root)) {
    if (k.bugCheck) return 0;
    yield* sendSystemPower(k, n, restart, watchdogSeconds);
  }
  return 0;
}
