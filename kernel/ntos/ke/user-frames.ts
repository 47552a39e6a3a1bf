// The user-mode half of a thread's stack. A user thread's system call runs on its kernel half (kernel/user/usermode.ts);
// user mode registers here how to read the frames below the syscall gate, and the KD stub appends them to the kernel
// frames, so `k` crosses from nt!KiSystemServiceCopyEnd into ntdll and the program as it does on Windows.
import type { Thread } from '../../../main/machine/cpu/types.ts';
import type { ContextFrame } from '../../../main/formats/kd/context.ts';
import type { Kernel } from '../kernel.ts';

/** The user frames (innermost first) under kernel thread `t`, or undefined when `t` is not a user thread's kernel half. */
export type UserFrames = (t: Thread) => ContextFrame[] | undefined;

const providers = new WeakMap<Kernel, UserFrames>();

export function setUserFrames(k: Kernel, f: UserFrames): void { providers.set(k, f); }

export function userFramesOf(k: Kernel, t: Thread): ContextFrame[] | undefined { return providers.get(k)?.(t); }
