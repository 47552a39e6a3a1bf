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

/** The kernel's modules the machine worker imports by URL at run time: from these sources under tsx, from their
 *  bundles in the Electron build (main/electron/build.ts bundles each one). */
export const KERNEL_MODULES = {
  boot: 'kernel/boot/boot.ts',
  // The KD stub on the cable the BCD's dbgsettings name, when debug is on.
  kd: 'kernel/ntos/kd/stub/attach.ts',
  agent: 'kernel/boot/agent/service.ts',
} as const;
export type KernelModuleUrls = Record<keyof typeof KERNEL_MODULES, string>;

const moduleUrl = (rel: string): string => pathToFileURL(path.join(repoRoot, rel)).href;
/** The kernel's modules as the source files in this tree. */
export const sourceKernelModules = (): KernelModuleUrls =>
  ({ boot: moduleUrl(KERNEL_MODULES.boot), kd: moduleUrl(KERNEL_MODULES.kd), agent: moduleUrl(KERNEL_MODULES.agent) });

/** The kernel reference for LabEngine's `kernel` option (and TargetOptions.kernel). */
export async function targetKernel(o: Omit<BootConfig, 'layouts'> = {}, modules: KernelModuleUrls = sourceKernelModules()): Promise<KernelRef> {
  const options: BootConfig = { layouts: await kernelLayouts(), serviceModules: [modules.agent], kdModule: modules.kd, ...o };
  return { module: modules.boot, exportName: 'kernelBoot', options };
}
