// Test support: a real target (our kernel with the KD stub, driven by a TargetRunner) running a real driver built
// by our clang, and the debugger's symbol folder holding that driver's image (with DWARF), as x64\Debug\<Name>\.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileUnit, includeRoot, includeTree, linkImage, put, type Tree } from '../../../toolchain/clang.ts';
import { generateLayouts, type Layouts } from '../../../toolchain/layouts.ts';
import { Kernel } from '../../../../kernel/ntos/kernel.ts';
import { KdStub, type StubOptions } from '../../../../kernel/ntos/kd/stub/stub.ts';
import { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import type { LoadedImage } from '../../../../kernel/ntos/mm/loader/loader.ts';

let layouts: Promise<Layouts> | undefined;
export function testLayouts(): Promise<Layouts> {
  layouts ??= generateLayouts();
  return layouts;
}

export interface BuiltDriver { name: string; image: Uint8Array; symbolDir: string; sourcePath: string; source: string }

/** Compile and link one C file as a WDM driver; the image goes into a fresh x64\Debug\<name> folder. */
export async function buildDriver(name: string, source: string): Promise<BuiltDriver> {
  const root = mkdtempSync(path.join(tmpdir(), 'kd-'));
  const sourcePath = path.join(root, name, 'driver.c');
  mkdirSync(path.dirname(sourcePath), { recursive: true });
  writeFileSync(sourcePath, source);
  // Compiled at its real path so the DWARF names the file the debugger's .srcpath finds.
  const files: Tree = {};
  put(files, includeRoot, includeTree());
  put(files, sourcePath, source);
  const c = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: sourcePath, object: '/out/driver.o', files, incRoot: includeRoot });
  if (!c.object) throw new Error(`compile failed:\n${c.stderr}`);
  const l = await linkImage({ objects: { '/out/driver.o': c.object }, output: `/out/${name}.sys`, exports: ['DriverEntry'] });
  if (!l.image) throw new Error(`link failed:\n${l.stderr}`);
  const symbolDir = path.join(root, name, 'x64', 'Debug', name);
  mkdirSync(symbolDir, { recursive: true });
  writeFileSync(path.join(symbolDir, `${name}.sys`), l.image);
  return { name, image: l.image, symbolDir, sourcePath, source };
}

export interface Target { kernel: Kernel; stub: KdStub; runner: TargetRunner; load(d: BuiltDriver): LoadedImage; startEntry(im: LoadedImage, mode?: number): void; dispose(): void }

export async function startTarget(opts: StubOptions = {}): Promise<Target> {
  const kernel = new Kernel({ layouts: await testLayouts() });
  const stub = new KdStub(kernel, opts);
  const runner = new TargetRunner(kernel);
  stub.onResume(() => runner.poke());
  runner.start();
  return {
    kernel, stub, runner,
    load(d) {
      const r = kernel.loadImage(d.image, `${d.name}.sys`);
      if (!r.ok) throw new Error(r.message);
      return r.image;
    },
    startEntry(im, mode = 0) { kernel.createThread(im.entry!, [0, mode], 'System'); runner.poke(); },
    dispose() { runner.stop(); stub.detach(); },
  };
}

/** 1-based line of the first line containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in source`);
  return i + 1;
}
