// The typed messages between the lab engine (main thread) and a machine's worker. Requests carry an id and get
// exactly one reply; everything else is a one-way stream (console, cable frames and bytes, status events).
import type { FirmwareSettings } from './devices/firmware.ts';
import type { FsEntry } from './devices/disk.ts';
import type { LineSettings, ModemOut } from './devices/serial-line.ts';
import type { MachineConfig, MachineState, MachineStatus } from './machine.ts';
import type { PingResult } from '../net/stack.ts';

export type ComPort = 1 | 2;

/** Requests (each answered by a `reply` with the same id). */
export type Request =
  | { t: 'power'; on: boolean }
  | { t: 'restart' }
  | { t: 'break-in' }
  | { t: 'save' }
  | { t: 'load'; state: MachineState }
  | { t: 'heartbeat' }
  | { t: 'info' }
  /** Port I/O as the debugger's ib/ob commands do it. */
  | { t: 'io'; op: 'in' | 'out'; port: number; size: 1 | 2 | 4; value?: number }
  | { t: 'ping'; target: string; count?: number; timeoutMs?: number; size?: number }
  | { t: 'firmware'; settings: Partial<FirmwareSettings> }
  | { t: 'disk'; op: 'read' | 'write' | 'list' | 'mkdir' | 'remove' | 'stat'; path: string; data?: Uint8Array }
  /** Free-running (paced to wall time when idle) or stopped (only `advance` moves the clock; for tests and stepping). */
  | { t: 'run'; mode: 'free' | 'stopped' }
  | { t: 'advance'; ticks: number }
  /** The running kernel's PnP device tree (Device Manager), and its actions. */
  | { t: 'devices' }
  | { t: 'device-action'; action: DeviceAction; instanceId?: string; deleteDriver?: boolean }
  /** The I/O view: trace the IRPs passing this device's stack (irp-trace messages), or stop (no instanceId). */
  | { t: 'io-watch'; instanceId?: string };

export type DeviceAction = 'enable' | 'disable' | 'uninstall' | 'scan' | 'update';
/** One driver file as Driver File Details shows it (its version resource's CompanyName, FileVersion, LegalCopyright). */
export interface DriverFile { path: string; provider: string; version: string; copyright: string; signer: string }
/** One device node as Device Manager shows it (the shape of the app contract's Device). classTitle = the class's
 *  description (Disk drives); hidden = not present now (Show hidden devices lists it, greyed). */
export interface TargetDevice {
  instanceId: string; parent?: string; name: string; className: string; classTitle: string; classGuid: string; status: string; problem: number;
  disabled: boolean; hidden: boolean; hardwareIds: string[]; compatibleIds: string[]; service: string; manufacturer: string;
  driver: { provider: string; date: string; version: string; signer: string; files: DriverFile[]; inf: string };
  events: { time: string; text: string }[];
}
/** One device object of a device's stack, as the I/O view draws it (bottom first: the PDO). */
export interface StackDevice { address: number; role: 'PDO' | 'Filter' | 'FDO'; name: string; driver: string }
/** One IRP passing a watched device object: call (its dispatch routine got it), pending (that routine returned
 *  STATUS_PENDING), complete (on the way back up, with IoStatus.Status then). driver = the device's driver object
 *  name (a restarted stack has new device objects); done = the top location completed (the IRP left the stack); cycles = the processor's clock. */
export interface IrpTraceEvent {
  irp: number; device: number; driver: string; major: number; minor: number; phase: 'call' | 'pending' | 'complete'; status?: number; done?: boolean; cycles: number;
}
/** What a kernel module (the KernelRef's) exports as `deviceTree(machine)`: the running system's tree, or undefined. */
export interface DeviceTree {
  list(): TargetDevice[];
  action(action: DeviceAction, instanceId?: string, options?: { deleteDriver?: boolean }): string;
  /** Watch one device's stack (events go to `sink`); undefined stops watching. Returns the stack bottom first. */
  watch(instanceId: string | undefined, sink: (e: IrpTraceEvent) => void): StackDevice[];
}

export interface MachineInfo {
  name: string; status: MachineStatus; ticks: number; instructions: number; mac: string; ip: string; link: boolean;
  /** What the machine's worker holds: its JS heap in use, and buffers outside it (system memory, disk). */
  heapBytes: number; externalBytes: number;
}
export interface PingOutcome { ip: number | undefined; results: PingResult[] }
export type DiskReply = Uint8Array | FsEntry[] | FsEntry | undefined;

export type ToMachine =
  | { t: 'init'; config: MachineConfig; paced: boolean; state?: MachineState; stopped?: boolean }
  | ({ id: number } & Request)
  | { t: 'console-in'; text: string }
  | { t: 'net-frame'; frame: Uint8Array }
  | { t: 'net-link'; up: boolean }
  | { t: 'serial-in'; port: ComPort; bytes: number[]; line: LineSettings }
  | { t: 'serial-modem'; port: ComPort; lines: ModemOut | null };

export type FromMachine =
  /** The machine is up (error: the checkpoint it was started from could not be restored; inexact: it was restored
   *  from its fallback, the saved disk booted again, and why). */
  | { t: 'ready'; error?: string; inexact?: string }
  | { t: 'reply'; id: number; ok: true; value?: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'status'; status: MachineStatus }
  | { t: 'console-out'; text: string }
  | { t: 'net-frame'; frame: Uint8Array }
  | { t: 'serial-out'; port: ComPort; bytes: number[]; line: LineSettings }
  | { t: 'serial-modem'; port: ComPort; lines: ModemOut }
  | { t: 'irp-trace'; events: IrpTraceEvent[]; dropped: number };
