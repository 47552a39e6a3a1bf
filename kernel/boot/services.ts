// What the boot starts from the registry: kernel drivers by their Start value (0 boot, 1 system before Plug and
// Play; 2 automatic after it), and the root-enumerated devices setup created on an earlier boot (Enum\ROOT\...),
// each re-created under the root and started, as Plug and Play enumeration finds them again.
import { REG_DWORD } from '../ntos/cm/registry.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { SERVICES_KEY } from '../ntos/io/driver.ts';
import { ENUM_KEY, type PnpManager } from '../ntos/io/pnp/manager.ts';
import type { DevNode } from '../ntos/io/pnp/devnode.ts';

const SERVICE_KERNEL_DRIVER = 1, SERVICE_FILE_SYSTEM_DRIVER = 2;

/** Start kernel drivers whose Start is one of `starts`; the services that failed, with their Win32 error. */
export function startServices(k: Kernel, starts: number[]): { name: string; error: number }[] {
  const failed: { name: string; error: number }[] = [];
  const services = k.registry.open(SERVICES_KEY);
  for (const key of services?.subkeys.values() ?? []) {
    if (k.bugCheck) break;
    const type = Number(key.value('Type')?.data ?? 0), start = Number(key.value('Start')?.data ?? 3);
    if (type !== SERVICE_KERNEL_DRIVER && type !== SERVICE_FILE_SYSTEM_DRIVER) continue;
    if (!starts.includes(start)) continue;
    if (k.io.drivers.has(key.name.toLowerCase())) continue;
    const error = k.io.services.start(key.name);
    if (error) failed.push({ name: key.name, error });
  }
  return failed;
}

/** Root devices remembered in Enum\ROOT, re-created with their instance IDs and started; the nodes. */
export function enumerateRootDevices(m: PnpManager): DevNode[] {
  const nodes: DevNode[] = [];
  const root = m.k.registry.open(`${ENUM_KEY}\\ROOT`);
  for (const group of [...(root?.subkeys.values() ?? [])]) {
    for (const inst of [...group.subkeys.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const id = `ROOT\\${group.name}\\${inst.name}`;
      if (m.node(id) || m.k.bugCheck) continue;
      const saved = [...inst.values.values()].map((v) => ({ ...v }));
      const ids = inst.value('HardwareID')?.data;
      const hardwareIds = Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : [];
      const compat = inst.value('CompatibleIDs')?.data;
      // The remembered key's own instance ID is kept.
      const n = m.createRootDevice({ hardwareIds, compatibleIds: Array.isArray(compat) ? compat : [], className: group.name, instanceId: id });
      const key = m.enumKey(n, true)!;
      for (const v of saved) key.setValue(v.name, v.type, v.data);
      if (!key.value('ConfigFlags')) key.setValue('ConfigFlags', REG_DWORD, 0);
      m.startDevice(n);
      nodes.push(n);
    }
  }
  return nodes;
}
