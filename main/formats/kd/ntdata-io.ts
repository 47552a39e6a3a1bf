// The I/O tables the stub keeps in nt's data area for the debugger's PnP and I/O extensions (!devnode, !drvobj,
// !devobj, !devstack, !irp). DRIVER_OBJECT, DEVICE_OBJECT and IRP are real structures in system memory and the
// debugger reads them there; what Windows keeps in structures our kernel holds elsewhere is published here:
// nt!IopRootDeviceNode (a pointer to the root device node) and one table (KdpIoTables) with the device nodes, the
// names of driver and device objects (their object headers) and the routine behind each function-table slot a
// structure may point to (our function pointers are table indices, not code addresses). The layouts are ours.
import { Reader, Writer } from './bytes.ts';

export const IOP_ROOT_DEVICE_NODE = 'IopRootDeviceNode';
export const IO_TABLES = 'KdpIoTables';
/** Bytes of the table area (the encoded tables). */
export const IO_TABLES_SIZE = 0x40000;

export interface DevNodeRecord {
  address: bigint; parent: bigint; pdo: bigint;
  state: number; previousState: number; problem: number; problemStatus: number;
  instancePath: string; serviceName: string;
}
/** A named object (\Driver\ECHO, \Device\0000001f) by body address. */
export interface NamedObjectRecord { address: bigint; name: string }
/** A function-table slot: the code address it calls and, for host routines, the name (module!Routine). */
export interface RoutineRecord { slot: number; address: bigint; name: string }

export interface IoTables { devnodes: DevNodeRecord[]; objects: NamedObjectRecord[]; routines: RoutineRecord[] }

/** The tables as bytes: a ULONG byte count, then the body. Lists that do not fit in `max` bytes are cut short. */
export function encodeIoTables(t: IoTables, max: number): Uint8Array {
  const fit = (n: number, f: (k: number) => Uint8Array): Uint8Array => {
    let k = n, b = f(k);
    while (b.length + 4 > max && k > 0) { k = Math.floor(k * 0.9); b = f(k); }
    return b;
  };
  const body = (k: number): Uint8Array => {
    const w = new Writer();
    const dn = t.devnodes.slice(0, k), ob = t.objects.slice(0, k), rt = t.routines.slice(0, k);
    w.u32(dn.length);
    for (const d of dn) {
      w.u64(d.address).u64(d.parent).u64(d.pdo).u32(d.state).u32(d.previousState).u32(d.problem).u32(d.problemStatus);
      w.str(d.instancePath).str(d.serviceName);
    }
    w.u32(ob.length);
    for (const o of ob) w.u64(o.address).str(o.name);
    w.u32(rt.length);
    for (const r of rt) w.u32(r.slot).u64(r.address).str(r.name);
    return w.done();
  };
  const b = fit(Math.max(t.devnodes.length, t.objects.length, t.routines.length), body);
  return new Writer().u32(b.length).bytes(b).done();
}

/** Length of the body from the first four bytes. */
export function ioTablesLength(head: Uint8Array): number { return new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true); }

export function decodeIoTables(body: Uint8Array): IoTables {
  const r = new Reader(body);
  const t: IoTables = { devnodes: [], objects: [], routines: [] };
  for (let n = r.u32(); n > 0; n--) {
    t.devnodes.push({ address: r.u64(), parent: r.u64(), pdo: r.u64(), state: r.u32(), previousState: r.u32(), problem: r.u32(), problemStatus: r.u32(), instancePath: r.str(), serviceName: r.str() });
  }
  for (let n = r.u32(); n > 0; n--) t.objects.push({ address: r.u64(), name: r.str() });
  for (let n = r.u32(); n > 0; n--) t.routines.push({ slot: r.u32(), address: r.u64(), name: r.str() });
  return t;
}
