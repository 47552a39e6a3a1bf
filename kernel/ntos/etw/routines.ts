// ntoskrnl.exe's ETW routines that WPP-generated code calls: EtwRegister, EtwUnregister, WmiTraceMessage.
import type { RoutineTable } from '../routine.ts';
import { wpp } from './wpp.ts';

export const etwRoutines: RoutineTable = {
  /** NTSTATUS EtwRegister(LPCGUID ProviderId, PETWENABLECALLBACK, PVOID CallbackContext, PREGHANDLE RegHandle). */
  EtwRegister: (k, providerId: number, _callback: number, _context: number, regHandle: number) => {
    if (!providerId || !regHandle) return k.constant('STATUS_INVALID_PARAMETER');
    const p = wpp(k).register(providerId);
    k.memory.writeU64(regHandle, p?.handle ?? 0n);
    return 0;
  },
  /** NTSTATUS EtwUnregister(REGHANDLE RegHandle). */
  EtwUnregister: (k, handle: bigint) => (wpp(k).unregister(BigInt.asUintN(64, BigInt(handle))) ? 0 : k.constant('STATUS_INVALID_HANDLE')),
  /** NTSTATUS WmiTraceMessage(TRACEHANDLE LoggerHandle, ULONG MessageFlags, LPCGUID MessageGuid, USHORT MessageNumber, ...):
   *  the variable part is (pointer, size) pairs ending with a NULL pointer. */
  WmiTraceMessage: (k, _logger: bigint, _flags: number, guid: number, number: number, va: number) => {
    if (!guid) return k.constant('STATUS_INVALID_PARAMETER');
    wpp(k).message(guid, number & 0xffff, va);
    return 0;
  },
};
