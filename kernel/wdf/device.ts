// Framework devices: the WDFDEVICE_INIT a driver fills in EvtDriverDeviceAdd (or gets from
// WdfControlDeviceInitAllocate), WdfDeviceCreate (the WDM device object, attached to the PDO's stack), device
// interfaces, symbolic links, request dispatching, and the WDFDEVICE routines.
import type { Step } from '../ntos/ob/manager.ts';
import type { RoutineTable } from '../ntos/routine.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { attachDevice, createDevice, createSymbolicLink, deleteDevice, deleteSymbolicLink, detachDevice } from '../ntos/io/device.ts';
import { hostPointer } from '../ntos/io/pnp/frames.ts';
import { pnp } from '../ntos/io/pnp/manager.ts';
import { fx, type Binding, type Framework } from './framework.ts';
import { createObject, deleteObject, objectOf, type FxObject } from './object.ts';
import { dispatchIrp, failedDevices } from './dispatch.ts';
import type { FxQueue } from './queue.ts';

/** The PnP/power callbacks of WDF_PNPPOWER_EVENT_CALLBACKS, by member name. */
export const PNP_POWER_CALLBACKS = [
  'EvtDeviceD0Entry', 'EvtDeviceD0EntryPostInterruptsEnabled', 'EvtDeviceD0Exit', 'EvtDeviceD0ExitPreInterruptsDisabled',
  'EvtDevicePrepareHardware', 'EvtDeviceReleaseHardware', 'EvtDeviceSelfManagedIoCleanup', 'EvtDeviceSelfManagedIoFlush',
  'EvtDeviceSelfManagedIoInit', 'EvtDeviceSelfManagedIoSuspend', 'EvtDeviceSelfManagedIoRestart', 'EvtDeviceSurpriseRemoval',
  'EvtDeviceQueryRemove', 'EvtDeviceQueryStop', 'EvtDeviceUsageNotification', 'EvtDeviceRelationsQuery', 'EvtDeviceUsageNotificationEx',
] as const;
export type PnpPowerCallback = typeof PNP_POWER_CALLBACKS[number];

export interface DeviceInit {
  /** The opaque PWDFDEVICE_INIT the driver holds. */
  address: number;
  binding: Binding;
  pdo: number;
  control: boolean;
  ioType: number;
  exclusive: boolean;
  deviceType: number;
  characteristics: number;
  name?: string;
  filter: boolean;
  callbacks: Partial<Record<PnpPowerCallback, number>>;
  file?: { create: number; close: number; cleanup: number; attributes: number };
  requestAttributes?: { cleanup: number; destroy: number; typeInfo: number; override: number };
  device?: FxDevice;
}

export interface DeviceInterfaceRecord { guid: string; reference: string; link: string }

export class FxDevice {
  readonly queues: FxQueue[] = [];
  defaultQueue?: FxQueue;
  /** WdfDeviceConfigureRequestDispatching: WDF_REQUEST_TYPE → queue. */
  readonly dispatch = new Map<number, FxQueue>();
  readonly interfaces: DeviceInterfaceRecord[] = [];
  readonly links: string[] = [];
  /** The device this one is attached to (0 for a control device). */
  lower = 0;
  state: 'added' | 'started' | 'stopped' | 'removed' = 'added';
  /** Started once already: the next start is a restart (EvtDeviceSelfManagedIoRestart). */
  startedBefore = false;
  callbacks: Partial<Record<PnpPowerCallback, number>>;
  file?: DeviceInit['file'];
  requestAttributes?: DeviceInit['requestAttributes'];
  /** WDFFILEOBJECT handles by FILE_OBJECT address. */
  readonly files = new Map<number, FxObject>();
  /** Raw and translated resource lists (empty for root-enumerated devices). */
  resources?: { raw: FxObject; translated: FxObject };

  constructor(readonly fx: Framework, readonly obj: FxObject, readonly binding: Binding, readonly wdm: number,
    readonly pdo: number, readonly control: boolean, readonly filter: boolean, init: DeviceInit) {
    this.callbacks = init.callbacks;
    this.file = init.file;
    this.requestAttributes = init.requestAttributes;
  }

  get k(): Kernel { return this.fx.k; }

  /** End of AddDevice (or WdfControlFinishInitializing): the device may receive I/O. */
  finishAdd(): void {
    const b = this.fx.io.at('DEVICE_OBJECT', this.wdm);
    b.set('Flags', b.get('Flags') & ~this.fx.io.c('DO_DEVICE_INITIALIZING'));
  }

  /** The device goes: links and interfaces, the WDF object tree (cleanup callbacks), then the WDM device. */
  *teardown(): Step {
    const io = this.fx.io;
    for (const l of this.links.splice(0)) deleteSymbolicLink(io, l);
    for (const i of this.interfaces) pnp(this.k).interfaces.setState(i.link, false);
    this.state = 'removed';
    if (this.obj.live) yield* deleteObject(this.obj);
    this.fx.devices.delete(this.wdm);
    // A UMDF device's kernel object is the reflector's: the reflector detaches and deletes it.
    if (this.fx.umdf) return;
    if (this.lower) { detachDevice(io, this.lower); this.lower = 0; }
    deleteDevice(io, this.wdm);
  }

  /** Calls a PnP/power callback if the driver registered it; its status (success when absent). */
  *callback(name: PnpPowerCallback, args: number[]): Step<number> {
    const p = this.callbacks[name];
    if (!p) return 0;
    this.binding.log.add(`FxPnpDevice${name.slice(9)}::Invoke`, `WDFDEVICE 0x${this.obj.handle.toString(16)} ${name}`);
    return yield* this.fx.invoke(`FxPnpDevice${name.slice(9)}::Invoke`, p, [this.obj.handle, ...args]);
  }
}

// ---------------------------------------------------------------- WDFDEVICE_INIT

const INIT_SIZE = 64;

function newInit(f: Framework, b: Binding, pdo: number, control: boolean): DeviceInit {
  const k = f.k;
  const init: DeviceInit = {
    address: f.alloc(INIT_SIZE, 'FxDI'), binding: b, pdo, control,
    ioType: k.enumValue('WDF_DEVICE_IO_TYPE', 'WdfDeviceIoBuffered'), exclusive: false,
    deviceType: k.constant('FILE_DEVICE_UNKNOWN'), characteristics: control ? 0 : k.constant('FILE_DEVICE_SECURE_OPEN'),
    filter: false, callbacks: {},
  };
  f.deviceInits.set(init.address, init);
  return init;
}

/** The DeviceInit the framework hands EvtDriverDeviceAdd for a PDO. */
export function deviceInitForPnp(f: Framework, b: Binding, pdo: number): DeviceInit { return newInit(f, b, pdo, false); }

export function freeDeviceInit(f: Framework, init: DeviceInit): void {
  if (!f.deviceInits.has(init.address)) return;
  f.deviceInits.delete(init.address);
  f.free(init.address);
}

function initOf(k: Kernel, g: number, address: number): DeviceInit {
  const f = fx(k);
  const init = f.deviceInits.get(address >>> 0);
  if (!init) throw f.violation(f.binding(g), address ? 'WDF_INVALID_HANDLE' : 'WDF_REQUIRED_PARAMETER_IS_NULL', address >>> 0);
  return init;
}

export function deviceOf(k: Kernel, g: number, handle: number): FxDevice {
  const f = fx(k);
  const o = objectOf(f, f.binding(g), handle, 'WDFDEVICE');
  for (const d of f.devices.values()) if (d.obj === o) return d;
  throw f.violation(f.binding(g), 'WDF_INVALID_HANDLE', handle >>> 0);
}

/** Wdf01000!FxDevice::DispatchWithLock: the MajorFunction entry of every KMDF driver. */
export function dispatchPointer(k: Kernel): number {
  return hostPointer(k, 'Wdf01000!FxDevice::DispatchWithLock', { params: [0x7f, 0x7f], results: [0x7f] },
    (_ctx, device: number, irp: number) => dispatchIrp(k, device, irp));
}

function* deviceCreate(k: Kernel, g: number, initPtrPtr: number, attributes: number, out: number): Step<number> {
  const f = fx(k);
  const io = k.io;
  const b = f.binding(g);
  if (!b || !b.driver) return f.st('STATUS_INVALID_DEVICE_STATE');
  if (!initPtrPtr || !out) throw f.violation(b, 'WDF_REQUIRED_PARAMETER_IS_NULL', 0, 0);
  const init = initOf(k, g, f.mem.readU32(initPtrPtr));
  if (init.device) { f.verifierBreak(b, 'WdfDeviceCreate called twice with the same WDFDEVICE_INIT'); return f.st('STATUS_INVALID_DEVICE_STATE'); }
  const r = createObject(f, b, 'WDFDEVICE', attributes, { defaultParent: b.driver.obj, fixedParent: true });
  if (!r.obj) return r.status;
  const obj = r.obj;
  obj.driverMayDelete = init.control;
  if (f.umdf) return umdfDeviceCreate(f, b, init, obj, initPtrPtr, out);
  const c = createDevice(io, b.driverObject, {
    extensionSize: 16, name: init.name, type: init.deviceType, characteristics: init.characteristics, exclusive: init.exclusive,
  });
  if (!c.device) {
    yield* deleteObject(obj);
    b.log.error('FxDevice::Initialize', `IoCreateDevice failed 0x${(c.status >>> 0).toString(16)}`);
    return c.status;
  }
  const wdm = c.device;
  const dob = io.at('DEVICE_OBJECT', wdm);
  k.memory.writeU32(dob.get('DeviceExtension'), obj.handle);
  const ioTypes = k.layouts.enums['WDF_DEVICE_IO_TYPE']!;
  let flags = dob.get('Flags');
  if (init.ioType === ioTypes['WdfDeviceIoBuffered']) flags |= io.c('DO_BUFFERED_IO');
  else if (init.ioType === ioTypes['WdfDeviceIoDirect']) flags |= io.c('DO_DIRECT_IO');
  flags |= io.c('DO_POWER_PAGABLE');
  dob.set('Flags', flags);
  const dev = new FxDevice(f, obj, b, wdm, init.pdo, init.control, init.filter, init);
  if (!init.control) {
    const lower = attachDevice(io, wdm, init.pdo);
    if (!lower) {
      deleteDevice(io, wdm);
      yield* deleteObject(obj);
      return f.st('STATUS_NO_SUCH_DEVICE');
    }
    dev.lower = lower;
    // A filter takes its I/O type from the device below (it passes I/O through unchanged).
    if (init.filter) {
      const lf = io.at('DEVICE_OBJECT', lower).get('Flags');
      dob.set('Flags', (dob.get('Flags') & ~(io.c('DO_BUFFERED_IO') | io.c('DO_DIRECT_IO'))) | (lf & (io.c('DO_BUFFERED_IO') | io.c('DO_DIRECT_IO'))));
    }
  }
  f.devices.set(wdm, dev);
  init.device = dev;
  obj.onDispose = function* () {
    for (const q of [...dev.queues]) if (q.obj.live) yield* deleteObject(q.obj);
  };
  f.mem.writeU32(initPtrPtr, 0);
  f.mem.writeU32(out, obj.handle);
  // A control device's init is the driver's to free until WdfDeviceCreate succeeds; then it is consumed.
  if (init.control) freeDeviceInit(f, init);
  b.log.add('FxDevice::Initialize', `WDFDEVICE 0x${obj.handle.toString(16)}, WDM device 0x${wdm.toString(16)}${dev.lower ? `, attached to 0x${dev.lower.toString(16)}` : ' (control device)'}`);
  return 0;
}

/**
 * WdfDeviceCreate in a host process: the kernel's device object for the stack is the reflector's (WUDFRd's FDO), so
 * the framework device stands for that one; I/O reaches it through the reflector and the host.
 */
function umdfDeviceCreate(f: Framework, b: Binding, init: DeviceInit, obj: FxObject, initPtrPtr: number, out: number): number {
  const wdm = f.space!.reflectorDevice?.(init.pdo) ?? 0;
  const dev = new FxDevice(f, obj, b, wdm, init.pdo, false, init.filter, init);
  f.devices.set(wdm, dev);
  init.device = dev;
  obj.onDispose = function* () {
    for (const q of [...dev.queues]) if (q.obj.live) yield* deleteObject(q.obj);
  };
  f.mem.writeU32(initPtrPtr, 0);
  f.mem.writeU32(out, obj.handle);
  b.log.add('FxDevice::Initialize', `WDFDEVICE 0x${obj.handle.toString(16)} for the reflector's device 0x${wdm.toString(16)}`);
  return 0;
}

function createInterface(k: Kernel, g: number, device: number, guidPtr: number, reference: number): number {
  const dev = deviceOf(k, g, device);
  if (dev.control) return fx(k).st('STATUS_INVALID_DEVICE_REQUEST');
  const m = pnp(k);
  const node = m.nodeOfDevice(dev.pdo);
  if (!node) return fx(k).st('STATUS_INVALID_DEVICE_REQUEST');
  const guid = fx(k).guid(guidPtr);
  const ref = fx(k).unicode(reference);
  const i = m.interfaces.register(node, guid, ref);
  dev.interfaces.push({ guid, reference: ref, link: i.link });
  // Registered while adding: enabled when the device starts. Registered later: enabled now.
  if (dev.state === 'started') m.interfaces.setState(i.link, true);
  dev.binding.log.add('FxDevice::CreateDeviceInterface', `${guid} -> ${i.link}`);
  return 0;
}

function setInterfaceState(k: Kernel, g: number, device: number, guidPtr: number, reference: number, enable: number): void {
  const dev = deviceOf(k, g, device);
  const guid = fx(k).guid(guidPtr);
  const ref = fx(k).unicode(reference);
  const i = dev.interfaces.find((x) => x.guid === guid && x.reference === ref);
  if (i) pnp(k).interfaces.setState(i.link, (enable & 0xff) !== 0);
}

function createLink(k: Kernel, g: number, device: number, name: number): number {
  const dev = deviceOf(k, g, device);
  const io = k.io;
  const link = fx(k).unicode(name);
  // The link points at the device's name: its own (WdfDeviceInitAssignName) or the PDO's.
  const target = io.ob.fromBody(dev.wdm)?.name ? k.ob.pathOf(io.ob.fromBody(dev.wdm)!) : pnp(k).nodeOfDevice(dev.pdo)?.pdoName;
  if (!target) return fx(k).st('STATUS_INVALID_DEVICE_STATE');
  const s = createSymbolicLink(io, link, target);
  if (s >= 0) dev.links.push(link);
  return s;
}

/** Enables the interfaces registered before start (the framework does it after EvtDeviceSelfManagedIoInit). */
export function enableInterfaces(dev: FxDevice, enable: boolean): void {
  for (const i of dev.interfaces) pnp(dev.k).interfaces.setState(i.link, enable);
}

export const deviceRoutines: RoutineTable = {
  WdfDeviceCreate: (k, g, initPtrPtr, attributes, out) => deviceCreate(k, g, initPtrPtr, attributes, out),
  WdfDeviceInitFree: (k, g, init) => { const f = fx(k); const i = initOf(k, g, init); if (!i.device) freeDeviceInit(f, i); },
  WdfDeviceInitSetPnpPowerEventCallbacks: (k, g, init, callbacks) => {
    const i = initOf(k, g, init);
    const c = fx(k).at('WDF_PNPPOWER_EVENT_CALLBACKS', callbacks);
    for (const n of PNP_POWER_CALLBACKS) { const p = c.get(n); if (p) i.callbacks[n] = p; }
  },
  WdfDeviceInitSetPowerPolicyEventCallbacks: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetPowerPolicyOwnership: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetIoType: (k, g, init, type) => { initOf(k, g, init).ioType = type; },
  WdfDeviceInitSetIoTypeEx: (k, g, init, config) => { initOf(k, g, init).ioType = fx(k).at('WDF_IO_TYPE_CONFIG', config).get('ReadWriteIoType'); },
  WdfDeviceInitSetExclusive: (k, g, init, exclusive) => { initOf(k, g, init).exclusive = (exclusive & 0xff) !== 0; },
  WdfDeviceInitSetDeviceType: (k, g, init, type) => { initOf(k, g, init).deviceType = type; },
  WdfDeviceInitSetCharacteristics: (k, g, init, chars, orIn) => {
    const i = initOf(k, g, init);
    i.characteristics = (orIn & 0xff) ? (i.characteristics | chars) >>> 0 : chars >>> 0;
  },
  WdfDeviceInitAssignName: (k, g, init, name) => { initOf(k, g, init).name = name ? fx(k).unicode(name) : undefined; return 0; },
  WdfDeviceInitAssignSDDLString: (k, g, init) => { initOf(k, g, init); return 0; },
  WdfDeviceInitSetDeviceClass: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetPowerNotPageable: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetPowerPageable: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetPowerInrush: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetReleaseHardwareOrderOnFailure: (k, g, init) => { initOf(k, g, init); },
  WdfDeviceInitSetFileObjectConfig: (k, g, init, config, attributes) => {
    const c = fx(k).at('WDF_FILEOBJECT_CONFIG', config);
    initOf(k, g, init).file = { create: c.get('EvtDeviceFileCreate'), close: c.get('EvtFileClose'), cleanup: c.get('EvtFileCleanup'), attributes };
  },
  WdfDeviceInitSetRequestAttributes: (k, g, init, attributes) => {
    const a = fx(k).at('WDF_OBJECT_ATTRIBUTES', attributes);
    initOf(k, g, init).requestAttributes = { cleanup: a.get('EvtCleanupCallback'), destroy: a.get('EvtDestroyCallback'), typeInfo: a.get('ContextTypeInfo'), override: a.get('ContextSizeOverride') };
  },
  WdfFdoInitSetFilter: (k, g, init) => { initOf(k, g, init).filter = true; },
  WdfFdoInitWdmGetPhysicalDevice: (k, g, init) => initOf(k, g, init).pdo,
  WdfControlDeviceInitAllocate: (k, g, driver) => {
    const f = fx(k);
    const b = f.binding(g);
    objectOf(f, b, driver, 'WDFDRIVER');
    return newInit(f, b!, 0, true).address;
  },
  WdfControlDeviceInitSetShutdownNotification: (k, g, init) => { initOf(k, g, init); },
  WdfControlFinishInitializing: (k, g, device) => { deviceOf(k, g, device).finishAdd(); },
  WdfDeviceCreateDeviceInterface: (k, g, device, guid, reference) => createInterface(k, g, device, guid, reference),
  WdfDeviceSetDeviceInterfaceState: (k, g, device, guid, reference, enable) => setInterfaceState(k, g, device, guid, reference, enable),
  WdfDeviceCreateSymbolicLink: (k, g, device, name) => createLink(k, g, device, name),
  WdfDeviceGetDefaultQueue: (k, g, device) => deviceOf(k, g, device).defaultQueue?.obj.handle ?? 0,
  WdfDeviceGetDriver: (k, g, device) => deviceOf(k, g, device).binding.driver?.obj.handle ?? 0,
  WdfDeviceWdmGetDeviceObject: (k, g, device) => deviceOf(k, g, device).wdm,
  WdfDeviceWdmGetAttachedDevice: (k, g, device) => deviceOf(k, g, device).lower,
  WdfDeviceWdmGetPhysicalDevice: (k, g, device) => deviceOf(k, g, device).pdo,
  WdfWdmDeviceGetWdfDeviceHandle: (k, _g, wdm) => fx(k).devices.get(wdm >>> 0)?.obj.handle ?? 0,
  WdfDeviceSetFailed: (k, g, device) => {
    const dev = deviceOf(k, g, device);
    dev.binding.log.warn('FxDevice::SetFailed', `WDFDEVICE 0x${dev.obj.handle.toString(16)} reported failed`);
    // IoInvalidateDeviceState: PnP asks IRP_MN_QUERY_PNP_DEVICE_STATE, which the framework answers as failed.
    failedDevices.add(dev);
    pnp(k).invalidateState(dev.pdo);
  },
};
