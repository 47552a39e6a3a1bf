// Tables the stub publishes in a host module's data area for the debugger to read with ReadVirtualMemory, as
// Windows keeps nt!IopRootDeviceNode or Wdf01000's globals in its images' data. Each area (I/O, processes, KMDF,
// WPP...) adds one KdPublisher to `kdPublishers`: its symbols (exported as module!Name) and a refresh the stub runs
// when it freezes the target, before it reports the stop. Encoders live beside the decoders in main/formats/kd/.
import type { Kernel } from '../../kernel.ts';
import { ioPublisher } from './publish-io.ts';
import { wdfPublisher, wppPublisher } from './publish-wdf.ts';
import { psPublisher } from './publish-ps.ts';
import { obPublisher } from './publish-ob.ts';
import { poolPublisher } from './publish-pool.ts';
import { kePublisher } from './publish-ke.ts';

export interface KdPublisher {
  /** The host module whose data area holds the symbols: 'ntoskrnl.exe', 'wdf01000.sys'. */
  file: string;
  /** Data symbols and the bytes each needs (fixed for the life of the target). */
  symbols: { name: string; size: number }[];
  /** Rewrite the tables from the kernel's current state; `at(name)` is a symbol's system-space offset. */
  refresh(k: Kernel, at: (name: string) => number): void;
}

export const kdPublishers: KdPublisher[] = [ioPublisher, psPublisher, obPublisher, poolPublisher, kePublisher, wdfPublisher, wppPublisher];
