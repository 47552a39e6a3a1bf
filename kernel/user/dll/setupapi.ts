// setupapi.dll: device information sets over the PnP manager's view (see cfgmgr32.ts): enumerate devices and
// their interfaces and read an interface's device path. An HDEVINFO is a block in the process's heap.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { fail, user } from './routine.ts';
import { writeC, writeW } from './umem.ts';
import { guidText, pnpDevices, type PnpDevice } from './cfgmgr32.ts';

interface InfoSet { devices: PnpDevice[]; interfaceGuid?: string }
const sets = new Map<string, InfoSet>();
const key = (t: UserThread, h: number) => `${t.process.pid}:${h >>> 0}`;
const C = (t: UserThread, n: string) => t.process.mode.c(n);
const F = (t: UserThread, s: string, f: string) => t.process.mode.field(s, f);

function getSet(t: UserThread, h: number): InfoSet | undefined { return sets.get(key(t, h)); }

function writeGuid(t: UserThread, at: number, text: string): void {
  const m = t.process.memory, hex = text.replace(/[{}-]/g, '');
  m.writeU32(at, parseInt(hex.slice(0, 8), 16)); m.writeU16(at + 4, parseInt(hex.slice(8, 12), 16)); m.writeU16(at + 6, parseInt(hex.slice(12, 16), 16));
  for (let i = 0; i < 8; i++) m.writeU8(at + 8 + i, parseInt(hex.slice(16 + 2 * i, 18 + 2 * i), 16));
}

function checkSize(t: UserThread, at: number, struct: string): boolean {
  return !!at && t.process.memory.readU32(at) === t.process.mode.sizeOf(struct);
}

function interfacesOf(s: InfoSet, guid: string) {
  return s.devices.flatMap((d, di) => d.interfaces.filter((i) => i.guid.toLowerCase() === guid.toLowerCase()).map((i) => ({ d, di, i })));
}

function detail(t: UserThread, h: number, ifData: number, out: number, size: number, required: number, devInfo: number, wide: boolean): number {
  const s = getSet(t, h), m = t.process.memory;
  if (!s || !checkSize(t, ifData, 'SP_DEVICE_INTERFACE_DATA')) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const guid = guidText(t, ifData + F(t, 'SP_DEVICE_INTERFACE_DATA', 'InterfaceClassGuid'));
  const item = interfacesOf(s, guid)[m.readU32(ifData + F(t, 'SP_DEVICE_INTERFACE_DATA', 'Reserved'))];
  if (!item) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const struct = wide ? 'SP_DEVICE_INTERFACE_DETAIL_DATA_W' : 'SP_DEVICE_INTERFACE_DETAIL_DATA_A';
  const pathAt = F(t, struct, 'DevicePath');
  const need = pathAt + (item.i.link.length + 1) * (wide ? 2 : 1);
  if (required) m.writeU32(required, need);
  if (devInfo) fillDevInfo(t, devInfo, item.d, item.di);
  if (!out || (size >>> 0) < need) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  if (m.readU32(out) !== t.process.mode.sizeOf(struct)) return fail(t, C(t, 'ERROR_INVALID_USER_BUFFER'), 0);
  if (wide) writeW(m, out + pathAt, item.i.link); else writeC(m, out + pathAt, item.i.link);
  return 1;
}

function fillDevInfo(t: UserThread, at: number, d: PnpDevice, index: number): void {
  const m = t.process.memory;
  writeGuid(t, at + F(t, 'SP_DEVINFO_DATA', 'ClassGuid'), String(d.properties['ClassGuid'] ?? '{00000000-0000-0000-0000-000000000000}'));
  // The devnode handle cfgmgr32 gives this device (each call makes a fresh view: match by instance ID).
  m.writeU32(at + F(t, 'SP_DEVINFO_DATA', 'DevInst'), pnpDevices(t).findIndex((x) => x.instanceId === d.instanceId) + 2);
  m.writeU32(at + F(t, 'SP_DEVINFO_DATA', 'Reserved'), index);
}

const PROPERTY_NAMES = ['DeviceDesc', 'HardwareID', 'CompatibleIDs', 'Service', 'Class', 'ClassGUID', 'Driver', 'Mfg', 'FriendlyName', 'PhysicalDeviceObjectName', 'EnumeratorName'];
const PROPERTY_CODES = ['SPDRP_DEVICEDESC', 'SPDRP_HARDWAREID', 'SPDRP_COMPATIBLEIDS', 'SPDRP_SERVICE', 'SPDRP_CLASS', 'SPDRP_CLASSGUID', 'SPDRP_DRIVER', 'SPDRP_MFG', 'SPDRP_FRIENDLYNAME', 'SPDRP_PHYSICAL_DEVICE_OBJECT_NAME', 'SPDRP_ENUMERATOR_NAME'];

function property(t: UserThread, h: number, devInfo: number, prop: number, typeOut: number, buf: number, size: number, required: number, wide: boolean): number {
  const s = getSet(t, h), m = t.process.memory;
  if (!s || !checkSize(t, devInfo, 'SP_DEVINFO_DATA')) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const d = s.devices[m.readU32(devInfo + F(t, 'SP_DEVINFO_DATA', 'Reserved'))];
  const i = PROPERTY_CODES.findIndex((c) => C(t, c) === (prop >>> 0));
  const value = d && i >= 0 ? d.properties[PROPERTY_NAMES[i]!] : undefined;
  if (value === undefined) return fail(t, C(t, 'ERROR_INVALID_DATA'), 0);
  const multi = Array.isArray(value);
  const text = multi ? value.map((v) => v + '\0').join('') + '\0' : value + '\0';
  const bytes = text.length * (wide ? 2 : 1);
  if (typeOut) m.writeU32(typeOut, multi ? 7 : 1); // REG_MULTI_SZ, REG_SZ
  if (required) m.writeU32(required, bytes);
  if ((size >>> 0) < bytes) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  if (wide) writeW(m, buf, text, false); else writeC(m, buf, text, false);
  return 1;
}

export const setupapiRoutines: RoutineTable = {
  SetupDiGetClassDevsW: user((t, guid, _enumerator, _hwnd, flags) => classDevs(t, guid, flags >>> 0)),
  SetupDiGetClassDevsA: user((t, guid, _enumerator, _hwnd, flags) => classDevs(t, guid, flags >>> 0)),
  SetupDiDestroyDeviceInfoList: user((t, h) => {
    if (!sets.delete(key(t, h))) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    t.process.heap.release(h >>> 0);
    return 1;
  }),
  SetupDiEnumDeviceInfo: user((t, h, index, out) => {
    const s = getSet(t, h);
    if (!s) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    if (!checkSize(t, out, 'SP_DEVINFO_DATA')) return fail(t, C(t, 'ERROR_INVALID_USER_BUFFER'), 0);
    const d = s.devices[index >>> 0];
    if (!d) return fail(t, C(t, 'ERROR_NO_MORE_ITEMS'), 0);
    fillDevInfo(t, out, d, index >>> 0);
    return 1;
  }),
  SetupDiEnumDeviceInterfaces: user((t, h, devInfo, guid, index, out) => {
    const s = getSet(t, h), m = t.process.memory;
    if (!s) return fail(t, C(t, 'ERROR_INVALID_HANDLE'), 0);
    if (!checkSize(t, out, 'SP_DEVICE_INTERFACE_DATA')) return fail(t, C(t, 'ERROR_INVALID_USER_BUFFER'), 0);
    const g = guidText(t, guid);
    let items = interfacesOf(s, g);
    if (devInfo) { const di = m.readU32(devInfo + F(t, 'SP_DEVINFO_DATA', 'Reserved')); items = items.filter((x) => x.di === di); }
    const item = items[index >>> 0];
    if (!item) return fail(t, C(t, 'ERROR_NO_MORE_ITEMS'), 0);
    writeGuid(t, out + F(t, 'SP_DEVICE_INTERFACE_DATA', 'InterfaceClassGuid'), g);
    m.writeU32(out + F(t, 'SP_DEVICE_INTERFACE_DATA', 'Flags'), item.i.enabled ? 1 : 0);
    // The interface's place in the set (interfacesOf makes fresh records each call: match by link).
    m.writeU32(out + F(t, 'SP_DEVICE_INTERFACE_DATA', 'Reserved'), interfacesOf(s, g).findIndex((x) => x.i.link === item.i.link));
    return 1;
  }),
  SetupDiGetDeviceInterfaceDetailW: user((t, h, ifData, out, size, required, devInfo) => detail(t, h, ifData, out, size, required, devInfo, true)),
  SetupDiGetDeviceInterfaceDetailA: user((t, h, ifData, out, size, required, devInfo) => detail(t, h, ifData, out, size, required, devInfo, false)),
  SetupDiGetDeviceRegistryPropertyW: user((t, h, di, prop, type, buf, size, req) => property(t, h, di, prop, type, buf, size, req, true)),
  SetupDiGetDeviceRegistryPropertyA: user((t, h, di, prop, type, buf, size, req) => property(t, h, di, prop, type, buf, size, req, false)),
  SetupDiGetDeviceInstanceIdW: user((t, h, di, buf, size, req) => instanceId(t, h, di, buf, size, req, true)),
  SetupDiGetDeviceInstanceIdA: user((t, h, di, buf, size, req) => instanceId(t, h, di, buf, size, req, false)),
};

function classDevs(t: UserThread, guid: number, flags: number): number {
  // Every devnode in the tree is present, started or not (a disabled device or one with a problem code too);
  // removed devices leave the tree, so DIGCF_PRESENT changes nothing here.
  const all = pnpDevices(t);
  let devices = all;
  let interfaceGuid: string | undefined;
  if (flags & C(t, 'DIGCF_DEVICEINTERFACE')) {
    if (!guid) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), -1);
    interfaceGuid = guidText(t, guid);
    devices = all.filter((d) => d.interfaces.some((i) => i.guid.toLowerCase() === interfaceGuid!.toLowerCase() && (!(flags & C(t, 'DIGCF_PRESENT')) || i.enabled)));
  } else if (!(flags & C(t, 'DIGCF_ALLCLASSES'))) {
    if (!guid) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), -1);
    const g = guidText(t, guid).toLowerCase();
    devices = all.filter((d) => String(d.properties['ClassGuid'] ?? '').toLowerCase() === g);
  }
  const h = t.process.heap.alloc(16)!;
  sets.set(key(t, h), { devices, interfaceGuid });
  return h;
}

function instanceId(t: UserThread, h: number, devInfo: number, buf: number, size: number, required: number, wide: boolean): number {
  const s = getSet(t, h), m = t.process.memory;
  if (!s || !checkSize(t, devInfo, 'SP_DEVINFO_DATA')) return fail(t, C(t, 'ERROR_INVALID_PARAMETER'), 0);
  const d = s.devices[m.readU32(devInfo + F(t, 'SP_DEVINFO_DATA', 'Reserved'))];
  if (!d) return fail(t, C(t, 'ERROR_NO_SUCH_DEVINST' in t.process.mode.layouts.constants ? 'ERROR_NO_SUCH_DEVINST' : 'ERROR_INVALID_PARAMETER'), 0);
  if (required) m.writeU32(required, d.instanceId.length + 1);
  if ((size >>> 0) < d.instanceId.length + 1) return fail(t, C(t, 'ERROR_INSUFFICIENT_BUFFER'), 0);
  if (wide) writeW(m, buf, d.instanceId); else writeC(m, buf, d.instanceId);
  return 1;
}
