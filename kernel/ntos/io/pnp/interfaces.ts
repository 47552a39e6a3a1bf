// Device interfaces: IoRegisterDeviceInterface names an interface instance of a device (the symbolic link
// \??\ROOT#SAMPLE#0000#{guid}, kept under Control\DeviceClasses in the registry) and IoSetDeviceInterfaceState
// makes the link exist while the interface is enabled, with an arrival/removal notification to whoever listens
// (CM_Get_Device_Interface_List and CM_Register_Notification read the same records).
import { REG_SZ } from '../../cm/registry.ts';
import type { Kernel } from '../../kernel.ts';
import type { DevNode } from './devnode.ts';

export const DEVICE_CLASSES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceClasses';

export interface DeviceInterface {
  guid: string;
  reference: string;
  /** `\??\ROOT#SAMPLE#0000#{guid}` (user mode sees `\\?\ROOT#SAMPLE#0000#{guid}`). */
  link: string;
  node: DevNode;
  enabled: boolean;
}

export type InterfaceEvent = { kind: 'arrival' | 'removal'; iface: DeviceInterface };

/** A GUID in memory (GUID structure, 16 bytes) as Windows spells it in names: lower case, in braces. */
export function readGuid(k: Kernel, at: number): string {
  const m = k.memory;
  const h = (v: number, n: number) => v.toString(16).padStart(n, '0');
  const d4 = [...m.read(at + 8, 8)].map((b) => h(b, 2)).join('');
  return `{${h(m.readU32(at), 8)}-${h(m.readU16(at + 4), 4)}-${h(m.readU16(at + 6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
}

export function writeGuid(k: Kernel, at: number, guid: string): void {
  const g = guid.replace(/[{}]/g, '').split('-');
  k.memory.writeU32(at, parseInt(g[0]!, 16) >>> 0);
  k.memory.writeU16(at + 4, parseInt(g[1]!, 16));
  k.memory.writeU16(at + 6, parseInt(g[2]!, 16));
  const rest = g[3]! + g[4]!;
  for (let i = 0; i < 8; i++) k.memory.writeU8(at + 8 + i, parseInt(rest.slice(2 * i, 2 * i + 2), 16));
}

/** The symbolic link name of an interface instance. */
export function interfaceLink(instanceId: string, guid: string, reference = ''): string {
  return `\\??\\${instanceId.replace(/\\/g, '#')}#${guid.toLowerCase()}${reference ? `\\${reference}` : ''}`;
}

/** The symbolic link object's own name: the reference string is not part of it (it reaches the driver as a file name). */
function linkObject(i: DeviceInterface): string { return i.reference ? i.link.slice(0, i.link.length - i.reference.length - 1) : i.link; }

export class InterfaceRegistry {
  readonly all: DeviceInterface[] = [];
  private readonly listeners = new Set<(e: InterfaceEvent) => void>();

  constructor(private readonly k: Kernel) {}

  /** IoRegisterDeviceInterface: the instance (created once per device, GUID and reference string). */
  register(node: DevNode, guid: string, reference = ''): DeviceInterface {
    const link = interfaceLink(node.instanceId, guid, reference);
    let i = this.all.find((x) => x.link.toLowerCase() === link.toLowerCase());
    if (!i) {
      i = { guid: guid.toLowerCase(), reference, link, node, enabled: false };
      this.all.push(i);
      const key = this.k.registry.create(`${DEVICE_CLASSES_KEY}\\${i.guid}\\##?#${node.instanceId.replace(/\\/g, '#')}#${i.guid}`);
      key.setValue('DeviceInstance', REG_SZ, node.instanceId);
      this.k.registry.create(`${key.path}\\#${reference}`);
    }
    return i;
  }

  /** IoSetDeviceInterfaceState: the link appears (pointing at the PDO) or goes; listeners hear of it. */
  setState(link: string, enable: boolean): string {
    const i = this.all.find((x) => x.link.toLowerCase() === link.toLowerCase());
    if (!i) return 'STATUS_OBJECT_NAME_NOT_FOUND';
    if (i.enabled === enable) return enable ? 'STATUS_OBJECT_NAME_EXISTS' : 'STATUS_SUCCESS';
    const ob = this.k.ob;
    if (enable) {
      const s = ob.createSymbolicLink(linkObject(i), i.node.pdoName);
      if (s !== 'STATUS_SUCCESS') return s;
    } else {
      const r = ob.lookup(linkObject(i), true);
      if (r.header && r.header.type === 'SymbolicLink' && !r.remaining) ob.removeName(r.header);
    }
    i.enabled = enable;
    for (const l of this.listeners) l({ kind: enable ? 'arrival' : 'removal', iface: i });
    return 'STATUS_SUCCESS';
  }

  /** Interfaces of a class, enabled ones only unless asked (CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES). */
  list(guid: string, all = false): DeviceInterface[] {
    return this.all.filter((i) => i.guid === guid.toLowerCase() && (all || i.enabled));
  }

  /** Interface arrival/removal notifications (IoRegisterPlugPlayNotification, CM_Register_Notification). */
  listen(fn: (e: InterfaceEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A device's interfaces all go when it is removed (the registry records stay, as on Windows). */
  removeDevice(node: DevNode): void {
    for (const i of this.all.filter((x) => x.node === node)) this.setState(i.link, false);
  }
}
