// Registry value data as the bytes the Zw/Rtl registry services hand drivers, and back: REG_SZ and REG_EXPAND_SZ as
// NUL-terminated UTF-16, REG_MULTI_SZ as a list ending in an empty string, REG_DWORD/REG_QWORD little-endian.
// Data that does not fit its type's shape (a 3-byte REG_DWORD) stays raw bytes, as the registry keeps whatever it is given.
import { REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD, REG_SZ, type RegData } from './registry.ts';

function wide(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); out.push(c & 0xff, c >>> 8); }
  return out;
}

export function encodeValue(type: number, data: RegData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return new Uint8Array([...data.flatMap((s) => [...wide(s), 0, 0]), 0, 0]);
  if (typeof data === 'string') return new Uint8Array([...wide(data), 0, 0]);
  if (typeof data === 'bigint' || type === REG_QWORD) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(data)), true);
    return b;
  }
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, Number(data) >>> 0, true);
  return b;
}

function text(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s;
}

export function decodeValue(type: number, bytes: Uint8Array): RegData {
  const copy = new Uint8Array(bytes);
  const dv = new DataView(copy.buffer);
  if ((type === REG_SZ || type === REG_EXPAND_SZ) && copy.length % 2 === 0) return text(copy).replace(/\0+$/, '');
  if (type === REG_MULTI_SZ && copy.length % 2 === 0) {
    const parts = text(copy).split('\0');
    while (parts.length && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (type === REG_DWORD && copy.length === 4) return dv.getUint32(0, true);
  if (type === REG_QWORD && copy.length === 8) return dv.getBigUint64(0, true);
  return copy;
}
