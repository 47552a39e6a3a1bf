// How a user-mode DLL routine is written: it receives the calling user thread (its process, memory, last error)
// and the wasm arguments. `user(fn)` turns that into a routine-table entry (the tables are the DLLs' exports).
import type { BLOCK, HostRequest, HostValue } from '../../../main/machine/cpu/types.ts';
import type { RoutineImpl } from '../../ntos/routine.ts';
import type { UserThread } from '../process.ts';
import { cur, type UserMode } from '../usermode.ts';

export type UserRoutine = (t: UserThread, ...args: any[]) => HostValue | typeof BLOCK | Generator<HostRequest, HostValue, any>;

export function user(fn: UserRoutine): RoutineImpl { return (k, ...args) => fn(cur(k), ...args); }

/** The user mode a thread belongs to (for the gate, errors, the console). */
export function umOf(t: UserThread): UserMode { return t.process.mode; }

/** SetLastError and a failure result in one step. */
export function fail<T extends HostValue>(t: UserThread, error: number, result: T): T { t.lastError = error >>> 0; return result; }
