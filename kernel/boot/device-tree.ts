// Device Manager's view of a running system: the PnP manager's device nodes with what the registry (Enum and Class
// keys) and the driver store say about each, and the actions Device Manager offers (enable, disable, uninstall,
// scan for hardware changes). The machine's worker reaches it through the kernel module's `deviceTree` export.
import type { Machine } from '../../main/machine/machine.ts';
import type { DeviceAction, DeviceTree, TargetDevice } from '../../main/machine/protocol.ts';
import { CLASS_KEY, pnp, type PnpEvent, type PnpManager } from '../ntos/io/pnp/manager.ts';
import type { DevNode } from '../ntos/io/pnp/devnode.ts';
import { runningSystem, type RunningSystem } from './boot.ts';
import { enumerateRootDevices } from './services.ts';
import { watchStack } from './device-stack.ts';

/** The inbox drivers of the built-in devices (Windows ships them, signed by Microsoft). */
const INBOX = { provider: 'Microsoft', date: '6/21/2006', version: '10.0.22621.1', signer: 'Microsoft Windows' };

function str(v: unknown): string { return typeof v === 'string' ? v : ''; }
function strs(v: unknown): string[] { return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []; }

function eventText(e: PnpEvent, service: string): string {
  switch (e.kind) {
    case 'arrival': return 'Device configured';
    case 'started': return `Device started (${service})`;
    case 'failed': return `Device not started (${service}): problem ${e.problem ?? 0}`;
    case 'disabled': return 'Device disabled';
    case 'removed': return 'Device deleted';
  }
  return e.kind;
}

function describe(sys: RunningSystem, m: PnpManager, n: DevNode): TargetDevice {
  const key = m.enumKey(n);
  const val = (name: string): unknown => key?.value(name)?.data;
  const service = n.builtIn?.service ?? str(val('Service'));
  const driverKey = str(val('Driver')) ? sys.kernel.registry.open(`${CLASS_KEY}\\${str(val('Driver'))}`) : undefined;
  const inf = str(driverKey?.value('InfPath')?.data);
  const pkg = sys.setup.packages.find((p) => p.publishedName.toLowerCase() === inf.toLowerCase());
  // DriverVer = date,version as setup recorded it for the package (the date as the INF writes it, MM/DD/YYYY).
  const driverVer = (pkg?.driverVer ?? '').split(',');
  const driver = n.builtIn
    ? { ...INBOX, files: service ? [`C:\\Windows\\System32\\drivers\\${service}.sys`] : [], inf: 'machine.inf' }
    : {
      provider: str(driverKey?.value('ProviderName')?.data), date: driverVer[0] ?? '',
      version: driverVer[1] || str(driverKey?.value('DriverVersion')?.data), signer: pkg?.signer ?? '',
      files: pkg ? Object.keys(pkg.files).map((f) => f.toLowerCase().endsWith('.sys') ? `C:\\Windows\\System32\\drivers\\${f}` : f) : [], inf,
    };
  return {
    instanceId: n.instanceId,
    // Devices directly under HTREE\ROOT\0 hang off the computer itself in Device Manager.
    parent: n.parent && n.parent !== m.root ? n.parent.instanceId : undefined,
    name: str(val('FriendlyName')) || n.builtIn?.description || str(val('DeviceDesc')) || n.hardwareIds[0] || n.instanceId,
    className: n.builtIn?.className ?? (str(val('Class')) || 'Unknown'),
    classGuid: n.builtIn?.classGuid ?? str(val('ClassGUID')),
    status: n.statusText, problem: n.problem, disabled: n.disabled, hidden: false,
    hardwareIds: n.hardwareIds.length ? n.hardwareIds : strs(val('HardwareID')),
    compatibleIds: n.compatibleIds.length ? n.compatibleIds : strs(val('CompatibleIDs')),
    service, driver,
    events: m.events.filter((e) => e.node === n).map((e) => ({ time: '', text: eventText(e, service) })),
  };
}

function act(sys: RunningSystem, m: PnpManager, action: DeviceAction, instanceId?: string): string {
  if (action === 'scan') {
    const found = enumerateRootDevices(m);
    sys.flush();
    return found.length ? `Scanning for new hardware. Found ${found.length} device(s). Scanning completed.` : 'Scanning for new hardware. Scanning completed.';
  }
  const n = instanceId ? m.node(instanceId) : undefined;
  if (!n || n === m.root) throw new Error(`No device has the instance path ${instanceId ?? '(none)'}.`);
  let message: string;
  if (action === 'enable') {
    m.enableDevice(n);
    message = `${n.instanceId}: Enabled. ${n.statusText}`;
  } else if (action === 'disable') {
    if (n.builtIn) throw new Error(`${n.instanceId} is a system device and cannot be disabled here.`);
    message = m.disableDevice(n) ? `${n.instanceId}: Disabled` : `${n.instanceId}: Disable failed (a driver vetoed the removal)`;
  } else {
    if (n.builtIn) throw new Error(`${n.instanceId} is a system device and cannot be uninstalled.`);
    message = m.removeDevice(n) ? `${n.instanceId}: Removed` : `${n.instanceId}: Remove failed (a driver vetoed the removal)`;
  }
  sys.flush();
  return message;
}

/** The running system's device tree, or undefined while the machine is off, booting or bugchecked. */
export function deviceTree(machine: Machine): DeviceTree | undefined {
  const sys = runningSystem(machine);
  if (!sys) return undefined;
  const m = pnp(sys.kernel);
  return {
    list: () => m.list().filter((n) => n !== m.root).map((n) => describe(sys, m, n)),
    action: (action, instanceId) => act(sys, m, action, instanceId),
    watch: (instanceId, sink) => watchStack(sys.kernel.io, m, instanceId, (id) => { const n = m.node(id); return n ? describe(sys, m, n).service : ''; }, sink),
  };
}
