// -O0 frame accesses: the translator tests the frame pointer once where it is set (frame.ts) and then reads and
// writes the frame unchecked. With the stack pointer anywhere (normal, misaligned, straddling the NULL guard, at
// the top of system space, past it) the translator must agree with the interpreter on result, stop, faulting
// address and cycles, also when preempted every few cycles (the flag is recomputed on resume).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine } from './util.ts';
import { NULL_GUARD } from '../../memory.ts';
import { Status } from '../status.ts';
import type { Value } from '../types.ts';

const SRC = `
ULONG Crc(const UCHAR *p, ULONG n) {
  ULONG c = 0xFFFFFFFFu;
  while (n--) c = (c >> 4) ^ (0xEDB88320u & (0u - ((c ^ *p++) & 1)));
  return ~c;
}
LONGLONG Mixed(LONG a, LONGLONG b, short s, UCHAR u) {
  LONGLONG acc = b;
  for (LONG i = 0; i < (a & 31); i++) { acc += (LONGLONG)s * i + u; s = (short)(s ^ i); u = (UCHAR)(u + 3); }
  return acc ^ a;
}
LONG Outer(LONG a) { LONG x = a * 3; return (LONG)Mixed(x, (LONGLONG)a << 33, (short)a, (UCHAR)x) + x; }
`;
const EXPORTS = ['Crc', 'Mixed', 'Outer'];
let bytes: Uint8Array;
before(async () => { bytes = await build(SRC, 'Debug', EXPORTS); });

function run(engine: 'translate' | 'interpret', name: string, args: Value[], stackBase: number, slice: number) {
  const m = makeMachine({ engine });
  const image = m.load(bytes);
  // The data the CRC reads, in a fixed place low in system space.
  for (let k = 0; k < 64; k++) m.memory.u8[0x300000 + k] = (k * 37) & 0xff;
  const thread = m.processor.createThread({ func: m.fn(image, name), args, stackBase, stackLimit: 0 });
  const stops: string[] = [];
  for (;;) { const r = m.processor.run(thread, slice); stops.push(r.reason); if (r.reason !== 'preempted') break; }
  return { m, image, thread, stops };
}

test('the -O0 frame pointer is checked once: its accesses go unchecked while the check holds', () => {
  const { m, image } = run('translate', 'Crc', [0x300000, 4], 0x200000, 1e9);
  for (const name of EXPORTS) {
    const src = m.processor.translationOf(m.fn(image, name));
    assert.match(src, /if \(\$g\d+\) /, `${name}: no unchecked frame access`);
  }
});

test('frame accesses agree with the interpreter wherever the stack pointer is, also preempted', () => {
  const top = makeMachine().memory.size;
  const sps = [0x200000, 0x200001, 0x200002, 0x200004, NULL_GUARD + 8, NULL_GUARD + 12, NULL_GUARD + 40, NULL_GUARD, NULL_GUARD + 1,
    top, top - 4, top + 16, top + 3, 8, 0xfffffff0];
  const calls: [string, Value[]][] = [['Crc', [0x300000, 64]], ['Mixed', [29, -0x123456789n, -7, 250]], ['Outer', [21]]];
  let faults = 0, done = 0;
  for (const sp of sps) {
    for (const [name, args] of calls) {
      for (const slice of [1e9, 100]) {
        const what = `${name} with sp 0x${sp.toString(16)}, slices of ${slice}`;
        const t = run('translate', name, args, sp, slice), i = run('interpret', name, args, sp, slice);
        assert.deepEqual(t.stops, i.stops, what);
        assert.equal(t.thread.cycles, i.thread.cycles, `${what}: cycles`);
        assert.deepEqual(t.thread.exception && { ...t.thread.exception, hostError: undefined },
          i.thread.exception && { ...i.thread.exception, hostError: undefined }, `${what}: exception`);
        if (t.thread.exception) {
          assert.equal(t.thread.exception.code, Status.ACCESS_VIOLATION, what);
          faults++;
        } else {
          assert.ok(Object.is(t.thread.result, i.thread.result), `${what}: ${t.thread.result} vs ${i.thread.result}`);
          assert.deepEqual(t.m.memory.u8.slice(sp - 256, sp), i.m.memory.u8.slice(sp - 256, sp), `${what}: frame bytes`);
          done++;
        }
      }
    }
  }
  assert.ok(faults >= 10 && done >= 30, `${faults} faults, ${done} completed`);
});
