// Service control for kernel drivers, the kernel side of `sc create/start/stop/query/delete`: the service's key
// under HKLM\SYSTEM\CurrentControlSet\Services, loading through IopLoadDriver and unloading through
// IopUnloadDriver, with the Win32 error numbers the Service Control Manager reports. Start and stop each exist in
// two forms over one sequence: from the host side (own scheduler loop) and as a step of a running thread (advapi32). Win32 services (own or shared
// process) are programs the system supplies in TypeScript (the test agent): each registers under its image path in
// `programs`, and start/stop/query run it as the SCM runs a service process.
import { REG_DWORD, REG_EXPAND_SZ, REG_SZ } from '../cm/registry.ts';
import type { DriverRecord, IoManager } from './iomgr.ts';
import type { LoadedImage } from '../mm/loader/loader.ts';
import type { Step } from '../ob/manager.ts';
import { iopLoadDriver, iopUnloadDriver, SERVICES_KEY } from './driver.ts';
import { loadImportedImages, missingImageImports } from './imports.ts';

/** The Win32 errors the service controller returns (values from winerror.h through the layouts). */
const SCM_ERRORS = [
  'SUCCESS', 'FILE_NOT_FOUND', 'GEN_FAILURE', 'INVALID_IMAGE_HASH', 'INVALID_SERVICE_CONTROL', 'SERVICE_ALREADY_RUNNING',
  'SERVICE_DISABLED', 'SERVICE_DOES_NOT_EXIST', 'SERVICE_CANNOT_ACCEPT_CTRL', 'SERVICE_NOT_ACTIVE', 'SERVICE_EXISTS',
  'SERVICE_MARKED_FOR_DELETE', 'SERVICE_NEVER_STARTED', 'DRIVER_BLOCKED', 'SERVICE_REQUEST_TIMEOUT',
] as const;
type ScmError = (typeof SCM_ERRORS)[number];

/** A kernel driver service's image file, checked and ready to load. */
interface DriverFile { service: string; bytes: Uint8Array; fileName: string; ntPath: string }

/** A running Win32 service process. */
export interface ServiceProgram { stop?(): void }
const SERVICE_WIN32 = 0x30;

/** SERVICE_STATUS.dwCurrentState values. */
export const SERVICE_STOPPED = 1, SERVICE_START_PENDING = 2, SERVICE_STOP_PENDING = 3, SERVICE_RUNNING = 4;
export const SERVICE_KERNEL_DRIVER = 1, SERVICE_FILE_SYSTEM_DRIVER = 2;
export const SERVICE_BOOT_START = 0, SERVICE_SYSTEM_START = 1, SERVICE_AUTO_START = 2, SERVICE_DEMAND_START = 3, SERVICE_DISABLED = 4;

export interface CreateServiceOptions {
  type?: number; start?: number; errorControl?: number;
  /** As given to `sc create binPath=`: C:\...\x.sys becomes \??\C:\...\x.sys, as sc stores it. */
  binaryPath: string;
  group?: string; displayName?: string;
}

export interface ServiceStatus {
  name: string; displayName: string; type: number; state: number;
  win32ExitCode: number; serviceExitCode: number; checkPoint: number; waitHint: number;
}

/** The NT path ImagePath names (`System32\drivers\x.sys` is relative to \SystemRoot). */
export function imagePathToNt(imagePath: string): string {
  if (/^[a-zA-Z]:\\/.test(imagePath)) return `\\??\\${imagePath}`;
  if (imagePath.startsWith('\\')) return imagePath;
  return `\\SystemRoot\\${imagePath}`;
}

export class ServiceControl {
  /** Services marked for deletion while running (deleted when they stop). */
  private readonly markedForDelete = new Set<string>();
  /** Last exit code per service (what `sc query` shows as WIN32_EXIT_CODE). */
  private readonly exitCodes = new Map<string, number>();
  /** Policy hooks: a blocked driver (1275) and the signature check (577), plugged in by the code-integrity side. */
  isBlocked: (imageName: string, bytes: Uint8Array) => boolean = () => false;
  /** Win32 service programs by image path (lower case, no quotes): starting one returns the running service. */
  readonly programs = new Map<string, (service: string) => ServiceProgram>();
  private readonly running = new Map<string, ServiceProgram>();

  /** ERROR_* values by name without the prefix. */
  private readonly E: Readonly<Record<ScmError, number>>;

  constructor(private readonly io: IoManager) {
    this.E = Object.fromEntries(SCM_ERRORS.map((n) => [n, io.k.constant(`ERROR_${n}`)])) as Record<ScmError, number>;
  }

  private key(name: string) { return this.io.k.registry.open(`${SERVICES_KEY}\\${name}`); }

  create(name: string, o: CreateServiceOptions): number {
    if (this.key(name)) return this.E.SERVICE_EXISTS;
    const k = this.io.k.registry.create(`${SERVICES_KEY}\\${name}`);
    k.setValue('Type', REG_DWORD, o.type ?? SERVICE_KERNEL_DRIVER);
    k.setValue('Start', REG_DWORD, o.start ?? SERVICE_DEMAND_START);
    k.setValue('ErrorControl', REG_DWORD, o.errorControl ?? 1);
    k.setValue('ImagePath', REG_EXPAND_SZ, /^[a-zA-Z]:\\/.test(o.binaryPath) ? `\\??\\${o.binaryPath}` : o.binaryPath);
    k.setValue('DisplayName', REG_SZ, o.displayName ?? name);
    if (o.group) k.setValue('Group', REG_SZ, o.group);
    return this.E.SUCCESS;
  }

  /** StartService from the host side (sc at the engine, boot): runs its own scheduler loop for DriverEntry. */
  start(name: string): number {
    const r = this.beginStart(name);
    return typeof r === 'number' ? r : this.finishStart(r.service, r.result);
  }

  /**
   * cmd's `sc start`: as start(), but when DriverEntry cannot finish at once - a kernel debugger holds the target
   * for the driver's load notice or a breakpoint in it, or DriverEntry waits - sc's answer waits until it returns
   * (checked on the machine's clock, which stands still while the target is held).
   */
  startWaiting(name: string): number | Promise<number> {
    const r = this.beginStart(name);
    if (typeof r === 'number') return r;
    if (r.result !== undefined || this.io.finished(r.thread)) return this.finishStart(r.service, r.result);
    return this.io.whenFinished(r.thread).then(() => this.finishStart(r.service, r.thread.state === 'exited' ? Number(r.thread.result) | 0 : undefined));
  }

  /** The start up to DriverEntry's thread: a Win32 error, or the thread and DriverEntry's status if it returned. */
  private beginStart(name: string): number | { service: string; result: number | undefined; thread: ReturnType<IoManager['runOnSystemThread']>['thread'] } {
    const p = this.prepareStart(name);
    if (typeof p === 'number') return p;
    if (missingImageImports(this.io, p.bytes).length) {
      const { result } = this.io.runOnSystemThread('MmLoadSystemImage', () => loadImportedImages(this.io, p.bytes));
      if (result !== 0) return this.exit(p.service, result ?? this.E.GEN_FAILURE);
    }
    const image = this.loadDriverImage(p);
    if (typeof image === 'number') return image;
    const { result, thread } = this.io.runOnSystemThread('IopLoadDriver', () => iopLoadDriver(this.io, p.service, image));
    return { service: p.service, result, thread };
  }

  /** StartService from a running thread (advapi32's NtLoadDriver): the same sequence as a step of that thread. */
  *startStep(name: string): Step<number> {
    const p = this.prepareStart(name);
    if (typeof p === 'number') return p;
    const deps = yield* loadImportedImages(this.io, p.bytes);
    if (deps) return this.exit(p.service, deps);
    const image = this.loadDriverImage(p);
    if (typeof image === 'number') return image;
    return this.finishStart(p.service, yield* iopLoadDriver(this.io, p.service, image));
  }

  /** StartService's checks: the Win32 error, or the driver file to load. */
  private prepareStart(name: string): number | DriverFile {
    const k = this.key(name);
    if (!k) return this.E.SERVICE_DOES_NOT_EXIST;
    if (this.markedForDelete.has(name.toLowerCase())) return this.E.SERVICE_MARKED_FOR_DELETE;
    if (k.value('Start')?.data === SERVICE_DISABLED) return this.E.SERVICE_DISABLED;
    const service = k.name;
    if (Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32) return this.startProgram(service, String(k.value('ImagePath')?.data ?? ''));
    const existing = this.io.drivers.get(service.toLowerCase());
    if (existing) return existing.state === 'unloading' ? this.E.SERVICE_CANNOT_ACCEPT_CTRL : this.E.SERVICE_ALREADY_RUNNING;
    const imagePath = String(k.value('ImagePath')?.data ?? `System32\\drivers\\${service}.sys`);
    const ntPath = imagePathToNt(imagePath);
    const bytes = this.io.readFile(ntPath);
    if (!bytes) return this.exit(service, this.E.FILE_NOT_FOUND);
    const fileName = ntPath.slice(ntPath.lastIndexOf('\\') + 1);
    if (this.isBlocked(fileName, bytes)) return this.exit(service, this.E.DRIVER_BLOCKED);
    if (!this.io.verifyImage(bytes, ntPath)) return this.exit(service, this.E.INVALID_IMAGE_HASH);
    return { service, bytes, fileName, ntPath };
  }

  /** The driver's own image, mapped once the export drivers it imports are in: the image, or the Win32 error. */
  private loadDriverImage(p: DriverFile): LoadedImage | number {
    const loaded = this.io.k.loadImage(p.bytes, p.fileName, p.ntPath);
    return loaded.ok ? loaded.image : this.exit(p.service, this.io.win32Error(loaded.status));
  }

  /** DriverEntry's NTSTATUS (undefined: it never returned) as the service's Win32 exit code. */
  private finishStart(service: string, status: number | undefined): number {
    if (this.io.k.bugCheck) return this.exit(service, this.E.GEN_FAILURE);
    const st = status ?? this.io.st('STATUS_UNSUCCESSFUL');
    return this.exit(service, st < 0 ? this.io.win32Error(st) : this.E.SUCCESS);
  }

  /** A Win32 service: its program file must be on the disk and be one the system knows how to run. */
  private startProgram(service: string, imagePath: string): number {
    if (this.running.has(service.toLowerCase())) return this.E.SERVICE_ALREADY_RUNNING;
    const path = imagePath.replace(/^"([^"]*)".*$/, '$1');
    if (!this.io.readFile(imagePathToNt(path))) return this.exit(service, this.E.FILE_NOT_FOUND);
    const program = this.programs.get(path.replace(/^\\\?\?\\/, '').toLowerCase());
    // A program that never reports to the SCM: the start times out, as for an .exe that is not a service.
    if (!program) return this.exit(service, this.E.SERVICE_REQUEST_TIMEOUT);
    this.running.set(service.toLowerCase(), program(service));
    return this.exit(service, this.E.SUCCESS);
  }

  /** ControlService(SERVICE_CONTROL_STOP) from the host side: DriverUnload, then the image goes once nothing refers to it. */
  stop(name: string): number {
    const p = this.prepareStop(name);
    if (typeof p === 'number') return p;
    this.io.runOnSystemThread('IopUnloadDriver', () => iopUnloadDriver(this.io, p.driver));
    return this.finishStop(p.service, p.driver);
  }

  /** ControlService(SERVICE_CONTROL_STOP) from a running thread (advapi32's NtUnloadDriver). */
  *stopStep(name: string): Step<number> {
    const p = this.prepareStop(name);
    if (typeof p === 'number') return p;
    yield* iopUnloadDriver(this.io, p.driver);
    return this.finishStop(p.service, p.driver);
  }

  /** The stop's checks (a Win32 service stops here): the Win32 error, or the driver to unload. */
  private prepareStop(name: string): number | { service: string; driver: DriverRecord } {
    const k = this.key(name);
    if (!k) return this.E.SERVICE_DOES_NOT_EXIST;
    const program = this.running.get(k.name.toLowerCase());
    if (Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32) {
      if (!program) return this.E.SERVICE_NOT_ACTIVE;
      program.stop?.();
      this.running.delete(k.name.toLowerCase());
      return this.E.SUCCESS;
    }
    const driver = this.io.drivers.get(k.name.toLowerCase());
    if (!driver || driver.state !== 'running') return this.E.SERVICE_NOT_ACTIVE;
    if (!this.io.at('DRIVER_OBJECT', driver.object).get('DriverUnload')) return this.E.INVALID_SERVICE_CONTROL;
    return { service: k.name, driver };
  }

  /** A service marked for deletion while it ran goes once its driver has unloaded. */
  private finishStop(service: string, driver: DriverRecord): number {
    if (this.markedForDelete.has(service.toLowerCase()) && (driver.state as string) === 'unloaded') this.remove(service);
    return this.E.SUCCESS;
  }

  query(name: string): { error: number; status?: ServiceStatus } {
    const k = this.key(name);
    if (!k) return { error: this.E.SERVICE_DOES_NOT_EXIST };
    const driver = this.io.drivers.get(k.name.toLowerCase());
    const state = Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32 ? (this.running.has(k.name.toLowerCase()) ? SERVICE_RUNNING : SERVICE_STOPPED)
      : !driver ? SERVICE_STOPPED : driver.state === 'running' ? SERVICE_RUNNING
      : driver.state === 'starting' ? SERVICE_START_PENDING : driver.state === 'unloading' ? SERVICE_STOP_PENDING : SERVICE_STOPPED;
    return {
      error: 0,
      status: {
        name: k.name, displayName: String(k.value('DisplayName')?.data ?? k.name), type: Number(k.value('Type')?.data ?? 1), state,
        win32ExitCode: state === SERVICE_STOPPED ? (this.exitCodes.get(k.name.toLowerCase()) ?? this.E.SERVICE_NEVER_STARTED) : 0,
        serviceExitCode: 0, checkPoint: 0, waitHint: 0,
      },
    };
  }

  delete(name: string): number {
    const k = this.key(name);
    if (!k) return this.E.SERVICE_DOES_NOT_EXIST;
    if (this.markedForDelete.has(k.name.toLowerCase())) return this.E.SERVICE_MARKED_FOR_DELETE;
    if (this.io.drivers.has(k.name.toLowerCase())) { this.markedForDelete.add(k.name.toLowerCase()); return this.E.SUCCESS; }
    this.remove(k.name);
    return this.E.SUCCESS;
  }

  private remove(name: string): void {
    this.io.k.registry.delete(`${SERVICES_KEY}\\${name}`);
    this.markedForDelete.delete(name.toLowerCase());
    this.exitCodes.delete(name.toLowerCase());
  }

  private exit(service: string, code: number): number {
    this.exitCodes.set(service.toLowerCase(), code);
    return code;
  }
}
