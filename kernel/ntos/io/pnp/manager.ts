// The PnP manager: the device tree (HTREE\ROOT\0, the devices every target has, root-enumerated devices setup
// creates), and for each device node the start sequence: find the services its stack needs (lower filters, the
// function driver, upper filters) in the registry, load them (IopLoadDriver), call each AddDevice bottom up, then
// IRP_MN_START_DEVICE to the top of the stack. Removal sends QUERY_REMOVE/REMOVE_DEVICE and unloads drivers that
// have no device left. Problems end as Device Manager's codes (CM_PROB_*).
import { REG_DWORD, REG_MULTI_SZ, REG_SZ, type RegKey } from '../../cm/registry.ts';
import type { Kernel } from '../../kernel.ts';
import type { LoadedImage } from '../../mm/loader/loader.ts';
import type { Step } from '../../ob/manager.ts';
import type { Thread } from '../../../../main/machine/cpu/types.ts';
import type { DriverRecord, IoManager, IrpOrigin } from '../iomgr.ts';
import { inboxImage } from '../inbox.ts';
import { createDriverObject, iopLoadDriver, iopUnloadDriver, SERVICES_KEY } from '../driver.ts';
import { attachedTop, createDevice, deleteDevice } from '../device.ts';
import { allocateIrp, nextLocation, sendAndWait } from '../irp.ts';
import { imagePathToNt } from '../services.ts';
import { within } from './frames.ts';
import { CM_PROB, DevNode } from './devnode.ts';
import { InterfaceRegistry } from './interfaces.ts';

export const ENUM_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Enum';
export const CLASS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class';
/** ConfigFlags bit for a device the user disabled. */
export const CONFIGFLAG_DISABLED = 0x1;

export interface PnpEvent { kind: 'started' | 'failed' | 'removed' | 'disabled' | 'arrival' | 'relations'; node: DevNode; problem?: number; status?: number }

interface BuiltIn { id: string; parent: string; hwid: string; service: string; description: string; className: string; classGuid: string; interfaceGuid?: string }

/** Devices every target has (the machine's firmware, buses and the devices on them), enumerated at boot. */
const FIXED: BuiltIn[] = [
  { id: 'ROOT\\ACPI_HAL\\0000', parent: 'HTREE\\ROOT\\0', hwid: 'acpiapic', service: '', description: 'ACPI x64-based PC', className: 'Computer', classGuid: '{4d36e966-e325-11ce-bfc1-08002be10318}' },
  { id: 'ACPI_HAL\\PNP0C08\\0', parent: 'ROOT\\ACPI_HAL\\0000', hwid: 'ACPI_HAL\\PNP0C08', service: 'ACPI', description: 'Microsoft ACPI-Compliant System', className: 'System', classGuid: '{4d36e97d-e325-11ce-bfc1-08002be10318}' },
  { id: 'ACPI\\PNP0A03\\0', parent: 'ACPI_HAL\\PNP0C08\\0', hwid: 'ACPI\\PNP0A03', service: 'pci', description: 'PCI Bus', className: 'System', classGuid: '{4d36e97d-e325-11ce-bfc1-08002be10318}' },
  { id: 'PCI\\VEN_8086&DEV_2922&SUBSYS_11001AF4&REV_02\\3&267A616A&0&FA', parent: 'ACPI\\PNP0A03\\0', hwid: 'PCI\\VEN_8086&DEV_2922&SUBSYS_11001AF4&REV_02', service: 'storahci', description: 'Standard SATA AHCI Controller', className: 'HDC', classGuid: '{4d36e96a-e325-11ce-bfc1-08002be10318}' },
  { id: 'SCSI\\DISK&VEN_DRVLAB&PROD_VIRTUAL_DISK\\4&1E2B2D3A&0&000000', parent: 'PCI\\VEN_8086&DEV_2922&SUBSYS_11001AF4&REV_02\\3&267A616A&0&FA', hwid: 'SCSI\\DiskDRVLAB__VIRTUAL_DISK', service: 'disk', description: 'Disk drive', className: 'DiskDrive', classGuid: '{4d36e967-e325-11ce-bfc1-08002be10318}' },
  { id: 'PCI\\VEN_8086&DEV_100E&SUBSYS_001E8086&REV_02\\3&267A616A&0&18', parent: 'ACPI\\PNP0A03\\0', hwid: 'PCI\\VEN_8086&DEV_100E&SUBSYS_001E8086&REV_02', service: 'E1G60', description: 'Intel(R) PRO/1000 MT Network Connection', className: 'Net', classGuid: '{4d36e972-e325-11ce-bfc1-08002be10318}' },
  { id: 'ACPI\\PNP0501\\1', parent: 'ACPI_HAL\\PNP0C08\\0', hwid: 'ACPI\\PNP0501', service: 'Serial', description: 'Communications Port (COM1)', className: 'Ports', classGuid: '{4d36e978-e325-11ce-bfc1-08002be10318}',
    interfaceGuid: '{86e0d1e0-8089-11d0-9ce4-08003e301f73}' /* GUID_DEVINTERFACE_COMPORT, as serial.sys registers it */ },
  { id: 'ACPI\\PNP0400\\1', parent: 'ACPI_HAL\\PNP0C08\\0', hwid: 'ACPI\\PNP0400', service: 'Parport', description: 'Printer Port (LPT1)', className: 'Ports', classGuid: '{4d36e978-e325-11ce-bfc1-08002be10318}' },
];

export interface RootDeviceOptions {
  hardwareIds: string[];
  compatibleIds?: string[];
  /** Setup's class name: devcon names new root devices after the class (ROOT\SAMPLE\0000); else after the ID. */
  className?: string;
  classGuid?: string;
  description?: string;
  /** Re-enumerating a device the registry remembers: its own instance ID (ROOT\SAMPLE\0000). */
  instanceId?: string;
}

export class PnpManager {
  readonly root: DevNode;
  readonly nodes = new Map<string, DevNode>();
  readonly interfaces: InterfaceRegistry;
  /** Events in order, for tests, Device Manager's refresh and setupapi.dev.log. */
  readonly events: PnpEvent[] = [];
  /** Whether an image's signature satisfies the code-integrity policy (setup plugs in the test-signing rule). */
  verifyImage: (bytes: Uint8Array, ntPath: string) => boolean;
  private pnpDriver?: DriverRecord;
  private pdoCount = 0x20;

  constructor(readonly k: Kernel) {
    this.interfaces = new InterfaceRegistry(k);
    this.verifyImage = (bytes, path) => k.io.verifyImage(bytes, path);
    this.root = this.addNode(new DevNode('HTREE\\ROOT\\0', undefined));
    this.root.setState('DeviceNodeStarted');
    for (const f of FIXED) {
      const n = this.addNode(new DevNode(f.id, this.nodes.get(f.parent.toUpperCase()), [f.hwid], [],
        { service: f.service, description: f.description, className: f.className, classGuid: f.classGuid }));
      const key = this.enumKey(n, true)!;
      key.setValue('HardwareID', REG_MULTI_SZ, [f.hwid]);
      key.setValue('DeviceDesc', REG_SZ, f.description);
      key.setValue('Class', REG_SZ, f.className);
      key.setValue('ClassGUID', REG_SZ, f.classGuid);
      if (f.service) key.setValue('Service', REG_SZ, f.service);
      n.services = f.service ? [f.service] : [];
      this.createPdo(n);
      n.setState('DeviceNodeStarted');
      if (f.interfaceGuid) this.interfaces.setState(this.interfaces.register(n, f.interfaceGuid).link, true);
    }
  }

  get io(): IoManager { return this.k.io; }

  private addNode(n: DevNode): DevNode {
    this.nodes.set(n.instanceId.toUpperCase(), n);
    n.address = this.io.alloc(0x40, 'Devn');
    return n;
  }

  node(instanceId: string): DevNode | undefined { return this.nodes.get(instanceId.toUpperCase()); }

  /** Every device node, depth first from the root (Device Manager's and `!devnode 0 1`'s order). */
  list(from: DevNode = this.root): DevNode[] {
    return [from, ...from.children.flatMap((c) => this.list(c))];
  }

  /** Devices whose hardware or compatible IDs include `id` (case-insensitive). */
  findByHardwareId(id: string): DevNode[] {
    const u = id.toUpperCase();
    return this.list().filter((n) => [...n.hardwareIds, ...n.compatibleIds].some((h) => h.toUpperCase() === u));
  }

  /** The device's key under Enum (HKLM\SYSTEM\CurrentControlSet\Enum\ROOT\SAMPLE\0000). */
  enumKey(n: DevNode, create = false): RegKey | undefined {
    const path = `${ENUM_KEY}\\${n.instanceId}`;
    return create ? this.k.registry.create(path) : this.k.registry.open(path);
  }

  // ---------------------------------------------------------------- creating devices

  /** \Driver\PnpManager: the owner of root-enumerated PDOs, which answers the PnP IRPs a bus driver answers. */
  private pnpManagerDriver(): DriverRecord {
    if (this.pnpDriver) return this.pnpDriver;
    const io = this.io;
    const pseudoImage = { name: 'ntoskrnl.exe', moduleName: 'nt', base: 0, size: 0, instance: {} } as unknown as LoadedImage;
    const r = createDriverObject(io, 'PnpManager', pseudoImage);
    const d = r.driver!;
    d.state = 'running';
    const pdoDispatch = io.kernelPointer(function* (_dev: number, irp: number) {
      const sl = io.at('IO_STACK_LOCATION', io.at('IRP', irp).get('Tail.Overlay.CurrentStackLocation'));
      const major = sl.get('MajorFunction');
      const b = io.at('IRP', irp);
      let status = b.getI32('IoStatus.Status');
      if (major === io.c('IRP_MJ_PNP')) {
        const minor = sl.get('MinorFunction');
        const ok = ['IRP_MN_START_DEVICE', 'IRP_MN_QUERY_REMOVE_DEVICE', 'IRP_MN_REMOVE_DEVICE', 'IRP_MN_CANCEL_REMOVE_DEVICE',
          'IRP_MN_STOP_DEVICE', 'IRP_MN_QUERY_STOP_DEVICE', 'IRP_MN_CANCEL_STOP_DEVICE', 'IRP_MN_SURPRISE_REMOVAL'];
        if (ok.some((n) => io.c(n) === minor)) status = 0;
      } else if (major === io.c('IRP_MJ_POWER')) {
        status = 0;
      } else {
        status = io.st('STATUS_INVALID_DEVICE_REQUEST');
      }
      b.set('IoStatus.Status', status);
      yield* io.completeRequest(irp, 0);
      return status;
    });
    const drv = io.at('DRIVER_OBJECT', d.object);
    const mf = drv.s.info('MajorFunction');
    for (const m of ['IRP_MJ_PNP', 'IRP_MJ_POWER']) io.mem.writeU32(d.object + mf.offset + io.c(m) * (mf.elementSize ?? 4), pdoDispatch);
    drv.set('Flags', drv.get('Flags') & ~io.c('DRVO_LEGACY_DRIVER'));
    this.pnpDriver = d;
    return d;
  }

  private createPdo(n: DevNode): void {
    const io = this.io;
    const name = `\\Device\\${(this.pdoCount++).toString(16).toUpperCase().padStart(8, '0')}`;
    const r = createDevice(io, this.pnpManagerDriver().object, {
      extensionSize: 0, name, type: io.c('FILE_DEVICE_UNKNOWN'), characteristics: io.c('FILE_AUTOGENERATED_DEVICE_NAME'), exclusive: false,
    });
    if (!r.device) throw new Error(`PnP: cannot create the PDO of ${n.instanceId} (0x${(r.status >>> 0).toString(16)})`);
    const b = io.at('DEVICE_OBJECT', r.device);
    b.set('Flags', b.get('Flags') & ~io.c('DO_DEVICE_INITIALIZING'));
    n.pdo = r.device;
    n.pdoName = name;
  }

  /**
   * A new root-enumerated device (what devcon install / SetupDiCallClassInstaller(DIF_REGISTERDEVICE) make):
   * ROOT\<CLASS or ID>\NNNN with its IDs in the registry; not started until startDevice.
   */
  createRootDevice(o: RootDeviceOptions): DevNode {
    const hwid = o.hardwareIds[0] ?? 'UNKNOWN';
    const base = (o.className ?? hwid.replace(/^root\\/i, '')).toUpperCase().replace(/[\\ ]/g, '_');
    let i = 0;
    while (this.node(`ROOT\\${base}\\${i.toString().padStart(4, '0')}`)) i++;
    const id = o.instanceId ?? `ROOT\\${base}\\${i.toString().padStart(4, '0')}`;
    // A new device takes over the instance of a removed (non-present) one of that ID: its old settings go.
    if (!o.instanceId) this.forgetDevice(id);
    const n = this.addNode(new DevNode(id, this.root, [...o.hardwareIds], [...(o.compatibleIds ?? [])]));
    const key = this.enumKey(n, true)!;
    key.setValue('HardwareID', REG_MULTI_SZ, [...o.hardwareIds]);
    if (o.compatibleIds?.length) key.setValue('CompatibleIDs', REG_MULTI_SZ, [...o.compatibleIds]);
    if (o.description) key.setValue('DeviceDesc', REG_SZ, o.description);
    if (o.className) key.setValue('Class', REG_SZ, o.className);
    if (o.classGuid) key.setValue('ClassGUID', REG_SZ, o.classGuid);
    key.setValue('ConfigFlags', REG_DWORD, 0);
    this.createPdo(n);
    n.setState('DeviceNodeInitialized');
    return n;
  }

  // ---------------------------------------------------------------- device actions

  /** Device-action workers still running (a kernel debugger holds one at a load notice or a breakpoint, or a
   *  driver's routine waits): the next action and devcon's answer wait for them. */
  private readonly workers = new Set<Thread>();

  /** A device action on nt!PnpDeviceActionWorker, run until it finishes or cannot go on now. */
  private worker(body: () => Step<number>): void {
    const { thread } = this.io.runOnSystemThread('PnpDeviceActionWorker', body);
    if (!this.io.finished(thread)) this.workers.add(thread);
  }

  /** undefined when every device action has finished; else resolves when they have (devcon returns then, as it
   *  does on Windows once the device has been restarted, installed or removed). */
  settled(): Promise<void> | undefined {
    for (const t of this.workers) if (this.io.finished(t)) this.workers.delete(t);
    const [first] = this.workers;
    return first ? this.io.whenFinished(first).then(() => this.settled()) : undefined;
  }

  // ---------------------------------------------------------------- starting

  /**
   * Loads the stack's drivers, calls AddDevice and starts the device; the problem code. Images are mapped first
   * (the loader runs an image's constructors itself); DriverEntry, AddDevice and the start IRP run on a system
   * thread (nt!PnpDeviceActionWorker).
   */
  startDevice(n: DevNode): number {
    if (n.builtIn) return 0;
    n.problem = 0; n.problemStatus = 0; n.failedAfterStart = false;
    const flags = Number(this.enumKey(n)?.value('ConfigFlags')?.data ?? 0);
    if (n.disabled || flags & CONFIGFLAG_DISABLED) { n.disabled = true; return this.fail(n, CM_PROB.DISABLED); }
    const s = this.stackServices(n);
    if (!s.service) return this.fail(n, CM_PROB.FAILED_INSTALL);
    const order = [...s.lower, s.service, ...s.upper];
    n.services = order;
    const images = new Map<string, LoadedImage>();
    for (const service of order) {
      // A service listed twice (a class lower filter that is also a device upper filter) is one driver.
      if (images.has(service.toLowerCase())) continue;
      const m = this.mapImage(service);
      if (m.problem) {
        for (const im of images.values()) this.k.unloadImage(im);
        return this.fail(n, m.problem, m.status);
      }
      if (m.image) images.set(service.toLowerCase(), m.image);
    }
    // The worker may not finish here (a kernel debugger holds the target for the images' load notices), so the
    // images left over are unmapped when it ends, never before their DriverEntry had its turn.
    this.worker(function* (this: PnpManager) {
      const r = yield* this.start(n, order, s.service!, images);
      this.unmapUnused(images);
      return r;
    }.bind(this));
    return n.problem;
  }
  /** Images mapped for drivers whose turn never came (an earlier one failed) are unmapped again. */
  private unmapUnused(images: Map<string, LoadedImage>): void {
    for (const im of images.values()) {
      if (this.k.loader.loaded().includes(im) && ![...this.io.drivers.values()].some((d) => d.image === im)) this.k.unloadImage(im);
    }
  }
  private fail(n: DevNode, problem: number, status = 0): number {
    n.problem = problem;
    n.problemStatus = status;
    this.events.push({ kind: 'failed', node: n, problem, status });
    return problem;
  }

  /** The services of the device's stack from its Enum key and its class key: lower filters, service, upper filters. */
  stackServices(n: DevNode): { service?: string; lower: string[]; upper: string[] } {
    const key = this.enumKey(n);
    const multi = (k: RegKey | undefined, name: string) => { const v = k?.value(name)?.data; return Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []; };
    const guid = String(key?.value('ClassGUID')?.data ?? '');
    const cls = guid ? this.k.registry.open(`${CLASS_KEY}\\${guid}`) : undefined;
    const service = key?.value('Service')?.data;
    return {
      service: typeof service === 'string' && service ? service : undefined,
      lower: [...multi(key, 'LowerFilters'), ...multi(cls, 'LowerFilters')],
      upper: [...multi(key, 'UpperFilters'), ...multi(cls, 'UpperFilters')],
    };
  }

  private *start(n: DevNode, order: string[], functionService: string, images: Map<string, LoadedImage>): Step<number> {
    const problem = yield* within(this.k, 'ntoskrnl!PipCallDriverAddDevice', () => this.addDrivers(n, order, functionService, images));
    if (problem) return 0;
    n.setState('DeviceNodeDriversAdded');
    n.setState('DeviceNodeResourcesAssigned');
    n.setState('DeviceNodeStartPending');
    const status = yield* within(this.k, 'ntoskrnl!PnpStartDevice', () => this.sendPnp(n, 'IRP_MN_START_DEVICE'));
    if (this.k.bugCheck) return 0;
    if (status < 0) {
      this.fail(n, CM_PROB.FAILED_START, status);
      yield* this.tearDown(n, false);
      return 0;
    }
    n.setState('DeviceNodeStartCompletion');
    n.setState('DeviceNodeStarted');
    this.events.push({ kind: 'started', node: n });
    // As after every start, the stack is asked for its state; PNP_DEVICE_FAILED (a driver that called
    // IoInvalidateDeviceState or WdfDeviceSetFailed while starting) or a failure reported meanwhile: Code 43.
    if (!(yield* this.stateSaysFailed(n)) && n.failedAfterStart) {
      yield* this.tearDown(n, false);
      this.fail(n, CM_PROB.FAILED_POST_START);
    }
    return 0;
  }

  /** Each service's driver loaded and its AddDevice called, bottom up. A problem code, or 0. */
  private *addDrivers(n: DevNode, order: string[], functionService: string, images: Map<string, LoadedImage>): Step<number> {
    for (const service of order) {
      const loaded = yield* this.loadDriver(service, images.get(service.toLowerCase()));
      if (loaded.problem) {
        this.fail(n, loaded.problem, loaded.status);
        yield* this.tearDown(n, false);
        return loaded.problem;
      }
      const d = loaded.driver!;
      const drv = this.io.at('DRIVER_OBJECT', d.object);
      const add = this.io.at('DRIVER_EXTENSION', drv.get('DriverExtension')).get('AddDevice');
      if (!add) {
        // A legacy driver named as a device's service cannot drive it.
        if (service === functionService) { this.fail(n, CM_PROB.FAILED_ADD, this.io.st('STATUS_INVALID_DEVICE_REQUEST')); yield* this.tearDown(n, false); return CM_PROB.FAILED_ADD; }
        continue;
      }
      const top = attachedTop(this.io, n.pdo);
      const status = yield* within(this.k, 'ntoskrnl!PnpCallAddDevice', () =>
        within(this.k, 'ntoskrnl!PpvUtilCallAddDevice', () => this.io.callPointer(add, [d.object, n.pdo])));
      if (this.k.bugCheck) return CM_PROB.FAILED_ADD;
      for (let dev = this.io.at('DEVICE_OBJECT', top).get('AttachedDevice'); dev; dev = this.io.at('DEVICE_OBJECT', dev).get('AttachedDevice')) {
        if (!n.attached.includes(dev)) n.attached.push(dev);
      }
      if (status < 0) {
        this.fail(n, CM_PROB.FAILED_ADD, status);
        yield* this.tearDown(n, false);
        return CM_PROB.FAILED_ADD;
      }
    }
    return 0;
  }

  /** Maps a service's image unless its driver is loaded already (what IopLoadDriver does before DriverEntry). */
  private mapImage(service: string): { image?: LoadedImage; problem?: number; status?: number } {
    const io = this.io;
    const existing = io.drivers.get(service.toLowerCase());
    if (existing && existing.state === 'running') return {};
    if (existing) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status: io.st('STATUS_DELETE_PENDING') };
    const key = this.k.registry.open(`${SERVICES_KEY}\\${service}`);
    if (!key) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status: io.st('STATUS_OBJECT_NAME_NOT_FOUND') };
    const imagePath = String(key.value('ImagePath')?.data ?? `System32\\drivers\\${key.name}.sys`);
    const ntPath = imagePathToNt(imagePath);
    const inbox = inboxImage(ntPath);
    const bytes = io.readFile(ntPath) ?? inbox;
    if (!bytes) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status: io.st('STATUS_OBJECT_NAME_NOT_FOUND') };
    if (bytes !== inbox && !this.verifyImage(bytes, ntPath)) return { problem: CM_PROB.UNSIGNED_DRIVER, status: io.st('STATUS_INVALID_IMAGE_HASH') };
    const loaded = this.k.loadImage(bytes, ntPath.slice(ntPath.lastIndexOf('\\') + 1), ntPath);
    if (!loaded.ok) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status: loaded.status };
    return { image: loaded.image };
  }

  /** The service's driver: running already, or its mapped image's DriverEntry run now (IopLoadDriver). */
  private *loadDriver(service: string, image: LoadedImage | undefined): Step<{ driver?: DriverRecord; problem?: number; status?: number }> {
    const io = this.io;
    const existing = io.drivers.get(service.toLowerCase());
    if (existing && existing.state === 'running') return { driver: existing };
    if (!image) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status: io.st('STATUS_OBJECT_NAME_NOT_FOUND') };
    const name = this.k.registry.open(`${SERVICES_KEY}\\${service}`)?.name ?? service;
    const status = yield* within(this.k, 'ntoskrnl!IopLoadDriver', () => iopLoadDriver(io, name, image));
    if (this.k.bugCheck) return { problem: CM_PROB.DRIVER_FAILED_LOAD, status };
    if (status < 0) return { problem: CM_PROB.FAILED_DRIVER_ENTRY, status };
    return { driver: io.drivers.get(name.toLowerCase()) };
  }

  /** Builds and sends a PnP IRP to the top of the device's stack and waits for it; the final status. */
  *sendPnp(n: DevNode, minor: string): Step<number> { return (yield* this.sendPnpFor(n, minor)).status; }

  /** sendPnp with the IRP's final IoStatus.Information as well. */
  private *sendPnpFor(n: DevNode, minor: string): Step<{ status: number; information: number }> {
    const io = this.io;
    const top = attachedTop(io, n.pdo);
    const irp = allocateIrp(io, io.at('DEVICE_OBJECT', top).get('StackSize'));
    io.at('IRP', irp).set('IoStatus.Status', io.st('STATUS_NOT_SUPPORTED'));
    io.at('IO_STACK_LOCATION', nextLocation(io, irp)).set('MajorFunction', io.c('IRP_MJ_PNP')).set('MinorFunction', io.c(minor));
    const origin: IrpOrigin = { kind: 'synchronous-fsd' };
    const status = yield* sendAndWait(io, top, irp, origin, true);
    return { status, information: Number(origin.result?.information ?? 0) };
  }

  /** IRP_MN_QUERY_PNP_DEVICE_STATE; when the stack answers PNP_DEVICE_FAILED it is removed and the device gets
   *  Code 43. True when it failed. */
  private *stateSaysFailed(n: DevNode): Step<boolean> {
    let r = { status: 0, information: 0 };
    const self = this;
    yield* within(this.k, 'ntoskrnl!PnpQueryDeviceState', function* () { r = yield* self.sendPnpFor(n, 'IRP_MN_QUERY_PNP_DEVICE_STATE'); return r.status; });
    if (r.status < 0 || !(r.information & this.io.c('PNP_DEVICE_FAILED'))) return false;
    // A device its driver reports failed is surprise-removed, as one that vanished from its bus.
    yield* this.tearDown(n, false, true);
    this.fail(n, CM_PROB.FAILED_POST_START);
    return true;
  }

  /** IoInvalidateDeviceState: the stack is asked for its state again (on a system thread, as PnP's worker does). */
  invalidateState(pdoOrDevice: number): void {
    const n = this.nodeOfDevice(pdoOrDevice);
    // While it is starting, the query after the start IRP asks anyway.
    if (!n || !n.started) return;
    this.io.startSystemThread('PnpDeviceActionWorker', function* (this: PnpManager) { yield* this.stateSaysFailed(n); return 0; }.bind(this));
  }

  // ---------------------------------------------------------------- removing

  /**
   * Takes the stack down: REMOVE_DEVICE (after QUERY_REMOVE when `query`; after SURPRISE_REMOVAL when `surprise`:
   * the device failed or vanished, so nobody is asked), then drivers with no device left unload. Returns false when
   * a driver vetoed the query.
   */
  private *tearDown(n: DevNode, query: boolean, surprise = false): Step<boolean> {
    const io = this.io;
    if (surprise && n.started && attachedTop(io, n.pdo) !== n.pdo) yield* this.sendPnp(n, 'IRP_MN_SURPRISE_REMOVAL');
    if (query && n.started) {
      const q = yield* this.sendPnp(n, 'IRP_MN_QUERY_REMOVE_DEVICE');
      if (q < 0) { yield* this.sendPnp(n, 'IRP_MN_CANCEL_REMOVE_DEVICE'); return false; }
      n.setState('DeviceNodeQueryRemoved');
    }
    this.interfaces.removeDevice(n);
    if (attachedTop(io, n.pdo) !== n.pdo) yield* this.sendPnp(n, 'IRP_MN_REMOVE_DEVICE');
    // Whatever a driver left attached is detached now (a WDM driver that forgot IoDetachDevice).
    io.at('DEVICE_OBJECT', n.pdo).set('AttachedDevice', 0);
    n.attached.length = 0;
    n.setState('DeviceNodeRemoved');
    for (const service of n.services) yield* this.unloadIfUnused(service);
    return true;
  }

  /** A PnP driver with no device objects left is unloaded (DriverUnload, then the image goes). */
  private *unloadIfUnused(service: string): Step {
    const d = this.io.drivers.get(service.toLowerCase());
    if (!d || d.state !== 'running') return;
    if (this.io.at('DRIVER_OBJECT', d.object).get('DeviceObject')) return;
    if ([...this.nodes.values()].some((x) => x.started && x.services.some((s) => s.toLowerCase() === service.toLowerCase()))) return;
    yield* within(this.k, 'ntoskrnl!IopUnloadDriver', () => iopUnloadDriver(this.io, d));
  }

  /**
   * devcon remove: the stack goes, then the device node and its PDO; false when a driver vetoed. The device's Enum
   * key stays, so it is a non-present device (Device Manager greys it under Show hidden devices; Code 45) that the
   * next enumeration (Scan for hardware changes, a boot) brings back. `uninstall` (Device Manager's Uninstall
   * device, pnputil /delete-driver /uninstall) deletes its keys as well: the device is forgotten.
   */
  removeDevice(n: DevNode, o: { uninstall?: boolean } = {}): boolean {
    if (n.builtIn || n === this.root) return false;
    let ok = true;
    this.worker(function* (this: PnpManager) { ok = yield* this.tearDown(n, true); return 0; }.bind(this));
    if (!ok) return false;
    deleteDevice(this.io, n.pdo);
    n.pdo = 0;
    n.setState('DeviceNodeDeleted');
    const p = n.parent!;
    p.children.splice(p.children.indexOf(n), 1);
    this.nodes.delete(n.instanceId.toUpperCase());
    if (o.uninstall) this.forgetDevice(n.instanceId);
    this.io.pool.free(n.address);
    this.events.push({ kind: 'removed', node: n });
    return true;
  }

  /** Root-enumerated devices the registry remembers (their Enum key) that are not in the tree now: non-present. */
  nonPresent(): string[] {
    const root = this.k.registry.open(`${ENUM_KEY}\\ROOT`);
    return [...(root?.subkeys.values() ?? [])].flatMap((g) => [...g.subkeys.values()].map((i) => `ROOT\\${g.name}\\${i.name}`))
      .filter((id) => !this.node(id)).sort((a, b) => a.localeCompare(b));
  }

  /** A device that is not in the tree is forgotten: its Enum key and its driver's software key (Class\{guid}\NNNN) go. */
  forgetDevice(instanceId: string): boolean {
    if (this.node(instanceId)) return false;
    const key = this.k.registry.open(`${ENUM_KEY}\\${instanceId}`);
    if (!key) return false;
    const driver = key.value('Driver')?.data;
    if (typeof driver === 'string' && driver) this.k.registry.delete(`${CLASS_KEY}\\${driver}`);
    this.k.registry.delete(key.path);
    return true;
  }

  /** Disable (Code 22): the stack goes, the node stays; ConfigFlags remembers it. */
  disableDevice(n: DevNode): boolean {
    if (n.builtIn) return false;
    let ok = true;
    if (n.started || n.attached.length) this.worker(function* (this: PnpManager) { ok = yield* this.tearDown(n, true); return 0; }.bind(this));
    if (!ok) return false;
    n.disabled = true;
    const key = this.enumKey(n, true)!;
    key.setValue('ConfigFlags', REG_DWORD, Number(key.value('ConfigFlags')?.data ?? 0) | CONFIGFLAG_DISABLED);
    n.problem = CM_PROB.DISABLED;
    this.events.push({ kind: 'disabled', node: n });
    return true;
  }

  enableDevice(n: DevNode): number {
    n.disabled = false;
    const key = this.enumKey(n, true)!;
    key.setValue('ConfigFlags', REG_DWORD, Number(key.value('ConfigFlags')?.data ?? 0) & ~CONFIGFLAG_DISABLED);
    n.problem = 0;
    return this.startDevice(n);
  }

  /** The stack goes (QUERY_REMOVE, REMOVE_DEVICE, drivers unload) and the node stays, to be started again
   *  (a driver update); false when a driver vetoed. */
  stopStack(n: DevNode): boolean {
    if (n.builtIn) return false;
    let ok = true;
    if (n.started || n.attached.length) this.worker(function* (this: PnpManager) { ok = yield* this.tearDown(n, true); return 0; }.bind(this));
    return ok;
  }

  /** devcon restart: the stack is removed and started again; the new problem code, or -1 when vetoed. The start
   *  waits for the removal to finish (a debugger may hold it at a driver's unload), and the answer for the start. */
  restartDevice(n: DevNode): number | Promise<number> {
    if (n.builtIn) return 0;
    // Device actions go in turn, as Windows queues them: a start still held (devcon install's, at its driver's load
    // notice) finishes first, or the restart would start the device a second time beside it.
    const earlier = this.settled();
    if (earlier) return earlier.then(() => this.restartDevice(n));
    let ok = true;
    if (n.started || n.attached.length) this.worker(function* (this: PnpManager) { ok = yield* this.tearDown(n, true); return 0; }.bind(this));
    const start = (): number | Promise<number> => {
      if (!ok) return -1;
      this.startDevice(n);
      return this.settled()?.then(() => n.problem) ?? n.problem;
    };
    return this.settled()?.then(start) ?? start();
  }

  /** IoInvalidateDeviceState with PNP_DEVICE_FAILED (WdfDeviceSetFailed): Code 43 and the stack goes. */
  reportFailed(pdoOrDevice: number): void {
    const n = this.nodeOfDevice(pdoOrDevice);
    if (!n) return;
    if (n.state === 'DeviceNodeStartPending') { n.failedAfterStart = true; return; }
    if (!n.started) return;
    n.failedAfterStart = true;
    this.io.startSystemThread('PnpDeviceActionWorker', function* (this: PnpManager) {
      yield* this.tearDown(n, false, true);
      this.fail(n, CM_PROB.FAILED_POST_START);
      return 0;
    }.bind(this));
  }

  /** IoInvalidateDeviceRelations: recorded for the PnP manager's next enumeration pass (root-enumerated devices
   *  have no bus driver to send IRP_MN_QUERY_DEVICE_RELATIONS to, so nothing else changes in the tree). */
  invalidateRelations(dev: number, type: number): void {
    const n = this.nodeOfDevice(dev);
    if (n) this.events.push({ kind: 'relations', node: n, status: type });
  }

  /** The device node a device object belongs to (its PDO or any device attached above it). */
  nodeOfDevice(dev: number): DevNode | undefined {
    const d = dev >>> 0;
    for (const n of this.nodes.values()) if (n.pdo === d || n.attached.includes(d)) return n;
    for (const n of this.nodes.values()) {
      for (let x = n.pdo ? this.io.at('DEVICE_OBJECT', n.pdo).get('AttachedDevice') : 0; x; x = this.io.at('DEVICE_OBJECT', x).get('AttachedDevice')) {
        if (x === d) return n;
      }
    }
    return undefined;
  }
}

const managers = new WeakMap<Kernel, PnpManager>();

/** The PnP manager of a kernel (created with the device tree on first use). */
export function pnp(k: Kernel): PnpManager {
  let m = managers.get(k);
  if (!m) { m = new PnpManager(k); managers.set(k, m); }
  return m;
}

/** The PnP manager of a kernel if it has one yet (a booted system always does; bare test kernels may not). */
export function pnpOf(k: Kernel): PnpManager | undefined { return managers.get(k); }
