// Fuzzing the system loader the way the I/O manager calls it (Kernel.loadImage), with real images from our clang,
// mutated. A bad image is refused with the status Windows gives (STATUS_INVALID_IMAGE_FORMAT, a missing procedure,
// no resources) and a message; never a JS exception, never a hang, and nothing leaks: after thousands of refused
// images the real image still loads.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kernel } from '../../../kernel.ts';
import { decodeModule } from '../../../../../main/formats/wasm/index.ts';
import { Status, statusName } from '../../../../../main/machine/cpu/status.ts';
import { generateLayouts } from '../../../../../main/toolchain/layouts.ts';
import type { Layouts } from '../../../../layout/layouts.ts';
import { cachedImage, specimenSpec, testDriverSpec } from '../../../../../main/testing/images.ts';
import { caseCount, fuzz, mutateWasm, summary, uleb, wasmSections } from '../../../../../main/testing/fuzz.ts';

let layouts: Layouts, small: Uint8Array[] = [], big: Uint8Array;
before(async () => {
  layouts = await generateLayouts();
  small = [await cachedImage(specimenSpec('Debug')), await cachedImage(specimenSpec('Release'))];
  big = await cachedImage(testDriverSpec('IoClassic', 'Debug', ['DriverEntry']));
});

const REFUSALS = new Set<number>([Status.INVALID_IMAGE_FORMAT, Status.PROCEDURE_NOT_FOUND, Status.INSUFFICIENT_RESOURCES]);

function loadOnce(k: Kernel, bytes: Uint8Array, name: string): string {
  const r = k.loadImage(bytes, name);
  if (r.ok) {
    assert.equal(k.unloadImage(r.image), true);
    return 'loaded';
  }
  assert.ok(REFUSALS.has(r.status >>> 0), `status ${statusName(r.status)}: ${r.message}`);
  assert.ok(r.message.length > 10 && !/undefined|\[object|TypeError|RangeError/.test(r.message), r.message);
  if (r.status === Status.INVALID_IMAGE_FORMAT) assert.match(r.message, new RegExp(`^${name.replace('.', '\\.')} is not a valid kernel image: .+\\.$`));
  return statusName(r.status);
}

test('system loader: mutated real images load or are refused with a Windows status, never a JS exception or a hang', async () => {
  const k = new Kernel({ layouts });
  const stats = await fuzz({ name: 'system loader', seed: 0x10ad, cases: caseCount(10_000), caseTimeoutMs: 15_000 },
    (rng, i) => mutateWasm(rng, i % 40 === 0 ? big : rng.pick(small)),
    (bytes, i) => loadOnce(k, bytes, `fuzz${i}.sys`));
  console.log(summary('system loader', stats));
  for (const s of ['loaded', 'STATUS_INVALID_IMAGE_FORMAT', 'STATUS_PROCEDURE_NOT_FOUND']) assert.ok(stats.outcomes.has(s), `reached ${s}`);
  assert.equal(k.loader.loaded().length, 0, 'every loaded image was unloaded');
  for (const img of [...small, big]) assert.equal(loadOnce(k, img, 'after.sys'), 'loaded', 'the real images still load: nothing leaked');
});

/** The image with its dylink.0 mem_info subsection rewritten. */
function withMemInfo(b: Uint8Array, memorySize: number, memoryAlign: number, tableSize: number, tableAlign: number): Uint8Array {
  const s = wasmSections(b).find((x) => x.name === 'dylink.0')!;
  const nameLen = 1 + 'dylink.0'.length;
  const body = b.subarray(s.payloadStart + nameLen, s.end);
  // Subsections: id, size, payload. Replace subsection 1 (mem_info), keep the others.
  const parts: number[] = [];
  for (let p = 0; p < body.length;) {
    const id = body[p++]!;
    let size = 0, shift = 0, x: number;
    do { x = body[p++]!; size |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
    if (id === 1) {
      const info = [...uleb(memorySize), ...uleb(memoryAlign), ...uleb(tableSize), ...uleb(tableAlign)];
      parts.push(1, ...uleb(info.length), ...info);
    } else parts.push(id, ...uleb(size), ...body.subarray(p, p + size));
    p += size;
  }
  const payload = [...b.subarray(s.payloadStart, s.payloadStart + nameLen), ...parts];
  return Uint8Array.from([...b.subarray(0, s.sizeStart), ...uleb(payload.length), ...payload, ...b.subarray(s.end)]);
}

test('system loader: dylink.0 sizes that lie are refused quickly (regressions found by the fuzzer)', () => {
  const k = new Kernel({ layouts });
  const img = small[1]!;
  const d = decodeModule(img).dylink!;
  const real = [d.memorySize, d.memoryAlign, d.tableSize, d.tableAlign];
  assert.equal(loadOnce(k, withMemInfo(img, d.memorySize, d.memoryAlign, d.tableSize, d.tableAlign), 'same.sys'), 'loaded');
  const t0 = performance.now();
  // An alignment exponent past 4 KiB is clamped (pages are the most the loader aligns to); sizes that cannot fit
  // are refused; a table too small for the image's element segment is a bad image.
  const cases = [[0, 0xffffffff, /STATUS_INSUFFICIENT_RESOURCES/], [1, 0xffffffff, /loaded/], [2, 0xffffffff, /STATUS_INSUFFICIENT_RESOURCES/],
    [2, 0x7fffffff, /STATUS_INSUFFICIENT_RESOURCES/], [3, 31, /loaded/], [2, 0, /STATUS_INVALID_IMAGE_FORMAT/]] as const;
  for (const [field, value, want] of cases) {
    const v = [...real];
    v[field] = value;
    assert.match(loadOnce(k, withMemInfo(img, v[0]!, v[1]!, v[2]!, v[3]!), `liar${field}.sys`), want, `mem_info ${v.join(' ')}`);
  }
  assert.ok(performance.now() - t0 < 5_000, 'refused without building a giant table');
  assert.equal(loadOnce(k, img, 'after.sys'), 'loaded');
});

/** The image with the constant expression of the first active segment of section `id` (9 elem, 11 data) replaced. */
function withSegmentOffset(b: Uint8Array, id: 9 | 11, expr: number[]): Uint8Array {
  const s = wasmSections(b).find((x) => x.id === id)!;
  const p = s.payloadStart + 1; // one segment count byte, then the first segment's flags (0: active, table/memory 0)
  assert.equal(b[p], 0);
  assert.equal(b[p + 1], 0x23, 'a PIC segment starts at global.get __memory_base / __table_base');
  const payload = [...b.subarray(s.payloadStart, p + 1), ...expr, ...b.subarray(p + 4, s.end)];
  return Uint8Array.from([...b.subarray(0, s.sizeStart), ...uleb(payload.length), ...payload, ...b.subarray(s.end)]);
}

test('system loader: segment offsets that read unknown globals or leave the image\'s table are refused (fuzzer regressions)', () => {
  const k = new Kernel({ layouts });
  const img = small[0]!;
  // Found by the fuzzer: the processor's ValidationError came out of loadImage as a JS exception.
  for (const id of [9, 11] as const) {
    assert.equal(loadOnce(k, withSegmentOffset(img, id, [0x23, 0x7f, 0x0b]), 'unknownglobal.sys'), 'STATUS_INVALID_IMAGE_FORMAT');
  }
  // An element segment aimed at slots of other images (or far past the table) would overwrite or grow the shared table.
  const first = k.loadImage(img, 'first.sys');
  assert.ok(first.ok);
  for (const slot of [0, 1, 0x7fffff, -5]) {
    assert.equal(loadOnce(k, withSegmentOffset(img, 9, [0x41, ...sleb(slot), 0x0b]), 'elsewhere.sys'), 'STATUS_INVALID_IMAGE_FORMAT', `slot ${slot}`);
  }
  assert.ok(k.processor.table.length < 4096, 'the shared table did not grow');
  assert.ok(first.image.exports.get('Ops'), 'the first image is intact');
  assert.equal(loadOnce(k, img, 'after.sys'), 'loaded');
});

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f; v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
