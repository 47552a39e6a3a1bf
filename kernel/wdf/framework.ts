// Wdf01000.sys's state on one machine: the drivers bound to it (one WDF_DRIVER_GLOBALS each), the live framework
// objects by handle, and the helpers every object file shares (memory, calling driver callbacks under named
// frames, the verifier's bugchecks, the in-flight recorder).
import type { Kernel } from '../ntos/kernel.ts';
import type { IoManager } from '../ntos/io/iomgr.ts';
import type { Step } from '../ntos/ob/manager.ts';
import { BugCheck } from '../ntos/ke/bugcheck.ts';
import { within } from '../ntos/io/pnp/frames.ts';
import { IfrLog } from './log.ts';
import type { FxObject } from './object.ts';
import type { FxDriver } from './driver.ts';
import type { FxDevice, DeviceInit } from './device.ts';
import type { SystemMemory } from '../../main/machine/memory.ts';
import { Structs, type Body } from '../ntos/ob/fields.ts';

/**
 * Where a framework instance's drivers live. Wdf01000.sys serves drivers in system space (the kernel's memory and
 * pool, callbacks on the system processor); the UMDF framework in a WUDFHost.exe process (kernel/user/umdf) serves
 * its driver DLL in that process's own memory: structures the driver passes, context areas and out-parameters are
 * there, and its callbacks run on the host's thread.
 */
export interface DriverSpace {
  readonly memory: SystemMemory;
  alloc(size: number): number;
  free(address: number): void;
  /** Calls driver code (a function-table index of the space's processor). */
  call(pointer: number, args: number[]): Step<number>;
  /** The framework's module name in frames and messages: 'Wdf01000' or 'WUDFx02000'. */
  readonly module: string;
  /** The kernel device object that stands for a UMDF device (the reflector's), given a PDO. */
  reflectorDevice?(pdo: number): number;
  /** Completes a request's IRP: the host's copy goes back to the reflector (instead of IoCompleteRequest). */
  completeIrp?(irp: number): Step;
  /** What a verifier violation becomes: the host process's end instead of a bugcheck. */
  violation?(status: number): Error;
}

/** One driver image bound with WdfVersionBind. */
export interface Binding {
  globals: number;
  driverObject: number;
  service: string;
  /** The registry path FxDriverEntry passed (its own copy). */
  registryPath: string;
  /** The version the image was built against. */
  version: { major: number; minor: number };
  log: IfrLog;
  driver?: FxDriver;
  /** KMDF verifier (VerifierOn under the service's Parameters\Wdf key; on for every lab driver). */
  verifier: boolean;
}

export class Framework {
  /** Live objects by handle value. */
  readonly objects = new Map<number, FxObject>();
  /** Context areas by address (WdfObjectContextGetObject). */
  readonly contexts = new Map<number, FxObject>();
  /** Handles of objects already deleted, kept to tell a stale handle from garbage (verifier reports). */
  readonly deleted = new Map<number, string>();
  readonly bindings = new Map<number, Binding>();
  /** In-flight recorder logs by lower-case service name (kept after unload). */
  readonly logs = new Map<string, IfrLog>();
  readonly devices = new Map<number, FxDevice>();
  readonly deviceInits = new Map<number, DeviceInit>();
  /** What !wdfkd.wdfverifier would say: verifier break points hit (WdfVerifierDbgBreakPoint). */
  readonly verifierBreaks: string[] = [];

  private readonly structs?: Structs;

  constructor(readonly k: Kernel, readonly space?: DriverSpace) {
    if (space) this.structs = new Structs(k.layouts, space.memory);
  }

  get io(): IoManager { return this.k.io; }
  /** The drivers' memory: system memory for KMDF, the host process's for UMDF. */
  get mem(): SystemMemory { return this.space?.memory ?? this.k.memory; }
  /** A structure the driver passed (WDF_DRIVER_CONFIG, WDF_OBJECT_ATTRIBUTES ...) in the drivers' memory. */
  at(struct: string, address: number): Body { return this.structs ? this.structs.at(struct, address) : this.io.at(struct, address); }
  get umdf(): boolean { return !!this.space; }
  /** An IRP a request wraps (in a host process the host's copy) and its current stack location. */
  irpAt(irp: number): Body { return this.at('IRP', irp); }
  stackAt(irp: number): Body { return this.at('IO_STACK_LOCATION', this.irpAt(irp).get('Tail.Overlay.CurrentStackLocation')); }
  *completeIrp(irp: number): Step {
    if (this.space?.completeIrp) yield* this.space.completeIrp(irp); else yield* this.io.completeRequest(irp, 0);
  }

  binding(globals: number): Binding | undefined { return this.bindings.get(globals >>> 0); }

  logFor(service: string): IfrLog {
    let l = this.logs.get(service.toLowerCase());
    if (!l) { l = new IfrLog(service); this.logs.set(service.toLowerCase(), l); }
    return l;
  }

  /** Zeroed nonpaged memory for the framework's own records. */
  alloc(size: number, tag = 'FxOb'): number {
    if (!this.space) return this.io.alloc(Math.max(size, 4), tag);
    const at = this.space.alloc(Math.max(size, 4));
    this.mem.u8.fill(0, at, at + Math.max(size, 4));
    return at;
  }
  free(address: number): void { if (!address) return; if (this.space) this.space.free(address); else this.io.pool.free(address); }

  /** A UNICODE_STRING's text in the drivers' memory. */
  unicode(at: number): string {
    if (!at) return '';
    if (!this.space) return this.io.readUnicodeString(at);
    const u = this.at('UNICODE_STRING', at);
    return this.mem.readWString(u.get('Buffer'), u.get('Length') >> 1);
  }

  /** A GUID in the drivers' memory, in registry form. */
  guid(at: number): string {
    const m = this.mem, h = (v: number, n: number) => v.toString(16).padStart(n, '0');
    const d4 = [...m.read(at + 8, 8)].map((b) => h(b, 2)).join('');
    return `{${h(m.readU32(at), 8)}-${h(m.readU16(at + 4), 4)}-${h(m.readU16(at + 6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
  }

  st(name: string): number { return this.k.constant(name) | 0; }

  /** Runs `body` under a frame named Wdf01000!<name>. */
  within(name: string, body: () => Step<number>): Step<number> {
    // In a host process the frames are the driver thread's own (no kernel frame names on a user stack).
    return this.space ? body() : within(this.k, `Wdf01000!${name}`, body);
  }

  /** Calls a driver callback (a function-table index) with its arguments. */
  *call(pointer: number, args: number[]): Step<number> {
    return this.space ? yield* this.space.call(pointer, args) : yield* this.io.callPointer(pointer, args);
  }

  /** Calls a driver callback under an `Invoke` frame as KMDF's callback wrappers do (FxDriverDeviceAdd::Invoke). */
  *invoke(frame: string, pointer: number, args: number[]): Step<number> {
    return yield* this.within(frame, () => this.call(pointer, args));
  }

  /** 0x10D WDF_VIOLATION with a WDF_BUGCHECK_CODES sub-code, blamed on the driver. */
  violation(b: Binding | undefined, code: string, p2: number | bigint = 0, p3: number | bigint = 0, p4: number | bigint = 0): BugCheck {
    const sub = this.k.enumValue('WDF_BUGCHECK_CODES', code);
    b?.log.error('FxVerifierBugCheck', `WDF_VIOLATION ${code} (0x${sub.toString(16)})`);
    // In a host process the framework stops the host (the driver's process), never the system.
    if (this.space?.violation) return this.space.violation(this.st('STATUS_DRIVER_INTERNAL_ERROR')) as BugCheck;
    return new BugCheck('WDF_VIOLATION', [BigInt(sub), BigInt(p2), BigInt(p3), BigInt(p4)], b ? `${b.service}.sys` : undefined);
  }

  /**
   * A verifier break (WdfVerifierDbgBreakPoint): the message goes to the debugger as KMDF prints it; the system
   * continues (a debugger would stop here; without one the break is ignored, as on a target without KD).
   */
  verifierBreak(b: Binding | undefined, message: string): void {
    const text = `WDF VERIFIER ERROR: ${b ? `${b.service}: ` : ''}${message}\n`;
    this.verifierBreaks.push(text.trim());
    b?.log.error('FxVerifierDbgBreakPoint', message);
    this.k.debugOutput(text);
  }
}

const frameworks = new WeakMap<Kernel, Framework>();
/** How a kernel finds the UMDF framework of the host process whose code is running (kernel/user/umdf). */
const hosted = new WeakMap<Kernel, () => Framework | undefined>();
export function setHostedFramework(k: Kernel, current: () => Framework | undefined): void { hosted.set(k, current); }

/**
 * The framework serving the running driver code: the UMDF framework of the WUDFHost.exe process whose thread runs
 * now, else Wdf01000.sys of the kernel (created on first use, as it loads with its first client).
 */
export function fx(k: Kernel): Framework {
  const h = hosted.get(k)?.();
  if (h) return h;
  let f = frameworks.get(k);
  if (!f) { f = new Framework(k); frameworks.set(k, f); }
  return f;
}

/** KMDF's handles are the complement of the object's address, so a driver that dereferences one faults. */
export function handleOf(address: number): number { return (~address) >>> 0; }
export function addressOf(handle: number): number { return (~handle) >>> 0; }
