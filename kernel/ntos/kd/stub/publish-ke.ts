// The processor publisher: nt!KiProcessorBlock, the array of KPRCB pointers (one processor) !pcr and !prcb start
// from. The KPCR and KPRCB themselves live in system memory the kernel keeps up to date (ke/pcr.ts).
import { fromVA } from '../../../../main/machine/memory.ts';
import { prcbAddress } from '../../ke/pcr.ts';
import type { Kernel } from '../../kernel.ts';
import type { KdPublisher } from './publishers.ts';

export const PROCESSOR_BLOCK = 'KiProcessorBlock';

function refresh(k: Kernel, at: (name: string) => number): void {
  k.memory.writeU32(at(PROCESSOR_BLOCK), fromVA(prcbAddress(k)) ?? 0);
}

export const kePublisher: KdPublisher = { file: 'ntoskrnl.exe', symbols: [{ name: PROCESSOR_BLOCK, size: 8 }], refresh };
