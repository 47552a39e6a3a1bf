// WPP software tracing on the target: EtwRegister gives a driver's trace provider (its control GUID) a
// registration handle, and each WmiTraceMessage the generated .tmh makes lands in the driver's trace buffer as
// the binary record ETW keeps (message GUID, number, argument bytes, time, process and thread). The message
// formats come from the image's "driverlab.wpp" section (our build's TMF), so `!wmitrace.logdump <driver>` can
// decode the buffer the way the debugger extension does with the driver's PDB.
import type { Kernel } from '../kernel.ts';
import type { LoadedImage } from '../mm/loader/loader.ts';
import { readGuid } from '../io/pnp/interfaces.ts';
import { toVA } from '../../../main/machine/memory.ts';

export interface WppMessageFormat { guid: string; number: number; file: string; line: number; func: string; level: string; flags: string; format: string; args: string[] }
interface WppSection { control: { name?: string; guid?: string; bits?: string[] }; messages: WppMessageFormat[] }

export interface TraceRecord { sequence: number; time: bigint; pid: number; tid: number; guid: string; number: number; args: Uint8Array[] }

export interface TraceProvider {
  handle: bigint; controlGuid: string; image: LoadedImage; driver: string;
  formats: Map<string, WppMessageFormat>;
  /** The per-driver buffer (the in-memory session !wmitrace reads); kept after unregistering. */
  records: TraceRecord[];
  registered: boolean;
}

/** A custom section of a wasm image by name (id 0 sections: a name, then the payload). */
export function customSection(bytes: Uint8Array, name: string): Uint8Array | undefined {
  let p = 8;
  const leb = () => { let r = 0, s = 0, b: number; do { b = bytes[p++]!; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = leb();
    const end = p + size;
    if (id === 0) {
      const n = leb();
      if (new TextDecoder().decode(bytes.subarray(p, p + n)) === name) return bytes.subarray(p + n, end);
    }
    p = end;
  }
  return undefined;
}

/** Buffers kept per driver this many records deep (a circular in-memory session). */
export const BUFFER_RECORDS = 4096;

export class WppTracing {
  readonly providers = new Map<bigint, TraceProvider>();
  /** Providers by lower-case driver name (module name without .sys); the latest registration wins. */
  readonly byDriver = new Map<string, TraceProvider>();
  private nextHandle = 0xffffa00000001000n;
  private sequence = 0;

  constructor(private readonly k: Kernel) {}

  private imageAt(address: number): LoadedImage | undefined {
    return this.k.loader.loaded().find((im) => address >= im.base && address < im.base + im.size);
  }

  /** EtwRegister: the provider of the image holding the control GUID; its formats from the image's section. */
  register(providerId: number): TraceProvider | undefined {
    const image = this.imageAt(providerId);
    if (!image) return undefined;
    const formats = traceFormats(image.bytes);
    const handle = this.nextHandle;
    this.nextHandle += 0x10n;
    const p: TraceProvider = { handle, controlGuid: readGuid(this.k, providerId), image, driver: image.moduleName.toLowerCase(), formats, records: [], registered: true };
    this.providers.set(handle, p);
    this.byDriver.set(p.driver, p);
    return p;
  }

  unregister(handle: bigint): boolean {
    const p = this.providers.get(handle);
    if (!p) return false;
    p.registered = false;
    this.providers.delete(handle);
    return true;
  }

  /** WmiTraceMessage: the record goes to the buffer of the driver whose image holds the message GUID. */
  message(guidAt: number, number: number, va: number): boolean {
    const image = this.imageAt(guidAt);
    const p = image && this.byDriver.get(image.moduleName.toLowerCase());
    if (!p?.registered) return false;
    const m = this.k.memory;
    const args: Uint8Array[] = [];
    for (let at = va; ; at += 8) {
      const ptr = m.readU32(at);
      if (!ptr) break;
      args.push(m.read(ptr, m.readU32(at + 4)));
    }
    const ids = this.k.ps.currentIds();
    p.records.push({ sequence: ++this.sequence, time: this.k.clock.systemTimePrecise(), pid: ids.pid, tid: ids.tid, guid: readGuid(this.k, guidAt), number, args });
    if (p.records.length > BUFFER_RECORDS) p.records.shift();
    return true;
  }

  /** `!wmitrace.logdump <driver>`: the buffer decoded with the image's formats, as tracefmt prints it. */
  logdump(driver: string): string[] {
    const p = this.byDriver.get(driver.toLowerCase().replace(/\.sys$/, ''));
    if (!p) return [`No trace session for ${driver}`];
    return formatLogdump(p, p.records);
  }
}

/** The message formats of an image (its "driverlab.wpp" section: our TMF), by `{guid}:number`. */
export function traceFormats(imageBytes: Uint8Array): Map<string, WppMessageFormat> {
  const formats = new Map<string, WppMessageFormat>();
  const section = customSection(imageBytes, 'driverlab.wpp');
  if (section) {
    const s = JSON.parse(new TextDecoder().decode(section)) as WppSection;
    for (const m of s.messages) formats.set(`{${m.guid.toLowerCase().replace(/[{}]/g, '')}}:${m.number}`, m);
  }
  return formats;
}

/** What a buffer's dump needs of its provider: the logger handle, the formats and the driver's module name. */
export type TraceSource = { handle: bigint; formats: Map<string, WppMessageFormat>; image: { moduleName: string } };

/** `!wmitrace.logdump`'s text for one driver's buffer (the debugger's extension prints the same from the records it reads). */
export function formatLogdump(p: TraceSource, records: readonly TraceRecord[]): string[] {
  const out = [`(WmiTrace)LogDump for Logger Id 0x${(Number(p.handle & 0xffn)).toString(16)}`, `    Found Buffers: 1 Messages: ${records.length}, sorted entries: ${records.length}`];
  for (const r of records) out.push(formatRecord(p, r));
  out.push(`Total of ${records.length} Messages from 1 Buffers`);
  return out;
}

const two = (n: number) => n.toString().padStart(2, '0');

/** One line: `[CPU]PID.TID::MM/DD/YYYY-HH:MM:SS.mmm [Driver]message` (tracefmt's default prefix). */
export function formatRecord(p: TraceSource, r: TraceRecord): string {
  const ms = Number((r.time - 116_444_736_000_000_000n) / 10_000n);
  const d = new Date(ms);
  const time = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${d.getUTCMilliseconds().toString().padStart(3, '0')}`;
  const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const f = p.formats.get(`${r.guid}:${r.number}`);
  const text = f ? formatMessage(f, r.args) : `Unknown( ${r.number}): GUID=${r.guid} (No Format Information found).`;
  return `[0]${hex4(r.pid)}.${hex4(r.tid)}::${time} [${p.image.moduleName}]${text}`;
}

/** The message text: %!FUNC! and friends from the format record, printf conversions from the argument bytes. */
export function formatMessage(f: WppMessageFormat, args: Uint8Array[]): string {
  let i = 0;
  const next = () => args[i++] ?? new Uint8Array(8);
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  // A pointer (4 bytes in the image) prints as the learner's 64-bit VA, as DbgPrint's %p does.
  const ptr = (b: Uint8Array) => { const v = Number(int(b)) >>> 0; return (v ? toVA(v) : 0n).toString(16).toUpperCase().padStart(16, '0'); };
  const int = (b: Uint8Array) => (b.length >= 8 ? dv(b).getBigInt64(0, true) : BigInt(b.length >= 4 ? dv(b).getInt32(0, true) : 0));
  return f.format.replace(/%(?:!(\w+)!|([-+ #0]*)(\d*)(?:\.\d+)?(I64|ll|l|h|hh|w|I|z)?([diuxXcCsSpZoeEfgG%]))/g, (all, ext: string | undefined, flags: string, width: string, size: string | undefined, conv: string) => {
    if (ext) {
      switch (ext.toUpperCase()) {
        case 'FUNC': return f.func;
        case 'LINE': return String(f.line);
        case 'FILE': return f.file;
        case 'LEVEL': return f.level;
        case 'FLAGS': return f.flags;
        case 'STATUS': { const v = Number(int(next())) >>> 0; return `0x${v.toString(16).padStart(8, '0')}`; }
        case 'HRESULT': { const v = Number(int(next())) >>> 0; return `0x${v.toString(16).padStart(8, '0')}`; }
        case 'GUID': { const b = next(); const h = (o: number, n: number) => [...b.subarray(o, o + n)].reverse().map((x) => x.toString(16).padStart(2, '0')).join(''); return `${h(0, 4)}-${h(4, 2)}-${h(6, 2)}-${[...b.subarray(8, 10)].map((x) => x.toString(16).padStart(2, '0')).join('')}-${[...b.subarray(10, 16)].map((x) => x.toString(16).padStart(2, '0')).join('')}`; }
        case 'PTR': return ptr(next());
        default: return String(int(next()));
      }
    }
    if (conv === '%') return '%';
    const pad = (s: string) => (width ? (flags.includes('-') ? s.padEnd(+width) : s.padStart(+width, flags.includes('0') ? '0' : ' ')) : s);
    const b = next();
    if (conv === 's' || conv === 'S' || conv === 'Z') {
      const wide = conv === 's' ? size === 'w' || size === 'l' : conv === 'S' ? size !== 'h' : size === 'w';
      return pad(wide ? String.fromCharCode(...new Uint16Array(b.slice().buffer, 0, b.length >> 1)).replace(/\0.*$/s, '') : new TextDecoder().decode(b).replace(/\0.*$/s, ''));
    }
    if (conv === 'p') return ptr(b);
    const v = int(b);
    if (conv === 'x' || conv === 'X') { const s = (size === 'I64' || size === 'll' ? BigInt.asUintN(64, v) : BigInt.asUintN(32, v)).toString(16); return pad(conv === 'X' ? s.toUpperCase() : s); }
    if (conv === 'u') return pad((size === 'I64' || size === 'll' ? BigInt.asUintN(64, v) : BigInt.asUintN(32, v)).toString());
    if (conv === 'c' || conv === 'C') return String.fromCharCode(Number(v & 0xffffn));
    return pad(v.toString());
  });
}

const tracing = new WeakMap<Kernel, WppTracing>();

/** The kernel's WPP tracing state (providers and their buffers). */
export function wpp(k: Kernel): WppTracing {
  let t = tracing.get(k);
  if (!t) { t = new WppTracing(k); tracing.set(k, t); }
  return t;
}

/** The target's own view of a driver's buffer as `!wmitrace.logdump <driver>` prints it (the debugger reads the records over KD; tests compare the two). */
export function wmitraceLogdump(k: Kernel, driver: string): string[] { return wpp(k).logdump(driver); }
