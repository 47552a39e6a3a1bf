// Service control for kernel drivers, the kernel side of `sc create/start/stop/query/delete`: the service's key
// under HKLM\SYSTEM\CurrentControlSet\Services, loading through IopLoadDriver and unloading through
// IopUnloadDriver, with the Win32 error numbers the Service Control Manager reports. Win32 services (own or shared
// process) are programs the system supplies in TypeScript (the test agent): each registers under its image path in
// `programs`, and start/stop/query run it as the SCM runs a service process.
import { REG_DWORD, REG_EXPAND_SZ, REG_SZ } from '../cm/registry.ts';
import type { IoManager } from './iomgr.ts';
import { iopLoadDriver, iopUnloadDriver, SERVICES_KEY } from './driver.ts';
import { loadImportedImages } from './imports.ts';

/** Win32 errors the SCM returns for drivers. */
export const ERROR = {
  SUCCESS: 0, FILE_NOT_FOUND: 2, PATH_NOT_FOUND: 3, ACCESS_DENIED: 5, GEN_FAILURE: 31, BAD_EXE_FORMAT: 193,
  PROC_NOT_FOUND: 127, INVALID_IMAGE_HASH: 577, INVALID_SERVICE_CONTROL: 1052, SERVICE_ALREADY_RUNNING: 1056,
  SERVICE_DISABLED: 1058, SERVICE_DOES_NOT_EXIST: 1060, SERVICE_CANNOT_ACCEPT_CTRL: 1061, SERVICE_NOT_ACTIVE: 1062,
  SERVICE_EXISTS: 1073, SERVICE_MARKED_FOR_DELETE: 1072, SERVICE_NEVER_STARTED: 1077, DRIVER_BLOCKED: 1275, INVALID_PARAMETER: 87,
  SERVICE_REQUEST_TIMEOUT: 1053,
} as const;

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

  constructor(private readonly io: IoManager) {}

  private key(name: string) { return this.io.k.registry.open(`${SERVICES_KEY}\\${name}`); }

  create(name: string, o: CreateServiceOptions): number {
    if (this.key(name)) return ERROR.SERVICE_EXISTS;
    const k = this.io.k.registry.create(`${SERVICES_KEY}\\${name}`);
    k.setValue('Type', REG_DWORD, o.type ?? SERVICE_KERNEL_DRIVER);
    k.setValue('Start', REG_DWORD, o.start ?? SERVICE_DEMAND_START);
    k.setValue('ErrorControl', REG_DWORD, o.errorControl ?? 1);
    k.setValue('ImagePath', REG_EXPAND_SZ, /^[a-zA-Z]:\\/.test(o.binaryPath) ? `\\??\\${o.binaryPath}` : o.binaryPath);
    k.setValue('DisplayName', REG_SZ, o.displayName ?? name);
    if (o.group) k.setValue('Group', REG_SZ, o.group);
    return ERROR.SUCCESS;
  }

  /** StartService: load the image and run DriverEntry; 0 or the Win32 error. */
  start(name: string): number {
    const k = this.key(name);
    if (!k) return ERROR.SERVICE_DOES_NOT_EXIST;
    if (this.markedForDelete.has(name.toLowerCase())) return ERROR.SERVICE_MARKED_FOR_DELETE;
    if (k.value('Start')?.data === SERVICE_DISABLED) return ERROR.SERVICE_DISABLED;
    const service = k.name;
    if (Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32) return this.startProgram(service, String(k.value('ImagePath')?.data ?? ''));
    const existing = this.io.drivers.get(service.toLowerCase());
    if (existing) return existing.state === 'unloading' ? ERROR.SERVICE_CANNOT_ACCEPT_CTRL : ERROR.SERVICE_ALREADY_RUNNING;
    const imagePath = String(k.value('ImagePath')?.data ?? `System32\\drivers\\${service}.sys`);
    const ntPath = imagePathToNt(imagePath);
    const bytes = this.io.readFile(ntPath);
    if (!bytes) return this.exit(service, ERROR.FILE_NOT_FOUND);
    const fileName = ntPath.slice(ntPath.lastIndexOf('\\') + 1);
    if (this.isBlocked(fileName, bytes)) return this.exit(service, ERROR.DRIVER_BLOCKED);
    if (!this.io.verifyImage(bytes, ntPath)) return this.exit(service, ERROR.INVALID_IMAGE_HASH);
    const deps = loadImportedImages(this.io, bytes);
    if (deps) return this.exit(service, deps);
    const loaded = this.io.k.loadImage(bytes, fileName, ntPath);
    if (!loaded.ok) return this.exit(service, this.io.win32Error(loaded.status));
    const { result } = this.io.runOnSystemThread('IopLoadDriver', () => iopLoadDriver(this.io, service, loaded.image));
    if (this.io.k.bugCheck) return this.exit(service, ERROR.GEN_FAILURE);
    const status = result ?? this.io.st('STATUS_UNSUCCESSFUL');
    return this.exit(service, status < 0 ? this.io.win32Error(status) : ERROR.SUCCESS);
  }

  /** A Win32 service: its program file must be on the disk and be one the system knows how to run. */
  private startProgram(service: string, imagePath: string): number {
    if (this.running.has(service.toLowerCase())) return ERROR.SERVICE_ALREADY_RUNNING;
    const path = imagePath.replace(/^"([^"]*)".*$/, '$1');
    if (!this.io.readFile(imagePathToNt(path))) return this.exit(service, ERROR.FILE_NOT_FOUND);
    const program = this.programs.get(path.replace(/^\\\?\?\\/, '').toLowerCase());
    // A program that never reports to the SCM: the start times out, as for an .exe that is not a service.
    if (!program) return this.exit(service, ERROR.SERVICE_REQUEST_TIMEOUT);
    this.running.set(service.toLowerCase(), program(service));
    return this.exit(service, ERROR.SUCCESS);
  }

  /** ControlService(SERVICE_CONTROL_STOP): DriverUnload, then the image goes once nothing refers to it. */
  stop(name: string): number {
    const k = this.key(name);
    if (!k) return ERROR.SERVICE_DOES_NOT_EXIST;
    const program = this.running.get(k.name.toLowerCase());
    if (Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32) {
      if (!program) return ERROR.SERVICE_NOT_ACTIVE;
      program.stop?.();
      this.running.delete(k.name.toLowerCase());
      return ERROR.SUCCESS;
    }
    const driver = this.io.drivers.get(k.name.toLowerCase());
    if (!driver || driver.state !== 'running') return ERROR.SERVICE_NOT_ACTIVE;
    if (!this.io.at('DRIVER_OBJECT', driver.object).get('DriverUnload')) return ERROR.INVALID_SERVICE_CONTROL;
    this.io.runOnSystemThread('IopUnloadDriver', () => iopUnloadDriver(this.io, driver));
    if (this.markedForDelete.has(k.name.toLowerCase()) && (driver.state as string) === 'unloaded') this.remove(k.name);
    return ERROR.SUCCESS;
  }

  query(name: string): { error: number; status?: ServiceStatus } {
    const k = this.key(name);
    if (!k) return { error: ERROR.SERVICE_DOES_NOT_EXIST };
    const driver = this.io.drivers.get(k.name.toLowerCase());
    const state = Number(k.value('Type')?.data ?? 1) & SERVICE_WIN32 ? (this.running.has(k.name.toLowerCase()) ? SERVICE_RUNNING : SERVICE_STOPPED)
      : !driver ? SERVICE_STOPPED : driver.state === 'running' ? SERVICE_RUNNING
      : driver.state === 'starting' ? SERVICE_START_PENDING : driver.state === 'unloading' ? SERVICE_STOP_PENDING : SERVICE_STOPPED;
    return {
      error: 0,
      status: {
        name: k.name, displayName: String(k.value('DisplayName')?.data ?? k.name), type: Number(k.value('Type')?.data ?? 1), state,
        win32ExitCode: state === SERVICE_STOPPED ? (this.exitCodes.get(k.name.toLowerCase()) ?? ERROR.SERVICE_NEVER_STARTED) : 0,
        serviceExitCode: 0, checkPoint: 0, waitHint: 0,
      },
    };
  }

  delete(name: string): number {
    const k = this.key(name);
    if (!k) return ERROR.SERVICE_DOES_NOT_EXIST;
    if (this.markedForDelete.has(k.name.toLowerCase())) return ERROR.SERVICE_MARKED_FOR_DELETE;
    if (this.io.drivers.has(k.name.toLowerCase())) { this.markedForDelete.add(k.name.toLowerCase()); return ERROR.SUCCESS; }
    this.remove(k.name);
    return ERROR.SUCCESS;
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
