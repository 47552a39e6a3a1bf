// Device Manager's view of a running system: the PnP manager's device nodes with what the registry (Enum and Class
// keys) and the driver store say about each, the non-present devices the Enum key still remembers (Show hidden
// devices), and the actions Device Manager offers (enable, disable, update driver, uninstall, scan for hardware
// changes). The machine's worker reaches it through the kernel module's `deviceTree` export.
import type { Machine } from '../../main/machine/machine.ts';
import type { DeviceAction, DeviceTree, TargetDevice } from '../../main/machine/protocol.ts';
import { CLASS_KEY, CONFIGFLAG_DISABLED, ENUM_KEY, pnp, type PnpEvent, type PnpManager } from '../ntos/io/pnp/manager.ts';
import { CM_PROB, PROBLEMS, type DevNode } from '../ntos/io/pnp/devnode.ts';
import { SERVICES_KEY } from '../ntos/io/driver.ts';
import { runningSystem, type RunningSystem } from './boot.ts';
import { enumerateRootDevices } from './services.ts';
import { watchStack } from './device-stack.ts';

/** The inbox drivers of the built-in devices (Windows ships them, signed by Microsoft). */
const INBOX = { provider: 'Microsoft', date: '6/21/2006', version: '10.0.22621.1', signer: 'Microsoft Windows' };
/** An inbox driver file's version resource, as Driver File Details shows it. */
const INBOX_FILE = { provider: 'Microsoft Corporation', version: '10.0.22621.1 (WinBuild.160101.0800)', copyright: '\u00a9 Microsoft Corporation. All rights reserved.', signer: 'Microsoft Windows' };
/** Our builds carry no version resource: Driver File Details says so for each field it would read from one. */
const NOT_AVAILABLE = 'Not available';

/** The descriptions of the device setup classes Windows ships (machine.inf's class keys), as Device Manager heads its groups. */
const CLASS_TITLES: Record<string, string> = {
  Computer: 'Computer', System: 'System devices', Ports: 'Ports (COM & LPT)', Net: 'Network adapters', DiskDrive: 'Disk drives',
  HDC: 'IDE ATA/ATAPI controllers', SCSIAdapter: 'Storage controllers', Display: 'Display adapters', Keyboard: 'Keyboards',
  Mouse: 'Mice and other pointing devices', USB: 'Universal Serial Bus controllers', Processor: 'Processors', Monitor: 'Monitors',
  SoftwareDevice: 'Software devices', Extension: 'Extensions', Unknown: 'Other devices',
};
/** The manufacturer machine.inf names for the built-in devices' drivers. */
const INBOX_MFG: Record<string, string> = {
  Computer: '(Standard computers)', System: '(Standard system devices)', Ports: '(Standard port types)', DiskDrive: '(Standard disk drives)',
  HDC: 'Standard SATA AHCI Controller', Net: 'Intel',
};

function str(v: unknown): string { return typeof v === 'string' ? v : ''; }
function strs(v: unknown): string[] { return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []; }
/** \SystemRoot\x → C:\Windows\x, as Win32 paths show. */
function win32(nt: string): string { return nt.replace(/^\\SystemRoot\\/i, 'C:\\Windows\\').replace(/^\\\?\?\\/, ''); }

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

/** A device Device Manager lists: a node in the tree, or a non-present one only the registry remembers (n undefined). */
function describe(sys: RunningSystem, m: PnpManager, instanceId: string, n?: DevNode): TargetDevice {
  const key = n ? m.enumKey(n) : sys.kernel.registry.open(`${ENUM_KEY}\\${instanceId}`);
  const val = (name: string): unknown => key?.value(name)?.data;
  const service = n?.builtIn?.service ?? str(val('Service'));
  const driverKey = str(val('Driver')) ? sys.kernel.registry.open(`${CLASS_KEY}\\${str(val('Driver'))}`) : undefined;
  const inf = str(driverKey?.value('InfPath')?.data);
  const pkg = inf ? sys.setup.packages.find((p) => p.publishedName.toLowerCase() === inf.toLowerCase()) : undefined;
  // DriverVer = date,version as setup recorded it for the package (the date as the INF writes it, MM/DD/YYYY).
  const driverVer = (pkg?.driverVer ?? '').split(',');
  const imagePath = (name: string): string | undefined => {
    const p = str(sys.kernel.registry.open(`${SERVICES_KEY}\\${service}`)?.value('ImagePath')?.data);
    return p.toLowerCase().endsWith(`\\${name.toLowerCase()}`) ? win32(p) : undefined;
  };
  const packageFiles = pkg ? Object.keys(pkg.files).filter((f) => !/\.(inf|cat)$/i.test(f)).map((f) => ({
    path: imagePath(f) ?? `C:\\Windows\\System32\\drivers\\${f}`, provider: NOT_AVAILABLE, version: NOT_AVAILABLE, copyright: NOT_AVAILABLE,
    signer: pkg.signed ? pkg.signer ?? '' : 'Not digitally signed',
  })) : [];
  const className = n?.builtIn?.className ?? (str(val('Class')) || 'Unknown');
  const classGuid = n?.builtIn?.classGuid ?? str(val('ClassGUID'));
  const driver = n?.builtIn
    ? { ...INBOX, files: service ? [{ path: `C:\\Windows\\System32\\drivers\\${service}.sys`, ...INBOX_FILE }] : [], inf: 'machine.inf' }
    : {
      provider: str(driverKey?.value('ProviderName')?.data), date: driverVer[0] ?? '',
      version: driverVer[1] || str(driverKey?.value('DriverVersion')?.data), signer: pkg?.signer ?? '', files: packageFiles, inf,
    };
  const problem = n ? n.problem : CM_PROB.PHANTOM;
  return {
    instanceId,
    // Devices directly under HTREE\ROOT\0 hang off the computer itself in Device Manager.
    parent: n?.parent && n.parent !== m.root ? n.parent.instanceId : undefined,
    name: str(val('FriendlyName')) || n?.builtIn?.description || str(val('DeviceDesc')) || n?.hardwareIds[0] || instanceId,
    className, classGuid,
    // The class key's own description (an INF's ClassInstall32 writes it), else the one Windows ships.
    classTitle: str(classGuid ? sys.kernel.registry.open(`${CLASS_KEY}\\${classGuid}`)?.value('')?.data : '') || CLASS_TITLES[className] || className,
    status: n ? n.statusText : PROBLEMS[CM_PROB.PHANTOM]!.text, problem,
    disabled: n ? n.disabled : (Number(val('ConfigFlags') ?? 0) & CONFIGFLAG_DISABLED) !== 0,
    hidden: !n,
    hardwareIds: n?.hardwareIds.length ? n.hardwareIds : strs(val('HardwareID')),
    compatibleIds: n?.compatibleIds.length ? n.compatibleIds : strs(val('CompatibleIDs')),
    service, manufacturer: str(val('Mfg')) || (n?.builtIn ? INBOX_MFG[className] ?? '' : ''), driver,
    // The device instance's history: its nodes across removals and re-enumerations.
    events: m.events.filter((e) => e.node.instanceId.toUpperCase() === instanceId.toUpperCase()).map((e) => ({ time: '', text: eventText(e, service) })),
  };
}

const UPDATED = 'Windows has successfully updated your drivers\nWindows has finished installing the drivers for this device:';
const BEST_INSTALLED = 'The best drivers for your device are already installed\nWindows has determined that the best driver for this device is already installed. There may be better drivers on Windows Update or on the device manufacturer\'s website.';
const NONE_FOUND = 'Windows was unable to install your device\nWindows could not find drivers for your device.';

function act(sys: RunningSystem, m: PnpManager, action: DeviceAction, instanceId?: string, options: { deleteDriver?: boolean } = {}): string {
  if (action === 'scan') {
    const found = enumerateRootDevices(m);
    sys.flush();
    return found.length ? `Scanning for new hardware. Found ${found.length} device(s). Scanning completed.` : 'Scanning for new hardware. Scanning completed.';
  }
  const n = instanceId ? m.node(instanceId) : undefined;
  // A non-present device can only be uninstalled (its keys go: the device is forgotten).
  if (!n && instanceId && action === 'uninstall' && m.nonPresent().some((id) => id.toUpperCase() === instanceId.toUpperCase())) {
    m.forgetDevice(instanceId);
    sys.flush();
    return `${instanceId}: Removed`;
  }
  if (!n || n === m.root) throw new Error(`No device has the instance path ${instanceId ?? '(none)'}.`);
  let message: string;
  if (action === 'enable') {
    m.enableDevice(n);
    message = `${n.instanceId}: Enabled. ${n.statusText}`;
  } else if (action === 'disable') {
    if (n.builtIn) throw new Error(`${n.instanceId} is a system device and cannot be disabled here.`);
    message = m.disableDevice(n) ? `${n.instanceId}: Disabled` : `${n.instanceId}: Disable failed (a driver vetoed the removal)`;
  } else if (action === 'update') {
    if (n.builtIn) return BEST_INSTALLED;
    const r = sys.setup.updateFromStore(n);
    const name = describe(sys, m, n.instanceId, n).name;
    message = r.updated ? `${UPDATED}\n${name}` : r.found ? BEST_INSTALLED : NONE_FOUND;
  } else {
    if (n.builtIn) throw new Error(`${n.instanceId} is a system device and cannot be uninstalled.`);
    // Uninstall (DIF_REMOVE on a root-enumerated device): the node and its keys go, so no scan finds it again
    // (devcon remove keeps the keys: a non-present device). "Delete the driver software for this device": its
    // package leaves the driver store as well (pnputil /delete-driver).
    const inf = options.deleteDriver ? describe(sys, m, n.instanceId, n).driver.inf : '';
    if (!m.removeDevice(n, { uninstall: true })) message = `${n.instanceId}: Remove failed (a driver vetoed the removal)`;
    else if (inf) message = `${n.instanceId}: Removed. ${sys.setup.deleteDriver(inf).lines.at(-1) ?? ''}`;
    else message = `${n.instanceId}: Removed`;
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
    list: () => [...m.list().filter((n) => n !== m.root).map((n) => describe(sys, m, n.instanceId, n)), ...m.nonPresent().map((id) => describe(sys, m, id))],
    action: (action, instanceId, options) => act(sys, m, action, instanceId, options),
    watch: (instanceId, sink) => watchStack(sys.kernel.io, m, instanceId, (id) => { const n = m.node(id); return n ? describe(sys, m, id, n).service : ''; }, sink),
  };
}
