// The processor's idle stack: the idle thread (KiIdleLoop) has no thread of our processor, but on Windows it runs on
// a kernel stack of its own, so a break-in while every thread waits shows a real Child-SP there (`kn`, `!thread`).
// Given out the first time the debugger asks, from system space like any kernel stack.
import type { Kernel } from '../kernel.ts';

/** KERNEL_STACK_SIZE on x64. */
const IDLE_STACK = 0x6000;
/** The idle loop's frame below the stack base: its return slot and the home area of the routine it called. */
const IDLE_FRAME = 0x28;

export interface IdleStack { base: number; limit: number; sp: number }

const stacks = new WeakMap<Kernel, IdleStack>();

/** The idle stack of `k`'s processor, or undefined when system space is full. */
export function idleStackOf(k: Kernel): IdleStack | undefined {
  let s = stacks.get(k);
  if (s) return s;
  const limit = k.pages.alloc(IDLE_STACK);
  if (limit === undefined) return undefined;
  s = { base: limit + IDLE_STACK, limit, sp: limit + IDLE_STACK - IDLE_FRAME };
  stacks.set(k, s);
  return s;
}
