// The I/O publisher: nt!IopRootDeviceNode and the KdpIoTables (device nodes, driver and device object names, the
// routine behind each function-table slot) the debugger's !devnode/!drvobj/!devobj/!devstack/!irp read. Rewritten
// each time the stub freezes the target.
import {
  encodeIoTables, IOP_ROOT_DEVICE_NODE, IO_TABLES, IO_TABLES_SIZE,
  type NamedObjectRecord, type RoutineRecord,
} from '../../../../main/formats/kd/ntdata-io.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Kernel } from '../../kernel.ts';
import { pnpOf } from '../../io/pnp/manager.ts';
import { DEVNODE_STATES } from '../../io/pnp/devnode.ts';
import type { KdPublisher } from './publishers.ts';
import { routineSlot, type HostModule } from './hostmodules.ts';

/** 'ntoskrnl!IopInvalidDeviceRequest' → 'nt!IopInvalidDeviceRequest' (the debugger's module names). */
function debuggerName(name: string): string {
  const [mod, routine] = name.includes('!') ? name.split('!') as [string, string] : ['ntoskrnl', name];
  const m = mod.toLowerCase() === 'ntoskrnl' ? 'nt' : mod.toLowerCase() === 'wdf01000' ? 'Wdf01000' : mod;
  return `${m}!${routine}`;
}

function hostRoutineAddress(k: Kernel, name: string): number {
  const [mod, routine] = name.split('!') as [string, string];
  const hm = (k.debugger as { hostModules?: HostModule[] } | undefined)?.hostModules
    ?.find((h) => h.moduleName.toLowerCase() === mod.toLowerCase());
  return hm ? routineSlot(k, hm, routine) : 0;
}

function refresh(k: Kernel, at: (name: string) => number): void {
  const area = at(IO_TABLES);
  const m = pnpOf(k);
  const nodes = m ? m.list() : [];
  k.memory.writeU64(at(IOP_ROOT_DEVICE_NODE), m ? toVA(m.root.address) : 0n);
  const devnodes = nodes.map((n) => ({
    address: toVA(n.address), parent: n.parent ? toVA(n.parent.address) : 0n, pdo: n.pdo ? toVA(n.pdo) : 0n,
    state: DEVNODE_STATES[n.state], previousState: DEVNODE_STATES[n.previousState], problem: n.problem, problemStatus: n.problemStatus >>> 0,
    instancePath: n.instanceId, serviceName: n.services.find((s) => s) ?? n.builtIn?.service ?? '',
  }));
  const objects: NamedObjectRecord[] = [];
  for (const d of k.io.drivers.values()) objects.push({ address: toVA(d.object), name: k.ob.pathOf(d.header) });
  for (const d of k.io.devices.values()) if (d.header.name !== undefined) objects.push({ address: toVA(d.object), name: k.ob.pathOf(d.header) });
  const P = k.processor;
  const routines: RoutineRecord[] = [];
  P.table.forEach((f, slot) => {
    if (!f) return;
    if (f.kind === 'wasm') routines.push({ slot, address: toVA(P.codeOffset(f.id, 0)), name: '' });
    else { const name = debuggerName(f.name); routines.push({ slot, address: toVA(hostRoutineAddress(k, name)), name }); }
  });
  k.memory.u8.set(encodeIoTables({ devnodes, objects, routines }, IO_TABLES_SIZE), area);
}

export const ioPublisher: KdPublisher = {
  file: 'ntoskrnl.exe',
  symbols: [{ name: IOP_ROOT_DEVICE_NODE, size: 8 }, { name: IO_TABLES, size: IO_TABLES_SIZE }],
  refresh,
};
