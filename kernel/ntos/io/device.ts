// Device objects and their names: IoCreateDevice/IoDeleteDevice, symbolic links, attaching to device stacks.
// A device holds a reference on its driver object, so a driver whose DriverUnload leaves a device behind stays
// loaded, as on Windows.
import { runToEnd } from '../ob/manager.ts';
import type { DeviceRecord, IoManager } from './iomgr.ts';
import { driverByObject } from './driver.ts';

const DEVICE_TYPES_WITH_SECTORS = ['FILE_DEVICE_DISK', 'FILE_DEVICE_CD_ROM', 'FILE_DEVICE_VIRTUAL_DISK'];

function initEvent(io: IoManager, at: number, type: 'EventNotificationObject' | 'EventSynchronizationObject', signaled: boolean): void {
  const e = io.at('KEVENT', at);
  e.set('Header.Type', io.k.enumValue('KOBJECTS', type)).set('Header.Size', io.size('KEVENT') / 4).set('Header.SignalState', signaled ? 1 : 0);
  const head = e.addr('Header.WaitListHead');
  io.at('LIST_ENTRY', head).set('Flink', head).set('Blink', head);
}
export { initEvent };

export interface CreateDeviceArgs { extensionSize: number; name?: string; type: number; characteristics: number; exclusive: boolean }

/** IoCreateDevice's work; the new device object's address, or an NTSTATUS. */
export function createDevice(io: IoManager, driverObject: number, a: CreateDeviceArgs): { status: number; device?: number } {
  const driver = driverByObject(io, driverObject);
  if (!driver) return { status: io.st('STATUS_INVALID_PARAMETER') };
  if (a.name !== undefined && io.k.ob.lookup(a.name, true).header) return { status: io.st('STATUS_OBJECT_NAME_COLLISION') };
  const objSize = io.size('DEVICE_OBJECT');
  const extOff = Math.ceil(objSize / 16) * 16;
  const dev = io.alloc(extOff + a.extensionSize, 'Devi');
  const b = io.at('DEVICE_OBJECT', dev);
  const drv = io.at('DRIVER_OBJECT', driverObject);
  let flags = io.c('DO_DEVICE_INITIALIZING');
  if (a.exclusive) flags |= io.c('DO_EXCLUSIVE');
  if (a.name !== undefined) flags |= io.c('DO_DEVICE_HAS_NAME');
  const sectors = DEVICE_TYPES_WITH_SECTORS.some((n) => io.c(n) === a.type);
  b.set('Type', io.c('IO_TYPE_DEVICE')).set('Size', objSize + a.extensionSize).set('DriverObject', driverObject)
    .set('NextDevice', drv.get('DeviceObject')).set('Flags', flags).set('Characteristics', a.characteristics)
    .set('DeviceExtension', a.extensionSize ? dev + extOff : 0).set('DeviceType', a.type).set('StackSize', 1)
    .set('SectorSize', sectors ? 512 : 0);
  initEvent(io, b.addr('DeviceLock'), 'EventSynchronizationObject', true);
  const q = b.addr('DeviceQueue.DeviceListHead');
  io.at('LIST_ENTRY', q).set('Flink', q).set('Blink', q);
  const r = io.ob.createObject('Device', dev, { name: a.name, permanent: a.name !== undefined });
  if (!r.value) { io.pool.free(dev); return { status: io.st(r.status) }; }
  drv.set('DeviceObject', dev);
  io.ob.reference(driver.header);
  const rec: DeviceRecord = { object: dev, header: r.value, driver, exclusive: a.exclusive, opens: 0, deletePending: false };
  r.value.onDelete = () => {
    io.devices.delete(dev);
    io.pool.free(dev);
    runToEnd(io.ob.dereference(driver.header));
  };
  io.devices.set(dev, rec);
  return { status: 0, device: dev };
}

/** IoDeleteDevice: unlink from the driver, drop the name; the memory goes with the last reference. */
export function deleteDevice(io: IoManager, dev: number): void {
  const rec = io.devices.get(dev >>> 0);
  if (!rec || rec.deletePending) return;
  rec.deletePending = true;
  if (rec.timer) {
    const b = io.at('DEVICE_OBJECT', dev);
    const t = b.get('Timer');
    if (t) io.pool.free(t);
    b.set('Timer', 0);
    rec.timer = undefined;
  }
  const sd = io.shutdownDevices.indexOf(dev);
  if (sd >= 0) io.shutdownDevices.splice(sd, 1);
  const lc = io.lastChanceShutdownDevices.indexOf(dev);
  if (lc >= 0) io.lastChanceShutdownDevices.splice(lc, 1);
  // Unlink from the driver's device list.
  const drv = io.at('DRIVER_OBJECT', rec.driver.object);
  const next = io.at('DEVICE_OBJECT', dev).get('NextDevice');
  if (drv.get('DeviceObject') === dev) drv.set('DeviceObject', next);
  else {
    for (let p = drv.get('DeviceObject'); p; p = io.at('DEVICE_OBJECT', p).get('NextDevice')) {
      const pb = io.at('DEVICE_OBJECT', p);
      if (pb.get('NextDevice') === dev) { pb.set('NextDevice', next); break; }
    }
  }
  runToEnd(io.ob.makeTemporary(rec.header));
  runToEnd(io.ob.dereference(rec.header));
}

/** The top of the stack a device is in (IoGetAttachedDevice). */
export function attachedTop(io: IoManager, dev: number): number {
  let d = dev >>> 0;
  for (let up = io.at('DEVICE_OBJECT', d).get('AttachedDevice'); up; up = io.at('DEVICE_OBJECT', d).get('AttachedDevice')) d = up;
  return d;
}

/** IoAttachDeviceToDeviceStack: source goes on top of target's stack; the device it attached to, or 0. */
export function attachDevice(io: IoManager, source: number, target: number): number {
  const tgt = io.devices.get(target >>> 0);
  if (!tgt || tgt.deletePending) return 0;
  const top = attachedTop(io, target);
  const t = io.at('DEVICE_OBJECT', top), s = io.at('DEVICE_OBJECT', source);
  t.set('AttachedDevice', source);
  s.set('StackSize', t.get('StackSize') + 1)
    .set('AlignmentRequirement', Math.max(s.get('AlignmentRequirement'), t.get('AlignmentRequirement')))
    .set('SectorSize', t.get('SectorSize'));
  return top;
}

export function detachDevice(io: IoManager, lower: number): void {
  io.at('DEVICE_OBJECT', lower).set('AttachedDevice', 0);
}

/** IoCreateSymbolicLink / IoDeleteSymbolicLink over the namespace. */
export function createSymbolicLink(io: IoManager, link: string, target: string): number {
  return io.st(io.k.ob.createSymbolicLink(link, target));
}

export function deleteSymbolicLink(io: IoManager, link: string): number {
  const r = io.k.ob.lookup(link, true);
  if (!r.header || r.header.type !== 'SymbolicLink' || r.remaining) return io.st('STATUS_OBJECT_NAME_NOT_FOUND');
  io.k.ob.removeName(r.header);
  return 0;
}

/** Names of symbolic links that point at a path (for leak checks: a driver must delete its links). */
export function linksTo(io: IoManager, target: string): string[] {
  const out: string[] = [];
  const walk = (dir: ReturnType<typeof io.k.ob.directoryOf>) => {
    if (!dir) return;
    for (const h of dir.entries.values()) {
      const l = io.k.ob.linkOf(h);
      if (l && l.target.toLowerCase() === target.toLowerCase()) out.push(io.k.ob.pathOf(h));
      const sub = io.k.ob.directoryOf(h);
      if (sub && h.type === 'Directory') walk(sub);
    }
  };
  walk(io.k.ob.root);
  return out;
}
