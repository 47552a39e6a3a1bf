// A user process: its own address space (a memory, a page allocator and a processor of its own: separate wasm
// memory and function table), its image, heap, threads, environment and exit code. A user thread has two halves:
// the user half runs the program's code on the process's processor; the kernel half is a system thread (on the
// system processor) that runs the user half in slices and carries its system calls into the kernel.
import { SystemMemory, PageAllocator, NULL_GUARD } from '../../main/machine/memory.ts';
import { Processor } from '../../main/machine/cpu/processor.ts';
import type { Thread, Value } from '../../main/machine/cpu/types.ts';
import { SystemLoader, type LoadedImage } from '../ntos/mm/loader/loader.ts';
import type { ObjectHeader } from '../ntos/ob/namespace.ts';
import type { Step } from '../ntos/ob/manager.ts';
import { Heap } from './heap.ts';
import type { Console } from './console.ts';
import type { UserMode } from './usermode.ts';

/** Size of each process's address space (user VAs are offsets into it: 0x00000000`00xxxxxx). */
export const PROCESS_MEMORY = 32 * 1024 * 1024;
export const USER_STACK = 256 * 1024;
const HEAP_SIZE = 12 * 1024 * 1024;

/** A system call on its way from the user half to the kernel half: the service name and the kernel work. */
export interface PendingCall { name: string; work: () => Step<unknown> }

export interface UserThread {
  /** Our key for the thread (host routines' argument); `tid` is its client id from ps. */
  key: number;
  tid: number;
  process: UserProcess;
  /** The user half (on process.processor) and the kernel half (on the system processor). */
  user: Thread;
  kernel?: Thread;
  start: { kind: 'main' } | { kind: 'routine'; routine: number; parameter: number };
  lastError: number;
  /** errno's cell for this thread (_errno). */
  errnoCell: number;
  pending?: PendingCall;
  result?: unknown;
  exitCode?: number;
  done: boolean;
  /** Created with CREATE_SUSPENDED and not resumed yet. */
  suspended: boolean;
  header: ObjectHeader;
}

export type ProcessState = 'running' | 'exiting' | 'exited';

export class UserProcess {
  readonly memory: SystemMemory;
  readonly pages: PageAllocator;
  readonly processor: Processor;
  readonly loader: SystemLoader;
  readonly heap: Heap;
  readonly threads: UserThread[] = [];
  image?: LoadedImage;
  state: ProcessState = 'running';
  exitCode?: number;
  /** The crash line printed when an exception ended the process. */
  crash?: string;
  env: Map<string, string>;
  cwd: string;
  /** The EPROCESS the ps component made for this process. */
  eprocess = 0;
  /** Its session: 1 for the console user's programs, 0 for services and driver hosts (WUDFHost.exe). */
  session = 1;
  /** Drivers' process-notify calls still to make (on the main thread's kernel half, before the program runs). */
  notifications: { routine: number; args: Value[] }[] = [];
  readonly onExit: ((p: UserProcess) => void)[] = [];
  /** The user mode that runs this process (its gate, errors, disk). */
  mode!: UserMode;
  /** Addresses the CRT hands out: FILE objects of stdin/stdout/stderr, argc/argv cells. */
  crt: { iob: number; argc: number; argv: number; wargv: number; atexit: number[] } = { iob: 0, argc: 0, argv: 0, wargv: 0, atexit: [] };
  readonly created: number;

  constructor(
    readonly pid: number, readonly name: string, readonly imagePath: string, readonly commandLine: string,
    readonly parentPid: number, readonly console: Console, readonly header: ObjectHeader,
    o: { env: Map<string, string>; cwd: string; created: number; memorySize?: number },
  ) {
    this.memory = new SystemMemory(o.memorySize ?? PROCESS_MEMORY);
    this.pages = new PageAllocator(NULL_GUARD, this.memory.size);
    this.processor = new Processor(this.memory);
    this.loader = new SystemLoader({ memory: this.memory, pages: this.pages, processor: this.processor });
    const heapAt = this.pages.alloc(HEAP_SIZE);
    if (heapAt === undefined) throw new Error('process address space too small for its heap');
    this.heap = new Heap(heapAt, heapAt + HEAP_SIZE);
    this.env = o.env;
    this.cwd = o.cwd;
    this.created = o.created;
  }

  /** Working set as tasklist counts it: image, heap in use and stacks. */
  get memUsage(): number {
    return (this.image?.size ?? 0) + this.heap.used + this.threads.filter((t) => !t.done).length * USER_STACK;
  }

  live(): UserThread[] { return this.threads.filter((t) => !t.done); }
}
