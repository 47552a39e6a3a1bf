// The Electron build's bundles of the modules a target's worker loads by URL at run time (the worker entry, the
// kernel and what the boot imports), beside the main bundle in out/electron/. Every bundle and chunk sits two
// folders below the app root, as the sources do, so code locating the repository from its own URL finds it.
import { KERNEL_MODULES, type KernelModuleUrls } from '../cli/target-kernel.ts';

export const WORKER_BUNDLE = 'machine-worker';
export const kernelBundle = (k: keyof KernelModuleUrls): string => `kernel-${k}`;
export const BUNDLE_EXT = '.mjs';
export const kernelModuleKeys = Object.keys(KERNEL_MODULES) as (keyof KernelModuleUrls)[];

/** LabEngine's worker and the kernel's module URLs, as bundles in `dir` (a folder URL ending in /). */
export function bundledEngine(dir: URL): { workerUrl: URL; kernelModules: KernelModuleUrls } {
  const at = (name: string): URL => new URL(name + BUNDLE_EXT, dir);
  return {
    workerUrl: at(WORKER_BUNDLE),
    kernelModules: Object.fromEntries(kernelModuleKeys.map((k) => [k, at(kernelBundle(k)).href])) as KernelModuleUrls,
  };
}
