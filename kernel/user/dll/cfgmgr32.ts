// cfgmgr32.dll: the configuration manager's view of devices and device interfaces. It reads the kernel's PnP
// manager (its device tree, problem codes and registered interfaces), or a view set with setPnpView; a bare
// kernel with no PnP manager has only the root devnode and no interfaces, and the answers are Windows' then.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { user } from './routine.ts';
import { cstr, writeC, writeW, wstr } from './umem.ts';
import type { Kernel } from '../../ntos/kernel.ts';
import { pnpOf, type PnpManager } from '../../ntos/io/pnp/manager.ts';

export interface PnpDevice { instanceId: string; status: number; problem: number; interfaces: { guid: string; link: string; enabled: boolean }[]; properties: Record<string, string | string[]> }
/** What the PnP manager shows user mode (set by the PnP component; empty until then). */
export interface PnpView { devices(): PnpDevice[] }
const views = new WeakMap<object, PnpView>();
export function setPnpView(k: object, v: PnpView): void { views.set(k, v); }
export function pnpDevices(t: UserThread): PnpDevice[] { return devicesOf(t.process.mode.k, (n) => t.process.mode.c(n)); }
/** The PnP manager's devices as user mode sees them; `c` gives the user-mode constants (DN_*). */
export function devicesOf(k: object, c?: (name: string) => number): PnpDevice[] {
  const v = views.get(k);
  if (v) return v.devices();
  const m = pnpOf(k as Kernel);
  return m && c ? viewOf(m, c) : [];
}

/** The device tree below the root, depth first, with status flags, interfaces (user-mode \\?\ paths) and the
 *  device's registry properties. */
function viewOf(m: PnpManager, c: (name: string) => number): PnpDevice[] {
  return m.list().filter((n) => n !== m.root).map((n) => {
    const key = m.enumKey(n);
    const properties: Record<string, string | string[]> = {};
    for (const v of key?.values.values() ?? []) if (typeof v.data === 'string' || Array.isArray(v.data)) properties[v.name] = v.data as string | string[];
    if (n.builtIn) { properties['DeviceDesc'] ??= n.builtIn.description; properties['Class'] ??= n.builtIn.className; properties['ClassGUID'] ??= n.builtIn.classGuid; }
    if (properties['ClassGUID']) properties['ClassGuid'] = properties['ClassGUID'];
    properties['PhysicalDeviceObjectName'] = n.pdoName;
    properties['EnumeratorName'] = n.instanceId.split('\\')[0]!;
    let status = c('DN_NT_ENUMERATOR') | c('DN_DISABLEABLE');
    if (n.started) status |= c('DN_STARTED') | c('DN_DRIVER_LOADED') | c('DN_NT_DRIVER');
    if (n.problem) status |= c('DN_HAS_PROBLEM');
    const interfaces = m.interfaces.all.filter((i) => i.node === n).map((i) => ({ guid: i.guid, link: `\\\\?\\${i.link.slice(4)}`, enabled: i.enabled }));
    return { instanceId: n.instanceId, status, problem: n.problem, interfaces, properties };
  });
}

const ROOT = 'HTREE\\ROOT\\0';
const C = (t: UserThread, n: string) => t.process.mode.c(n);

export function guidText(t: UserThread, at: number): string {
  const m = t.process.memory, hex = (v: number, n: number) => v.toString(16).toUpperCase().padStart(n, '0');
  const b = [...m.read(at + 8, 8)].map((x) => hex(x, 2)).join('');
  return `{${hex(m.readU32(at), 8)}-${hex(m.readU16(at + 4), 4)}-${hex(m.readU16(at + 6), 4)}-${b.slice(0, 4)}-${b.slice(4)}}`;
}

/** Device-interface paths of a class (REG_MULTI_SZ: each NUL-terminated, then an empty string). */
function interfaceList(t: UserThread, guid: number, device: string, all: boolean): string[] {
  const g = guidText(t, guid).toLowerCase();
  return pnpDevices(t).filter((d) => !device || d.instanceId.toLowerCase() === device.toLowerCase())
    .flatMap((d) => d.interfaces.filter((i) => i.guid.toLowerCase() === g && (all || i.enabled)).map((i) => i.link));
}

function listSize(t: UserThread, out: number, guid: number, dev: string, flags: number): number {
  const list = interfaceList(t, guid, dev, (flags & C(t, 'CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES')) !== 0);
  t.process.memory.writeU32(out, list.reduce((n, s) => n + s.length + 1, 0) + 1);
  return C(t, 'CR_SUCCESS');
}

function list(t: UserThread, guid: number, dev: string, buf: number, size: number, flags: number, wide: boolean): number {
  const items = interfaceList(t, guid, dev, (flags & C(t, 'CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES')) !== 0);
  const text = items.map((s) => s + '\0').join('') + '\0';
  if (text.length > (size >>> 0)) return C(t, 'CR_BUFFER_SMALL');
  if (wide) writeW(t.process.memory, buf, text, false); else writeC(t.process.memory, buf, text, false);
  return C(t, 'CR_SUCCESS');
}

/** Devnode handles: 1 is the root; n+2 is the n-th device of the tree. */
function devnode(t: UserThread, id: string): number | undefined {
  if (!id || id.toUpperCase() === ROOT) return 1;
  const i = pnpDevices(t).findIndex((d) => d.instanceId.toLowerCase() === id.toLowerCase());
  return i < 0 ? undefined : i + 2;
}
function deviceOf(t: UserThread, dn: number) { return dn === 1 ? undefined : pnpDevices(t)[dn - 2]; }

function locate(t: UserThread, out: number, id: string): number {
  const dn = devnode(t, id);
  if (dn === undefined) return C(t, 'CR_NO_SUCH_DEVNODE');
  t.process.memory.writeU32(out, dn);
  return C(t, 'CR_SUCCESS');
}

function deviceId(t: UserThread, dn: number, buf: number, size: number, wide: boolean): number {
  const id = dn === 1 ? ROOT : deviceOf(t, dn)?.instanceId;
  if (id === undefined) return C(t, 'CR_INVALID_DEVNODE');
  if (id.length + 1 > (size >>> 0)) return C(t, 'CR_BUFFER_SMALL');
  if (wide) writeW(t.process.memory, buf, id); else writeC(t.process.memory, buf, id);
  return C(t, 'CR_SUCCESS');
}

export const cfgmgrRoutines: RoutineTable = {
  CM_Get_Device_Interface_List_SizeW: user((t, out, guid, dev, flags) => listSize(t, out, guid, dev ? wstr(t.process.memory, dev) : '', flags >>> 0)),
  CM_Get_Device_Interface_List_SizeA: user((t, out, guid, dev, flags) => listSize(t, out, guid, dev ? cstr(t.process.memory, dev) : '', flags >>> 0)),
  CM_Get_Device_Interface_ListW: user((t, guid, dev, buf, size, flags) => list(t, guid, dev ? wstr(t.process.memory, dev) : '', buf, size, flags >>> 0, true)),
  CM_Get_Device_Interface_ListA: user((t, guid, dev, buf, size, flags) => list(t, guid, dev ? cstr(t.process.memory, dev) : '', buf, size, flags >>> 0, false)),
  CM_Locate_DevNodeW: user((t, out, id) => locate(t, out, id ? wstr(t.process.memory, id) : '')),
  CM_Locate_DevNodeA: user((t, out, id) => locate(t, out, id ? cstr(t.process.memory, id) : '')),
  CM_Get_Device_IDW: user((t, dn, buf, size) => deviceId(t, dn, buf, size, true)),
  CM_Get_Device_IDA: user((t, dn, buf, size) => deviceId(t, dn, buf, size, false)),
  CM_Get_Device_ID_Size: user((t, out, dn) => {
    const id = dn === 1 ? ROOT : deviceOf(t, dn)?.instanceId;
    if (id === undefined) return C(t, 'CR_INVALID_DEVNODE');
    t.process.memory.writeU32(out, id.length);
    return C(t, 'CR_SUCCESS');
  }),
  CM_Get_DevNode_Status: user((t, status, problem, dn) => {
    const d = deviceOf(t, dn);
    if (dn !== 1 && !d) return C(t, 'CR_INVALID_DEVNODE');
    t.process.memory.writeU32(status, d ? d.status : C(t, 'DN_STARTED') | C(t, 'DN_DRIVER_LOADED'));
    t.process.memory.writeU32(problem, d?.problem ?? 0);
    return C(t, 'CR_SUCCESS');
  }),
  CM_Get_Child: user((t, out, dn) => { if (dn !== 1 || !pnpDevices(t).length) return C(t, 'CR_NO_SUCH_DEVNODE'); t.process.memory.writeU32(out, 2); return C(t, 'CR_SUCCESS'); }),
  CM_Get_Sibling: user((t, out, dn) => { if (dn < 2 || dn - 1 >= pnpDevices(t).length) return C(t, 'CR_NO_SUCH_DEVNODE'); t.process.memory.writeU32(out, dn + 1); return C(t, 'CR_SUCCESS'); }),
  CM_Get_Parent: user((t, out, dn) => { if (dn < 2 || !deviceOf(t, dn)) return C(t, 'CR_NO_SUCH_DEVNODE'); t.process.memory.writeU32(out, 1); return C(t, 'CR_SUCCESS'); }),
  CM_MapCrToWin32Err: user((t, cr, dflt) => {
    const map: Record<string, string> = { CR_SUCCESS: 'ERROR_SUCCESS', CR_OUT_OF_MEMORY: 'ERROR_NOT_ENOUGH_MEMORY', CR_INVALID_POINTER: 'ERROR_INVALID_USER_BUFFER', CR_INVALID_FLAG: 'ERROR_INVALID_FLAGS', CR_INVALID_DEVNODE: 'ERROR_INVALID_DATA', CR_NO_SUCH_DEVNODE: 'ERROR_NOT_FOUND', CR_BUFFER_SMALL: 'ERROR_INSUFFICIENT_BUFFER', CR_NO_SUCH_VALUE: 'ERROR_NOT_FOUND', CR_NO_SUCH_DEVICE_INTERFACE: 'ERROR_NOT_FOUND', CR_INVALID_DATA: 'ERROR_INVALID_DATA', CR_ACCESS_DENIED: 'ERROR_ACCESS_DENIED' };
    for (const [c, e] of Object.entries(map)) if (t.process.mode.layouts.constants[c] !== undefined && C(t, c) === (cr >>> 0)) return C(t, e);
    return dflt;
  }),
};
