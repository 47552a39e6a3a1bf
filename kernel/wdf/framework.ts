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

  constructor(readonly k: Kernel) {}

  get io(): IoManager { return this.k.io; }
  get mem() { return this.k.memory; }

  binding(globals: number): Binding | undefined { return this.bindings.get(globals >>> 0); }

  logFor(service: string): IfrLog {
    let l = this.logs.get(service.toLowerCase());
    if (!l) { l = new IfrLog(service); this.logs.set(service.toLowerCase(), l); }
    return l;
  }

  /** Zeroed nonpaged memory for the framework's own records. */
  alloc(size: number, tag = 'FxOb'): number { return this.io.alloc(Math.max(size, 4), tag); }
  free(address: number): void { if (address) this.io.pool.free(address); }

  st(name: string): number { return this.k.constant(name) | 0; }

  /** Runs `body` under a frame named Wdf01000!<name>. */
  within(name: string, body: () => Step<number>): Step<number> { return within(this.k, `Wdf01000!${name}`, body); }

  /** Calls a driver callback (a function-table index) with its arguments. */
  *call(pointer: number, args: number[]): Step<number> { return yield* this.io.callPointer(pointer, args); }

  /** Calls a driver callback under an `Invoke` frame as KMDF's callback wrappers do (FxDriverDeviceAdd::Invoke). */
  *invoke(frame: string, pointer: number, args: number[]): Step<number> {
    return yield* this.within(frame, () => this.call(pointer, args));
  }

  /** 0x10D WDF_VIOLATION with a WDF_BUGCHECK_CODES sub-code, blamed on the driver. */
  violation(b: Binding | undefined, code: string, p2: number | bigint = 0, p3: number | bigint = 0, p4: number | bigint = 0): BugCheck {
    const sub = this.k.enumValue('WDF_BUGCHECK_CODES', code);
    b?.log.error('FxVerifierBugCheck', `WDF_VIOLATION ${code} (0x${sub.toString(16)})`);
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

/** The framework of a kernel (created on first use, as Wdf01000.sys loads with its first client). */
export function fx(k: Kernel): Framework {
  let f = frameworks.get(k);
  if (!f) { f = new Framework(k); frameworks.set(k, f); }
  return f;
}

/** KMDF's handles are the complement of the object's address, so a driver that dereferences one faults. */
export function handleOf(address: number): number { return (~address) >>> 0; }
export function addressOf(handle: number): number { return (~handle) >>> 0; }
