// The PnP and I/O extensions (kdexts): !devnode, !drvobj, !devobj, !devstack, !irp. Driver and device objects and
// IRPs are read at their addresses with our headers' layouts; device nodes and object names come from the tables
// the stub publishes (nt!IopRootDeviceNode, KdpIoTables). Everything through ReadVirtualMemory.
import type { KdSession } from '../session.ts';
import type { DevNodeRecord, IoTables } from '../../../formats/kd/ntdata-io.ts';
import { DEVNODE_STATES, PROBLEMS } from '../../../../kernel/ntos/io/pnp/devnode.ts';
import { headerNames, headerValue, hex16, hex8, objectName, readIoTables, readStruct, readUnicodeString, routine, type TargetStruct } from '../target-data.ts';
import type { CommandTable } from './types.ts';

const IO_H = 'km/wdm/io.h';
const stateNames = new Map<number, string>(Object.entries(DEVNODE_STATES).map(([n, v]) => [v, n]));
const stateText = (v: number): string => `${stateNames.get(v) ?? 'Unknown State'} (0x${v.toString(16)})`;
const ox = (v: bigint): string => `0x${hex16(v)}`;

async function tables(s: KdSession): Promise<IoTables> {
  const t = await readIoTables(s);
  if (!t) throw new ExtensionError('Unable to read the I/O tables of nt (nt!KdpIoTables); is the target broken in?');
  return t;
}
class ExtensionError extends Error {}

async function evalArg(s: KdSession, text: string): Promise<bigint | undefined> {
  try { return await s.eval(text); } catch { return undefined; }
}

// ---------------------------------------------------------------- !devnode

function devnodeLines(n: DevNodeRecord, t: IoTables, indent: string, family: boolean): string[] {
  const out = [`${indent}DevNode ${ox(n.address)} for PDO ${ox(n.pdo)}`];
  if (family) {
    const sibs = t.devnodes.filter((x) => x.parent === n.parent && n.parent !== 0n);
    const sib = sibs[sibs.indexOf(n) + 1]?.address ?? 0n, child = t.devnodes.find((x) => x.parent === n.address)?.address ?? 0n;
    const p = (v: bigint) => (v ? ox(v) : '0000000000');
    out.push(`${indent}  Parent ${p(n.parent)}   Sibling ${p(sib)}   Child ${p(child)}`);
  }
  out.push(`${indent}  InstancePath is "${n.instancePath}"`);
  if (n.serviceName) out.push(`${indent}  ServiceName is "${n.serviceName}"`);
  out.push(`${indent}  State = ${stateText(n.state)}`, `${indent}  Previous State = ${stateText(n.previousState)}`);
  if (n.problem) {
    out.push(`${indent}  Problem = ${PROBLEMS[n.problem]?.name ?? `0x${n.problem.toString(16)}`}`);
    if (n.problemStatus) out.push(`${indent}  Problem Status = 0x${hex8(n.problemStatus)}`);
  }
  return out;
}

async function devnode(s: KdSession, args: string): Promise<string> {
  const [addrText = '0', flagText = '0', service] = args.split(/\s+/).filter(Boolean);
  const t = await tables(s);
  const flags = Number((await evalArg(s, flagText)) ?? 0n);
  const start = (await evalArg(s, addrText)) ?? 0n;
  const root = t.devnodes.find((n) => n.parent === 0n);
  const first = start === 0n ? root : t.devnodes.find((n) => n.address === start);
  if (!first) return `Error in reading nt!_DEVICE_NODE @ ${hex16(start)}`;
  const out: string[] = [];
  if (start === 0n) {
    const at = s.resolveName('nt!IopRootDeviceNode');
    const b = at !== undefined ? await s.memory.read(at, 8) : undefined;
    const v = b && b.length === 8 ? new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true) : first.address;
    out.push(`Dumping IopRootDeviceNode (= ${ox(v)})`);
  }
  const walk = (n: DevNodeRecord, depth: number): void => {
    if (!service || n.serviceName.toLowerCase() === service.toLowerCase()) out.push(...devnodeLines(n, t, '  '.repeat(depth), !(flags & 1)));
    if (flags & 1) for (const c of t.devnodes.filter((x) => x.parent === n.address)) walk(c, depth + 1);
  };
  walk(first, 0);
  return out.join('\n');
}

// ---------------------------------------------------------------- !drvobj

/** A driver object from `\Driver\Name`, `Name` or an address. */
async function driverObject(s: KdSession, t: IoTables, text: string): Promise<bigint | undefined> {
  const lower = text.toLowerCase();
  const byName = t.objects.find((o) => o.name.toLowerCase() === lower || o.name.toLowerCase() === `\\driver\\${lower}`);
  if (byName) return byName.address;
  return evalArg(s, text);
}

async function drvobj(s: KdSession, args: string): Promise<string> {
  const [name, flagText = '1'] = args.split(/\s+/).filter(Boolean);
  if (!name) return 'Usage: !drvobj <DriverObject> [Flags]';
  const t = await tables(s);
  const at = await driverObject(s, t, name);
  const d = at !== undefined ? await readStruct(s, 'DRIVER_OBJECT', at) : undefined;
  if (!d || at === undefined) return `Driver object ${name} not found`;
  const flags = Number((await evalArg(s, flagText)) ?? 1n);
  const out = [`Driver object (${hex16(at)}) is for:`, ` ${await readUnicodeString(s, d.addr('DriverName'))}`, '', 'Driver Extension List: (id , addr)', '', 'Device Object list:'];
  const devices: string[] = [];
  for (let dev = d.ptr('DeviceObject'), n = 0; dev && n < 256; n++) {
    devices.push(hex16(dev));
    const o = await readStruct(s, 'DEVICE_OBJECT', dev);
    dev = o ? o.ptr('NextDevice') : 0n;
  }
  out.push(devices.map((x) => `${x}  `).join(''));
  if (flags & 2) {
    const show = (label: string, slot: number) => {
      const r = routine(s, t, slot);
      out.push(`${label}${r.address ? hex16(r.address) : '00000000'}\t${r.name}`);
    };
    out.push('');
    show('DriverEntry:   ', d.get('DriverInit'));
    show('DriverStartIo: ', d.get('DriverStartIo'));
    show('DriverUnload:  ', d.get('DriverUnload'));
    const ext = d.ptr('DriverExtension');
    const e = ext ? await readStruct(s, 'DRIVER_EXTENSION', ext) : undefined;
    show('AddDevice:     ', e ? e.get('AddDevice') : 0);
    out.push('', 'Dispatch routines:');
    const names = headerNames(IO_H, 'IRP_MJ_');
    const count = d.info('MajorFunction').count ?? 28;
    for (let i = 0; i < count; i++) {
      const r = routine(s, t, d.at('MajorFunction', i));
      const label = `[${i.toString(16).padStart(2, '0')}] ${names.get(i) ?? `IRP_MJ_0x${i.toString(16)}`}`;
      out.push(`${label.padEnd(40)}${hex16(r.address)}\t${r.name}`);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- !devobj, !devstack

async function deviceObject(s: KdSession, t: IoTables, text: string): Promise<bigint | undefined> {
  const lower = text.toLowerCase();
  const full = lower.startsWith('\\') ? lower : `\\device\\${lower}`;
  const byName = t.objects.find((o) => o.name.toLowerCase() === full);
  if (byName) return byName.address;
  return evalArg(s, text);
}

async function driverNameOf(s: KdSession, t: IoTables, dev: TargetStruct): Promise<string> {
  const drv = dev.ptr('DriverObject');
  const d = drv ? await readStruct(s, 'DRIVER_OBJECT', drv) : undefined;
  return (d && await readUnicodeString(s, d.addr('DriverName'))) || objectName(t, drv) || '';
}

const leaf = (name: string | undefined): string => (name ? name.slice(name.lastIndexOf('\\') + 1) : '');

function flagNames(value: number, header: string, prefix: string): string {
  const names = headerNames(header, prefix);
  const set: string[] = [];
  for (const [v, n] of names) if (v && (value & v) === v && !set.includes(n)) set.push(n);
  return set.join(', ');
}

/** The stack a device is in, top first: up through AttachedDevice from the PDO whose stack holds it. */
async function stackOf(s: KdSession, t: IoTables, dev: bigint): Promise<{ stack: bigint[]; node?: DevNodeRecord }> {
  const up = async (from: bigint): Promise<bigint[]> => {
    const chain: bigint[] = [];
    for (let d = from; d && chain.length < 32; ) {
      chain.push(d);
      const o = await readStruct(s, 'DEVICE_OBJECT', d);
      d = o ? o.ptr('AttachedDevice') : 0n;
    }
    return chain;
  };
  for (const n of t.devnodes) {
    if (!n.pdo) continue;
    const chain = await up(n.pdo);
    if (chain.includes(dev)) return { stack: chain.reverse(), node: n };
  }
  return { stack: (await up(dev)).reverse() };
}

async function devobj(s: KdSession, args: string): Promise<string> {
  const text = args.trim();
  if (!text) return 'Usage: !devobj <DeviceObject>';
  const t = await tables(s);
  const at = await deviceObject(s, t, text);
  const d = at !== undefined ? await readStruct(s, 'DEVICE_OBJECT', at) : undefined;
  if (!d || at === undefined) return `Error: Could not read device object or _DEVICE_OBJECT not found`;
  const name = leaf(objectName(t, at));
  const { stack, node } = await stackOf(s, t, at);
  const out = [`Device object (${hex16(at)}) is for:`, ` ${name ? `${name} ` : ''}${await driverNameOf(s, t, d)} DriverObject ${hex16(d.ptr('DriverObject'))}`];
  const irp = d.ptr('CurrentIrp');
  out.push(`Current Irp ${irp ? hex16(irp) : '00000000'} RefCount ${d.get('ReferenceCount')} Type ${hex8(d.get('DeviceType'))} Flags ${hex8(d.get('Flags'))}`);
  const ext = d.ptr('DeviceExtension'), objExt = d.ptr('DeviceObjectExtension');
  const isPdo = node?.pdo === at;
  out.push(`DevExt ${ext ? hex16(ext) : '00000000'} DevObjExt ${objExt ? hex16(objExt) : '00000000'}${isPdo && node ? ` DevNode ${hex16(node.address)}` : ''} `);
  const ch = d.get('Characteristics');
  out.push(`Characteristics (0x${hex8(ch)})  ${flagNames(ch, IO_H, 'FILE_')}`.trimEnd());
  const i = stack.indexOf(at);
  const upper = i > 0 ? stack[i - 1] : undefined, lower = i >= 0 && i + 1 < stack.length ? stack[i + 1] : undefined;
  for (const [label, v] of [['AttachedDevice (Upper)', upper], ['AttachedTo (Lower)', lower]] as const) {
    if (!v) continue;
    const o = await readStruct(s, 'DEVICE_OBJECT', v);
    out.push(`${label} ${hex16(v)} ${o ? await driverNameOf(s, t, o) : ''}`);
  }
  out.push(d.get('DeviceQueue.Busy') ? 'Device queue is busy.' : 'Device queue is not busy.');
  return out.join('\n');
}

async function devstack(s: KdSession, args: string): Promise<string> {
  const text = args.trim();
  if (!text) return 'Usage: !devstack <DeviceObject>';
  const t = await tables(s);
  const at = await deviceObject(s, t, text);
  const d = at !== undefined ? await readStruct(s, 'DEVICE_OBJECT', at) : undefined;
  if (!d || at === undefined) return `Error: Could not read device object or _DEVICE_OBJECT not found`;
  const { stack, node } = await stackOf(s, t, at);
  const out = ['  !DevObj           !DrvObj            !DevExt           ObjectName'];
  for (const v of stack) {
    const o = await readStruct(s, 'DEVICE_OBJECT', v);
    if (!o) continue;
    const ext = o.ptr('DeviceExtension');
    out.push(`${v === at ? '>' : ' '} ${hex16(v)}  ${(await driverNameOf(s, t, o)).padEnd(18)} ${ext ? hex16(ext) : '00000000'.padEnd(16)}  ${leaf(objectName(t, v))}`.trimEnd());
  }
  if (node) {
    out.push(`!DevNode ${hex16(node.address)} :`, `  DeviceInst is "${node.instancePath}"`);
    if (node.serviceName) out.push(`  ServiceName is "${node.serviceName}"`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- !irp

async function irp(s: KdSession, args: string): Promise<string> {
  const [text] = args.split(/\s+/).filter(Boolean);
  if (!text) return 'Usage: !irp <Irp> [Detail]';
  const at = await evalArg(s, text);
  const b = at !== undefined ? await readStruct(s, 'IRP', at) : undefined;
  if (!b || at === undefined) return `Unable to read the IRP at ${text}`;
  const t = await tables(s);
  const count = b.get('StackCount'), current = b.get('CurrentLocation');
  const slSize = (await readStruct(s, 'IO_STACK_LOCATION', at + BigInt(b.size)))?.size ?? 0;
  const out = [`Irp is active with ${count} stacks ${current} is current (= ${ox(b.ptr('Tail.Overlay.CurrentStackLocation'))})`];
  const mdl = b.ptr('MdlAddress'), sys = b.ptr('AssociatedIrp.SystemBuffer'), th = b.ptr('Tail.Overlay.Thread');
  out.push(` ${mdl ? `Mdl=${hex16(mdl)}` : 'No Mdl'}: ${sys ? `System buffer=${hex16(sys)}` : 'No System Buffer'}: Thread ${th ? hex16(th) : '00000000'}:  Irp stack trace.  `);
  if (b.get('PendingReturned')) out[out.length - 1] += 'Pending has been returned';
  out.push('     cmd  flg cl Device   File     Completion-Context');
  const mj = headerNames(IO_H, 'IRP_MJ_'), mn = headerNames(IO_H, 'IRP_MN_');
  const ctl = { success: headerValue(IO_H, 'SL_INVOKE_ON_SUCCESS'), error: headerValue(IO_H, 'SL_INVOKE_ON_ERROR'), cancel: headerValue(IO_H, 'SL_INVOKE_ON_CANCEL'), pending: headerValue(IO_H, 'SL_PENDING_RETURNED') };
  for (let i = 0; i < count; i++) {
    const sl = await readStruct(s, 'IO_STACK_LOCATION', at + BigInt(b.size + i * slSize));
    if (!sl) break;
    const major = sl.get('MajorFunction'), minor = sl.get('MinorFunction'), control = sl.get('Control');
    const live = i + 1 >= current;
    const mjText = live && (major || sl.ptr('DeviceObject')) ? `${mj.get(major) ?? 'IRP_MJ_?'}(${major.toString(16)})` : 'N/A(0)';
    const mnText = live && minor ? `${(major === 0x1b || major === 0x16 ? mn.get(minor) : undefined) ?? 'N/A'}(${minor.toString(16)})` : 'N/A(0)';
    out.push(`${i + 1 === current ? '>' : ' '}[${mjText}, ${mnText}]`);
    const dev = sl.ptr('DeviceObject'), file = sl.ptr('FileObject');
    const done = routine(s, t, sl.get('CompletionRoutine')), ctx = sl.ptr('Context');
    const when = [control & ctl.success ? 'Success' : '', control & ctl.error ? 'Error' : '', control & ctl.cancel ? 'Cancel' : ''].filter(Boolean).join(' ');
    const pend = control & ctl.pending ? 'pending' : '';
    out.push(`${String(sl.get('Flags').toString(16)).padStart(13)} ${control.toString(16).padStart(2)} ${dev ? hex16(dev) : '00000000'} ${file ? hex16(file) : '00000000'} ${done.address ? hex16(done.address) : '00000000'}-${ctx ? hex16(ctx) : '00000000'}    ${[when, pend].filter(Boolean).join(' ')}`.trimEnd());
    if (dev) {
      const o = await readStruct(s, 'DEVICE_OBJECT', dev);
      out.push(`\t       ${o ? await driverNameOf(s, t, o) : ''}${done.name ? `\t${done.name}` : ''}`);
    } else out.push('');
    const args4 = [1, 2, 3, 4].map((k) => hex16(BigInt(sl.get(`Parameters.Others.Argument${k}`))));
    out.push(`\t\t\tArgs: ${args4.join(' ')}`);
  }
  return out.join('\n');
}

const guard = (f: (s: KdSession, a: string) => Promise<string>) => async (s: KdSession, a: string): Promise<string> => {
  try { return await f(s, a); } catch (e) { if (e instanceof ExtensionError) return e.message; throw e; }
};

export const pnpCommands: CommandTable = {
  '!devnode': guard(devnode), '!drvobj': guard(drvobj), '!devobj': guard(devobj), '!devstack': guard(devstack), '!irp': guard(irp),
};
