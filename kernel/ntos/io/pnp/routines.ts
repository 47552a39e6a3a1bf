// ntoskrnl.exe's PnP routines a WDM driver calls: device interfaces (IoRegisterDeviceInterface,
// IoSetDeviceInterfaceState), the device's properties and registry keys (IoGetDeviceProperty,
// IoOpenDeviceRegistryKey) and IoInvalidateDeviceRelations. They act on the PnP manager's device nodes.
import type { Kernel } from '../../kernel.ts';
import type { RoutineTable } from '../../routine.ts';
import { allocate } from '../../ex/pool-routines.ts';
import { tagValue } from '../../ex/pool.ts';
import { writeCounted, writeWide } from '../../rtl/strings.ts';
import { openKeyHandle } from '../../cm/keys.ts';
import { CLASS_KEY, pnp } from './manager.ts';
import { readGuid } from './interfaces.ts';

const st = (k: Kernel, n: string) => k.constant(n) | 0;

/** The device node of a PDO; these routines take the PDO (any device of the stack is accepted, as our nodes know them). */
function nodeOf(k: Kernel, dev: number) { return dev ? pnp(k).nodeOfDevice(dev) : undefined; }

/** A property as REG_SZ / REG_MULTI_SZ bytes (UTF-16, terminated), or a DWORD; undefined when the device has none.
 *  (IoGetDeviceProperty, and KMDF's WdfDeviceQueryProperty family.) */
export function deviceProperty(k: Kernel, dev: number, which: number): Uint8Array | undefined {
  const m = pnp(k);
  const n = nodeOf(k, dev)!;
  const key = m.enumKey(n);
  const v = (name: string) => key?.value(name)?.data;
  const sz = (s: string) => { const b = new Uint8Array((s.length + 1) * 2); for (let i = 0; i < s.length; i++) { b[2 * i] = s.charCodeAt(i) & 0xff; b[2 * i + 1] = s.charCodeAt(i) >> 8; } return b; };
  const multi = (a: string[]) => sz(a.map((x) => `${x}\0`).join(''));
  const dword = (x: number) => new Uint8Array(new Uint32Array([x >>> 0]).buffer);
  const e = (name: string) => k.enumValue('DEVICE_REGISTRY_PROPERTY', name);
  const text = (x: unknown) => (x === undefined || x === '' ? undefined : sz(String(x)));
  switch (which) {
    case e('DevicePropertyDeviceDescription'): return text(v('DeviceDesc') ?? n.builtIn?.description);
    case e('DevicePropertyHardwareID'): return n.hardwareIds.length ? multi(n.hardwareIds) : undefined;
    case e('DevicePropertyCompatibleIDs'): return n.compatibleIds.length ? multi(n.compatibleIds) : undefined;
    case e('DevicePropertyClassName'): return text(v('Class') ?? n.builtIn?.className);
    case e('DevicePropertyClassGuid'): return text(v('ClassGUID') ?? n.builtIn?.classGuid);
    case e('DevicePropertyDriverKeyName'): return text(v('Driver'));
    case e('DevicePropertyManufacturer'): return text(v('Mfg'));
    case e('DevicePropertyFriendlyName'): return text(v('FriendlyName'));
    case e('DevicePropertyPhysicalDeviceObjectName'): return text(n.pdoName);
    case e('DevicePropertyEnumeratorName'): return text(n.instanceId.split('\\')[0]);
    case e('DevicePropertyInstallState'): return dword(0); // InstallStateInstalled
    default: return undefined;
  }
}

/** The registry key IoOpenDeviceRegistryKey (and WdfDeviceOpenRegistryKey) opens: PLUGPLAY_REGKEY_DEVICE is the
 *  hardware key (Enum\<instance>\Device Parameters), PLUGPLAY_REGKEY_DRIVER the software key (Control\Class\<guid>\NNNN). */
export function deviceKeyPath(k: Kernel, dev: number, type: number): { path?: string; status?: string } {
  const m = pnp(k);
  const n = nodeOf(k, dev);
  if (!n) return { status: 'STATUS_INVALID_DEVICE_REQUEST' };
  if (type & k.constant('PLUGPLAY_REGKEY_DEVICE')) return { path: `${m.enumKey(n, true)!.path}\\Device Parameters` };
  if (type & k.constant('PLUGPLAY_REGKEY_DRIVER')) {
    const driver = String(m.enumKey(n)?.value('Driver')?.data ?? '');
    return driver ? { path: `${CLASS_KEY}\\${driver}` } : { status: 'STATUS_OBJECT_NAME_NOT_FOUND' };
  }
  return { status: 'STATUS_INVALID_PARAMETER' };
}

export const pnpRoutines: RoutineTable = {
  /** NTSTATUS IoRegisterDeviceInterface(PDEVICE_OBJECT Pdo, CONST GUID*, PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName):
   *  the link name in pool the caller frees with RtlFreeUnicodeString. */
  IoRegisterDeviceInterface: (k, pdo: number, guidPtr: number, reference: number, out: number) => {
    const n = nodeOf(k, pdo);
    if (!n || n.pdo !== pdo >>> 0) return st(k, 'STATUS_INVALID_DEVICE_REQUEST');
    if (!guidPtr || !out) return st(k, 'STATUS_INVALID_PARAMETER');
    const i = pnp(k).interfaces.register(n, readGuid(k, guidPtr), reference ? k.io.readUnicodeString(reference) : '');
    const bytes = (i.link.length + 1) * 2;
    const buf = allocate(k, { size: bytes, tag: tagValue('PlPe'), poolType: k.enumValue('POOL_TYPE', 'PagedPool'), paged: true, zero: false, raise: false, cacheAligned: false });
    if (!buf) return st(k, 'STATUS_INSUFFICIENT_RESOURCES');
    writeWide(k, buf, i.link, true);
    writeCounted(k, out, { length: i.link.length * 2, max: bytes, buffer: buf });
    return 0;
  },
  /** NTSTATUS IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable). */
  IoSetDeviceInterfaceState: (k, link: number, enable: number) => st(k, pnp(k).interfaces.setState(k.io.readUnicodeString(link), (enable & 0xff) !== 0)),
  /** NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT, DEVICE_REGISTRY_PROPERTY, ULONG BufferLength, PVOID, PULONG ResultLength). */
  IoGetDeviceProperty: (k, pdo: number, which: number, length: number, buffer: number, resultOut: number) => {
    if (!nodeOf(k, pdo)) return st(k, 'STATUS_INVALID_DEVICE_REQUEST');
    const b = deviceProperty(k, pdo, which);
    if (!b) return st(k, 'STATUS_OBJECT_NAME_NOT_FOUND');
    if (resultOut) k.memory.writeU32(resultOut, b.length);
    if (length >>> 0 < b.length) return st(k, 'STATUS_BUFFER_TOO_SMALL');
    k.memory.u8.set(b, buffer);
    return 0;
  },
  /** NTSTATUS IoOpenDeviceRegistryKey(PDEVICE_OBJECT, ULONG DevInstKeyType, ACCESS_MASK, PHANDLE): the hardware key
   *  (Enum\<instance>\Device Parameters) or the software key (Control\Class\<guid>\NNNN), as a kernel handle. */
  IoOpenDeviceRegistryKey: (k, pdo: number, type: number, access: number, out: number) => {
    const r = deviceKeyPath(k, pdo, type);
    if (!r.path) return st(k, r.status!);
    k.memory.writeU32(out, openKeyHandle(k, k.registry.create(r.path), access, true));
    return 0;
  },
  /** VOID IoInvalidateDeviceState(PDEVICE_OBJECT Pdo): PnP asks the stack IRP_MN_QUERY_PNP_DEVICE_STATE again. */
  IoInvalidateDeviceState: (k, pdo: number) => { pnp(k).invalidateState(pdo); },
  /** VOID IoInvalidateDeviceRelations(PDEVICE_OBJECT, DEVICE_RELATION_TYPE): a bus asks to be enumerated again. */
  IoInvalidateDeviceRelations: (k, pdo: number, type: number) => { pnp(k).invalidateRelations(pdo, type); },
};
