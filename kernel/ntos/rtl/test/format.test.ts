// The formatter reads real va_lists: clang compiles C calls to a variadic import, V8 runs them, and each
// formatted line must read as the Windows CRT/DbgPrint prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clang, linkFlags } from '../../../../main/toolchain/clang.ts';
import { formatVa, type FormatMemory } from '../format.ts';

const src = String.raw`
__attribute__((import_module("ntoskrnl.exe"))) void Out(const char *fmt, ...);
typedef struct { unsigned short Length, MaximumLength; unsigned short *Buffer; } US;
static unsigned short wide[] = { 'W', 'i', 'd', 'e', 0 };
static US us = { 8, 10, wide };
void Run(void) {
  Out("%d|%5d|%-5d|%05d|%+d", 42, 42, 42, 42, 42);
  Out("%u|%x|%X|%#x|%08lx", -1, 255, 255, 255, 0xbeefUL);
  Out("%I64x|%llu|%lld", 0x123456789abcdefULL, 18446744073709551615ULL, -5LL);
  Out("%s|%.3s|%10s|%-4s|", "abc", "abcdef", "right", "l");
  Out("%ws|%S|%wZ", wide, wide, &us);
  Out("%c%c|%%|%p", 'o', 'k', (void*)0x1230);
  Out("%.2f|%e", 3.14159, 12345.678);
  Out("%hd|%hu", 70000, 70000);
}`;

test('formatVa formats what clang passes through a wasm32 va_list', async () => {
  const built = await clang(['--target=wasm32', '-O2', '-fshort-wchar', '-nostdinc', ...linkFlags(['Run']), 'f.c', '-o', 'f.wasm'], { 'f.c': src });
  assert.ok(built.ok, built.stderr);
  const memory = new WebAssembly.Memory({ initial: 4 });
  const dv = () => new DataView(memory.buffer);
  const str = (a: number, wide: boolean, max = Infinity) => {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = wide ? dv().getUint16(a + 2 * i, true) : dv().getUint8(a + i);
      if (!c) break;
      s += String.fromCharCode(c);
    }
    return s;
  };
  const mem: FormatMemory = {
    u8: (a) => dv().getUint8(a), u16: (a) => dv().getUint16(a, true), u32: (a) => dv().getUint32(a, true),
    u64: (a) => dv().getBigUint64(a, true), f64: (a) => dv().getFloat64(a, true),
    cstr: (a, m) => str(a, false, m), wstr: (a, m) => str(a, true, m),
    countedString: (a) => { const len = dv().getUint16(a, true) / 2; return str(dv().getUint32(a + 4, true), true, len); },
    pointer: (v) => 0xfffff80100000000n + BigInt(v),
  };
  const lines: string[] = [];
  const mod = await WebAssembly.compile(built.files['f.wasm'] as Uint8Array<ArrayBuffer>);
  const inst = await WebAssembly.instantiate(mod, {
    env: {
      memory, __indirect_function_table: new WebAssembly.Table({ initial: 8, element: 'anyfunc' }),
      __stack_pointer: new WebAssembly.Global({ value: 'i32', mutable: true }, 65536 * 3),
      __memory_base: new WebAssembly.Global({ value: 'i32' }, 4096), __table_base: new WebAssembly.Global({ value: 'i32' }, 1),
    },
    'ntoskrnl.exe': { Out: (fmt: number, va: number) => lines.push(formatVa(mem, mem.cstr(fmt), va)) },
  });
  (inst.exports.__wasm_apply_data_relocs as () => void)();
  (inst.exports.Run as () => void)();
  assert.deepEqual(lines, [
    '42|   42|42   |00042|+42',
    '4294967295|ff|FF|0xff|0000beef',
    '123456789abcdef|18446744073709551615|-5',
    'abc|abc|     right|l   |',
    'Wide|Wide|Wide',
    'ok|%|FFFFF80100001230',
    '3.14|1.234568e+04',
    '4464|4464',
  ]);
});
