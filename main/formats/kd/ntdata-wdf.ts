// The tables the stub keeps for the debugger's framework extensions: Wdf01000!KdpWdfTables (the drivers bound to
// KMDF, their devices and queues with the requests each holds, and every driver's in-flight recorder) for
// !wdfkd.*, and nt!WmipLoggerContext (each driver's WPP trace buffer, raw records) for !wmitrace.logdump. KMDF's
// objects live in the framework, not in structures of our headers, so they are published as these records
// (our layout: a ULONG byte count, then UTF-8 JSON). The stub writes them when it stops the target.

export const WDF_TABLES = 'KdpWdfTables';
export const WDF_TABLES_SIZE = 0x80000;
export const WPP_TABLES = 'WmipLoggerContext';
export const WPP_TABLES_SIZE = 0x80000;

/** A callback or routine as a function-table slot (the debugger names it through KdpIoTables). */
export interface WdfCallback { name: string; slot: number }
export interface WdfRequestRecord { handle: string; irp: string }
export interface WdfQueueRecord {
  handle: string; device: string;
  dispatch: 'sequential' | 'parallel' | 'manual';
  powerManaged: boolean; started: boolean; accepting: boolean; isDefault: boolean;
  callbacks: WdfCallback[];
  driverOwned: WdfRequestRecord[]; waiting: WdfRequestRecord[];
}
export interface WdfDeviceRecord {
  handle: string; driver: string;
  /** The WDM device objects (VAs as hex): the device itself, the one it attached to, the stack's PDO. */
  self: string; attached: string; pdo: string;
  kind: 'FDO' | 'FILTER' | 'CONTROL';
  /** Pnp, power and power-policy state names as the framework's state machines call them. */
  states: [string, string, string];
  /** Context areas: address, size and the WDF_OBJECT_CONTEXT_TYPE_INFO address (its ContextName names the type). */
  contexts: { address: string; size: number; typeInfo: string }[];
  cleanup: number;
  callbacks: WdfCallback[];
  queues: string[]; defaultQueue?: string;
}
export interface WdfClientRecord {
  service: string; image: string; imageBase: string; imageSize: number;
  version: string; globals: string; driverObject: string; driver?: string; verifier: boolean;
  driverCallbacks: WdfCallback[];
}
export interface IfrRecord { seq: number; level: string; func: string; text: string }
export interface WdfTables {
  library: { version: string; image: string; base: string; size: number };
  clients: WdfClientRecord[];
  devices: WdfDeviceRecord[];
  queues: WdfQueueRecord[];
  logs: { driver: string; entries: IfrRecord[] }[];
}

export interface WppRecordOut { sequence: number; time: string; pid: number; tid: number; guid: string; number: number; args: string[] }
export interface WppTables { providers: { driver: string; module: string; handle: string; controlGuid: string; registered: boolean; records: WppRecordOut[] }[] }

/** A ULONG byte count and the JSON; records are dropped from the front of long lists until it fits. */
export function encodeJsonTable(value: unknown, max: number, trim: () => boolean): Uint8Array {
  for (;;) {
    const body = new TextEncoder().encode(JSON.stringify(value));
    if (body.length + 4 <= max || !trim()) {
      const out = new Uint8Array(4 + Math.min(body.length, max - 4));
      new DataView(out.buffer).setUint32(0, out.length - 4, true);
      out.set(body.subarray(0, out.length - 4), 4);
      return out;
    }
  }
}
export function jsonTableLength(head: Uint8Array): number { return new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true); }
export function decodeJsonTable<T>(body: Uint8Array): T { return JSON.parse(new TextDecoder().decode(body)) as T; }

/** The lines `!wdfkd.wdflogdump` prints for a driver's in-flight recorder (also what the kernel's log dumps). */
export function formatIfrLog(driver: string, entries: readonly IfrRecord[]): string[] {
  return [
    'Trace searchpath is: ',
    'Trace format prefix is: %7!u!: %!FUNC! - ',
    `Log at ${driver}`,
    `Gather log: Please wait, this may take a moment (reading ${entries.length} entries).`,
    ...entries.map((e) => `${e.seq}: ${e.func} - ${e.text}`),
    '---- end of log ----',
  ];
}
