// The KMDF publisher: Wdf01000!KdpWdfTables (bound drivers, devices, queues with their requests, in-flight
// recorders) for the debugger's !wdfkd extensions, and nt!WmipLoggerContext (the drivers' WPP buffers, raw) for
// !wmitrace.logdump. Rewritten each time the stub freezes the target.
import {
  encodeJsonTable, WDF_TABLES, WDF_TABLES_SIZE, WPP_TABLES, WPP_TABLES_SIZE,
  type WdfCallback, type WdfDeviceRecord, type WdfQueueRecord, type WdfRequestRecord, type WdfTables, type WppTables,
} from '../../../../main/formats/kd/ntdata-wdf.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Kernel } from '../../kernel.ts';
import type { KdPublisher } from './publishers.ts';
import type { HostModule } from './hostmodules.ts';
import { fx } from '../../../wdf/framework.ts';
import type { FxDevice } from '../../../wdf/device.ts';
import type { FxQueue } from '../../../wdf/queue.ts';
import type { FxRequest } from '../../../wdf/request.ts';
import type { FxObject } from '../../../wdf/object.ts';
import { wpp } from '../../etw/wpp.ts';

const va = (off: number): string => (off ? toVA(off >>> 0).toString(16) : '0');
/** A handle as WinDbg shows KMDF's: the complement of the object's 64-bit address. */
const handle = (o: FxObject): string => BigInt.asUintN(64, ~toVA(o.address)).toString(16);
const callbacks = (c: Record<string, number | undefined>): WdfCallback[] =>
  Object.entries(c).filter((e): e is [string, number] => !!e[1]).map(([name, slot]) => ({ name, slot: slot >>> 0 }));

/** The framework's three state machines for our device states (their state names). */
const STATES: Record<FxDevice['state'], [string, string, string]> = {
  added: ['WdfDevStatePnpInit', 'WdfDevStatePowerStopped', 'WdfDevStatePwrPolStopped'],
  started: ['WdfDevStatePnpStarted', 'WdfDevStatePowerD0', 'WdfDevStatePwrPolStarted'],
  stopped: ['WdfDevStatePnpHardwareAvailable', 'WdfDevStatePowerDx', 'WdfDevStatePwrPolStopped'],
  removed: ['WdfDevStatePnpRemoved', 'WdfDevStatePowerStopped', 'WdfDevStatePwrPolStopped'],
};

function request(r: FxRequest): WdfRequestRecord { return { handle: handle(r.obj), irp: va(r.irp) }; }

function queue(q: FxQueue): WdfQueueRecord {
  return {
    handle: handle(q.obj), device: handle(q.dev.obj), dispatch: q.dispatchType, powerManaged: q.powerManaged,
    started: q.started, accepting: q.accepting, isDefault: q.isDefault, callbacks: callbacks(q.callbacks),
    driverOwned: [...q.driverOwned].map(request), waiting: q.pending.map(request),
  };
}

function device(d: FxDevice): WdfDeviceRecord {
  return {
    handle: handle(d.obj), driver: d.binding.service, self: va(d.wdm), attached: va(d.lower), pdo: va(d.pdo),
    kind: d.control ? 'CONTROL' : d.filter ? 'FILTER' : 'FDO', states: STATES[d.state],
    contexts: d.obj.contexts.map((c) => ({ address: va(c.address), size: c.size, typeInfo: va(c.type) })),
    cleanup: d.obj.cleanup >>> 0, callbacks: callbacks(d.callbacks),
    queues: d.queues.map((q) => handle(q.obj)), defaultQueue: d.defaultQueue ? handle(d.defaultQueue.obj) : undefined,
  };
}

function refreshWdf(k: Kernel, at: (name: string) => number): void {
  const f = fx(k);
  const lib = (k.debugger as { hostModules?: HostModule[] } | undefined)?.hostModules?.find((h) => h.moduleName === 'Wdf01000');
  const t: WdfTables = {
    library: { version: 'v1.15', image: 'Wdf01000.sys', base: lib ? va(lib.base) : '0', size: lib?.size ?? 0 },
    clients: [...f.bindings.values()].map((b) => {
      const drv = [...k.io.drivers.values()].find((d) => d.object === b.driverObject);
      return {
        service: b.service, image: drv?.image.name ?? `${b.service}.sys`, imageBase: va(drv?.image.base ?? 0), imageSize: drv?.image.size ?? 0,
        version: `v${b.version.major}.${b.version.minor}`, globals: va(b.globals), driverObject: va(b.driverObject),
        driver: b.driver ? handle(b.driver.obj) : undefined, verifier: b.verifier,
        driverCallbacks: b.driver ? callbacks({ EvtDriverDeviceAdd: b.driver.addDevice, EvtDriverUnload: b.driver.unload }) : [],
      };
    }),
    devices: [...f.devices.values()].map(device),
    queues: [...f.devices.values()].flatMap((d) => d.queues.map(queue)),
    logs: [...f.logs.values()].map((l) => ({ driver: l.driver, entries: [...l.all()] })),
  };
  const bytes = encodeJsonTable(t, WDF_TABLES_SIZE, () => {
    const longest = t.logs.reduce<typeof t.logs[number] | undefined>((a, l) => (!a || l.entries.length > a.entries.length ? l : a), undefined);
    if (!longest?.entries.length) return false;
    longest.entries.splice(0, Math.ceil(longest.entries.length / 4));
    return true;
  });
  k.memory.u8.set(bytes, at(WDF_TABLES));
}

function refreshWpp(k: Kernel, at: (name: string) => number): void {
  const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  const t: WppTables = {
    providers: [...wpp(k).byDriver.values()].map((p) => ({
      driver: p.driver, module: p.image.moduleName, handle: p.handle.toString(16), controlGuid: p.controlGuid, registered: p.registered,
      records: p.records.map((r) => ({ sequence: r.sequence, time: r.time.toString(), pid: r.pid, tid: r.tid, guid: r.guid, number: r.number, args: r.args.map(hex) })),
    })),
  };
  const bytes = encodeJsonTable(t, WPP_TABLES_SIZE, () => {
    const longest = t.providers.reduce<typeof t.providers[number] | undefined>((a, p) => (!a || p.records.length > a.records.length ? p : a), undefined);
    if (!longest?.records.length) return false;
    longest.records.splice(0, Math.ceil(longest.records.length / 4));
    return true;
  });
  k.memory.u8.set(bytes, at(WPP_TABLES));
}

export const wdfPublisher: KdPublisher = { file: 'wdf01000.sys', symbols: [{ name: WDF_TABLES, size: WDF_TABLES_SIZE }], refresh: refreshWdf };
export const wppPublisher: KdPublisher = { file: 'ntoskrnl.exe', symbols: [{ name: WPP_TABLES, size: WPP_TABLES_SIZE }], refresh: refreshWpp };
