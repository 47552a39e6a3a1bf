// The KernelRef new targets boot: our kernel (kernel/boot) with the structure layouts derived from our headers
// (the kernel receives them, it never builds them), and the services the boot starts.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { KernelRef } from '../machine/machine.ts';
import { generateLayouts, generateUserLayouts } from '../toolchain/layouts.ts';
import { repoRoot } from '../toolchain/clang.ts';
import type { BootConfig } from '../../kernel/boot/boot.ts';

let layouts: Promise<BootConfig['layouts']> | undefined;
const kernelLayouts = (): Promise<BootConfig['layouts']> => layouts ??= (async () => ({ km: await generateLayouts(), um: await generateUserLayouts() }))();

const moduleUrl = (rel: string): string => pathToFileURL(path.join(repoRoot, rel)).href;

/** The kernel reference for LabEngine's `kernel` option (and TargetOptions.kernel). */
export async function targetKernel(o: Omit<BootConfig, 'layouts'> = {}): Promise<KernelRef> {
  const options: BootConfig = {
    layouts: await kernelLayouts(),
    serviceModules: [moduleUrl('kernel/boot/agent/service.ts')],
    // The KD stub on the cable the BCD's dbgsettings name, when debug is on.
    kdModule: moduleUrl('kernel/ntos/kd/stub/attach.ts'),
    ...o,
  };
  return { module: moduleUrl('kernel/boot/boot.ts'), exportName: 'kernelBoot', options };
}
