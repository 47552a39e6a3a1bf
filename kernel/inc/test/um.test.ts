// The user-mode SDK and CRT headers, end to end: every test program compiles warning-free with the project's
// exe flags (Debug and Release, C and C++), links, and imports each API from the DLL that exports it on Windows;
// a probe checks layouts and constant values at compile time (_Static_assert), in Unicode and narrow builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import {
  clang, compileFlags, compileUnit, includeTree, linkImage, put, repoRoot,
  type Configuration, type ImageKind, type Tree,
} from '../../../main/toolchain/clang.ts';

const CONFIGS: Configuration[] = ['Debug', 'Release'];
const testRoot = path.join(repoRoot, 'kernel', 'test');
const programsRoot = path.join(testRoot, 'programs');
const echoPublic = path.join(testRoot, 'drivers', 'Echo', 'public.h');

/** Our include tree at /inc and every source under kernel/test at its real path (relative includes resolve). */
function fileTree(extra: Record<string, string> = {}): Tree {
  const files: Tree = {};
  const texts = new Map<string, string>();
  put(files, '/inc', includeTree());
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(c|cpp|h)$/i.test(n)) { const t = readFileSync(p, 'utf8'); put(files, p, t); texts.set(p, t); }
    }
  };
  walk(testRoot);
  for (const [p, text] of Object.entries(extra)) { put(files, p, text); texts.set(p, text); }
  aliasParentIncludes(files, texts);
  return files;
}

/* The in-memory file system clang runs on skips ".." path segments, so `#include "../../x.h"` from dir/ looks
   for dir/x.h. Until the toolchain resolves such includes itself, put each one where that lookup lands. */
function aliasParentIncludes(files: Tree, texts: Map<string, string>): void {
  for (const [file, text] of texts) {
    for (const m of text.matchAll(/^\s*#\s*include\s*"([^"]*\.\.[^"]*)"/gm)) {
      const dir = path.posix.dirname(file);
      const real = path.posix.join(dir, m[1]);
      const body = texts.get(real) ?? (existsSync(real) ? readFileSync(real, 'utf8') : undefined);
      if (body === undefined) continue;
      put(files, path.posix.join(dir, m[1].split('/').filter((s) => s !== '..' && s !== '.').join('/')), body);
    }
  }
}

/** Compile one source, check clang said nothing, link it, and return its imports as "module!name". */
async function build(source: string, config: Configuration, files: Tree, kind: ImageKind = 'exe', includeDirs: string[] = []) {
  const cxx = source.endsWith('.cpp');
  const object = source.replace(/\.(c|cpp)$/, `.${config}.o`);
  const c = await compileUnit({ kind, config, cxx, source, object, files, includeDirs });
  assert.ok(c.ok && c.object, `${path.basename(source)} (${config}) did not compile:\n${c.stderr}`);
  assert.equal(ownDiagnostics(c.stderr), '', `${path.basename(source)} (${config}) compiled with diagnostics:\n${c.stderr}`);
  const image = object.replace(/\.o$/, '.wasm');
  const l = await linkImage({ objects: { [object]: c.object }, output: image, exports: ['main', 'wmain', '__main_argc_argv'] });
  assert.ok(l.ok && l.image, `${path.basename(source)} (${config}) did not link:\n${l.stderr}`);
  const mod = new WebAssembly.Module(l.image as Uint8Array<ArrayBuffer>);
  const imports = WebAssembly.Module.imports(mod);
  return {
    functions: new Set(imports.filter((i) => i.kind === 'function').map((i) => `${i.module}!${i.name}`)),
    modules: new Set(imports.filter((i) => i.kind === 'function').map((i) => i.module)),
    exports: new Set(WebAssembly.Module.exports(mod).map((e) => e.name)),
  };
}

/* Diagnostics in the files this suite owns (programs, um/ and the user-mode CRT headers); other folders' headers
   are checked by their own tests. Paths are normalized because the compiler reports "dir/../x.h" as written. */
const OWN_CRT = ['stdio.h', 'stdlib.h', 'ctype.h', 'malloc.h', 'tchar.h', 'errno.h', 'assert.h', 'time.h', 'conio.h'];
function ownDiagnostics(stderr: string): string {
  return stderr.split('\n').filter((line) => {
    const m = /^(\/[^:]+):\d+:\d+: /.exec(line);
    if (!m) return false;
    const file = path.posix.normalize(m[1]);
    return file.startsWith(programsRoot) || file.startsWith(path.join(testRoot, 'probe')) || file.startsWith('/s/') ||
      file.startsWith('/inc/um/') || OWN_CRT.some((h) => file === `/inc/crt/${h}`);
  }).join('\n');
}

const USER_DLLS = new Set(['kernel32.dll', 'advapi32.dll', 'cfgmgr32.dll', 'setupapi.dll', 'ucrtbase.dll']);

/** `includeDirs`: the project's AdditionalIncludeDirectories (echoapp reaches the driver's public.h, as its .vcxproj does). */
interface Program { source: string; entry: string; imports: string[]; requires?: string; includeDirs?: string[] }
const PROGRAMS: Program[] = [
  {
    source: 'hello/hello.c', entry: '__main_argc_argv',
    imports: ['ucrtbase.dll!printf', 'ucrtbase.dll!fprintf', 'ucrtbase.dll!__acrt_iob_func', 'ucrtbase.dll!malloc',
      'ucrtbase.dll!free', 'ucrtbase.dll!strtol', 'ucrtbase.dll!qsort'],
  },
  {
    source: 'echoapp/echoapp.c', entry: '__main_argc_argv', requires: echoPublic, includeDirs: [path.dirname(echoPublic)],
    imports: ['cfgmgr32.dll!CM_Get_Device_Interface_List_SizeW', 'cfgmgr32.dll!CM_Get_Device_Interface_ListW',
      'kernel32.dll!CreateFileW', 'kernel32.dll!WriteFile', 'kernel32.dll!ReadFile', 'kernel32.dll!CloseHandle',
      'kernel32.dll!GetLastError', 'kernel32.dll!CreateEventW', 'kernel32.dll!ResetEvent',
      'kernel32.dll!WaitForMultipleObjects', 'kernel32.dll!GetOverlappedResult', 'kernel32.dll!CancelIoEx',
      'kernel32.dll!CreateIoCompletionPort', 'kernel32.dll!GetQueuedCompletionStatus', 'kernel32.dll!CreateThread',
      'kernel32.dll!GetExitCodeThread', 'ucrtbase.dll!printf', 'ucrtbase.dll!_stricmp', 'ucrtbase.dll!wcscpy'],
  },
  {
    source: 'dongtest/dongtest.c', entry: '__main_argc_argv',
    imports: ['kernel32.dll!CreateFileW', 'kernel32.dll!DeviceIoControl', 'kernel32.dll!WriteFile',
      'kernel32.dll!ReadFile', 'kernel32.dll!GetLastError', 'kernel32.dll!GetTickCount', 'kernel32.dll!CloseHandle',
      'ucrtbase.dll!swprintf', 'ucrtbase.dll!atoi', 'ucrtbase.dll!printf'],
  },
  {
    source: 'installer/installer.c', entry: 'wmain',
    imports: ['advapi32.dll!OpenSCManagerW', 'advapi32.dll!CreateServiceW', 'advapi32.dll!OpenServiceW',
      'advapi32.dll!StartServiceW', 'advapi32.dll!ControlService', 'advapi32.dll!DeleteService',
      'advapi32.dll!QueryServiceStatus', 'advapi32.dll!QueryServiceStatusEx', 'advapi32.dll!CloseServiceHandle',
      'kernel32.dll!GetLastError', 'ucrtbase.dll!wprintf', 'ucrtbase.dll!wcscmp'],
  },
  {
    source: 'devlist/devlist.cpp', entry: 'main',
    imports: ['setupapi.dll!SetupDiGetClassDevsW', 'setupapi.dll!SetupDiEnumDeviceInfo',
      'setupapi.dll!SetupDiGetDeviceRegistryPropertyW', 'setupapi.dll!SetupDiDestroyDeviceInfoList',
      'setupapi.dll!SetupDiEnumDeviceInterfaces', 'setupapi.dll!SetupDiGetDeviceInterfaceDetailW',
      'cfgmgr32.dll!CM_Get_Device_IDW', 'cfgmgr32.dll!CM_Get_DevNode_Status', 'ucrtbase.dll!wprintf',
      'ucrtbase.dll!realloc'],
  },
];

for (const p of PROGRAMS) {
  for (const config of CONFIGS) {
    test(`${p.source} compiles (${config}) and imports each API from its DLL`, { skip: p.requires && !existsSync(p.requires) ? `${p.requires} is not there yet` : false }, async () => {
      const b = await build(path.join(programsRoot, p.source), config, fileTree(), 'exe', p.includeDirs);
      for (const want of p.imports) assert.ok(b.functions.has(want), `missing import ${want}; got ${[...b.functions].join(', ')}`);
      for (const m of b.modules) assert.ok(USER_DLLS.has(m), `import from unexpected module ${m}: ${[...b.functions].filter((f) => f.startsWith(m + '!')).join(', ')}`);
      assert.ok(b.exports.has(p.entry), `entry ${p.entry} not exported; exports: ${[...b.exports].join(', ')}`);
    });
  }
}

// Facts the headers must get right, checked by the compiler itself. Values are the real SDK's.
const PROBE = String.raw`
#include <windows.h>
#include <winioctl.h>
#include <cfgmgr32.h>
#include <setupapi.h>
#include <strsafe.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <malloc.h>
#include <tchar.h>
#include <errno.h>
#include <assert.h>
#include <time.h>
#include <conio.h>
#include <stddef.h>
#include "../programs/dongtest/dongioctl.h"
#define STR_(x) #x
#define STR(x) STR_(x)
#define SAME_NAME(macro, name) C_ASSERT(sizeof(STR(macro)) == sizeof(name) && STR(macro)[sizeof(name) - 2] == name[sizeof(name) - 2])

C_ASSERT(sizeof(WCHAR) == 2);
C_ASSERT(sizeof(wchar_t) == 2);
C_ASSERT(sizeof(TCHAR) == 2);
C_ASSERT(sizeof(TEXT("x")[0]) == 2 && sizeof(TEXT("ab")) == 6);
C_ASSERT(sizeof(_T("x")[0]) == 2);
C_ASSERT(sizeof(DWORD) == 4 && sizeof(LONG) == 4 && sizeof(ULONGLONG) == 8 && sizeof(BOOL) == 4);
C_ASSERT(sizeof(HANDLE) == sizeof(void *) && sizeof(ULONG_PTR) == sizeof(void *));
/* OVERLAPPED: two ULONG_PTRs, the 64-bit offset (or a pointer) and the event. */
C_ASSERT(offsetof(OVERLAPPED, Offset) == 2 * sizeof(ULONG_PTR));
C_ASSERT(offsetof(OVERLAPPED, OffsetHigh) == offsetof(OVERLAPPED, Offset) + 4);
C_ASSERT(offsetof(OVERLAPPED, Pointer) == offsetof(OVERLAPPED, Offset));
C_ASSERT(offsetof(OVERLAPPED, hEvent) == offsetof(OVERLAPPED, Offset) + 8);
C_ASSERT(sizeof(OVERLAPPED) == 2 * sizeof(ULONG_PTR) + 8 + sizeof(HANDLE));
C_ASSERT(sizeof(LARGE_INTEGER) == 8 && sizeof(SYSTEMTIME) == 16 && sizeof(SERVICE_STATUS) == 28);
C_ASSERT(sizeof(GUID) == 16);
/* The x64 cbSize conventions of SetupAPI. */
C_ASSERT(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W) == 8);
C_ASSERT(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A) == 8);
C_ASSERT(offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) == 4);
C_ASSERT(offsetof(SP_DEVINFO_DATA, DevInst) == 20);

C_ASSERT(ERROR_SUCCESS == 0 && ERROR_FILE_NOT_FOUND == 2 && ERROR_ACCESS_DENIED == 5 && ERROR_INVALID_HANDLE == 6);
C_ASSERT(ERROR_INVALID_FUNCTION == 1 && ERROR_INVALID_PARAMETER == 87 && ERROR_INSUFFICIENT_BUFFER == 122);
C_ASSERT(ERROR_IO_PENDING == 997 && ERROR_OPERATION_ABORTED == 995 && ERROR_NO_MORE_ITEMS == 259);
C_ASSERT(ERROR_SERVICE_ALREADY_RUNNING == 1056 && ERROR_SERVICE_DOES_NOT_EXIST == 1060 && ERROR_SERVICE_EXISTS == 1073);
C_ASSERT(ERROR_INVALID_IMAGE_HASH == 577 && ERROR_DRIVER_BLOCKED == 1275 && WAIT_TIMEOUT == 258);
C_ASSERT(ERROR_NO_SUCH_DEVINST == 0xE000020B && ERROR_NO_SUCH_DEVICE_INTERFACE == 0xE0000225);
C_ASSERT(E_ACCESSDENIED == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) && (unsigned long)E_FAIL == 0x80004005UL);
C_ASSERT(STRSAFE_E_INSUFFICIENT_BUFFER == HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));

C_ASSERT(CTL_CODE(FILE_DEVICE_DISK, 0, METHOD_BUFFERED, FILE_ANY_ACCESS) == 0x00070000);           /* IOCTL_DISK_GET_DRIVE_GEOMETRY */
C_ASSERT(CTL_CODE(FILE_DEVICE_SERIAL_PORT, 1, METHOD_BUFFERED, FILE_ANY_ACCESS) == 0x001B0004);    /* IOCTL_SERIAL_SET_BAUD_RATE */
C_ASSERT(CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 6, METHOD_BUFFERED, FILE_ANY_ACCESS) == 0x00090018);    /* FSCTL_LOCK_VOLUME */
C_ASSERT(IOCTL_DONG_GET_VERSION == 0x80002000 && METHOD_FROM_CTL_CODE(IOCTL_DONG_READ_DATA) == METHOD_OUT_DIRECT);
C_ASSERT(DEVICE_TYPE_FROM_CTL_CODE(IOCTL_DONG_CHALLENGE) == FILE_DEVICE_DONGLPT && IOCTL_DONG_CHALLENGE == 0x8000E010);

C_ASSERT(GENERIC_READ == 0x80000000 && GENERIC_WRITE == 0x40000000 && FILE_SHARE_READ == 1 && FILE_SHARE_WRITE == 2);
C_ASSERT(OPEN_EXISTING == 3 && FILE_FLAG_OVERLAPPED == 0x40000000 && INFINITE == 0xFFFFFFFF && WAIT_OBJECT_0 == 0);
C_ASSERT(FILE_ALL_ACCESS == 0x1F01FF && FILE_GENERIC_READ == 0x120089 && FILE_GENERIC_WRITE == 0x120116);
C_ASSERT(KEY_READ == 0x20019 && KEY_WRITE == 0x20006 && KEY_ALL_ACCESS == 0xF003F);
C_ASSERT(SC_MANAGER_ALL_ACCESS == 0xF003F && SERVICE_ALL_ACCESS == 0xF01FF);
C_ASSERT(SERVICE_KERNEL_DRIVER == 1 && SERVICE_DEMAND_START == 3 && SERVICE_ERROR_NORMAL == 1 && SERVICE_RUNNING == 4);
#ifndef __cplusplus /* a handle constant is a cast, not a C++ constant expression */
C_ASSERT((ULONG_PTR)HKEY_LOCAL_MACHINE == (ULONG_PTR)(LONG)0x80000002);
#endif
C_ASSERT(REG_DWORD == 4 && REG_MULTI_SZ == 7);
C_ASSERT(CR_SUCCESS == 0 && CR_BUFFER_SMALL == 0x1A && CR_NO_SUCH_DEVNODE == 0x0D && NUM_CR_RESULTS == 0x3C);
C_ASSERT(DN_STARTED == 0x8 && DN_HAS_PROBLEM == 0x400 && CM_PROB_FAILED_START == 10 && CM_PROB_DISABLED == 22);
C_ASSERT(DIGCF_PRESENT == 2 && DIGCF_DEVICEINTERFACE == 0x10 && SPDRP_HARDWAREID == 1);
C_ASSERT(EXIT_FAILURE == 1 && RAND_MAX == 0x7fff && EOF == -1 && ENOENT == 2 && EINVAL == 22 && ERANGE == 34);
C_ASSERT(sizeof(time_t) == 8 && CLOCKS_PER_SEC == 1000);

/* UNICODE picks the W functions. */
SAME_NAME(CreateFile, "CreateFileW");
SAME_NAME(OpenSCManager, "OpenSCManagerW");
SAME_NAME(CM_Get_Device_Interface_List, "CM_Get_Device_Interface_ListW");
SAME_NAME(SetupDiGetClassDevs, "SetupDiGetClassDevsW");
SAME_NAME(_tprintf, "wprintf");
SAME_NAME(_tmain, "wmain");

int probe(void) { return (int)sizeof(STARTUPINFO) + (int)sizeof(PROCESS_INFORMATION); }
`;

test('probe: layouts and values hold in C and C++, Debug and Release', async () => {
  const dir = path.join(testRoot, 'probe');
  const files = fileTree({ [path.join(dir, 'um_probe.c')]: PROBE, [path.join(dir, 'um_probe.cpp')]: PROBE });
  for (const config of CONFIGS) {
    for (const src of ['um_probe.c', 'um_probe.cpp']) {
      const source = path.join(dir, src);
      const r = await compileUnit({ kind: 'exe', config, cxx: src.endsWith('.cpp'), source, object: source + '.o', files });
      assert.ok(r.ok, `${src} (${config}):\n${r.stderr}`);
      assert.equal(ownDiagnostics(r.stderr), '', `${src} (${config}):\n${r.stderr}`);
    }
  }
});

test('probe: a false fact fails the compile (the probe can fail)', async () => {
  const dir = path.join(testRoot, 'probe');
  const source = path.join(dir, 'um_wrong.c');
  const files = fileTree({ [source]: '#include <windows.h>\nC_ASSERT(ERROR_IO_PENDING == 996);\n' });
  const r = await compileUnit({ kind: 'exe', config: 'Debug', cxx: false, source, object: source + '.o', files });
  assert.equal(r.ok, false);
  assert.match(r.stderr, /static assertion failed|static_assert/);
});

test('narrow build (no UNICODE): the A functions, narrow TEXT() and main', async () => {
  const source = '/s/narrow.c';
  const text = `#include <windows.h>
#include <setupapi.h>
#include <tchar.h>
#define STR_(x) #x
#define STR(x) STR_(x)
C_ASSERT(sizeof(TCHAR) == 1 && sizeof(TEXT("x")[0]) == 1 && sizeof(_T("ab")) == 3);
C_ASSERT(sizeof(STR(CreateFile)) == sizeof("CreateFileA") && STR(CreateFile)[10] == 'A');
C_ASSERT(sizeof(STR(_tmain)) == sizeof("main"));
C_ASSERT(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA) == sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A));
int probe(void) { return 0; }
`;
  const files = fileTree({ [source]: text });
  const installer = path.join(programsRoot, 'installer', 'installer.c');
  for (const src of [source, installer]) {
    const r = await clang([...compileFlags('exe', 'Release', false), '-UUNICODE', '-U_UNICODE', '-c', src, '-o', '/s/narrow.o'], files);
    assert.ok(r.ok, `${path.basename(src)}:\n${r.stderr}`);
    assert.equal(ownDiagnostics(r.stderr), '', `${path.basename(src)}:\n${r.stderr}`);
  }
});

test('assert() reports through ucrtbase _wassert in Debug and vanishes in Release (NDEBUG)', async () => {
  const source = path.join(testRoot, 'probe', 'um_assert.c');
  const files = fileTree({ [source]: '#include <assert.h>\nint main(int argc, char **argv) { assert(argc > 0 && argv); return 0; }\n' });
  const debug = await build(source, 'Debug', files);
  const release = await build(source, 'Release', files);
  assert.ok(debug.functions.has('ucrtbase.dll!_wassert'), [...debug.functions].join(', '));
  assert.equal(release.functions.has('ucrtbase.dll!_wassert'), false);
});

test('the CRT headers in kernel mode declare only what ntoskrnl.exe exports, imported from it', async () => {
  const source = path.join(testRoot, 'probe', 'km_crt.c');
  const text = `#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
int probe(char *b, unsigned short *w) { _snprintf(b, 8, "%d", 7); swprintf(w, L"%d", 7); return atoi(b) + isdigit(b[0]); }
`;
  const files = fileTree({ [source]: text });
  const c = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source, object: source + '.o', files });
  assert.ok(c.ok && c.object, c.stderr);
  assert.equal(ownDiagnostics(c.stderr), '', c.stderr);
  const l = await linkImage({ objects: { [source + '.o']: c.object }, output: source + '.wasm', exports: ['probe'] });
  assert.ok(l.ok && l.image, l.stderr);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(l.image as Uint8Array<ArrayBuffer>)).filter((i) => i.kind === 'function');
  assert.deepEqual(new Set(imports.map((i) => i.module)), new Set(['ntoskrnl.exe']));
  assert.deepEqual(new Set(imports.map((i) => i.name)), new Set(['_snprintf', 'swprintf', 'atoi', 'isdigit']));
  // printf is user-mode only: a driver calling it gets the implicit-declaration warning (then LNK2019 at link).
  const bad = path.join(testRoot, 'probe', 'km_printf.c');
  const r = await compileUnit({ kind: 'wdm', config: 'Debug', cxx: false, source: bad, object: bad + '.o', files: fileTree({ [bad]: '#include <stdio.h>\nvoid f(void) { printf("x"); }\n' }) });
  assert.match(r.stderr, /implicit declaration of function 'printf'|call to undeclared (library )?function 'printf'/);
});
