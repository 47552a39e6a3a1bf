// Version queries, one-time initialization, and the Mm routines that look at the system itself:
// MmGetSystemRoutineAddress (a function pointer to an export of ntoskrnl.exe or HAL.dll) and MmIsAddressValid.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import { OS_VERSION } from '../ke/version.ts';
import { unicodeText, writeWide } from './strings.ts';
import { systemRoutinePointer } from './sysroutine.ts';

const st = (k: Kernel, n: string) => k.constant(n) | 0;

function getVersion(k: Kernel, info: number): number {
  const s = struct(k.layouts, 'RTL_OSVERSIONINFOEXW'), m = k.memory;
  const size = m.readU32(info + s.field('dwOSVersionInfoSize'));
  const basic = struct(k.layouts, 'RTL_OSVERSIONINFOW').size;
  if (size !== basic && size !== s.size) return st(k, 'STATUS_INVALID_PARAMETER');
  m.writeU32(info + s.field('dwMajorVersion'), OS_VERSION.major);
  m.writeU32(info + s.field('dwMinorVersion'), OS_VERSION.minor);
  m.writeU32(info + s.field('dwBuildNumber'), OS_VERSION.build);
  m.writeU32(info + s.field('dwPlatformId'), k.constant('VER_PLATFORM_WIN32_NT'));
  writeWide(k, info + s.field('szCSDVersion'), OS_VERSION.servicePack, true);
  if (size === s.size) {
    m.writeU16(info + s.field('wServicePackMajor'), 0); m.writeU16(info + s.field('wServicePackMinor'), 0);
    m.writeU16(info + s.field('wSuiteMask'), 0x100); // VER_SUITE_SINGLEUSERTS, as a workstation reports
    m.writeU8(info + s.field('wProductType'), k.constant('VER_NT_WORKSTATION'));
  }
  return 0;
}

/** The system's NTDDI version (NTDDI_WIN10_VB for build 19041). */
export function systemNtddi(k: Kernel): number { return k.constant(OS_VERSION.ntddiName); }

// RTL_RUN_ONCE: Ptr is 0 (not started), 1 with the pending bit (in progress), or the context with bit 1 (done).
const RUN_ONCE_PENDING = 1, RUN_ONCE_DONE = 2;

export const systemRoutines: RoutineTable = {
  RtlGetVersion: (k, info: number) => getVersion(k, info),
  RtlIsNtDdiVersionAvailable: (k, v: number) => ((v >>> 0) <= (systemNtddi(k) >>> 0) ? 1 : 0),
  RtlIsServicePackVersionInstalled: (k, v: number) => ((v >>> 0) <= (systemNtddi(k) >>> 0) ? 1 : 0),
  PsGetVersion: (k, major: number, minor: number, build: number, csd: number) => {
    if (major) k.memory.writeU32(major, OS_VERSION.major);
    if (minor) k.memory.writeU32(minor, OS_VERSION.minor);
    if (build) k.memory.writeU32(build, OS_VERSION.build);
    if (csd) { const s = struct(k.layouts, 'UNICODE_STRING'); k.memory.writeU16(csd + s.field('Length'), 0); }
    return 0; // a free (not checked) build
  },

  MmGetSystemRoutineAddress: (k, name: number) => systemRoutinePointer(k, unicodeText(k, name)),
  MmIsAddressValid: (k, va: number) => (k.memory.isMapped(va >>> 0, 1) ? 1 : 0),
  MmIsNonPagedSystemAddressValid: (k, va: number) => (k.memory.isMapped(va >>> 0, 1) && !k.pool.isPaged(va >>> 0) ? 1 : 0),

  RtlRunOnceInitialize: (k, ro: number) => { k.memory.writeU32(ro, 0); },
  RtlRunOnceBeginInitialize: (k, ro: number, flags: number, ctx: number) => {
    const v = k.memory.readU32(ro);
    if (v & RUN_ONCE_DONE) { if (ctx) k.memory.writeU32(ctx, v & ~3); return 0; }
    if (flags & k.constant('RTL_RUN_ONCE_CHECK_ONLY')) return st(k, 'STATUS_UNSUCCESSFUL');
    if (v & RUN_ONCE_PENDING) return st(k, 'STATUS_UNSUCCESSFUL'); // another initializer is running (one processor: it cannot finish while we wait)
    k.memory.writeU32(ro, RUN_ONCE_PENDING);
    return st(k, 'STATUS_PENDING');
  },
  RtlRunOnceComplete: (k, ro: number, flags: number, context: number) => {
    if (flags & k.constant('RTL_RUN_ONCE_INIT_FAILED')) { k.memory.writeU32(ro, 0); return 0; }
    k.memory.writeU32(ro, (context & ~3) | RUN_ONCE_DONE);
    return 0;
  },
  RtlRunOnceExecuteOnce: function* (k, ro: number, initFn: number, parameter: number, ctxOut: number) {
    const v = k.memory.readU32(ro);
    if (!(v & RUN_ONCE_DONE)) {
      k.memory.writeU32(ro, RUN_ONCE_PENDING);
      const ctxAt = k.pool.allocateSystem(4, 'RnOn');
      const ok = (yield { call: initFn, args: [ro, parameter, ctxAt] }) as number;
      const context = k.memory.readU32(ctxAt);
      k.pool.free(ctxAt);
      if (!(ok & 0xff)) { k.memory.writeU32(ro, 0); return st(k, 'STATUS_UNSUCCESSFUL'); }
      k.memory.writeU32(ro, (context & ~3) | RUN_ONCE_DONE);
    }
    if (ctxOut) k.memory.writeU32(ctxOut, k.memory.readU32(ro) & ~3);
    return 0;
  },
};
