// Location expressions as clang emits them for wasm, evaluated against a frame we control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLocation, FrameAccessor } from '../expr.ts';

const mem = new Uint8Array(256);
new DataView(mem.buffer).setUint32(0x40, 0x1234, true);
const frame: FrameAccessor = {
  local: (n) => [100, 200, 0x30][n], global: (n) => [0x8000, 4096][n], stack: (n) => [7, 9][n],
  readMemory: (a, n) => mem.slice(a, a + n), memoryBase: 4096,
};

test('wasm locations alone name a place; inside an expression they push its value', () => {
  assert.deepEqual(evaluateLocation(Uint8Array.of(0xed, 0x00, 0x01), frame), { kind: 'wasm', space: 'local', index: 1, value: 200n });
  assert.deepEqual(evaluateLocation(Uint8Array.of(0xed, 0x02, 0x01, 0x9f), frame), { kind: 'value', value: 9n });
  // PIC global: __memory_base (global 1, fixed 4-byte index) + DW_OP_addrx 0 + DW_OP_plus.
  assert.deepEqual(evaluateLocation(Uint8Array.of(0xed, 0x03, 1, 0, 0, 0, 0xa1, 0x00, 0x22), frame, () => 0x18), { kind: 'memory', address: 4096 + 0x18 });
});

test('fbreg, deref, arithmetic, pieces and empty expressions', () => {
  assert.deepEqual(evaluateLocation(Uint8Array.of(0x91, 0x10), { ...frame, frameBase: 0x30 }), { kind: 'memory', address: 0x40 });
  assert.deepEqual(evaluateLocation(Uint8Array.of(0x91, 0x10, 0x06, 0x23, 0x04), { ...frame, frameBase: 0x30 }), { kind: 'memory', address: 0x1238 });
  assert.deepEqual(evaluateLocation(Uint8Array.of(0x11, 0x7b, 0x35, 0x1e, 0x9f), frame), { kind: 'value', value: -25n });
  const p = evaluateLocation(Uint8Array.of(0xed, 0x00, 0x00, 0x93, 0x04, 0x93, 0x04), frame);
  assert.equal(p.kind, 'pieces');
  if (p.kind === 'pieces') {
    assert.deepEqual(p.pieces[0], { size: 4, location: { kind: 'wasm', space: 'local', index: 0, value: 100n } });
    assert.equal(p.pieces[1].location.kind, 'unavailable');
  }
  assert.equal(evaluateLocation(new Uint8Array(), frame).kind, 'unavailable');
  assert.throws(() => evaluateLocation(Uint8Array.of(0x91, 0x00), frame), /no frame base/);
});
