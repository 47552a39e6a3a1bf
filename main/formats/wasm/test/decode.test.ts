// The wasm decoder: LEB128 edge cases, a real clang image (sections, dylink.0, names, instruction offsets that are
// code-section-payload relative as DWARF uses them), and malformed input reported as WasmFormatError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader, decodeModule, opName, WasmFormatError } from '../index.ts';
import { build } from '../../../machine/cpu/test/util.ts';

test('LEB128 reads', () => {
  const r = (b: number[]) => new ByteReader(Uint8Array.from(b));
  assert.equal(r([0xe5, 0x8e, 0x26]).u32(), 624485);
  assert.equal(r([0xff, 0xff, 0xff, 0xff, 0x0f]).u32(), 0xffffffff);
  assert.throws(() => r([0xff, 0xff, 0xff, 0xff, 0x1f]).u32(), WasmFormatError);
  assert.equal(r([0x7f]).s32(), -1);
  assert.equal(r([0x80, 0x80, 0x80, 0x80, 0x78]).s32(), -2147483648);
  assert.equal(r([0xc0, 0xbb, 0x78]).s32(), -123456);
  assert.equal(r([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]).s64(), -9223372036854775808n);
  assert.equal(r([0x40]).s33(), -64);
  assert.throws(() => r([0x80]).u32(), /unexpected end/);
});

test('a clang image decodes: imports, exports, dylink.0, names, instruction offsets', async () => {
  const bytes = await build(`
    KIMPORT("ntoskrnl.exe") ULONG DbgPrint(const char *, ...);
    int Global = 7; int *Ptr = &Global;
    static int Twice(int x) { return 2 * x; }
    int DriverEntry(PVOID d, PVOID r) { DbgPrint("x"); return Twice(*Ptr); }
  `, 'Debug', ['DriverEntry']);
  assert.ok(WebAssembly.validate(bytes as BufferSource));
  const m = decodeModule(bytes);
  const imp = m.imports.map((i) => `${i.module}.${i.name}:${i.kind}`);
  assert.ok(imp.includes('env.memory:memory'));
  assert.ok(imp.includes('env.__stack_pointer:global'));
  assert.ok(imp.includes('ntoskrnl.exe.DbgPrint:func'));
  assert.ok(m.exports.some((e) => e.name === 'DriverEntry' && e.kind === 'func'));
  assert.ok(m.dylink && m.dylink.memorySize >= 8);
  const names = [...m.names!.functions.values()];
  assert.ok(names.includes('Twice') && names.includes('DriverEntry'));
  assert.ok(m.customs.some((c) => c.name === '.debug_line'));
  assert.equal(m.bodies.length, m.funcTypes.length);
  // Offsets: relative to the code payload (byte 0 = the function count), increasing, ending on `end`.
  assert.deepEqual(m.code, bytes.subarray(m.codeFileOffset, m.codeFileOffset + m.code.length));
  assert.equal(new ByteReader(m.code).u32(), m.bodies.length, 'the payload starts with the function count');
  for (const b of m.bodies) {
    assert.equal(b.code[0]!.off, b.codeStart);
    const last = b.code[b.code.length - 1]!;
    assert.equal(opName(last.op), 'end');
    assert.equal(last.off, b.end - 1);
    for (let i = 1; i < b.code.length; i++) assert.ok(b.code[i]!.off > b.code[i - 1]!.off);
    // The byte at each offset is the opcode.
    for (const ins of b.code) assert.equal(m.code[ins.off], ins.op > 0xff ? 0xfc : ins.op);
  }
  // Malformed variants are WasmFormatErrors.
  assert.throws(() => decodeModule(bytes.slice(0, bytes.length - 3)), WasmFormatError);
  const badMagic = bytes.slice(); badMagic[1] = 0x62;
  assert.throws(() => decodeModule(badMagic), /bad magic/);
  const badOp = bytes.slice(); badOp[m.codeFileOffset + m.bodies[0]!.code[0]!.off] = 0xff;
  assert.throws(() => decodeModule(badOp), /unsupported opcode 0xff/);
});
