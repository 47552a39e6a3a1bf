// Real builds with clang (in-process) of small projects we wrote, copied to a temporary folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject } from '../build.ts';
import { readWasm } from '../wasm/read.ts';
import { verifyCatalog } from '../catalog.ts';
import { parseInf } from '../inf/parse.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'dl-build-'));
let n = 0;
/** A fresh copy of a fixture, optionally with files changed. */
function project(name: string, edit: Record<string, (s: string) => string> = {}): string {
  const dir = path.join(tmp, `${n++}`, name);
  cpSync(path.join(fixtures, name), dir, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  for (const [f, fn] of Object.entries(edit)) writeFileSync(path.join(dir, f), fn(readFileSync(path.join(dir, f), 'utf8')));
  return dir;
}

test('Hello World KMDF driver: package files, imports by module, DWARF, signed catalog, MSBuild log', async () => {
  const dir = project('Hello');
  const stages: { stage: string; percent: number }[] = [];
  const r = await buildProject(dir, { onStage: (st) => stages.push(st) });
  assert.equal(r.success, true, r.log.join('\n'));
  assert.equal(r.kind, 'kmdf');
  // The progress bar's stages: each source (the driver's, then our static libraries' KMDF entry stub and wdmsec),
  // link, INF, catalog.
  assert.deepEqual(stages.map((st) => st.stage), ['Compiling Driver.c', 'Compiling FxDriverEntry.c', 'Compiling wdmsec.c', 'Linking Hello.sys',
    'Stamping and verifying Hello.inf', 'Signing Hello.cat']);
  assert.deepEqual(stages.map((st) => st.percent), [0, 17, 33, 50, 67, 83]);
  const pkg = path.join(dir, 'x64', 'Debug', 'Hello');
  assert.equal(r.outputDir, pkg);
  assert.deepEqual(readdirSync(pkg).sort(), ['Hello.cat', 'Hello.inf', 'Hello.sys']);
  const sys = readFileSync(path.join(pkg, 'Hello.sys'));
  const img = readWasm(sys);
  const fromModule = (m: string) => img.imports.filter((i) => i.module === m).map((i) => i.name).sort();
  // The driver's own imports, plus whatever the KMDF entry stub (kernel/lib/wdf) imports, e.g. WdfVersionBind.
  assert.ok(fromModule('ntoskrnl.exe').includes('DbgPrintEx'));
  for (const n of ['WdfDeviceCreate', 'WdfDriverCreate']) assert.ok(fromModule('Wdf01000.sys').includes(n), n);
  assert.ok(img.imports.every((i) => ['env', 'ntoskrnl.exe', 'Wdf01000.sys', 'HAL.dll', 'GOT.mem', 'GOT.func'].includes(i.module)), 'imports named by module');
  assert.deepEqual(fromModule('env').sort(), ['__indirect_function_table', '__memory_base', '__stack_pointer', '__table_base', 'memory']);
  assert.ok(img.customSections.has('.debug_info') && img.customSections.has('.debug_line'), 'DWARF inside the image');
  assert.ok([...img.functionNames.values()].includes('HelloEvtDeviceAdd'));
  const header = JSON.parse(new TextDecoder().decode(img.customSections.get('driverlab.image')![0]));
  assert.equal(header.kind, 'kmdf');
  assert.ok(img.exports.some((e) => e.name === header.entry));
  const inf = parseInf(readFileSync(path.join(pkg, 'Hello.inf'), 'utf8'));
  assert.match(inf.value('Version', 'DriverVer')!, /^\d\d\/\d\d\/\d{4}$/);
  assert.ok(inf.section('Standard.NTamd64.10.0...16299'), '$ARCH$ expanded');
  assert.equal(inf.value('Hello_wdfsect', 'KmdfLibraryVersion'), '1.15');
  const files = Object.fromEntries(['Hello.sys', 'Hello.inf'].map((f) => [f, new Uint8Array(readFileSync(path.join(pkg, f)))]));
  assert.equal(verifyCatalog(readFileSync(path.join(pkg, 'Hello.cat')), files).ok, true);
  const log = r.log.join('\n');
  for (const re of [/^Build started\.\.\.$/m, /^1>------ Build started: Project: Hello, Configuration: Debug x64 ------$/m, /^1>Driver\.c$/m,
    new RegExp(`^1>Hello\\.vcxproj -> ${path.join(dir, 'x64', 'Debug', 'Hello.sys').replace(/[.\\/]/g, '\\$&')}$`, 'm'),
    /^1>Driver is a Universal Driver\.$/m, /^========== Build: 1 succeeded, 0 failed, 0 up-to-date, 0 skipped ==========$/m,
    /^Build succeeded\.\n    0 Warning\(s\)\n    0 Error\(s\)$/m]) assert.match(log, re);
});

test('a broken C file gives MSVC-shaped diagnostics with file, line and column', async () => {
  const dir = project('Three', { 'Part2.c': (s) => s.replace('    state2 +=', '    stat2 +=').replace('state2);', 'state2)') });
  const r = await buildProject(dir);
  assert.equal(r.success, false);
  const file = path.join(dir, 'Part2.c');
  const undeclared = r.diagnostics.find((d) => d.code === 'C2065')!;
  assert.deepEqual([undeclared.file, undeclared.line, undeclared.column, undeclared.message], [file, 5, 5, "'stat2': undeclared identifier"]);
  const semi = r.diagnostics.find((d) => d.code === 'C2143')!;
  assert.deepEqual([semi.file, semi.line, semi.column, semi.message], [file, 6, 46, "syntax error: missing ';' before 'return'"]);
  assert.ok(r.log.includes(`1>${file}(5,5): error C2065: 'stat2': undeclared identifier`));
  assert.match(r.log.join('\n'), /Build FAILED\.\n    0 Warning\(s\)\n    2 Error\(s\)/);
  assert.ok(!existsSync(path.join(dir, 'x64', 'Debug', 'Three', 'Three.sys')));
});

test('warnings are errors in driver projects (C2220), as the WDK sets it', async () => {
  const dir = project('Three', { 'Part3.c': (s) => s.replace('{\n', '{\n    int spare = 1;\n') });
  const r = await buildProject(dir);
  assert.equal(r.success, false);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.line]), [['C2220', 'error', 5], ['C4189', 'warning', 5]]);
});

test('an INF error fails the build with its line number', async () => {
  const dir = project('Three', { 'Three.inf': (s) => s.replace('%Three.DeviceDesc% = Three_Device,', '%Three.DeviceDesc% = Three_Dev,') });
  const r = await buildProject(dir);
  assert.equal(r.success, false);
  const d = r.diagnostics.find((x) => x.file === path.join(dir, 'Three.inf'))!;
  assert.ok(d, r.log.join('\n'));
  assert.deepEqual([d.line, d.code, d.severity], [26, '1203', 'error']);
  assert.match(d.message, /Three_Dev/);
  assert.ok(!r.log.includes('1>Driver is a Universal Driver.'));
  const bin = await buildProject(project('Three', { 'Three.inf': (s) => s.replace('ServiceBinary = %13%\\Three.sys', 'ServiceBinary = %13%\\Tree.sys') }));
  assert.deepEqual(bin.diagnostics.map((x) => [x.line, x.code]), [[42, '2084']]);
  const sig = await buildProject(project('Three', { 'Three.inf': (s) => s.replace('$WINDOWS NT$', '$Windows 98$') }));
  assert.deepEqual(sig.diagnostics.map((x) => [x.line, x.code]), [[5, '1001']]);
});

test('a call to a routine the kernel does not export fails at link time with LNK2019', async () => {
  const dir = project('Three', { 'Part2.c': (s) => s.replace('    state2 += (int)value;', '    state2 += (int)value;\n    KeNotARealRoutine(1);') });
  const r = await buildProject(dir);
  assert.equal(r.success, false);
  assert.ok(r.log.includes('1>Part2.obj : error LNK2019: unresolved external symbol KeNotARealRoutine referenced in function Part2Work'), r.log.join('\n'));
  assert.ok(r.log.some((l) => /Three\.sys : fatal error LNK1120: 1 unresolved externals$/.test(l)));
  assert.ok(!existsSync(path.join(dir, 'x64', 'Debug', 'Three', 'Three.sys')));
});

test('Debug and Release: -O0 with DBG=1 against -O2 without it', async () => {
  const checked = { 'Part3.c': (s: string) => s.replace('    return STATUS_SUCCESS;', '#if DBG\n    DbgPrintEx(77, 3, "checked build\\n");\n#endif\n    return STATUS_SUCCESS;') };
  const dbg = await buildProject(project('Three', checked), { configuration: 'Debug' });
  const rel = await buildProject(project('Three', checked), { configuration: 'Release' });
  assert.equal(dbg.success && rel.success, true, rel.log.join('\n'));
  const sys = (r: typeof dbg) => readFileSync(r.outputs.find((o) => o.endsWith('.sys'))!).toString('latin1');
  assert.ok(sys(dbg).includes('checked build') && !sys(rel).includes('checked build'), 'DBG=1 only in Debug');
  assert.ok(rel.outputDir.endsWith(path.join('x64', 'Release', 'Three')));
  assert.ok(rel.log.includes('1>------ Build started: Project: Three, Configuration: Release x64 ------'));
});

test('a Visual Studio .vcxproj with C++ sources and an .inx builds as is', async () => {
  const dir = project('CppVcx');
  for (const [config, greeting] of [['Debug', 'debug'], ['Release', 'release']] as const) {
    const r = await buildProject(dir, { configuration: config });
    assert.equal(r.success, true, r.log.join('\n'));
    assert.equal(r.projectName, 'CppDriver');
    assert.ok(r.log.includes('1>Driver.cpp') && r.log.includes('1>Queue.cpp') && !r.log.includes('1>Unused.c'));
    const pkg = path.join(dir, 'x64', config, 'EchoCpp');
    assert.deepEqual(readdirSync(pkg).sort(), ['EchoCpp.cat', 'EchoCpp.inf', 'EchoCpp.sys'], 'TargetName names the package');
    const sys = readFileSync(path.join(pkg, 'EchoCpp.sys'));
    assert.ok(sys.toString('latin1').includes(`EchoCpp %s: depth`) && sys.toString('latin1').includes(greeting), 'PreprocessorDefinitions applied');
    const inf = readFileSync(path.join(pkg, 'EchoCpp.inf'), 'utf8');
    assert.match(inf, /^DriverVer = \d\d\/\d\d\/\d{4},[\d.]+$/m);
    assert.match(inf, /KmdfLibraryVersion = 1\.15/);
    assert.doesNotMatch(inf, /\$ARCH\$|\$KMDFVERSION\$/);
  }
});

test('WPP tracing: the .tmh is generated and the trace calls compile; "Run Wpp tracing: No" turns it off', async () => {
  const dir = project('Wpp');
  const r = await buildProject(dir);
  // Compiles cleanly; linking needs the tracing runtime's routines in our kernel's export table.
  assert.deepEqual(r.diagnostics.filter((d) => !d.code.startsWith('LNK')), [], r.log.join('\n'));
  const unresolved = r.diagnostics.filter((d) => d.code === 'LNK2019').map((d) => /symbol (\w+)/.exec(d.message)![1]);
  assert.ok(unresolved.every((s) => ['EtwRegister', 'EtwUnregister', 'WmiTraceMessage'].includes(s)), unresolved.join());
  const tmh = readFileSync(path.join(dir, 'x64', 'Debug', 'driver.tmh'), 'utf8');
  assert.match(tmh, /WPP_DL_TraceEvents_Driver_c_9\(/);
  assert.match(tmh, /WPP_DL_TraceEvents_Driver_c_10\(/);
  if (r.success) {
    const img = readWasm(readFileSync(r.outputs.find((o) => o.endsWith('.sys'))!));
    const tmf = JSON.parse(new TextDecoder().decode(img.customSections.get('driverlab.wpp')![0]));
    assert.deepEqual(tmf.messages.map((m: { format: string; func: string; args: string[] }) => [m.format, m.func, m.args]), [
      ['%!FUNC! Entry', 'DriverEntry', []],
      ['%!FUNC! driver object %p, name %s, status %!STATUS!', 'DriverEntry', ['ptr', 'astr', 'int:STATUS']],
      ['count %d', 'DriverEntry', ['int']]]);
  }
  const off = project('Wpp', { 'WppDrv.vcxproj': (s) => s.replace('<WppEnabled>true</WppEnabled>', '<WppEnabled>false</WppEnabled>') });
  const r2 = await buildProject(off);
  assert.equal(r2.success, false);
  assert.deepEqual(r2.diagnostics.map((d) => [d.code, d.line]), [['C1083', 3]]);
  assert.match(r2.diagnostics[0].message, /Cannot open include file: 'driver.tmh'/);
});

test('a user-mode program builds to an .exe importing kernel32.dll', async () => {
  const dir = project('Tool');
  const r = await buildProject(dir);
  assert.equal(r.kind, 'exe');
  const imports = r.success ? readWasm(readFileSync(path.join(dir, 'x64', 'Debug', 'Tool.exe'))).imports : [];
  assert.equal(r.success, true, r.log.join('\n'));
  assert.ok(imports.some((i) => i.module === 'kernel32.dll' && i.name === 'GetCurrentProcessId'));
  assert.deepEqual(r.outputs, [path.join(dir, 'x64', 'Debug', 'Tool.exe')]);
});

// Its speed is measured in `npm run bench` (bench/build.ts), never asserted here.
test('a warm rebuild of a 3-file driver recompiles each changed file and succeeds', async () => {
  await buildProject(project('Three')); // warm the process (clang module compiled)
  const dir = project('Three', { 'Part2.c': (s) => s + '\n/* changed */\n', 'Part3.c': (s) => s + '\n/* changed */\n', 'Part1.c': (s) => s + '\n/* changed */\n' });
  const r = await buildProject(dir);
  assert.equal(r.success, true, r.log.join('\n'));
  assert.deepEqual(r.log.filter((l) => /^1>Part\d\.c$/.test(l)), ['1>Part1.c', '1>Part2.c', '1>Part3.c']);
});
