// The framework extensions: !wdfkd.wdfldr, .wdfdriverinfo, .wdfdevice, .wdfqueue, .wdflogdump (KMDF's objects and
// in-flight recorder from Wdf01000!KdpWdfTables) and !wmitrace.logdump (a driver's WPP buffer from
// nt!WmipLoggerContext, decoded with the message formats in the driver's image: our TMF, found on the symbol path
// as the PDB would be). Everything through ReadVirtualMemory.
import { readFileSync } from 'node:fs';
import type { KdSession } from '../session.ts';
import {
  decodeJsonTable, formatIfrLog, jsonTableLength, WDF_TABLES, WPP_TABLES,
  type WdfCallback, type WdfDeviceRecord, type WdfQueueRecord, type WdfTables, type WppTables,
} from '../../../formats/kd/ntdata-wdf.ts';
import type { IoTables } from '../../../formats/kd/ntdata-io.ts';
import { formatLogdump, traceFormats } from '../../../../kernel/ntos/etw/wpp.ts';
import { readIoTables, readStruct, routine } from '../target-data.ts';
import type { CommandTable } from './types.ts';

const WDF01000_SERVICE = '\\Registry\\Machine\\System\\CurrentControlSet\\Services\\Wdf01000';
const ox = (h: string): string => `0x${h.padStart(16, '0')}`;

async function readJson<T>(s: KdSession, symbol: string): Promise<T | undefined> {
  const at = s.resolveName(symbol);
  if (at === undefined) return undefined;
  const head = await s.memory.read(at, 4);
  if (!head || head.length < 4) return undefined;
  const body = await s.memory.read(at + 4n, jsonTableLength(head));
  return body ? decodeJsonTable<T>(body) : undefined;
}
const wdfTables = (s: KdSession) => readJson<WdfTables>(s, `Wdf01000!${WDF_TABLES}`);

/** A handle typed as the driver sees it (32 bits) or as WinDbg shows it (64 bits). */
async function findHandle<T extends { handle: string }>(s: KdSession, list: T[], text: string): Promise<T | undefined> {
  let v: bigint;
  try { v = await s.eval(text); } catch { return undefined; }
  return list.find((x) => { const h = BigInt(`0x${x.handle}`); return h === v || BigInt.asUintN(32, h) === BigInt.asUintN(32, v); });
}

function callbackLines(s: KdSession, io: IoTables | undefined, cbs: WdfCallback[], indent: string, form: 'paren' | 'plain'): string[] {
  return cbs.map((c) => {
    const r = io ? routine(s, io, c.slot) : { address: 0n, name: '' };
    const a = r.address.toString(16).padStart(16, '0');
    return form === 'paren' ? `${indent}${c.name}: (0x${a}) ${r.name}` : `${indent}${c.name} ${a} ${r.name}`;
  });
}

async function contextName(s: KdSession, typeInfo: string): Promise<string> {
  const ti = await readStruct(s, 'WDF_OBJECT_CONTEXT_TYPE_INFO', BigInt(`0x${typeInfo}`)).catch(() => undefined);
  const name = ti?.ptr('ContextName');
  if (!name) return '';
  const b = await s.memory.read(name, 64);
  if (!b) return '';
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? b.length : end));
}

function unavailable(): string { return 'Could not read Wdf01000!KdpWdfTables: the framework is not loaded or the target is running.'; }

async function wdfldr(s: KdSession): Promise<string> {
  const t = await wdfTables(s);
  if (!t) return unavailable();
  const out = ['----------------------------------', `LIBRARY_MODULE  ${ox(t.library.base)}`, `  Version       ${t.library.version}`,
    `  Service       ${WDF01000_SERVICE}`, `  ImageName     ${t.library.image}`, `  ImageAddress  ${ox(t.library.base)}`,
    `  ImageSize     0x${t.library.size.toString(16)}`, `  Associated Clients: ${t.clients.length}`, ''];
  out.push('  ImageName                   Ver   WdfGlobals         FxGlobals          ImageAddress       ImageSize');
  for (const c of t.clients) out.push(`  ${c.image.padEnd(27)} ${c.version} ${ox(c.globals)} ${ox(c.globals)} ${ox(c.imageBase)} 0x${c.imageSize.toString(16).padStart(8, '0')}`);
  out.push('----------------------------------', 'Total: 1 library loaded');
  return out.join('\n');
}

async function deviceSummary(s: KdSession, io: IoTables | undefined, d: WdfDeviceRecord): Promise<string[]> {
  const out = [`    !wdfdevice ${ox(d.handle)} ff (${d.kind})`, `        Pnp/Power State: ${d.states.join(', ')}`];
  const module = s.modules.find((m) => m.name.toLowerCase() === d.driver.toLowerCase())?.name ?? d.driver;
  for (const c of d.contexts) {
    const name = await contextName(s, c.typeInfo);
    out.push(`        context:  dt ${ox(c.address)} ${module}!${name || 'UNKNOWN'} (size is 0x${c.size.toString(16)} bytes)`);
  }
  if (d.cleanup) out.push(...callbackLines(s, io, [{ name: 'EvtCleanupCallback', slot: d.cleanup }], '        ', 'plain'));
  out.push(`        !wdfdevicequeues ${ox(d.handle)}`);
  return out;
}

async function wdfdriverinfo(s: KdSession, args: string): Promise<string> {
  const t = await wdfTables(s);
  if (!t) return unavailable();
  const name = args.trim().split(/\s+/)[0]?.replace(/\.sys$/i, '') ?? '';
  const c = name ? t.clients.find((x) => x.service.toLowerCase() === name.toLowerCase() || x.image.toLowerCase() === `${name.toLowerCase()}.sys`) : t.clients[0];
  if (!c) return `Could not find driver ${name} in the list of KMDF drivers (!wdfkd.wdfldr lists them).`;
  const io = await readIoTables(s);
  const image = c.image.replace(/\.sys$/i, '');
  const out = ['----------------------------------', `Default driver image name: ${image}`, 'WDF library image name: Wdf01000',
    ` FxDriverGlobals  ${ox(c.globals)}`, `   Version        ${c.version}`, ` Library module   ${ox(t.library.base)}`,
    `   ServiceName    ${WDF01000_SERVICE}`, '   ImageName      Wdf01000', '----------------------------------'];
  out.push(`WDFDRIVER: ${c.driver ? ox(c.driver) : '0x0000000000000000'}`, 'Driver logs: Not available ', `Framework logs: !wdflogdump ${c.image} -f`, '');
  for (const d of t.devices.filter((x) => x.driver.toLowerCase() === c.service.toLowerCase())) out.push(...await deviceSummary(s, io, d), '');
  out.push('----------------------------------');
  return out.join('\n');
}

async function wdfdevice(s: KdSession, args: string): Promise<string> {
  const t = await wdfTables(s);
  if (!t) return unavailable();
  const text = args.trim().split(/\s+/)[0];
  if (!text) return 'Usage: !wdfkd.wdfdevice <WDFDEVICE> [Flags]';
  const d = await findHandle(s, t.devices, text);
  if (!d) return `${text} is not a WDFDEVICE handle`;
  const io = await readIoTables(s);
  const out = [`Dumping WDFDEVICE ${ox(d.handle)}`, '=================================', '',
    `WDM PDEVICE_OBJECTs: self ${d.self.padStart(16, '0')}, attached ${d.attached.padStart(16, '0')}, pdo ${d.pdo.padStart(16, '0')}`, '',
    `Pnp state:  ${d.states[0]}`, `Power state:  ${d.states[1]}`, `Power Pol state:  ${d.states[2]}`, '', 'Owned queues:'];
  for (const q of d.queues) out.push(` !wdfqueue ${ox(q)}${q === d.defaultQueue ? ' (default)' : ''}`);
  if (d.callbacks.length) out.push('', ...callbackLines(s, io, d.callbacks, '', 'paren'));
  return out.join('\n');
}

function queueFlags(q: WdfQueueRecord): string {
  const kind = q.dispatch === 'sequential' ? 'Sequential' : q.dispatch === 'parallel' ? 'Parallel' : 'Manual';
  return [kind, q.powerManaged ? 'Power-managed' : 'Not power-managed', q.started ? 'PowerOn' : 'PowerOff',
    q.accepting ? 'Can accept' : 'Cannot accept', q.started ? 'Can dispatch' : 'Cannot dispatch'].join(', ');
}

async function wdfqueue(s: KdSession, args: string): Promise<string> {
  const t = await wdfTables(s);
  if (!t) return unavailable();
  const text = args.trim().split(/\s+/)[0];
  if (!text) return 'Usage: !wdfkd.wdfqueue <WDFQUEUE>';
  const q = await findHandle(s, t.queues, text);
  if (!q) return `${text} is not a WDFQUEUE handle`;
  const io = await readIoTables(s);
  const out = [`Dumping WDFQUEUE ${ox(q.handle)}`, '=========================', queueFlags(q), `    Number of driver owned requests: ${q.driverOwned.length}`];
  for (const r of q.driverOwned) out.push(`    !wdfrequest ${ox(r.handle)}  !irp ${ox(r.irp)}`);
  out.push(`    Number of waiting requests: ${q.waiting.length}`);
  for (const r of q.waiting) out.push(`    !wdfrequest ${ox(r.handle)}  !irp ${ox(r.irp)}`);
  out.push('', '', ...callbackLines(s, io, q.callbacks, '    ', 'paren'));
  return out.join('\n');
}

async function wdflogdump(s: KdSession, args: string): Promise<string> {
  const t = await wdfTables(s);
  if (!t) return unavailable();
  const name = (args.trim().split(/\s+/)[0] ?? '').replace(/\.sys$/i, '').toLowerCase();
  if (!name) return 'Usage: !wdfkd.wdflogdump <DriverName> [-f]';
  const log = t.logs.find((l) => l.driver.toLowerCase() === name);
  if (!log) return `Could not find the in-flight recorder of ${name}.sys (is it a KMDF driver that has loaded?)`;
  return formatIfrLog(log.driver, log.entries).join('\n');
}

async function logdump(s: KdSession, args: string): Promise<string> {
  const name = (args.trim().split(/\s+/)[0] ?? '').replace(/\.sys$/i, '').toLowerCase();
  if (!name) return 'Usage: !wmitrace.logdump <LoggerName>';
  const t = await readJson<WppTables>(s, `nt!${WPP_TABLES}`);
  const p = t?.providers.find((x) => x.driver === name);
  if (!p) return `No trace session for ${name}`;
  // The message formats come from the driver's image on the symbol path, as the TMF does from its PDB.
  const m = s.findModule(p.module);
  if (m) s.ensureSymbols(m);
  const formats = m?.symbolFile ? traceFormats(new Uint8Array(readFileSync(m.symbolFile))) : new Map();
  const hex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));
  const records = p.records.map((r) => ({ ...r, time: BigInt(r.time), args: r.args.map(hex) }));
  return formatLogdump({ handle: BigInt(`0x${p.handle}`), formats, image: { moduleName: p.module } }, records).join('\n');
}

export const wdfCommands: CommandTable = {
  '!wdfkd.wdfldr': (s) => wdfldr(s),
  '!wdfkd.wdfdriverinfo': (s, a) => wdfdriverinfo(s, a),
  '!wdfkd.wdfdevice': (s, a) => wdfdevice(s, a),
  '!wdfkd.wdfqueue': (s, a) => wdfqueue(s, a),
  '!wdfkd.wdflogdump': (s, a) => wdflogdump(s, a),
  '!wmitrace.logdump': (s, a) => logdump(s, a),
};
