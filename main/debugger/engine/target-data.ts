// What the debugger's extensions read from the target, only through ReadVirtualMemory: structures from our WDK
// headers (DRIVER_OBJECT, DEVICE_OBJECT, IRP... at their real addresses, laid out by the same Layouts table the
// kernel uses, built from kernel/layout/probe.c's DWARF: our nt "PDB" for types) and the tables the stub
// publishes in nt's data area (main/formats/kd/ntdata-io.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateLayouts } from '../../toolchain/layouts.ts';
import { includeRoot } from '../../toolchain/clang.ts';
import type { Layouts, FieldLayout } from '../../../kernel/layout/layouts.ts';
import { toVA } from '../../machine/memory.ts';
import { decodeIoTables, ioTablesLength, IO_TABLES, type IoTables } from '../../formats/kd/ntdata-io.ts';
import type { KdSession } from './session.ts';
import { formatSymbolAt } from './modules.ts';

let layouts: Promise<Layouts> | undefined;
/** The structure layouts of our headers (compiled once, cached under .cache/). */
export function targetLayouts(): Promise<Layouts> { return layouts ??= generateLayouts(); }

/** A structure read from target memory. */
export interface TargetStruct {
  readonly address: bigint;
  readonly size: number;
  /** An unsigned field (pointers as raw 32-bit target offsets). */
  get(field: string): number;
  /** A signed 32-bit field (NTSTATUS). */
  i32(field: string): number;
  /** A pointer field as a VA (0n for NULL). */
  ptr(field: string): bigint;
  /** The VA of a member. */
  addr(field: string): bigint;
  /** Element i of an array member. */
  at(field: string, i: number): number;
  info(field: string): FieldLayout;
}

export class NoLayout extends Error {}

export async function readStruct(s: KdSession, type: string, address: bigint): Promise<TargetStruct | undefined> {
  const L = await targetLayouts();
  const st = L.structs[type];
  if (!st) throw new NoLayout(`no type information for ${type}`);
  const b = await s.memory.read(address, st.size);
  if (!b || b.length < st.size) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const info = (f: string): FieldLayout => { const x = st.fields[f]; if (!x) throw new NoLayout(`${type} has no member ${f}`); return x; };
  const read = (off: number, size: number): number => size === 1 ? dv.getUint8(off) : size === 2 ? dv.getUint16(off, true) : size === 4 ? dv.getUint32(off, true) : Number(dv.getBigUint64(off, true));
  return {
    address, size: st.size, info,
    get: (f) => { const x = info(f); return read(x.offset, x.size); },
    i32: (f) => dv.getInt32(info(f).offset, true),
    ptr: (f) => { const v = read(info(f).offset, info(f).size); return v ? toVA(v) : 0n; },
    addr: (f) => address + BigInt(info(f).offset),
    at: (f, i) => { const x = info(f); const es = x.elementSize ?? 4; return read(x.offset + i * es, es); },
  };
}

/** A UNICODE_STRING at `va` (its buffer read from the target). */
export async function readUnicodeString(s: KdSession, va: bigint): Promise<string> {
  const u = await readStruct(s, 'UNICODE_STRING', va);
  if (!u) return '';
  const len = u.get('Length'), buf = u.ptr('Buffer');
  if (!len || !buf) return '';
  const b = await s.memory.read(buf, len);
  if (!b) return '';
  let out = '';
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return out;
}

/** nt!KdpIoTables, decoded. */
export async function readIoTables(s: KdSession): Promise<IoTables | undefined> {
  const at = s.resolveName(`nt!${IO_TABLES}`);
  if (at === undefined) return undefined;
  const head = await s.memory.read(at, 4);
  if (!head || head.length < 4) return undefined;
  const body = await s.memory.read(at + 4n, ioTablesLength(head));
  return body ? decodeIoTables(body) : undefined;
}

/** A function pointer (a function-table slot) as WinDbg shows it: the code address and its symbol. */
export function routine(s: KdSession, t: IoTables, slot: number): { address: bigint; name: string } {
  if (!slot) return { address: 0n, name: '' };
  const r = t.routines.find((x) => x.slot === slot);
  if (!r) return { address: BigInt(slot), name: '' };
  return { address: r.address, name: r.name || formatSymbolAt(s.symbolAt(r.address), r.address) };
}

export function objectName(t: IoTables, va: bigint): string | undefined { return t.objects.find((o) => o.address === va)?.name; }

/** 16 hex digits, as the extensions print addresses. */
export function hex16(v: bigint): string { return BigInt.asUintN(64, v).toString(16).padStart(16, '0'); }
export function hex8(v: number | bigint): string { return BigInt.asUintN(32, BigInt(v)).toString(16).padStart(8, '0'); }

const defines = new Map<string, Map<number, string>>();
/** Value → name of the #defines with a prefix in one of our headers (IRP_MJ_ in km/wdm/io.h), first name wins. */
export function headerNames(header: string, prefix: string): Map<number, string> {
  const key = `${header}:${prefix}`;
  let m = defines.get(key);
  if (!m) {
    m = new Map();
    const text = readFileSync(path.join(includeRoot, ...header.split('/')), 'utf8');
    for (const x of text.matchAll(/^#define\s+(\w+)\s+\(?(0x[0-9a-fA-F]+|\d+)\)?\s*$/gm)) {
      if (!x[1]!.startsWith(prefix) || x[1]!.endsWith('MAXIMUM_FUNCTION')) continue;
      const v = Number(x[2]);
      if (!m.has(v)) m.set(v, x[1]!);
    }
    defines.set(key, m);
  }
  return m;
}

/** One #define's value from one of our headers. */
export function headerValue(header: string, name: string): number {
  const prefix = name.replace(/_[^_]*$/, '_');
  for (const [v, n] of headerNames(header, prefix)) if (n === name) return v;
  throw new Error(`${name} is not defined in ${header}`);
}
