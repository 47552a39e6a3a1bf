// The lab engine the app runs: targets boot our kernel (kernel/boot) with the layouts derived from our headers.
// Shared by `npm run web` and Electron's main process.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LabEngine, type LabOptions } from '../engine/lab-engine.ts';
import { LabHost } from '../api/host/lab/lab-host.ts';
import { targetKernel } from '../cli/target-kernel.ts';
import { repoRoot } from '../toolchain/clang.ts';

/** Boot-time services that exist in this tree (the test target agent arrives with provisioning). */
function serviceModules(): string[] {
  return ['kernel/boot/agent/service.ts'].filter((rel) => existsSync(path.join(repoRoot, rel))).map((rel) => new URL(`file://${path.join(repoRoot, rel)}`).href);
}

/** `save`: the folder the lab is kept in across runs (the app passes its workspace's; tests usually none). */
export function appLab(opts: Omit<LabOptions, 'kernel'> = {}, save?: { dir: string; settleMs?: number }): LabHost {
  return new LabHost(async () => new LabEngine({ ...opts, kernel: await targetKernel({ serviceModules: serviceModules() }) }), save);
}
