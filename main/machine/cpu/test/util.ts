// Test helpers: build C with our clang, make a machine (memory + processor + loader), run exports on threads.
// (Tests use the system loader from kernel/ntos/mm/loader to place images, as the machine does.)
import { clang, compileFlags, linkFlags, type Configuration } from '../../../toolchain/clang.ts';
import { NULL_GUARD, PageAllocator, SystemMemory } from '../../memory.ts';
import { Processor } from '../processor.ts';
import { SystemLoader, type LoadedImage, type ResolveImport } from '../../../../kernel/ntos/mm/loader/loader.ts';
import type { Func, RunResult, Thread, Value } from '../types.ts';

/** A tiny header so tests do not depend on the WDK headers being written elsewhere. */
export const TEST_HEADER = `
typedef unsigned char UCHAR; typedef unsigned short USHORT; typedef unsigned int ULONG; typedef int LONG;
typedef long long LONGLONG; typedef unsigned long long ULONGLONG; typedef LONG NTSTATUS; typedef void *PVOID;
#define NTAPI
#define KIMPORT(m) __attribute__((import_module(m)))
`;

export async function build(src: string, config: Configuration, exports: string[], name = 't.c'): Promise<Uint8Array> {
  const r = await clang([...compileFlags('wdm', config, false), ...linkFlags(exports), name, '-o', 'out.sys'], { [name]: TEST_HEADER + src });
  if (!r.ok) throw new Error(`clang failed:\n${r.stderr}`);
  return r.files['out.sys'] as Uint8Array;
}

export interface Machine {
  memory: SystemMemory; pages: PageAllocator; processor: Processor; loader: SystemLoader;
  load(bytes: Uint8Array, name?: string, resolve?: ResolveImport): LoadedImage;
  fn(image: LoadedImage, name: string): Func;
  thread(image: LoadedImage, name: string, args?: Value[]): Thread;
  /** Run an export to completion (preempting every `slice` cycles). */
  call(image: LoadedImage, name: string, args?: Value[], slice?: number): { result: Value | Value[] | undefined; cycles: number; stops: RunResult[]; thread: Thread };
}

export function makeMachine(o: { engine?: 'translate' | 'interpret'; memorySize?: number } = {}): Machine {
  const memory = new SystemMemory(o.memorySize ?? 16 * 1024 * 1024);
  const pages = new PageAllocator(NULL_GUARD, memory.size);
  const processor = new Processor(memory, { engine: o.engine });
  const loader = new SystemLoader({ memory, pages, processor });
  const m: Machine = {
    memory, pages, processor, loader,
    load(bytes, name = 'test.sys', resolve = () => undefined) {
      const r = loader.loadImage(bytes, name, resolve);
      if (!r.ok) throw new Error(`load failed: ${r.message}`);
      return r.image;
    },
    fn(image, name) {
      const x = image.exports.get(name);
      if (x?.kind !== 'func') throw new Error(`no function export ${name}`);
      return x.func;
    },
    thread(image, name, args = []) {
      const size = 64 * 1024;
      const at = pages.alloc(size);
      if (at === undefined) throw new Error('out of system space for a stack');
      return processor.createThread({ func: m.fn(image, name), args, stackBase: at + size, stackLimit: at + 0x1000, name });
    },
    call(image, name, args = [], slice = 1e9) {
      const thread = m.thread(image, name, args);
      const stops: RunResult[] = [];
      for (;;) {
        const r = processor.run(thread, slice);
        stops.push(r);
        if (r.reason !== 'preempted') break;
      }
      if (thread.state === 'exited') pages.release(thread.stackLimit - 0x1000);
      return { result: thread.result, cycles: thread.cycles, stops, thread };
    },
  };
  return m;
}
