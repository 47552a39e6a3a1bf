// The kernel-mode WDK headers (kernel/inc/shared, kernel/inc/km and the freestanding CRT headers), end to end:
// driver sources written for the real WDK compile unchanged and without diagnostics with the project's wdm flags
// (Debug and Release, C and C++), link into wasm images, and import each routine from the module that exports it
// on Windows (ntoskrnl.exe, HAL.dll), while the header inlines (lists, IRP stack helpers, Interlocked*, lookaside
// fast paths) import nothing. Sizes, NTSTATUS values, CTL_CODE results and such are C_ASSERTs inside the sources,
// so a wrong value in a header fails the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  clang, compileFlags, compileUnit, includeTree, linkImage, put, repoRoot,
  type Configuration, type Tree,
} from '../../../main/toolchain/clang.ts';
import { LIBS } from '../../../main/toolchain/build.ts';

const CONFIGS: Configuration[] = ['Debug', 'Release'];
const here = path.join(repoRoot, 'kernel', 'inc', 'test', 'km');
const dongLpt = path.join(repoRoot, 'kernel', 'test', 'drivers', 'DongLpt', 'DongLpt.c');
const dongIoctl = path.join(repoRoot, 'kernel', 'test', 'programs', 'dongtest', 'dongioctl.h');
const KERNEL_MODULES = new Set(['ntoskrnl.exe', 'HAL.dll']);

/** Our include tree at /inc and the given sources at their real paths. */
function fileTree(sources: string[], extra: Record<string, string> = {}): Tree {
  const files: Tree = {};
  put(files, '/inc', includeTree());
  for (const s of sources) put(files, s, readFileSync(s, 'utf8'));
  for (const [p, text] of Object.entries(extra)) put(files, p, text);
  return files;
}

interface Built { functions: Set<string>; globals: Set<string>; exports: Set<string> }

/** Compile one driver source with the wdm flags, require a silent compiler, link it and list its imports. */
async function build(source: string, config: Configuration, files: Tree, opts: { includeDirs?: string[]; exports?: string[] } = {}): Promise<Built> {
  const cxx = source.endsWith('.cpp');
  const object = source.replace(/\.(c|cpp)$/, `.${config}.o`);
  const c = await compileUnit({ kind: 'wdm', config, cxx, source, object, files, includeDirs: opts.includeDirs });
  assert.ok(c.ok && c.object, `${path.basename(source)} (${config}) did not compile:\n${c.stderr}`);
  assert.equal(c.stderr.trim(), '', `${path.basename(source)} (${config}) compiled with diagnostics:\n${c.stderr}`);
  // The WDK's static libraries a WDM image links (wdmsec.lib's strings), as the build does.
  const objects: Record<string, Uint8Array> = { [object]: c.object };
  for (const lib of [...LIBS.wdm?.sources ?? [], ...LIBS.wdm?.onDemand ?? []]) {
    const libSource = path.join(repoRoot, lib), libObject = `/lib/${path.basename(lib)}.${config}.o`;
    put(files, libSource, readFileSync(libSource, 'utf8'));
    const lc = await compileUnit({ kind: 'wdm', config, cxx: false, source: libSource, object: libObject, files });
    assert.ok(lc.ok && lc.object, `${lib} did not compile:\n${lc.stderr}`);
    objects[libObject] = lc.object;
  }
  const image = object.replace(/\.o$/, '.sys.wasm');
  const l = await linkImage({ objects, output: image, exports: ['DriverEntry', ...(opts.exports ?? [])] });
  assert.ok(l.ok && l.image, `${path.basename(source)} (${config}) did not link:\n${l.stderr}`);
  const mod = new WebAssembly.Module(l.image as Uint8Array<ArrayBuffer>);
  const imports = WebAssembly.Module.imports(mod);
  return {
    functions: new Set(imports.filter((i) => i.kind === 'function').map((i) => `${i.module}!${i.name}`)),
    globals: new Set(imports.filter((i) => i.kind === 'global').map((i) => `${i.module}!${i.name}`)),
    exports: new Set(WebAssembly.Module.exports(mod).map((e) => e.name)),
  };
}

/** Every function import must come from a kernel module: nothing left for "env" to resolve. */
function assertKernelImports(b: Built, what: string): void {
  const stray = [...b.functions].filter((f) => !KERNEL_MODULES.has(f.split('!')[0]));
  assert.deepEqual(stray, [], `${what} imports functions from outside the kernel: ${stray.join(', ')}`);
}

function assertNoInlineImports(b: Built, names: string[], what: string): void {
  const imported = new Set([...b.functions].map((f) => f.split('!')[1]));
  const leaked = names.filter((n) => imported.has(n));
  assert.deepEqual(leaked, [], `${what}: header inlines became imports: ${leaked.join(', ')}`);
}

const INLINES = [
  'InitializeListHead', 'InsertTailList', 'InsertHeadList', 'RemoveEntryList', 'RemoveHeadList', 'IsListEmpty',
  'IoGetCurrentIrpStackLocation', 'IoGetNextIrpStackLocation', 'IoSkipCurrentIrpStackLocation',
  'IoCopyCurrentIrpStackLocationToNext', 'IoSetCompletionRoutine', 'IoMarkIrpPending', 'IoSetCancelRoutine',
  'IoCallDriver', 'IoCompleteRequest', 'ObDereferenceObject', 'KeInitializeSpinLock', 'KeAcquireSpinLock',
  'InterlockedIncrement', 'InterlockedDecrement', 'InterlockedExchangePointer', 'InterlockedAdd64',
  'ExInitializeFastMutex', 'ExAllocateFromNPagedLookasideList', 'ExFreeToNPagedLookasideList',
  'ExAllocateFromLookasideListEx', 'ExFreeToLookasideListEx', 'InitializeSListHead', 'ExQueryDepthSList',
  'MmGetSystemAddressForMdlSafe', 'RtlZeroMemory', 'RtlCopyMemory', 'RtlFillMemory', 'memset', 'memcpy',
  'ExInitializeDriverRuntime', 'RtlFailFast', 'KeRaiseIrql', 'KeLowerIrql', 'PsGetCurrentProcess',
  'RtlULongAdd', 'RtlULongToUShort', 'IsEqualGUID', 'InlineIsEqualGUID',
];

test('DongLpt, the classic driver, builds in Debug and Release and imports from ntoskrnl.exe and HAL.dll', async () => {
  const ioctlDir = path.dirname(dongIoctl);
  const files = fileTree([dongLpt, dongIoctl]);
  const built: Partial<Record<Configuration, Built>> = {};
  for (const config of CONFIGS) {
    const b = await build(dongLpt, config, files, { includeDirs: [ioctlDir] });
    built[config] = b;
    assert.ok(b.exports.has('DriverEntry'), `DongLpt (${config}) exports no DriverEntry`);
    assertKernelImports(b, `DongLpt (${config})`);
    assertNoInlineImports(b, INLINES, `DongLpt (${config})`);
    for (const f of ['HAL.dll!READ_PORT_UCHAR', 'HAL.dll!WRITE_PORT_UCHAR', 'HAL.dll!KeStallExecutionProcessor',
      'ntoskrnl.exe!IoCreateDevice', 'ntoskrnl.exe!IoCreateSymbolicLink', 'ntoskrnl.exe!IoDeleteSymbolicLink',
      'ntoskrnl.exe!IoDeleteDevice', 'ntoskrnl.exe!IofCompleteRequest', 'ntoskrnl.exe!KeInitializeDpc',
      'ntoskrnl.exe!KeInitializeTimerEx', 'ntoskrnl.exe!KeSetTimerEx', 'ntoskrnl.exe!KeCancelTimer',
      'ntoskrnl.exe!KeAcquireSpinLockRaiseToDpc', 'ntoskrnl.exe!KeReleaseSpinLock',
      'ntoskrnl.exe!KeAcquireSpinLockAtDpcLevel', 'ntoskrnl.exe!IoAllocateErrorLogEntry',
      'ntoskrnl.exe!IoWriteErrorLogEntry', 'ntoskrnl.exe!RtlIntegerToUnicodeString',
      'ntoskrnl.exe!MmMapLockedPagesSpecifyCache', 'ntoskrnl.exe!ProbeForWrite', 'ntoskrnl.exe!DbgPrintEx']) {
      assert.ok(b.functions.has(f), `DongLpt (${config}) does not import ${f}`);
    }
  }
  // KdPrintEx and the PAGED_CODE check exist only in the Debug build.
  const debugOnly = ['ntoskrnl.exe!DbgPrintEx', 'ntoskrnl.exe!DbgRaiseAssertionFailure', 'HAL.dll!KeGetCurrentIrql', 'ntoskrnl.exe!DbgPrint'];
  for (const f of debugOnly.slice(1)) {
    assert.ok(built.Debug!.functions.has(f), `Debug DongLpt should import ${f}`);
    assert.ok(!built.Release!.functions.has(f), `Release DongLpt should not import ${f}`);
  }
});

test('WDM and executive samples (cancel-safe queue, PnP, locks, lookaside, timers, C++) build in Debug and Release', async () => {
  const sources = ['CsqFilter.c', 'ExecutiveSample.c', 'CppDriver.cpp'].map((n) => path.join(here, n));
  const files = fileTree(sources);
  const expected: Record<string, string[]> = {
    'CsqFilter.c': ['ntoskrnl.exe!IoCsqInitialize', 'ntoskrnl.exe!IoCsqInsertIrp', 'ntoskrnl.exe!IoCsqRemoveNextIrp',
      'ntoskrnl.exe!IofCallDriver', 'ntoskrnl.exe!PoCallDriver', 'ntoskrnl.exe!PoStartNextPowerIrp',
      'ntoskrnl.exe!IoAttachDeviceToDeviceStack', 'ntoskrnl.exe!IoDetachDevice', 'ntoskrnl.exe!IoRegisterDeviceInterface',
      'ntoskrnl.exe!IoSetDeviceInterfaceState', 'ntoskrnl.exe!IoAcquireRemoveLockEx', 'ntoskrnl.exe!IoReleaseRemoveLockAndWaitEx',
      'ntoskrnl.exe!IoAcquireCancelSpinLock', 'ntoskrnl.exe!IoReleaseCancelSpinLock', 'ntoskrnl.exe!PsCreateSystemThread',
      'ntoskrnl.exe!PsTerminateSystemThread', 'ntoskrnl.exe!ObReferenceObjectByHandle', 'ntoskrnl.exe!ObfDereferenceObject',
      'ntoskrnl.exe!ZwClose', 'ntoskrnl.exe!KeWaitForMultipleObjects', 'ntoskrnl.exe!IoBuildDeviceIoControlRequest',
      'ntoskrnl.exe!IoAllocateIrp', 'ntoskrnl.exe!IoAllocateMdl', 'ntoskrnl.exe!MmBuildMdlForNonPagedPool',
      'ntoskrnl.exe!ExAllocatePool2', 'ntoskrnl.exe!IoGetDeviceProperty', 'ntoskrnl.exe!IoCreateDevice',
      'ntoskrnl.exe!IoRegisterPlugPlayNotification'],
    'ExecutiveSample.c': ['ntoskrnl.exe!ExpInterlockedPopEntrySList', 'ntoskrnl.exe!ExpInterlockedPushEntrySList',
      'ntoskrnl.exe!ExInitializeNPagedLookasideList', 'ntoskrnl.exe!ExInitializeLookasideListEx',
      'ntoskrnl.exe!ExAcquireResourceSharedLite', 'ntoskrnl.exe!ExAcquireResourceExclusiveLite',
      'ntoskrnl.exe!ExAcquireFastMutex', 'ntoskrnl.exe!KeAcquireGuardedMutex', 'ntoskrnl.exe!ExAcquireRundownProtection',
      'ntoskrnl.exe!ExWaitForRundownProtectionRelease', 'ntoskrnl.exe!IoAllocateWorkItem', 'ntoskrnl.exe!IoQueueWorkItem',
      'ntoskrnl.exe!ExAllocateTimer', 'ntoskrnl.exe!ExSetTimer', 'ntoskrnl.exe!ExDeleteTimer', 'ntoskrnl.exe!IoInitializeTimer',
      'ntoskrnl.exe!RtlFindClearBitsAndSet', 'ntoskrnl.exe!RtlRunOnceExecuteOnce', 'ntoskrnl.exe!RtlStringCbPrintfA',
      'ntoskrnl.exe!ZwCreateKey', 'ntoskrnl.exe!ZwQueryValueKey', 'ntoskrnl.exe!ZwSetValueKey', 'ntoskrnl.exe!ZwCreateFile',
      'ntoskrnl.exe!ZwWriteFile', 'ntoskrnl.exe!PsSetCreateProcessNotifyRoutineEx', 'ntoskrnl.exe!KeRegisterBugCheckCallback',
      'ntoskrnl.exe!MmGetSystemRoutineAddress', 'ntoskrnl.exe!ZwQuerySystemInformation', 'ntoskrnl.exe!KeSaveExtendedProcessorState',
      'ntoskrnl.exe!KeAcquireInStackQueuedSpinLock', 'ntoskrnl.exe!vDbgPrintExWithPrefix', 'HAL.dll!KfRaiseIrql',
      'HAL.dll!KfLowerIrql', 'HAL.dll!KeQueryPerformanceCounter', 'ntoskrnl.exe!KdRefreshDebuggerNotPresent',
      'ntoskrnl.exe!SeSinglePrivilegeCheck', 'ntoskrnl.exe!IoGetCurrentProcess'],
    'CppDriver.cpp': ['ntoskrnl.exe!ExAllocatePool2', 'ntoskrnl.exe!KeAcquireInStackQueuedSpinLock',
      'ntoskrnl.exe!KeReleaseInStackQueuedSpinLock', 'ntoskrnl.exe!RtlStringCchPrintfW', 'ntoskrnl.exe!ExFreePoolWithTag'],
  };
  const dataImports: Record<string, string[]> = { 'CsqFilter.c': ['PsThreadType'], 'ExecutiveSample.c': ['KdDebuggerEnabled'] };
  for (const source of sources) {
    const name = path.basename(source);
    for (const config of CONFIGS) {
      const b = await build(source, config, files);
      assert.ok(b.exports.has('DriverEntry'), `${name} (${config}) exports no DriverEntry`);
      assertKernelImports(b, `${name} (${config})`);
      assertNoInlineImports(b, INLINES, `${name} (${config})`);
      for (const f of expected[name]) assert.ok(b.functions.has(f), `${name} (${config}) does not import ${f}`);
      // Kernel data (object types, debugger flags) reaches the image as GOT.mem globals the loader fills in.
      for (const d of dataImports[name] ?? []) assert.ok(b.globals.has(`GOT.mem!${d}`), `${name} (${config}) does not import data ${d}`);
      // wdmsec.lib's strings and IoCreateDeviceSecure are linked in, not imported.
      for (const g of b.globals) assert.ok(!g.includes('SDDL_DEVOBJ'), `${name} (${config}) imports ${g} instead of linking wdmsec`);
      for (const f of b.functions) assert.ok(!/Wdmlib|DeviceSecure/.test(f), `${name} (${config}) imports ${f} instead of linking wdmsec`);
    }
  }
});

test('DEFINE_GUID allocates the GUID only where initguid.h came first', async () => {
  const unit = '/s/UsesGuid.c';
  const body = '#include <ntddk.h>\n' +
    'DEFINE_GUID(GUID_DEVINTERFACE_LAB, 0x6c8a4d21, 0x7e0b, 0x4f8a, 0x9d, 0x0e, 0x2b, 0x51, 0xc8, 0xf1, 0xa3, 0x77);\n' +
    'DRIVER_INITIALIZE DriverEntry;\n' +
    'NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {\n' +
    '  UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(r);\n' +
    '  return GUID_DEVINTERFACE_LAB.Data1 == 0x6c8a4d21 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n';
  const opts = { exports: ['GUID_DEVINTERFACE_LAB'] };
  const defining = await build(unit, 'Debug', fileTree([], { [unit]: '#include <initguid.h>\n' + body }), opts);
  assert.ok(defining.exports.has('GUID_DEVINTERFACE_LAB'), 'with initguid.h first the unit should define the GUID');
  assert.ok(![...defining.globals].some((g) => g.endsWith('GUID_DEVINTERFACE_LAB')), 'a defined GUID is not imported');
  const declaring = await build(unit, 'Debug', fileTree([], { [unit]: body }), opts);
  assert.ok(!declaring.exports.has('GUID_DEVINTERFACE_LAB'), 'without initguid.h the GUID must not be defined');
  assert.ok([...declaring.globals].some((g) => g.endsWith('GUID_DEVINTERFACE_LAB')),
    `without initguid.h the GUID should be an import, got ${[...declaring.globals].join(', ')}`);
});

test('a wrong fact fails the build: C_ASSERT over header values is checked by the compiler', async () => {
  const probe = '/s/WrongFact.c';
  const good = '#include <ntddk.h>\nC_ASSERT(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS) == 0x222000);\n' +
    'C_ASSERT(STATUS_ACCESS_VIOLATION == (NTSTATUS)0xC0000005L && IRP_MJ_PNP == 0x1b);\n';
  const bad = good + 'C_ASSERT(STATUS_TIMEOUT == STATUS_PENDING);\n';
  for (const [text, ok] of [[good, true], [bad, false]] as const) {
    const files = fileTree([], { [probe]: text });
    const c = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: probe, object: '/s/WrongFact.o', files });
    assert.equal(c.ok, ok, c.stderr);
    if (!ok) assert.match(c.stderr, /static assert/i);
  }
});

test('each public header compiles on its own, and the samples are clean under -Wall -Wextra', async () => {
  const headers = ['sal.h', 'specstrings.h', 'driverspecs.h', 'kernelspecs.h', 'sdkddkver.h', 'basetsd.h', 'guiddef.h',
    'initguid.h', 'ntdef.h', 'ntstatus.h', 'devioctl.h', 'bugcodes.h', 'dpfilter.h', 'ntiologc.h',
    'wdmguid.h', 'wdm.h', 'ntddk.h', 'ntifs.h', 'ntstrsafe.h', 'ntintsafe.h', 'wdmsec.h',
    'stddef.h', 'stdarg.h', 'stdint.h', 'stdbool.h', 'limits.h', 'string.h', 'wchar.h', 'corecrt.h'];
  const unit = '/s/one.c';
  for (const h of headers) {
    const files = fileTree([], { [unit]: `#include <${h}>\n#include <${h}>\nint lab_unit_is_not_empty;\n` });
    const c = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: unit, object: '/s/one.o', files });
    assert.ok(c.ok, `<${h}> alone (and twice) does not compile:\n${c.stderr}`);
    assert.equal(c.stderr.trim(), '', `<${h}> alone gives diagnostics:\n${c.stderr}`);
  }
  // Stricter warnings over the driver sources (clang's driver, so extra flags apply).
  const sources = [dongLpt, ...['CsqFilter.c', 'ExecutiveSample.c', 'CppDriver.cpp'].map((n) => path.join(here, n))];
  const files = fileTree([...sources, dongIoctl]);
  for (const source of sources) {
    const cxx = source.endsWith('.cpp');
    const r = await clang([...compileFlags('wdm', 'Release', cxx), '-Wall', '-Wextra', `-I${path.dirname(dongIoctl)}`,
      '-c', source, '-o', '/s/strict.o'], files, cxx);
    assert.ok(r.ok, r.stderr);
    assert.equal(r.stderr.trim(), '', `${path.basename(source)} warns under -Wall -Wextra:\n${r.stderr}`);
  }
});
