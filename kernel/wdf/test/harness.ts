// Shared by the KMDF tests: our drivers built once per process with real clang (in a temporary copy, so the
// source tree gets no build output), and a booted kernel whose disk serves their images.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProject } from '../../../main/toolchain/build.ts';
import { generateLayouts } from '../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../main/toolchain/clang.ts';
import type { Layouts } from '../../layout/layouts.ts';
import { Kernel } from '../../ntos/kernel.ts';
import { REG_SZ } from '../../ntos/cm/registry.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';
import type { DevNode } from '../../ntos/io/pnp/devnode.ts';

let layouts: Layouts | undefined;
const built = new Map<string, { dir: string; files: Record<string, Uint8Array>; log: string[] }>();
const tmp = mkdtempSync(path.join(tmpdir(), 'dl-wdf-'));

export async function kernelLayouts(): Promise<Layouts> { return layouts ??= await generateLayouts(); }

/** Builds kernel/test/drivers/<name> (optionally with edited sources) and returns its package files by name. */
export async function buildDriver(name: string, edit: Record<string, (s: string) => string> = {}, as = name): Promise<{ dir: string; files: Record<string, Uint8Array>; log: string[] }> {
  const key = `${as}:${JSON.stringify(Object.keys(edit))}`;
  const have = built.get(key);
  if (have) return have;
  const dir = path.join(tmp, as, name);
  cpSync(path.join(repoRoot, 'kernel', 'test', 'drivers', name), dir, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  for (const [f, fn] of Object.entries(edit)) {
    const p = path.join(dir, f);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(p, fn(readFileSync(p, 'utf8')));
  }
  const r = await buildProject(dir);
  if (!r.success) throw new Error(r.log.join('\n'));
  const files: Record<string, Uint8Array> = {};
  for (const o of r.outputs) files[path.basename(o)] = new Uint8Array(readFileSync(o));
  const out = { dir: r.outputDir, files, log: r.log };
  built.set(key, out);
  return out;
}

export interface Booted { k: Kernel; output: string[]; disk: Map<string, Uint8Array> }

/** A kernel whose disk (by NT path, case-insensitive) is `disk`; debug output collected. */
export async function boot(): Promise<Booted> {
  const output: string[] = [];
  const k = new Kernel({ layouts: await kernelLayouts(), onDebugOutput: (t) => output.push(t) });
  const disk = new Map<string, Uint8Array>();
  k.io.readFile = (p) => disk.get(p.toLowerCase());
  return { k, output, disk };
}

/** `ed nt!Kd_IHVDRIVER_Mask 0xF`. */
export function allowIhvOutput(k: Kernel, mask = 0xf): void {
  const id = k.enumValue('DPFLTR_TYPE', 'DPFLTR_IHVDRIVER_ID');
  k.memory.writeU32(k.printFilter.masks.get(id)!.address, mask);
}

/**
 * A root-enumerated device for a driver, installed by hand as the INF would: the service key (demand start, image
 * in System32\drivers) and the device's Service value. Setup's own tests go through the INF.
 */
export function installByHand(b: Booted, service: string, image: Uint8Array, hwid: string): DevNode {
  b.disk.set(`\\systemroot\\system32\\drivers\\${service.toLowerCase()}.sys`, image);
  b.k.io.services.create(service, { binaryPath: `System32\\drivers\\${service}.sys`, start: 3 });
  const n = pnp(b.k).createRootDevice({ hardwareIds: [hwid] });
  pnp(b.k).enumKey(n, true)!.setValue('Service', REG_SZ, service);
  return n;
}
