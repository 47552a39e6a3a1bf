// The lab engine the app runs: targets boot our kernel (kernel/boot) with the layouts derived from our headers.
// Shared by `npm run web` and Electron's main process.
import { LabEngine, type LabOptions } from '../engine/lab-engine.ts';
import { LabHost } from '../api/host/lab/lab-host.ts';
import { targetKernel, type KernelModuleUrls } from '../cli/target-kernel.ts';

/** `save`: the folder the lab is kept in across runs (the app passes its workspace's; tests usually none).
 *  `kernelModules` (with `opts.workerUrl`): the bundled worker and kernel the Electron build runs instead of the sources. */
export function appLab(opts: Omit<LabOptions, 'kernel'> & { kernelModules?: KernelModuleUrls } = {}, save?: { dir: string; settleMs?: number }): LabHost {
  const { kernelModules, ...lab } = opts;
  return new LabHost(async () => new LabEngine({ ...lab, kernel: await targetKernel({}, kernelModules) }), save);
}
