// Binding a driver image to the framework and the framework driver object: WdfVersionBind/Unbind (what
// FxDriverEntry calls), WdfDriverCreate (takes over the driver object: AddDevice, the dispatch table, unload),
// FxDriver::AddDevice (the PnP manager's call that becomes EvtDriverDeviceAdd) and FxDriver::Unload.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { fx, type Binding, type Framework } from './framework.ts';
import { createObject, deleteObject, objectOf, type FxObject } from './object.ts';
import { deviceInitForPnp, dispatchPointer, freeDeviceInit } from './device.ts';

export interface FxDriver {
  obj: FxObject;
  binding: Binding;
  addDevice: number;
  unload: number;
  flags: number;
  tag: number;
  /** The Parameters key path (WdfDriverOpenParametersRegistryKey). */
  registryPath: string;
  registryPathBuffer: number;
}

const VOID_I32 = { params: [0x7f], results: [] };

/** Reads a UNICODE_STRING's text. */
export function unicode(k: Kernel, at: number): string { return fx(k).unicode(at); }

function serviceOf(registryPath: string): string { return registryPath.slice(registryPath.lastIndexOf('\\') + 1); }

/** The pool tag KMDF derives from a driver's name when the config gives none ('FxDr' style: first four letters). */
function defaultTag(service: string): number {
  const s = (service + '    ').slice(0, 4);
  return (s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24)) >>> 0;
}

function bind(k: Kernel, driverObject: number, registryPath: number, bindInfo: number, globalsOut: number): number {
  const f = fx(k);
  const io = k.io;
  if (!driverObject || !registryPath || !bindInfo || !globalsOut) return f.st('STATUS_INVALID_PARAMETER');
  const bi = f.at('WDF_BIND_INFO', bindInfo);
  if (bi.get('Size') !== io.size('WDF_BIND_INFO')) return f.st('STATUS_INVALID_PARAMETER');
  const major = bi.get('Version.Major'), minor = bi.get('Version.Minor');
  const component = f.mem.readWString(bi.get('Component'), 32);
  // Wdf01000.sys is KMDF 1.15 and WUDFx02000.dll UMDF 2.15: an image built for a newer minor version cannot bind
  // (STATUS_OBJECT_TYPE_MISMATCH is what the loader reports when the library is too old), nor one of the other kind.
  const [library, wantMajor] = f.umdf ? ['UmdfLibrary', 2] : ['KmdfLibrary', 1];
  if (component !== library || major !== wantMajor || minor > 15) return f.st('STATUS_OBJECT_TYPE_MISMATCH');
  const path = unicode(k, registryPath);
  const service = serviceOf(path);
  const globals = f.alloc(io.size('WDF_DRIVER_GLOBALS'), 'FxDG');
  const g = f.at('WDF_DRIVER_GLOBALS', globals);
  const name = g.s.info('DriverName');
  f.mem.u8.set(new TextEncoder().encode(service.slice(0, name.size - 1)), globals + name.offset);
  g.set('DriverTag', defaultTag(service)).set('DisplaceDriverUnload', 1);
  const log = f.logFor(service);
  const b: Binding = { globals, driverObject, service, registryPath: path, version: { major, minor }, log, verifier: true };
  f.bindings.set(globals, b);
  bi.set('Module', globals);
  f.mem.writeU32(globalsOut, globals);
  log.add('FxLibraryCommonRegisterClient', `enter: ${service} bound to ${f.umdf ? `WUDFx02000 (UMDF` : `Wdf01000 (KMDF`} ${major}.${minor}, built for ${major}.${minor})`);
  return 0;
}

function* unbind(k: Kernel, _registryPath: number, _bindInfo: number, globals: number): Step<number> {
  const f = fx(k);
  const b = f.binding(globals);
  if (!b) return f.st('STATUS_INVALID_PARAMETER');
  // A driver whose DriverEntry failed after WdfDriverCreate still has its objects: delete them now.
  if (b.driver && b.driver.obj.live) yield* deleteObject(b.driver.obj);
  b.log.add('FxLibraryCommonUnregisterClient', `${b.service} unbound`);
  f.bindings.delete(globals >>> 0);
  f.free(globals);
  return 0;
}

/** WdfDriverCreate: the framework driver object, and the driver object's routines pointed at the framework. */
function driverCreate(k: Kernel, globals: number, driverObject: number, registryPath: number, attributes: number, config: number, out: number): number {
  const f = fx(k);
  const io = k.io;
  const b = f.binding(globals);
  if (!b) return f.st('STATUS_INVALID_PARAMETER');
  if (b.driver) { f.verifierBreak(b, 'WdfDriverCreate called twice'); return f.st('STATUS_DRIVER_INTERNAL_ERROR'); }
  if (!config) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const c = f.at('WDF_DRIVER_CONFIG', config);
  if (c.get('Size') !== io.size('WDF_DRIVER_CONFIG')) return f.st('STATUS_INFO_LENGTH_MISMATCH');
  const flags = c.get('DriverInitFlags');
  const nonPnp = (flags & k.enumValue('WDF_DRIVER_INIT_FLAGS', 'WdfDriverInitNonPnpDriver')) !== 0;
  const addDevice = c.get('EvtDriverDeviceAdd');
  if (!nonPnp && !addDevice) {
    b.log.error('FxDriver::Initialize', 'EvtDriverDeviceAdd is NULL for a PnP driver, STATUS_INVALID_PARAMETER');
    return f.st('STATUS_INVALID_PARAMETER');
  }
  const r = createObject(f, b, 'WDFDRIVER', attributes, { fixedParent: true });
  if (!r.obj) return r.status;
  r.obj.driverMayDelete = false;
  const path = unicode(k, registryPath) || b.registryPath;
  const pathBuffer = f.alloc((path.length + 1) * 2, 'FxRp');
  for (let i = 0; i < path.length; i++) f.mem.writeU16(pathBuffer + 2 * i, path.charCodeAt(i));
  const d: FxDriver = {
    obj: r.obj, binding: b, addDevice, unload: c.get('EvtDriverUnload'), flags,
    tag: c.get('DriverPoolTag') || f.at('WDF_DRIVER_GLOBALS', globals).get('DriverTag'),
    registryPath: path, registryPathBuffer: pathBuffer,
  };
  r.obj.onDestroy = () => f.free(pathBuffer);
  b.driver = d;
  const g = f.at('WDF_DRIVER_GLOBALS', globals);
  g.set('Driver', r.obj.handle).set('DriverFlags', flags).set('DriverTag', d.tag);
  if (f.umdf) {
    // A UMDF driver object is opaque: the host, not the I/O manager, calls the framework for AddDevice and I/O.
    if (out) f.mem.writeU32(out, r.obj.handle);
    b.log.add('FxDriver::Initialize', `WDFDRIVER 0x${r.obj.handle.toString(16)} created for ${b.service}`);
    return 0;
  }

  const drv = io.at('DRIVER_OBJECT', driverObject);
  if (!nonPnp) {
    io.at('DRIVER_EXTENSION', drv.get('DriverExtension')).set('AddDevice', addDevicePointer(k));
    drv.set('Flags', drv.get('Flags') & ~io.c('DRVO_LEGACY_DRIVER'));
  }
  // A PnP driver can always be unloaded (the framework's unload runs EvtDriverUnload if any); a non-PnP driver
  // only when it gave EvtDriverUnload.
  if (!nonPnp || d.unload) drv.set('DriverUnload', unloadPointer(k));
  if (!(flags & k.enumValue('WDF_DRIVER_INIT_FLAGS', 'WdfDriverInitNoDispatchOverride'))) {
    const mf = drv.s.info('MajorFunction');
    const dispatch = dispatchPointer(k);
    for (let i = 0; i < (mf.count ?? 0); i++) k.memory.writeU32(driverObject + mf.offset + i * (mf.elementSize ?? 4), dispatch);
  }
  if (out) f.mem.writeU32(out, r.obj.handle);
  b.log.add('FxDriver::Initialize', `WDFDRIVER 0x${r.obj.handle.toString(16)} created for ${b.service}${nonPnp ? ' (non-PnP)' : ''}`);
  return 0;
}

/** Wdf01000!FxDriver::AddDevice, the AddDevice routine of every KMDF driver: EvtDriverDeviceAdd with a DeviceInit. */
export function addDevicePointer(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxDriver::AddDevice', { params: [0x7f, 0x7f], results: [0x7f] }, (_ctx, driverObject: number, pdo: number) => addDevice(k, driverObject, pdo));
}

function bindingOfDriverObject(f: Framework, driverObject: number): Binding | undefined {
  for (const b of f.bindings.values()) if (b.driverObject === driverObject >>> 0) return b;
  return undefined;
}

function* addDevice(k: Kernel, driverObject: number, pdo: number, f = fx(k)): Step<number> {
  const b = bindingOfDriverObject(f, driverObject);
  const d = b?.driver;
  if (!b || !d) return f.st('STATUS_INVALID_DEVICE_REQUEST');
  const init = deviceInitForPnp(f, b, pdo);
  b.log.add('FxDriver::AddDevice', `Enter: PDO 0x${pdo.toString(16)}`);
  const status = yield* f.invoke('FxDriverDeviceAdd::Invoke', d.addDevice, [d.obj.handle, init.address]);
  // The framework frees the init unless WdfDeviceCreate consumed it; a failed add deletes a half-made device.
  const made = init.device;
  freeDeviceInit(f, init);
  if (status < 0) {
    b.log.error('FxDriver::AddDevice', `EvtDriverDeviceAdd failed ${hex(status)}`);
    if (made && made.obj.live) yield* made.teardown();
    return status;
  }
  if (!made) {
    b.log.warn('FxDriver::AddDevice', 'EvtDriverDeviceAdd returned success without creating a device');
    return status;
  }
  made.finishAdd();
  b.log.add('FxDriver::AddDevice', `WDFDEVICE 0x${made.obj.handle.toString(16)} added, status ${hex(status)}`);
  return status;
}

/** Wdf01000!FxDriver::Unload: EvtDriverUnload, then the driver's objects go (the stub unbinds after us). */
export function unloadPointer(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxDriver::Unload', VOID_I32, (_ctx, driverObject: number) => unload(k, driverObject));
}

function* unload(k: Kernel, driverObject: number, f = fx(k)): Step<number> {
  const b = bindingOfDriverObject(f, driverObject);
  const d = b?.driver;
  if (!b || !d) return 0;
  b.log.add('FxDriver::Unload', `${b.service} unloading`);
  if (d.unload) yield* f.invoke('FxDriverUnload::Invoke', d.unload, [d.obj.handle]);
  // Control devices the driver did not delete go with it.
  for (const dev of [...f.devices.values()]) if (dev.binding === b && dev.obj.live) yield* dev.teardown();
  if (d.obj.live) yield* deleteObject(d.obj);
  return 0;
}

/** The host's calls into its framework (kernel/user/umdf/host.ts): AddDevice and unload for a UMDF driver. */
export const hostedDriver = { addDevice, unload };

export const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

function driverOf(k: Kernel, globals: number, handle: number): FxDriver {
  const f = fx(k);
  const b = f.binding(globals);
  const o = objectOf(f, b, handle, 'WDFDRIVER');
  return o.binding!.driver!;
}

export const driverRoutines: RoutineTable = {
  WdfVersionBind: (k, driverObject, registryPath, bindInfo, globalsOut) => bind(k, driverObject, registryPath, bindInfo, globalsOut),
  WdfVersionUnbind: (k, registryPath, bindInfo, globals) => unbind(k, registryPath, bindInfo, globals),
  WdfDriverCreate: (k, g, driverObject, registryPath, attributes, config, out) => driverCreate(k, g, driverObject, registryPath, attributes, config, out),
  WdfDriverGetRegistryPath: (k, g, driver) => driverOf(k, g, driver).registryPathBuffer,
  WdfDriverWdmGetDriverObject: (k, g, driver) => driverOf(k, g, driver).binding.driverObject,
  WdfWdmDriverGetWdfDriverHandle: (k, _g, driverObject) => bindingOfDriverObject(fx(k), driverObject)?.driver?.obj.handle ?? 0,
  WdfDriverIsVersionAvailable: (k, _g, _driver, params) => {
    const p = fx(k).at('WDF_DRIVER_VERSION_AVAILABLE_PARAMS', params);
    return p.get('MajorVersion') === (fx(k).umdf ? 2 : 1) && p.get('MinorVersion') <= 15 ? 1 : 0;
  },
};
