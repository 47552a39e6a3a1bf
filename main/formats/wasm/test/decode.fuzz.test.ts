// Fuzzing the wasm decoder with real images from our clang, mutated: truncations, bit flips, section-size lies,
// LEB overflows, damage inside one section, dropped/swapped sections. Every case decodes or fails with a
// WasmFormatError naming the byte; nothing else may come out (the loader turns that error into
// STATUS_INVALID_IMAGE_FORMAT).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModule, funcTypeOf, WasmFormatError } from '../index.ts';
import { cachedImage, specimenSpec, testDriverSpec } from '../../../testing/images.ts';
import { caseCount, fuzz, mutateWasm, summary } from '../../../testing/fuzz.ts';

let small: Uint8Array[] = [], big: Uint8Array;
before(async () => {
  small = [await cachedImage(specimenSpec('Debug')), await cachedImage(specimenSpec('Release'))];
  big = await cachedImage(testDriverSpec('IoClassic', 'Debug', ['DriverEntry']));
});

/** The error text without positions and numbers, for the tally. */
const kindOf = (e: WasmFormatError) => e.message.replace(/\(at byte 0x[0-9a-f]+\)/, '').replace(/0x[0-9a-f]+|\d+/g, 'N').trim();

function decodeOrFormatError(b: Uint8Array): string {
  let m;
  try { m = decodeModule(b); } catch (e) {
    assert.ok(e instanceof WasmFormatError, `expected WasmFormatError, got ${(e as Error)?.stack ?? e}`);
    assert.match(e.message, /\(at byte 0x[0-9a-f]+\)$/);
    return kindOf(e);
  }
  // What decoded must be consistent enough for the loader and the symbol reader to walk.
  assert.equal(m.bodies.length, m.funcTypes.length);
  for (let i = 0; i < m.importedFuncs + m.bodies.length; i++) funcTypeOf(m, i);
  for (const b of m.bodies) assert.ok(b.start <= b.codeStart && b.codeStart <= b.end && b.end <= m.code.length);
  return 'decoded';
}

test('wasm decoder: mutated real images decode or give a WasmFormatError, never another exception or a hang', async () => {
  const stats = await fuzz({ name: 'wasm decoder', seed: 0x3a5, cases: caseCount(12_000), caseTimeoutMs: 5_000 },
    (rng, i) => mutateWasm(rng, i % 25 === 0 ? big : rng.pick(small)),
    decodeOrFormatError);
  console.log(summary('wasm decoder', stats));
  assert.ok((stats.outcomes.get('decoded') ?? 0) > 100, 'some mutations still decode');
  assert.ok(stats.outcomes.size > 15, 'many different format errors were reached');
});

test('wasm decoder: LEB128 edge cases in a section size', () => {
  const head = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const cases: [number[], RegExp][] = [
    [[0x01, 0x80, 0x80, 0x80, 0x80, 0x10], /u32 LEB128 out of range/],   // bit 32 set
    [[0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], /u32 LEB128 (out of range|too long)/], // six bytes
    [[0x01, 0xff, 0xff, 0xff, 0xff, 0x0f], /section 1 exceeds file/],   // 0xffffffff, a size lie
    [[0x01, 0x80], /unexpected end of data/],                           // truncated in the LEB
  ];
  for (const [bytes, want] of cases) {
    assert.throws(() => decodeModule(Uint8Array.from([...head, ...bytes])), (e: Error) => e instanceof WasmFormatError && want.test(e.message), bytes.join(','));
  }
  // A padded LEB (0x81 0x80 0x80 0x80 0x00 is 1) is legal: an empty type section.
  assert.deepEqual(decodeModule(Uint8Array.from([...head, 0x01, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00])).types, []);
});
