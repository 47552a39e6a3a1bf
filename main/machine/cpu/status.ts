// Exception codes the processor raises (and the loader's statuses): NTSTATUS values read from our ntstatus.h, the
// one place they are written. kernel/inc sits below main/machine in the layering, so the processor may read the
// header; it cannot take the kernel's layout table (that needs clang and comes later, per kernel).
import { existsSync, readFileSync } from 'node:fs';

const NAMES = [
  'SUCCESS', 'BREAKPOINT', 'SINGLE_STEP', 'ACCESS_VIOLATION', 'ILLEGAL_INSTRUCTION', 'PROCEDURE_NOT_FOUND',
  'INVALID_IMAGE_FORMAT', 'FLOAT_INVALID_OPERATION', 'INTEGER_DIVIDE_BY_ZERO', 'INTEGER_OVERFLOW',
  'INSUFFICIENT_RESOURCES', 'IMAGE_ALREADY_LOADED', 'STACK_OVERFLOW',
] as const;
type StatusName = (typeof NAMES)[number];

/** `#define STATUS_<name> ((NTSTATUS)0x...L)` lines of ntstatus.h, for the names above (unsigned values). */
export function readStatusHeader(text: string): Record<StatusName, number> {
  const out = {} as Record<StatusName, number>;
  for (const n of NAMES) {
    const m = new RegExp(`^#define\\s+STATUS_${n}\\s+\\(\\(NTSTATUS\\)(0x[0-9A-Fa-f]+)L\\)`, 'm').exec(text);
    if (!m) throw new Error(`ntstatus.h does not define STATUS_${n}`);
    out[n] = Number(m[1]) >>> 0;
  }
  return out;
}

/** The header, found from this module upwards (the source tree, or the Electron bundle at out/electron). */
function headerText(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const f = new URL('kernel/inc/shared/ntstatus.h', dir);
    if (existsSync(f)) return readFileSync(f, 'utf8');
    if (dir.pathname === '/' || dir.pathname.endsWith(':/')) throw new Error('kernel/inc/shared/ntstatus.h not found');
  }
}

export const Status: Readonly<Record<StatusName, number>> = readStatusHeader(headerText());

export function statusName(code: number): string {
  for (const [k, v] of Object.entries(Status)) if (v === code >>> 0) return `STATUS_${k}`;
  return `0x${(code >>> 0).toString(16).padStart(8, '0')}`;
}
