// A driver cannot reach the host: an import resolves only to a routine our kernel modules really export. Imports
// from modules we do not have (node:fs, child_process, env), names that exist on every JS object (constructor,
// __proto__, toString), `env` globals other than the loader's own, and MmGetSystemRoutineAddress with such names
// are all refused, as Windows refuses an import it cannot find: STATUS_PROCEDURE_NOT_FOUND, no JS exception.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kernel } from '../../../kernel.ts';
import { Status } from '../../../../../main/machine/cpu/status.ts';
import { generateLayouts } from '../../../../../main/toolchain/layouts.ts';
import type { Layouts } from '../../../../layout/layouts.ts';
import { knownModules } from '../../../../exports.ts';
import { findSystemRoutine } from '../../../rtl/sysroutine.ts';
import { cachedImage } from '../../../../../main/testing/images.ts';
import { decodeModule } from '../../../../../main/formats/wasm/index.ts';

const JS_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'eval', 'require', 'process', 'Function', 'globalThis', 'import'];

/** A driver whose DriverEntry calls one imported function `module!name` (the import named exactly so). */
function importer(module: string | undefined, name: string): string {
  const attr = module === undefined ? `__attribute__((import_name("${name}")))` : `__attribute__((import_module("${module}"), import_name("${name}")))`;
  return `${attr} int Imported(int);\nint DriverEntry(void *d, void *r) { return Imported(1); }\n`;
}
/** A driver that reads an undefined global (a GOT.mem import the loader resolves against data exports). */
const DATA_IMPORTER = (name: string) => `extern int ${name};\nint DriverEntry(void *d, void *r) { return ${name}; }\n`;

let layouts: Layouts;
const images = new Map<string, Uint8Array>();
const CASES: [string | undefined, string][] = [
  ['node:fs', 'readFileSync'], ['child_process', 'execSync'], ['env', 'eval'], [undefined, 'require'], [undefined, 'process'],
  ...JS_NAMES.map((n) => ['ntoskrnl.exe', n] as [string, string]), ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((m) => [m, 'DbgPrint'] as [string, string]),
  ['HAL.dll', 'constructor'], ['Wdf01000.sys', '__proto__'],
];
const DATA_NAMES = ['process', 'globalThis', 'constructor', '__proto__'];

before(async () => {
  layouts = await generateLayouts();
  for (const [m, n] of CASES) {
    images.set(`${m}!${n}`, await cachedImage({ name: `imp-${(m ?? 'env').replace(/\W/g, '_')}-${n.replace(/\W/g, '_')}`, kind: 'wdm', config: 'Release', sources: { 'imp.c': importer(m, n) }, exports: ['DriverEntry'] }));
  }
  for (const n of DATA_NAMES) images.set(`data!${n}`, await cachedImage({ name: `data-${n.replace(/\W/g, '_')}`, kind: 'wdm', config: 'Release', sources: { 'imp.c': DATA_IMPORTER(n) }, exports: ['DriverEntry'] }));
});

test('imports from modules we do not have, or of names every JS object has, are refused with STATUS_PROCEDURE_NOT_FOUND', () => {
  const k = new Kernel({ layouts });
  for (const [m, n] of CASES) {
    const bytes = images.get(`${m}!${n}`)!;
    const imp = decodeModule(bytes).imports.find((i) => i.kind === 'func');
    assert.deepEqual([imp?.module, imp?.name], [m ?? 'env', n], 'the image imports exactly that');
    let r;
    assert.doesNotThrow(() => { r = k.loadImage(bytes, 'hostile.sys'); }, `${m}!${n}`);
    assert.ok(r && !(r as { ok: boolean }).ok, `${m}!${n} must not resolve`);
    const f = r as unknown as { status: number; message: string };
    assert.equal(f.status, Status.PROCEDURE_NOT_FOUND, `${m}!${n}: ${f.message}`);
    assert.match(f.message, new RegExp(`The procedure entry point ${n.replace(/\$/g, '\\$')} could not be located in the dynamic link library ${(m ?? 'env').replace(/\./g, '\\.')}\\.`));
  }
  assert.equal(k.loader.loaded().length, 0);
});

test('data imports other than the loader\'s own globals resolve only to kernel data exports', () => {
  const k = new Kernel({ layouts });
  for (const n of DATA_NAMES) {
    const bytes = images.get(`data!${n}`)!;
    assert.ok(decodeModule(bytes).imports.some((i) => i.module === 'GOT.mem' && i.name === n), `${n} is a GOT.mem import`);
    const r = k.loadImage(bytes, 'hostile.sys');
    assert.equal(r.ok ? 0 : r.status, Status.PROCEDURE_NOT_FOUND, n);
  }
});

test('the kernel\'s resolver and MmGetSystemRoutineAddress know only their own routines', () => {
  const k = new Kernel({ layouts });
  for (const m of [...knownModules(), 'env', 'constructor', '__proto__']) {
    for (const n of JS_NAMES) assert.equal(k.resolveImport(m, n, 'func'), undefined, `${m}!${n}`);
  }
  for (const n of JS_NAMES) assert.equal(findSystemRoutine(n), undefined, n);
  // The real ones still resolve.
  assert.equal(k.resolveImport('ntoskrnl.exe', 'DbgPrint', 'func')?.kind, 'host');
  assert.ok(findSystemRoutine('KeBugCheckEx'));
});
