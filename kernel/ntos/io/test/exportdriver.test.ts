// Export drivers: ExportLib (a kernel-mode DLL with a .def file) builds an import library; ExportUser links it
// through a project reference and calls its routines. Starting ExportUser makes the loader bring ExportLib.sys in from
// System32\drivers and run its DllInitialize first. The link check accepts imports the .lib names and nothing else.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProject } from '../../../../main/toolchain/build.ts';
import { generateLayouts } from '../../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../../main/toolchain/clang.ts';
import { readImportLibrary } from '../../../../main/toolchain/implib.ts';
import type { Layouts } from '../../../layout/layouts.ts';
import { Kernel } from '../../kernel.ts';

const DRIVERS = path.join(repoRoot, 'kernel', 'test', 'drivers');
let layouts: Layouts;
let lib: Uint8Array, user: Uint8Array;

before(async () => {
  layouts = await generateLayouts();
  const r = await buildProject(path.join(DRIVERS, 'ExportUser'));
  assert.ok(r.success, r.log.join('\n'));
  user = readFileSync(path.join(r.outputDir, 'ExportUser.sys'));
  lib = readFileSync(path.join(DRIVERS, 'ExportLib', 'x64', 'Debug', 'ExportLib', 'ExportLib.sys'));
});

function adler32(text: string): number {
  let a = 1, b = 0;
  for (const c of Buffer.from(text, 'latin1')) { a = (a + c) % 65521; b = (b + a) % 65521; }
  return ((b << 16) | a) >>> 0;
}

function machine(withLib: boolean) {
  const out: string[] = [];
  const k = new Kernel({ layouts, onDebugOutput: (t) => out.push(t) });
  k.io.readFile = (p) => (p === '\\??\\C:\\DriverTest\\Drivers\\ExportUser.sys' ? user
    : withLib && p === '\\SystemRoot\\System32\\drivers\\ExportLib.sys' ? lib : undefined);
  assert.equal(k.io.services.create('ExportUser', { binaryPath: 'C:\\DriverTest\\Drivers\\ExportUser.sys' }), 0);
  return { k, out };
}

test('the import library lists the public exports of the image it names', () => {
  const il = readImportLibrary(path.join(DRIVERS, 'ExportLib', 'x64', 'Debug', 'ExportLib.lib'));
  assert.deepEqual(il, { module: 'ExportLib.sys', exports: ['ExportLibAdler32', 'ExportLibCallCount', 'ExportLibInitialized'] });
});

test('a driver calls an export driver: the loader brings it in, DllInitialize runs first', () => {
  const { k, out } = machine(true);
  assert.equal(k.io.services.start('ExportUser'), 0, out.join(''));
  assert.ok(k.loader.find('ExportLib.sys'), 'ExportLib.sys was loaded for its importer');
  const line = `ExportUser: adler32 ${adler32('Wikipedia').toString(16).padStart(8, '0')} after 1 call(s)\n`;
  assert.ok(out.includes(line), out.join(''));
  assert.equal(k.io.services.stop('ExportUser'), 0);
  assert.equal(k.bugCheck, undefined);
});

test('started from a running thread (advapi32 StartService\'s step form), DllInitialize and DriverEntry run on that thread', () => {
  const { k, out } = machine(true);
  const { result, thread } = k.io.runOnSystemThread('StartServiceCaller', () => k.io.services.startStep('ExportUser'));
  assert.equal(result, 0, out.join(''));
  assert.equal(thread.state, 'exited');
  assert.ok(k.loader.find('ExportLib.sys'));
  assert.ok(out.includes(`ExportUser: adler32 ${adler32('Wikipedia').toString(16).padStart(8, '0')} after 1 call(s)\n`), out.join(''));
  assert.equal(k.threads.filter((t) => t.name === 'MmLoadSystemImage' || t.name === 'IopLoadDriver').length, 0);
  assert.equal(k.bugCheck, undefined);
});

test('without the export driver on disk the service cannot start (ERROR_MOD_NOT_FOUND)', () => {
  const { k } = machine(false);
  assert.equal(k.io.services.start('ExportUser'), 126);
  assert.equal(k.loader.find('ExportUser.sys'), undefined);
});

test('the link check: imports from an export driver need its .lib, and only its public exports resolve', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'exportuser-'));
  const vcx = readFileSync(path.join(DRIVERS, 'ExportUser', 'ExportUser.vcxproj'), 'utf8').replaceAll('..\\ExportLib', path.join(DRIVERS, 'ExportLib').replaceAll('/', '\\'));
  copyFileSync(path.join(DRIVERS, 'ExportUser', 'ExportUser.inf'), path.join(dir, 'ExportUser.inf'));
  const source = readFileSync(path.join(DRIVERS, 'ExportUser', 'ExportUser.c'), 'utf8');

  // No import library linked: the routine is unresolved.
  writeFileSync(path.join(dir, 'ExportUser.vcxproj'), vcx.replace(/<Link>[\s\S]*?<\/Link>/, '').replace(/<ItemGroup>\s*<ProjectReference[\s\S]*?<\/ItemGroup>/, ''));
  writeFileSync(path.join(dir, 'ExportUser.c'), source);
  const a = await buildProject(dir);
  assert.equal(a.success, false);
  assert.ok(a.diagnostics.some((d) => d.code === 'LNK2019' && /ExportLibAdler32 referenced in function DriverEntry/.test(d.message)), a.log.join('\n'));

  // The .lib linked, but DllUnload is PRIVATE: not in the import library.
  writeFileSync(path.join(dir, 'ExportUser.vcxproj'), vcx);
  writeFileSync(path.join(dir, 'ExportUser.c'), source.replace('#include "ExportLib.h"', '#include "ExportLib.h"\n__declspec(dllimport) __attribute__((import_module("ExportLib.sys"))) NTSTATUS DllUnload(VOID);')
    .replace('    DriverObject->DriverUnload = ExportUserUnload;', '    DriverObject->DriverUnload = ExportUserUnload;\n    (VOID)DllUnload();'));
  const b = await buildProject(dir);
  assert.equal(b.success, false);
  assert.deepEqual(b.diagnostics.filter((d) => d.code === 'LNK2019').map((d) => d.message), ['unresolved external symbol DllUnload referenced in function DriverEntry']);
});
