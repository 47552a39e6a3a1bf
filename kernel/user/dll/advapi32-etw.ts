// advapi32.dll's ETW provider calls that WPP-generated user-mode code makes (main/toolchain/wpp.ts): EventRegister,
// EventUnregister, TraceMessage. No trace session listens to user-mode providers on our targets, so a message
// is accepted and dropped, as Windows does when no session has enabled the provider.
import type { RoutineTable } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { user } from './routine.ts';

const C = (t: UserThread, n: string) => t.process.mode.c(n);
const registered = new WeakMap<object, Set<bigint>>();
let nextHandle = 0x0000a00000001000n;

export const etwRoutines: RoutineTable = {
  /** ULONG EventRegister(LPCGUID ProviderId, PENABLECALLBACK, PVOID CallbackContext, PREGHANDLE RegHandle). */
  EventRegister: user((t, providerId: number, _callback: number, _context: number, regHandle: number) => {
    if (!providerId || !regHandle) return C(t, 'ERROR_INVALID_PARAMETER');
    const handle = nextHandle;
    nextHandle += 0x10n;
    let set = registered.get(t.process);
    if (!set) { set = new Set(); registered.set(t.process, set); }
    set.add(handle);
    t.process.memory.writeU64(regHandle, handle);
    return 0;
  }),
  /** ULONG EventUnregister(REGHANDLE RegHandle). */
  EventUnregister: user((t, handle: bigint) => (registered.get(t.process)?.delete(BigInt.asUintN(64, BigInt(handle))) ? 0 : C(t, 'ERROR_INVALID_HANDLE'))),
  /** ULONG TraceMessage(TRACEHANDLE, ULONG MessageFlags, LPCGUID MessageGuid, USHORT MessageNumber, ...). */
  TraceMessage: user((t, _logger: bigint, _flags: number, guid: number) => (guid ? 0 : C(t, 'ERROR_INVALID_PARAMETER'))),
};
