// What !analyze says about each bugcheck: its description and what each parameter holds, in our own words. The
// numeric codes come from our bugcodes.h (kernel/inc/shared), read here by name, so the header stays their one place.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { includeRoot } from '../../toolchain/clang.ts';

export interface BugCheckInfo { description: string; args: [string, string, string, string] }

const INFO: Record<string, BugCheckInfo> = {
  SYSTEM_THREAD_EXCEPTION_NOT_HANDLED: {
    description: 'A system thread raised an exception that no handler caught. Look at the exception code and the\naddress: the driver named at that address is the usual culprit.',
    args: ['The exception code that nobody handled', 'The address where the exception happened', 'Exception record address', 'Context record address'],
  },
  KMODE_EXCEPTION_NOT_HANDLED: {
    description: 'Kernel-mode code raised an exception that the error handler did not catch.',
    args: ['The exception code that nobody handled', 'The address where the exception happened', 'Parameter 0 of the exception', 'Parameter 1 of the exception'],
  },
  IRQL_NOT_LESS_OR_EQUAL: {
    description: 'Kernel code touched pageable (or invalid) memory at an IRQL that was too high.',
    args: ['The memory that was referenced', 'The IRQL at the time of the reference', 'Bit 0: 0 read, 1 write; bit 3: execute', 'The address that made the reference'],
  },
  DRIVER_IRQL_NOT_LESS_OR_EQUAL: {
    description: 'A driver touched pageable (or completely invalid) memory at an IRQL that was too high.\nThe usual cause is a driver using a bad or freed pointer.',
    args: ['The memory that was referenced', 'The IRQL at the time of the reference', '0: read, 1: write, 8: execute', 'The address that made the reference'],
  },
  PAGE_FAULT_IN_NONPAGED_AREA: {
    description: 'Invalid system memory was referenced: the address is not mapped and cannot be paged in.',
    args: ['The memory that was referenced', '0: read, 1: write, 10: execute', 'The address that made the reference, if known', 'Type of the read or write'],
  },
  REFERENCE_BY_POINTER: {
    description: "An object's reference count went below zero: someone dereferenced it once too often.",
    args: ['The object type of the object', 'The object', 'Reserved', 'Reserved'],
  },
  NO_PAGES_AVAILABLE: {
    description: 'The system ran out of free memory pages.',
    args: ['Dirty pages', 'Physical pages in use', 'Extended commit value', 'Total committed pages'],
  },
  MANUALLY_INITIATED_CRASH: {
    description: 'The user asked for this crash on purpose (keyboard sequence or debugger).',
    args: ['Type of the request', 'Reserved', 'Reserved', 'Reserved'],
  },
  DRIVER_VERIFIER_DETECTED_VIOLATION: {
    description: 'Driver Verifier caught a driver breaking a rule; Arg1 says which rule.',
    args: ['The type of violation', 'Depends on Arg1', 'Depends on Arg1', 'Depends on Arg1'],
  },
  WDF_VIOLATION: {
    description: 'The framework (KMDF) caught a driver using it wrongly; Arg1 says how.',
    args: ['The kind of violation', 'Depends on Arg1', 'Depends on Arg1', 'Depends on Arg1'],
  },
};

let codes: Map<number, string> | undefined;
/** Code → name, from bugcodes.h. */
export function bugCheckName(code: number): string | undefined {
  if (!codes) {
    codes = new Map();
    const text = readFileSync(path.join(includeRoot, 'shared', 'bugcodes.h'), 'utf8');
    for (const m of text.matchAll(/#define\s+(\w+)\s+\(\(ULONG\)0x([0-9a-fA-F]+)L?\)/g)) if (!codes.has(parseInt(m[2]!, 16))) codes.set(parseInt(m[2]!, 16), m[1]!);
  }
  return codes.get(code);
}

export function bugCheckInfo(name: string | undefined): BugCheckInfo {
  return (name && INFO[name]) || { description: 'No description is available for this bugcheck yet.', args: ['', '', '', ''] };
}
