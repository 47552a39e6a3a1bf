// Our WDF headers, entry stubs and WDF test drivers build with the canonical flags, unmodified.
// Each driver source is compiled (-c) for its framework in Debug and Release; a probe checks
// header facts with _Static_assert; the stubs compile for their framework.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { clang, compileFlags, includeTree, includeRoot, repoRoot, type Configuration, type Tree } from '../../../main/toolchain/clang.ts';

type Kind = 'kmdf' | 'umdf';
const drivers = path.join(repoRoot, 'kernel', 'test', 'drivers');
const configs: Configuration[] = ['Debug', 'Release'];

// KMDF builds need the kernel-mode headers (kernel/inc/km), written alongside these.
const kmReady = existsSync(path.join(includeRoot, 'km', 'wdm.h')) && existsSync(path.join(includeRoot, 'km', 'ntddk.h'));
const skipFor = (kind: Kind): string | false => (kind === 'kmdf' && !kmReady ? 'kernel/inc/km (wdm.h, ntddk.h) not present yet' : false);

// Test-only stand-in for the .tmh files the build's WPP step generates: trace calls compile to nothing.
const standInTmh = [
  '#define WPP_INIT_TRACING(...) ((void)0)',
  '#define WPP_CLEANUP(x) ((void)(x))',
  '#define TraceEvents(level, flags, ...) ((void)0)',
  '#define Trace(level, ...) ((void)0)',
  '#ifndef TRACE_LEVEL_ERROR',
  '#define TRACE_LEVEL_ERROR 2',
  '#define TRACE_LEVEL_INFORMATION 4',
  '#endif',
  '',
].join('\n');

/** A driver folder as a clang tree. Windows resolves `#include "driver.h"` to Driver.h, so each file
 *  is also present under its lower-case name; WPP drivers get the stand-in .tmh files. */
function sourceTree(dir: string): { tree: Tree; sources: string[] } {
  const tree: Tree = {};
  const names = readdirSync(dir);
  for (const n of names) {
    const text = readFileSync(path.join(dir, n), 'utf8');
    tree[n] = text;
    tree[n.toLowerCase()] = text;
    const tmh = /#\s*include\s*"([^"]+\.tmh)"/i.exec(text);
    if (tmh) tree[tmh[1]] = standInTmh;
  }
  return { tree, sources: names.filter((n) => n.endsWith('.c')) };
}

async function compile(kind: Kind, config: Configuration, src: Tree, file: string, extra: string[] = []) {
  const r = await clang([...compileFlags(kind, config, false), ...extra, '-c', `/src/${file}`, '-o', '/src/out.o'], { inc: includeTree(), src });
  const errors = r.stderr.split('\n').filter((l) => /\berror:/.test(l));
  // Warnings raised inside our WDF headers are our bugs; other headers' warnings are not judged here.
  const wdfWarnings = r.stderr.split('\n').filter((l) => /^\/inc\/wdf\/.*\bwarning:/.test(l));
  return { ok: r.ok, errors, wdfWarnings, stderr: r.stderr, object: r.files.src && (r.files.src as Tree)['out.o'] };
}

const driverKinds: [string, Kind][] = [['KmdfHelloWorld', 'kmdf'], ['KmdfTemplate', 'kmdf'], ['Echo', 'kmdf'], ['UmdfTemplate', 'umdf']];

for (const [name, kind] of driverKinds) {
  for (const config of configs) {
    test(`${name} (${kind}, ${config}): every source compiles unmodified`, { skip: skipFor(kind) }, async () => {
      const { tree, sources } = sourceTree(path.join(drivers, name));
      assert.ok(sources.length > 0, 'driver has sources');
      for (const file of sources) {
        const r = await compile(kind, config, tree, file);
        assert.deepEqual(r.errors, [], `${name}/${file}:\n${r.stderr}`);
        assert.ok(r.ok && r.object instanceof Uint8Array && r.object.length > 0, `${name}/${file} produced an object`);
        assert.deepEqual(r.wdfWarnings, [], `${name}/${file}: warnings in the WDF headers:\n${r.stderr}`);
      }
    });
  }
}

for (const kind of ['kmdf', 'umdf'] as Kind[]) {
  test(`WDF header facts hold for ${kind} (probe with _Static_assert)`, { skip: skipFor(kind) }, async () => {
    const probe = readFileSync(path.join(repoRoot, 'kernel', 'inc', 'test', 'probes', 'wdfprobe.c'), 'utf8');
    const r = await compile(kind, 'Debug', { 'wdfprobe.c': probe }, 'wdfprobe.c', kind === 'umdf' ? ['-DWDF_PROBE_UMDF'] : []);
    assert.deepEqual(r.errors, [], r.stderr);
    assert.ok(r.ok);
  });

  test(`a failed header fact is reported (${kind})`, { skip: skipFor(kind) }, async () => {
    // The probe mechanism itself must be able to fail: a false claim about WDF_NO_HANDLE.
    const src = `${kind === 'umdf' ? '#include <windows.h>' : '#include <ntddk.h>'}\n#include <wdf.h>\n` +
      '_Static_assert(WDF_NO_HANDLE != NULL, "claim");\n';
    const r = await compile(kind, 'Debug', { 'bad.c': src }, 'bad.c');
    assert.equal(r.ok, false);
    assert.match(r.stderr, /static assertion failed.*claim/);
  });
}

test('the KMDF entry stub compiles (FxDriverEntry binds through Wdf01000.sys)', { skip: skipFor('kmdf') }, async () => {
  const text = readFileSync(path.join(repoRoot, 'kernel', 'lib', 'wdf', 'FxDriverEntry.c'), 'utf8');
  for (const config of configs) {
    const r = await compile('kmdf', config, { 'FxDriverEntry.c': text }, 'FxDriverEntry.c');
    assert.deepEqual(r.errors, [], r.stderr);
    assert.ok(r.ok);
  }
});

test('the UMDF entry stub compiles (FxDriverEntryUm binds through WUDFx02000.dll)', async () => {
  const text = readFileSync(path.join(repoRoot, 'kernel', 'lib', 'wdf', 'FxDriverEntryUm.c'), 'utf8');
  for (const config of configs) {
    const r = await compile('umdf', config, { 'FxDriverEntryUm.c': text }, 'FxDriverEntryUm.c');
    assert.deepEqual(r.errors, [], r.stderr);
    assert.ok(r.ok);
  }
});
