// The IRQL each routine may be called at, where the WDK documents a limit below DISPATCH_LEVEL (most routines
// allow DISPATCH_LEVEL and check nothing). Their code and data are pageable on Windows, so a call above the limit
// faults at raised IRQL: with Driver Verifier on (it pages such code out) that is always IRQL_NOT_LESS_OR_EQUAL
// (0xA) in the routine, blamed on the calling driver.
import { toVA } from '../../../main/machine/memory.ts';
import { BugCheck } from './bugcheck.ts';
import type { Kernel } from '../kernel.ts';

const PASSIVE = 0, APC = 1;

export const MAX_IRQL: Readonly<Record<string, number>> = {
  IoCreateDevice: PASSIVE, IoCreateSymbolicLink: PASSIVE, IoCreateUnprotectedSymbolicLink: PASSIVE, IoDeleteSymbolicLink: PASSIVE,
  IoDeleteDevice: PASSIVE, IoGetDeviceObjectPointer: PASSIVE, IoRegisterShutdownNotification: PASSIVE, IoConnectInterrupt: PASSIVE,
  IoConnectInterruptEx: PASSIVE, IoDisconnectInterrupt: PASSIVE, IoDisconnectInterruptEx: PASSIVE, IoInitializeTimer: PASSIVE,
  PsCreateSystemThread: PASSIVE, PsSetCreateProcessNotifyRoutine: PASSIVE, PsSetCreateThreadNotifyRoutine: PASSIVE,
  PsSetLoadImageNotifyRoutine: PASSIVE, MmGetSystemRoutineAddress: PASSIVE, ObReferenceObjectByHandle: APC,
  ZwCreateFile: PASSIVE, ZwOpenFile: PASSIVE, ZwReadFile: PASSIVE, ZwWriteFile: PASSIVE, ZwClose: PASSIVE, NtClose: PASSIVE,
  ZwCreateKey: PASSIVE, ZwOpenKey: PASSIVE, ZwOpenKeyEx: PASSIVE, ZwCreateKeyTransacted: PASSIVE, ZwQueryValueKey: PASSIVE,
  ZwSetValueKey: PASSIVE, ZwDeleteKey: PASSIVE, ZwDeleteValueKey: PASSIVE, ZwEnumerateKey: PASSIVE, ZwEnumerateValueKey: PASSIVE,
  ZwQueryKey: PASSIVE, ZwFlushKey: PASSIVE, RtlQueryRegistryValues: PASSIVE, RtlQueryRegistryValuesEx: PASSIVE,
  RtlWriteRegistryValue: PASSIVE, RtlDeleteRegistryValue: PASSIVE, RtlCheckRegistryKey: PASSIVE, RtlCreateRegistryKey: PASSIVE,
  SeSinglePrivilegeCheck: PASSIVE, SePrivilegeCheck: PASSIVE, SeAccessCheck: PASSIVE, SeAssignSecurity: PASSIVE,
  SeAssignSecurityEx: PASSIVE, SeDeassignSecurity: PASSIVE, IoRegisterLastChanceShutdownNotification: PASSIVE,
  ExInitializeResourceLite: PASSIVE, ExDeleteResourceLite: PASSIVE,
  ExAcquireFastMutex: APC, ExAcquireGuardedMutex: APC, KeAcquireGuardedMutex: APC, ExInitializePagedLookasideList: APC,
  KeDelayExecutionThread: APC, RtlAnsiStringToUnicodeString: PASSIVE, RtlUnicodeStringToAnsiString: PASSIVE,
  RtlUpcaseUnicodeString: PASSIVE, RtlDowncaseUnicodeString: PASSIVE, RtlFreeUnicodeString: PASSIVE, RtlFreeAnsiString: PASSIVE,
};

/**
 * Called on entry to an exported routine. `address` is the routine's code address when the kernel images are
 * mapped for the debugger (else 0): the instruction fetch that faults. Throws the bugcheck when the IRQL is too high.
 */
export function checkRoutineIrql(k: Kernel, name: string, address: number): void {
  const max = MAX_IRQL[name];
  if (max === undefined || !k.io?.verifier) return;
  const irql = k.processor.irql;
  if (irql <= max) return;
  const at = address ? toVA(address) : 0n;
  throw new BugCheck('IRQL_NOT_LESS_OR_EQUAL', [at, BigInt(irql), 8n, at], k.caller);
}
