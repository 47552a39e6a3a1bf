// The I/O view's side of a running system: one device's stack (PDO, filters, FDO with their drivers, bottom first)
// and the IRP trace on it (io/trace.ts), switched on only while the app watches that device.
import type { IrpTraceEvent, StackDevice } from '../../main/machine/protocol.ts';
import type { PnpManager } from '../ntos/io/pnp/manager.ts';
import type { IoManager } from '../ntos/io/iomgr.ts';

export function watchStack(io: IoManager, m: PnpManager, instanceId: string | undefined, service: (id: string) => string,
  sink: (e: IrpTraceEvent) => void): StackDevice[] {
  io.irpWatch = undefined;
  if (instanceId === undefined) return [];
  const n = m.node(instanceId);
  if (!n || n === m.root) throw new Error(`No device has the instance path ${instanceId}.`);
  const fn = service(instanceId).toLowerCase();
  const stack = [n.pdo, ...n.attached].filter((d) => d).map((d): StackDevice => {
    const rec = io.devices.get(d >>> 0);
    const driver = rec ? io.readUnicodeString(io.at('DRIVER_OBJECT', rec.driver.object).addr('DriverName')) : '';
    const role = d === n.pdo ? 'PDO' : rec && rec.driver.service.toLowerCase() === fn ? 'FDO' : 'Filter';
    return { address: d >>> 0, role, name: rec?.header.name ?? '', driver };
  });
  io.irpWatch = { has: (d) => d === n.pdo >>> 0 || n.attached.some((a) => a >>> 0 === d), emit: sink };
  return stack;
}
