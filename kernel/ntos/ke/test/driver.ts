// Test helper: build one of our test drivers (kernel/test/drivers/<name>/*.c) with the canonical clang flags, check
// its imports against the kernel's exports as the build's link step does, and load it into a fresh kernel.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileUnit, includeRoot, includeTree, linkImage, put, repoRoot, type Tree } from '../../../../main/toolchain/clang.ts';
import { checkImports } from '../../../../main/toolchain/linkcheck.ts';
import { generateLayouts } from '../../../../main/toolchain/layouts.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel, type KernelOptions } from '../../kernel.ts';
import type { LoadedImage } from '../../mm/loader/loader.ts';

export async function buildTestDriver(name: string, exports: string[]): Promise<Uint8Array> {
  const dir = path.join(repoRoot, 'kernel', 'test', 'drivers', name);
  const files: Tree = {};
  put(files, includeRoot, includeTree());
  const objects: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.c'))) {
    const src = path.join(dir, f);
    put(files, src, readFileSync(src, 'utf8'));
    const r = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: src, object: `/obj/${f}.o`, files, incRoot: includeRoot });
    assert.ok(r.object, `${f} does not compile:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /warning:/, r.stderr);
    objects[`/obj/${f}.o`] = r.object!;
  }
  const l = await linkImage({ objects, output: `/out/${name}.sys`, exports });
  assert.ok(l.image, l.stderr);
  assert.deepEqual(checkImports(l.image!).map((e) => e.message), [], 'every import is a kernel export');
  return l.image!;
}

let layouts: Promise<Layouts> | undefined;
export function testLayouts(): Promise<Layouts> { return (layouts ??= generateLayouts()); }

/** A fresh kernel with the driver loaded; `fn(name)` finds an exported routine, `data(name)` an exported variable. */
export function loadDriver(L: Layouts, bytes: Uint8Array, name: string, o: Partial<KernelOptions> = {}) {
  const k = new Kernel({ layouts: L, ...o });
  const r = k.loadImage(bytes, `${name}.sys`);
  assert.ok(r.ok, r.ok ? '' : r.message);
  const image = (r as { image: LoadedImage }).image;
  const fn = (n: string) => { const x = image.exports.get(n); assert.equal(x?.kind, 'func', n); return (x as { func: import('../../../../main/machine/cpu/types.ts').Func }).func; };
  const data = (n: string) => { const x = image.exports.get(n); assert.equal(x?.kind, 'data', n); return (x as { address: number }).address; };
  return { k, image, fn, data };
}
