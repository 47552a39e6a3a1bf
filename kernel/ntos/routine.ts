// How a kernel component exports routines to images. A routine receives the kernel and the wasm arguments
// (i32 as number, i64 as bigint). It returns the wasm result, or BLOCK to make the calling thread wait, or is a
// generator that yields calls back into driver code (HostCall) and waits (BLOCK), as the processor defines.
import type { BLOCK, HostRequest, HostValue } from '../../main/machine/cpu/types.ts';
import type { Kernel } from './kernel.ts';

export type Arg = number | bigint;
export type RoutineImpl = (k: Kernel, ...args: any[]) => HostValue | typeof BLOCK | Generator<HostRequest, HostValue, any>;
export type RoutineTable = Readonly<Record<string, RoutineImpl>>;
