// Fuzzing the DWARF reader's pieces directly: location expressions (a stack machine with jumps) generated from
// the DW_OP vocabulary and mutated from clang's shapes, and hand-made sections that once hung the reader.
// An expression gives a location or an error saying why; never a hang, never a stray exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLocation, ExprError, type FrameAccessor } from '../expr.ts';
import { DwarfInfo } from '../info.ts';
import { parseLineTable } from '../line.ts';
import { SymbolModule } from '../../../debugger/symbols/module.ts';
import { resolved, sizeOf, cName } from '../../../debugger/symbols/types.ts';
import { caseCount, fuzz, mutateBytes, summary, uleb, type Rng } from '../../../testing/fuzz.ts';

const mem = new Uint8Array(4096);
const frame: FrameAccessor = {
  local: (n) => (n < 8 ? 0x100 + n * 16 : undefined), global: (n) => (n < 3 ? 0x200 * (n + 1) : undefined), stack: (n) => (n < 4 ? n : undefined),
  readMemory: (a, n) => { if (a < 0 || n < 0 || a + n > mem.length) throw new Error(`Memory access error at 0x${a.toString(16)}`); return mem.slice(a, a + n); },
  memoryBase: 0x400, frameBase: 0x300,
};

// Shapes clang emits for wasm (fbreg, WASM_location local/global/stack, PIC addrx + plus, pieces, stack_value).
const SHAPES = [[0x91, 0x10], [0xed, 0x00, 0x01], [0xed, 0x03, 1, 0, 0, 0, 0xa1, 0x00, 0x22], [0xed, 0x02, 0x01, 0x9f],
  [0xed, 0x00, 0x00, 0x93, 0x04, 0x93, 0x04], [0x91, 0x10, 0x06, 0x23, 0x04], [0x11, 0x7b, 0x35, 0x1e, 0x9f], [0x03, 0x40, 0, 0, 0]];
// Every opcode the evaluator knows, and a few it does not.
const OPS = [0x03, 0x06, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
  0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31,
  0x4f, 0x50, 0x70, 0x90, 0x91, 0x92, 0x93, 0x94, 0x96, 0x9c, 0x9e, 0x9f, 0xa1, 0xa2, 0xa3, 0xed, 0xe0, 0xff];

function expression(rng: Rng): Uint8Array {
  if (rng.bool(0.5)) return mutateBytes(rng, Uint8Array.from(rng.pick(SHAPES)), 3);
  const out: number[] = [];
  for (let n = rng.range(1, 12); n > 0; n--) {
    out.push(rng.pick(OPS));
    for (let k = rng.int(3); k > 0; k--) out.push(rng.bool(0.3) ? rng.pick([0xfd, 0xff, 0x80, 0x7f]) : rng.int(256));
  }
  return Uint8Array.from(out);
}

test('location expressions: generated and mutated ones give a location or an ExprError, never a hang', async () => {
  const stats = await fuzz({ name: 'DWARF expressions', seed: 0xe4, cases: caseCount(20_000), caseTimeoutMs: 5_000 }, expression, (expr) => {
    try {
      return evaluateLocation(expr, frame, (i) => (i < 4 ? i * 8 : (() => { throw new ExprError(`no .debug_addr entry ${i}`); })())).kind;
    } catch (e) {
      // The frame's own refusal to read memory passes through as it is; everything else is an ExprError.
      if (e instanceof Error && /^Memory access error/.test(e.message)) return 'memory error';
      assert.ok(e instanceof ExprError, `expected ExprError, got ${(e as Error)?.stack ?? e}`);
      return 'ExprError';
    }
  });
  console.log(summary('DWARF expressions', stats));
  for (const k of ['memory', 'wasm', 'value', 'ExprError']) assert.ok(stats.outcomes.has(k), `reached ${k}`);
});

test('a DW_OP_skip or DW_OP_bra that jumps back forever is an error, not a hang; a cut-short operand is an ExprError (fuzzer regressions)', () => {
  assert.throws(() => evaluateLocation(Uint8Array.of(0xed, 0xff, 0xff), frame), (e: Error) => e instanceof ExprError && /cut short/.test(e.message));
  const t0 = performance.now();
  assert.throws(() => evaluateLocation(Uint8Array.of(0x2f, 0xfd, 0xff), frame), (e: Error) => e instanceof ExprError && /a loop/.test(e.message));
  assert.throws(() => evaluateLocation(Uint8Array.of(0x31, 0x31, 0x28, 0xfc, 0xff), frame), (e: Error) => e instanceof ExprError && /a loop/.test(e.message));
  assert.ok(performance.now() - t0 < 2_000);
});

test('a line table header that lists more entries than its section holds is an error, not a hang (fuzzer regression)', () => {
  const body = [5, 0, 4, 0, /* header_length */ 0, 0, 0, 0, 1, 1, 1, 0xfb, 14, 13, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1,
    /* directory formats */ 0, /* directories */ ...uleb(0xffffffff), 0x10];
  const sec = Uint8Array.from([body.length, 0, 0, 0, ...body]);
  const t0 = performance.now();
  assert.throws(() => parseLineTable({ info: new Uint8Array(), abbrev: new Uint8Array(), line: sec }, 0, 4), /more than its section can hold/);
  assert.ok(performance.now() - t0 < 2_000);
});

test('a typedef or pointer that is its own type becomes void instead of an endless chain (fuzzer regression)', () => {
  // Abbrevs: 1 compile_unit (children); 2 typedef name:string type:ref4; 3 pointer_type type:ref4; 4 struct with a member.
  const abbrev = Uint8Array.from([1, 0x11, 1, 0, 0, 2, 0x16, 0, 0x03, 0x08, 0x49, 0x13, 0, 0, 3, 0x0f, 0, 0x49, 0x13, 0, 0, 0]);
  // Unit header (12 bytes), root at 12, typedef T at 13 -> 13 (itself), pointer at 20 -> 20 (itself), end of children.
  const dies = [1, 2, 0x54, 0, 13, 0, 0, 0, 3, 20, 0, 0, 0, 0];
  const info = Uint8Array.from([8 + dies.length, 0, 0, 0, 5, 0, 1, 4, 0, 0, 0, 0, ...dies]);
  assert.equal(new DwarfInfo({ info, abbrev }).problems.length, 0);
  const m = new SymbolModule('loop', { sections: { info, abbrev }, codePayloadOffset: 0, importedFunctionCount: 0, globalImports: [], bodies: [], functionNames: new Map(), exports: new Map() });
  const t = m.types.get('T')!;
  assert.equal(t.kind, 'typedef');
  assert.equal(resolved(t).kind, 'void');
  assert.equal(sizeOf(t), 0);
  assert.equal(cName(t), 'T');
});
