// The system loader on real clang-built images: mapping, relocation, import resolution (kernel exports and export
// drivers, GOT entries), the Windows statuses for bad images and missing imports, unload, the module list.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine, type Machine } from '../../../../../main/machine/cpu/test/util.ts';
import { Status } from '../../../../../main/machine/cpu/status.ts';
import { formatVA, PAGE_SIZE } from '../../../../../main/machine/memory.ts';
import { imageTimestamp } from '../timestamp.ts';
import type { ResolveImport } from '../loader.ts';

const LIB = `
int LibValue = 40;
int LibAdd(int a, int b) { return a + b + LibValue; }
int LibTwice(int (*f)(int), int x) { return f(f(x)); }
`;
const DRV = `
KIMPORT("ntoskrnl.exe") ULONG DbgPrint(const char *Format, ...);
KIMPORT("lib.sys") int LibAdd(int a, int b);
KIMPORT("lib.sys") int LibTwice(int (*f)(int), int x);
extern int LibValue;
static const char Message[] = "loaded";
const char *MessagePtr = Message;
static int Inc(int x) { return x + 1; }
int (*IncPtr)(int) = Inc;
int DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    DbgPrint("%s", MessagePtr);
    return LibAdd(1, 2) + LibTwice(IncPtr, 10) + LibValue;
}
int AddressOfLibAdd(void) { return (int)(long)&LibAdd; }
`;
const MISSING = `
KIMPORT("ntoskrnl.exe") void IoDoesNotExist(int);
int DriverEntry(PVOID d, PVOID r) { IoDoesNotExist(1); return 0; }
`;

let lib: Uint8Array, drv: Uint8Array, missing: Uint8Array;
before(async () => {
  lib = await build(LIB, 'Debug', ['LibAdd', 'LibTwice', 'LibValue']);
  drv = await build(DRV, 'Debug', ['DriverEntry', 'AddressOfLibAdd']);
  missing = await build(MISSING, 'Release', ['DriverEntry']);
});

const printed: string[] = [];
/** The kernel's side: DbgPrint(format, args) with one string argument. */
function kernel(m: Machine): ResolveImport {
  return (module, name) => module === 'ntoskrnl.exe' && name === 'DbgPrint'
    ? { kind: 'host', routine: (_c, fmt: number, args: number) => { printed.push(`${m.memory.readCString(fmt)}|${m.memory.readCString(m.memory.readU32(args))}`); return 0; } }
    : undefined;
}

test('an image is mapped page-aligned in system space, relocated, linked to kernel and export-driver routines', () => {
  const m = makeMachine();
  const resolve = kernel(m);
  const rl = m.loader.loadImage(lib, 'lib.sys', resolve);
  assert.ok(rl.ok);
  const rd = m.loader.loadImage(drv, 'mydrv.sys', resolve);
  assert.ok(rd.ok, rd.ok ? '' : rd.message);
  const im = rd.image;
  assert.equal(im.base % PAGE_SIZE, 0);
  assert.ok(im.base >= 0x10000);
  assert.ok(im.size >= im.module.code.length && im.size % PAGE_SIZE === 0);
  assert.match(formatVA(im.baseVA), /^fffff801`[0-9a-f]{8}$/);
  assert.deepEqual(m.memory.u8.subarray(im.base, im.base + im.module.code.length), im.module.code, 'code bytes are in system space');
  assert.equal(im.timestamp, imageTimestamp(drv));
  assert.equal(im.entry?.name, 'DriverEntry');
  assert.equal(im.moduleName, 'mydrv');
  assert.ok(im.hasDebugInfo);
  const fnEntry = im.functions.find((f) => f.name === 'DriverEntry')!;
  assert.equal(fnEntry.codeOffset, m.processor.codeOffset(fnEntry.func.id, 0));
  assert.ok(fnEntry.codeOffset >= im.base && fnEntry.codeOffset < im.base + im.size);

  printed.length = 0;
  const r = m.call(im, 'DriverEntry', [0, 0]);
  assert.equal(r.stops.at(-1)!.reason, 'exited');
  assert.equal(r.result, (1 + 2 + 40) + 12 + 40);
  assert.deepEqual(printed, ['%s|loaded']);
  // A function pointer to an export of another image (GOT.func) is a table slot holding that function.
  const slot = m.call(im, 'AddressOfLibAdd').result as number;
  const libAdd = rl.ok ? rl.image.exports.get('LibAdd') : undefined;
  assert.equal(libAdd?.kind, 'func');
  assert.equal(m.processor.table[slot], (libAdd as { func: unknown }).func);

  const rows = m.loader.modules();
  assert.deepEqual(rows.map((x) => x.moduleName), ['lib', 'mydrv']);
  assert.ok(rows[0]!.base < rows[1]!.base);
});

test('a bad image is refused with STATUS_INVALID_IMAGE_FORMAT, never an exception', () => {
  const m = makeMachine();
  const before = m.pages.allocations().length;
  const cases: [string, Uint8Array][] = [
    ['garbage', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])],
    ['truncated', drv.slice(0, drv.length >> 1)],
    ['wrong version', Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])],
    ['not relocatable', Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])],
    ['empty', new Uint8Array(0)],
  ];
  // Corrupt the first instruction of the last function body: an opcode the processor does not know.
  const bad = drv.slice();
  const codeAt = findCodeSection(bad);
  bad[codeAt.lastBodyFirstInstr] = 0xff;
  cases.push(['invalid code', bad]);
  for (const [what, bytes] of cases) {
    const r = m.loader.loadImage(bytes, 'bad.sys', () => undefined);
    assert.equal(r.ok, false, what);
    if (!r.ok) {
      assert.equal(r.status, Status.INVALID_IMAGE_FORMAT, what);
      assert.match(r.message, /bad\.sys is not a valid kernel image/);
    }
  }
  assert.equal(m.pages.allocations().length, before, 'nothing stays mapped');
});

test('a missing import gives STATUS_PROCEDURE_NOT_FOUND naming the routine and the module', () => {
  const m = makeMachine();
  const before = m.pages.allocations().length;
  const r = m.loader.loadImage(missing, 'missing.sys', () => undefined);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.status, Status.PROCEDURE_NOT_FOUND);
    assert.equal(r.message, 'The procedure entry point IoDoesNotExist could not be located in the dynamic link library ntoskrnl.exe.');
  }
  // An export driver that is not loaded: the importing driver fails the same way.
  const r2 = m.loader.loadImage(drv, 'mydrv.sys', kernel(m));
  assert.equal(r2.ok, false);
  if (!r2.ok) assert.match(r2.message, /LibAdd could not be located in the dynamic link library lib\.sys/);
  assert.equal(m.pages.allocations().length, before);
  assert.equal(m.loader.modules().length, 0);
});

test('unload frees the image: system space and table slots are reused', () => {
  const m = makeMachine();
  const first = m.loader.loadImage(lib, 'lib.sys', () => undefined);
  assert.ok(first.ok);
  const { base, tableBase, size } = first.image;
  const used = m.pages.allocations().length;
  assert.equal(m.call(first.image, 'LibAdd', [1, 1]).result, 42);
  assert.ok(m.loader.unloadImage(first.image));
  assert.equal(m.pages.allocations().length, used - 1);
  assert.equal(m.loader.modules().length, 0);
  assert.ok(m.memory.u8.subarray(base, base + size).every((b) => b === 0), 'the mapping is wiped');
  assert.ok(m.processor.table.slice(tableBase).every((f) => f === null));
  assert.equal(m.loader.unloadImage(first.image), false);
  const again = m.loader.loadImage(lib, 'lib.sys', () => undefined);
  assert.ok(again.ok);
  assert.equal(again.image.base, base);
  assert.equal(again.image.timestamp, first.image.timestamp, 'the same bytes give the same timestamp');
  assert.equal(m.call(again.image, 'LibAdd', [2, 3]).result, 45);
  const dup = m.loader.loadImage(lib, 'lib.sys', () => undefined);
  assert.equal(dup.ok, false);
  if (!dup.ok) assert.equal(dup.status, Status.IMAGE_ALREADY_LOADED);
});

/** Where the first instruction of the last function body is, by walking the sections (test-side, independent of the decoder). */
function findCodeSection(b: Uint8Array): { lastBodyFirstInstr: number } {
  let p = 8;
  const leb = () => { let r = 0, s = 0, x: number; do { x = b[p++]!; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  for (;;) {
    const id = b[p++]!, size = leb(), end = p + size;
    if (id !== 10) { p = end; continue; }
    const n = leb();
    let bodyStart = 0;
    for (let i = 0; i < n; i++) { const sz = leb(); bodyStart = p; p += sz; }
    p = bodyStart;
    const groups = leb();
    for (let g = 0; g < groups; g++) { leb(); p++; }
    return { lastBodyFirstInstr: p };
  }
}
