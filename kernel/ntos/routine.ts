// How a kernel component exports routines to images. A routine receives the kernel environment and the wasm
// arguments (i32 as number, i64 as bigint) and returns the wasm result.
import type { SystemMemory } from '../../main/machine/memory.ts';

/** What a routine can reach. Grows as components land; routines take only what they use. */
export interface KernelEnv {
  readonly mem: SystemMemory;
  /** Debug output towards the kernel debugger (already filtered). */
  debugOutput(text: string): void;
  /** The current value of a Debug Print Filter mask variable (Kd_<Component>_Mask), by component id. */
  printMask(componentId: number): number;
  /** Kd_WIN2000_Mask. */
  win2000Mask(): number;
}

export type Arg = number | bigint;
export type RoutineImpl = (k: KernelEnv, ...args: Arg[]) => Arg | void;
export type RoutineTable = Readonly<Record<string, RoutineImpl>>;
