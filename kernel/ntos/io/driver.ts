// Driver objects: IopLoadDriver builds \Driver\<service> around a loaded image and runs its entry on a system
// thread; IopUnloadDriver runs DriverUnload and lets the object (and with it the image) go once no device
// still refers to it, as NT's reference counting does.
import type { LoadedImage } from '../mm/loader/loader.ts';
import { runToEnd, type Step } from '../ob/manager.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import type { DriverRecord, IoManager } from './iomgr.ts';
import { toVA } from '../../../main/machine/memory.ts';
import { BugCheck } from '../ke/bugcheck.ts';
import { checkPoolLeaks } from '../ex/pool-routines.ts';

export const SERVICES_KEY = '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services';
const HARDWARE_DATABASE = '\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\SYSTEM';

export function driverByObject(io: IoManager, object: number): DriverRecord | undefined {
  for (const d of io.drivers.values()) if (d.object === object >>> 0) return d;
  return undefined;
}

/** NT's default for every MajorFunction slot a driver leaves alone. */
export function invalidDeviceRequest(io: IoManager): number {
  return io.kernelPointer(function* (_device: number, irp: number) {
    io.at('IRP', irp).set('IoStatus.Status', io.st('STATUS_INVALID_DEVICE_REQUEST')).set('IoStatus.Information', 0);
    yield* io.completeRequest(irp, 0);
    return io.st('STATUS_INVALID_DEVICE_REQUEST');
  }, 'IopInvalidDeviceRequest');
}

/** Builds the driver object for an image (not yet running its entry). */
export function createDriverObject(io: IoManager, service: string, image: LoadedImage): { status: number; driver?: DriverRecord } {
  const objSize = io.size('DRIVER_OBJECT');
  const extSize = io.size('DRIVER_EXTENSION');
  const obj = io.alloc(objSize + extSize + io.size('UNICODE_STRING'), 'Driv');
  const ext = obj + objSize;
  const hwdb = ext + extSize;
  const d = io.at('DRIVER_OBJECT', obj);
  d.set('Type', io.c('IO_TYPE_DRIVER')).set('Size', objSize).set('DriverStart', image.base).set('DriverSize', image.size)
    .set('DriverExtension', ext).set('Flags', io.c('DRVO_LEGACY_DRIVER'));
  io.writeUnicodeString(d.addr('DriverName'), `\\Driver\\${service}`);
  io.writeUnicodeString(hwdb, HARDWARE_DATABASE);
  d.set('HardwareDatabase', hwdb);
  const e = io.at('DRIVER_EXTENSION', ext);
  e.set('DriverObject', obj);
  io.writeUnicodeString(e.addr('ServiceKeyName'), service);
  const invalid = io.defaultDispatch;
  const mf = d.s.info('MajorFunction');
  for (let i = 0; i < (mf.count ?? 0); i++) io.mem.writeU32(obj + mf.offset + i * (mf.elementSize ?? 4), invalid);

  // DriverInit: the image's entry as a function pointer (a table slot), where Windows records it.
  const init = image.entry ? io.k.loader.allocateKernelSlot(image.entry) : 0;
  d.set('DriverInit', init);

  const freeBody = () => {
    if (init) io.k.loader.releaseKernelSlot(init);
    io.freeUnicodeStringBuffer(d.addr('DriverName'));
    io.freeUnicodeStringBuffer(hwdb);
    io.freeUnicodeStringBuffer(e.addr('ServiceKeyName'));
    io.pool.free(obj);
  };
  const r = io.ob.createObject('Driver', obj, { name: `\\Driver\\${service}`, permanent: true });
  if (!r.value) { freeBody(); return { status: io.st(r.status) }; }
  const registryPath = io.newUnicodeString(`${SERVICES_KEY}\\${service}`);
  const driver: DriverRecord = { service, object: obj, header: r.value, image, registryPath, state: 'starting' };
  r.value.onDelete = (_h: ObjectHeader) => {
    freeBody();
    io.freeUnicodeStringBuffer(registryPath);
    io.pool.free(registryPath);
    io.drivers.delete(service.toLowerCase());
    driver.state = 'unloaded';
    unloadImage(io, image);
  };
  io.drivers.set(service.toLowerCase(), driver);
  return { status: 0, driver };
}

function unloadImage(io: IoManager, image: LoadedImage): void {
  const P = io.k.processor;
  let tableEnd = image.tableBase;
  const slotCode = new Map<number, number>();
  for (; tableEnd < P.table.length && P.table[tableEnd]?.inst === image.instance; tableEnd++) slotCode.set(tableEnd, P.codeOffset(P.table[tableEnd]!.id, 0));
  io.unloaded.push({ name: image.name, base: image.base, size: image.size, tableBase: image.tableBase, tableEnd: Math.max(tableEnd, image.tableBase + 1), slotCode });
  io.k.unloadImage(image);
  checkUnloadedImage(io, image);
}

/**
 * What NT checks when an image goes (MmUnloadSystemImage): a timer or DPC still queued inside the image's own
 * memory is TIMER_OR_DPC_INVALID (0xC7); with Driver Verifier, pool the driver still owns is 0xC4/0x62.
 * (Pool-resident timers and DPCs pointing into the image are caught when they fire: 0xCE.)
 */
function checkUnloadedImage(io: IoManager, image: LoadedImage): void {
  const k = io.k, lo = image.base, hi = image.base + image.size;
  const range = [toVA(lo), toVA(hi)] as const;
  for (const t of k.ke.timers.keys()) {
    if (t >= lo && t < hi) throw new BugCheck('TIMER_OR_DPC_INVALID', [0n, toVA(t), ...range], image.name);
  }
  for (const d of k.ke.dpcQueue) {
    if (typeof d === 'number' && d >= lo && d < hi) throw new BugCheck('TIMER_OR_DPC_INVALID', [2n, toVA(d), ...range], image.name);
  }
  if (io.verifier) checkPoolLeaks(k, image);
}

/** IopLoadDriver: create the driver object and call the image's entry (on the current system thread). */
export function* iopLoadDriver(io: IoManager, service: string, image: LoadedImage): Step<number> {
  const c = createDriverObject(io, service, image);
  if (!c.driver) return c.status;
  const driver = c.driver;
  if (!image.entry) { yield* failLoad(io, driver); return io.st('STATUS_PROCEDURE_NOT_FOUND'); }
  const status = Number((yield { call: image.entry, args: [driver.object, driver.registryPath] }) ?? 0) | 0;
  if (status < 0) { yield* failLoad(io, driver); return status; }
  // Legacy drivers' devices are ready once DriverEntry returns (IopReadyDeviceObjects).
  const initializing = io.c('DO_DEVICE_INITIALIZING');
  for (let dev = io.at('DRIVER_OBJECT', driver.object).get('DeviceObject'); dev; dev = io.at('DEVICE_OBJECT', dev).get('NextDevice')) {
    const b = io.at('DEVICE_OBJECT', dev);
    b.set('Flags', b.get('Flags') & ~initializing);
  }
  driver.state = 'running';
  return status;
}

/** A failed DriverEntry: the driver object goes (and the image with it, unless a device still holds it). */
function* failLoad(io: IoManager, driver: DriverRecord): Step {
  driver.state = 'unloading';
  yield* io.ob.makeTemporary(driver.header);
  yield* io.ob.dereference(driver.header);
}

/** IopUnloadDriver: DriverUnload, then drop the object's permanence and the loader's reference. */
export function* iopUnloadDriver(io: IoManager, driver: DriverRecord): Step<number> {
  const d = io.at('DRIVER_OBJECT', driver.object);
  const unload = d.get('DriverUnload');
  driver.state = 'unloading';
  d.set('Flags', d.get('Flags') | io.c('DRVO_UNLOAD_INVOKED'));
  yield* io.callPointer(unload, [driver.object]);
  yield* io.ob.makeTemporary(driver.header);
  yield* io.ob.dereference(driver.header);
  return 0;
}

/** Whether the driver's image is gone (no device kept the driver object alive). */
export function driverGone(driver: DriverRecord): boolean { return driver.state === 'unloaded'; }

export { runToEnd };
