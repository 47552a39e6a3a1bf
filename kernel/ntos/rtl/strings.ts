// Reading and writing counted strings (UNICODE_STRING, ANSI_STRING) in target memory, through their layouts.
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';

export interface Counted { length: number; max: number; buffer: number }

export function stringLayout(k: Kernel) {
  const s = struct(k.layouts, 'UNICODE_STRING');
  return { length: s.field('Length'), max: s.field('MaximumLength'), buffer: s.field('Buffer'), size: s.size };
}

export function readCounted(k: Kernel, p: number): Counted {
  const o = stringLayout(k), m = k.memory;
  return { length: m.readU16(p + o.length), max: m.readU16(p + o.max), buffer: m.readU32(p + o.buffer) };
}
export function writeCounted(k: Kernel, p: number, c: Partial<Counted>): void {
  const o = stringLayout(k), m = k.memory;
  if (c.length !== undefined) m.writeU16(p + o.length, c.length);
  if (c.max !== undefined) m.writeU16(p + o.max, c.max);
  if (c.buffer !== undefined) m.writeU32(p + o.buffer, c.buffer);
}

/** The text of a UNICODE_STRING (Length bytes, no terminator needed). */
export function unicodeText(k: Kernel, p: number): string {
  const c = readCounted(k, p);
  let s = '';
  for (let i = 0; i < c.length >> 1; i++) s += String.fromCharCode(k.memory.readU16(c.buffer + 2 * i));
  return s;
}
export function ansiText(k: Kernel, p: number): string {
  const c = readCounted(k, p);
  let s = '';
  for (let i = 0; i < c.length; i++) s += String.fromCharCode(k.memory.readU8(c.buffer + i));
  return s;
}

export function writeWide(k: Kernel, at: number, text: string, terminate: boolean): void {
  for (let i = 0; i < text.length; i++) k.memory.writeU16(at + 2 * i, text.charCodeAt(i));
  if (terminate) k.memory.writeU16(at + 2 * text.length, 0);
}
export function writeNarrow(k: Kernel, at: number, text: string, terminate: boolean): void {
  for (let i = 0; i < text.length; i++) k.memory.writeU8(at + i, text.charCodeAt(i) & 0xff);
  if (terminate) k.memory.writeU8(at + text.length, 0);
}

/** Length in characters of a NUL-terminated string, looking at most `max` characters (undefined: none found). */
export function wideLength(k: Kernel, p: number, max = 0x7fffffff): number | undefined {
  for (let i = 0; i < max; i++) if (k.memory.readU16(p + 2 * i) === 0) return i;
  return undefined;
}
export function narrowLength(k: Kernel, p: number, max = 0x7fffffff): number | undefined {
  for (let i = 0; i < max; i++) if (k.memory.readU8(p + i) === 0) return i;
  return undefined;
}

/** Windows' simple upcase for the characters drivers compare (Latin-1 and ASCII ranges). */
export const upcase = (c: number): number => (c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xfe && c !== 0xf7) ? c - 0x20 : c;
export const downcase = (c: number): number => (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 0x20 : c;
