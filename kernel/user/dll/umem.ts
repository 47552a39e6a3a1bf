// Reading and writing a process's memory from DLL routines: C strings (narrow and wide), and the formatter's view
// of it (printf's va_list lives in the process's address space; %p prints the user address as 16 digits).
import type { SystemMemory } from '../../../main/machine/memory.ts';
import { formatVa, type FormatMemory } from '../../ntos/rtl/format.ts';

export function cstr(m: SystemMemory, at: number, max = 1 << 20): string { return m.readCString(at, max); }
export function wstr(m: SystemMemory, at: number, max = 1 << 20): string { return m.readWString(at, max); }

/** Writes `text` as 8-bit characters (Latin-1, as the ANSI code page our console uses) plus NUL when `nul`. */
export function writeC(m: SystemMemory, at: number, text: string, nul = true): void {
  for (let i = 0; i < text.length; i++) m.writeU8(at + i, text.charCodeAt(i) & 0xff);
  if (nul) m.writeU8(at + text.length, 0);
}
export function writeW(m: SystemMemory, at: number, text: string, nul = true): void {
  for (let i = 0; i < text.length; i++) m.writeU16(at + 2 * i, text.charCodeAt(i));
  if (nul) m.writeU16(at + 2 * text.length, 0);
}

export function formatMemory(m: SystemMemory): FormatMemory {
  return {
    u8: (a) => m.readU8(a), u16: (a) => m.readU16(a), u32: (a) => m.readU32(a), u64: (a) => m.readU64(a),
    f64: (a) => m.dv.getFloat64(a, true), cstr: (a, max) => m.readCString(a, max ?? 1 << 20), wstr: (a, max) => m.readWString(a, max ?? 1 << 20),
    countedString: (a, wide) => {
      const len = m.readU16(a), buf = m.readU32(a + 4);
      let s = '';
      for (let i = 0; i < (wide ? len / 2 : len); i++) s += String.fromCharCode(wide ? m.readU16(buf + 2 * i) : m.readU8(buf + i));
      return s;
    },
    pointer: (v) => BigInt(v >>> 0),
  };
}

/** printf family (narrow): %s is a narrow string. */
export function formatA(m: SystemMemory, fmt: string, va: number): string { return formatVa(formatMemory(m), fmt, va); }

/** wprintf family: in the wide functions %s and %c are wide and %S and %C narrow (the MSVC convention). */
export function formatW(m: SystemMemory, fmt: string, va: number): string {
  const swapped = fmt.replace(/%([-+ #0]*)(\*|\d+)?(\.(?:\*|\d+))?(hh|h|ll|l|w|I64|I32|I|z|j|t|L)?([diouxXcCsSpZneEfgGaA%])/g,
    (all, flags: string, width = '', prec = '', size: string | undefined, conv: string) => {
      if (size || !'sScC'.includes(conv)) return all;
      const to = conv === 's' ? 'S' : conv === 'S' ? 'hs' : conv === 'c' ? 'C' : 'hc';
      return `%${flags}${width}${prec}${to}`;
    });
  return formatVa(formatMemory(m), swapped, va);
}
