// Fuzzing the DWARF reader through the symbol loader (loadSymbols, as `.reload` uses it) with the .debug_* sections
// of real images from our clang damaged: it always returns a symbol module (with what it could read, and
// `problems` saying what it could not), never throws, never hangs; and the module answers the debugger's
// questions (x, ln, k, dv, dt) without throwing either.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSymbols, type SymbolModule } from '../module.ts';
import { cName, sizeOf, resolved } from '../types.ts';
import { bytesOf } from '../module.ts';
import type { FrameAccessor } from '../../../formats/dwarf/expr.ts';
import { cachedImage, specimenSpec, testDriverSpec } from '../../../testing/images.ts';
import { caseCount, fuzz, lieAboutSectionSize, mutateBytes, mutateInside, replaceSection, summary, wasmSections, type Rng } from '../../../testing/fuzz.ts';

let small: Uint8Array[] = [], big: Uint8Array;
before(async () => {
  small = [await cachedImage(specimenSpec('Debug')), await cachedImage(specimenSpec('Release'))];
  big = await cachedImage(testDriverSpec('IoClassic', 'Debug', ['DriverEntry']));
});

/** Damage the debug sections; the rest of the image stays sound (mostly: a few cases damage the wasm too). */
function damageDebug(rng: Rng, b: Uint8Array): Uint8Array {
  const debug = wasmSections(b).filter((s) => s.name?.startsWith('.debug_'));
  const s = rng.pick(debug);
  const r = rng.int(20);
  if (r === 0) return mutateBytes(rng, b);
  if (r === 1) return lieAboutSectionSize(rng, b, s);
  let out = mutateInside(rng, b, s, 4, false);
  // Sometimes a second section too (the string and offset tables are read through the info section).
  if (rng.bool(0.3)) { const t = rng.pick(wasmSections(out).filter((x) => x.name?.startsWith('.debug_'))); if (t) out = mutateInside(rng, out, t, 2, false); }
  return out;
}

/** A frame that answers every read (zeros), as a stopped target would. */
const FRAME: FrameAccessor = { local: () => 0, global: () => 0, stack: () => 0, readMemory: (_a, n) => new Uint8Array(Math.min(Math.max(0, n), 4096)), memoryBase: 0x10000 };

/** The debugger's questions: names, addresses, lines, stepping ranges, locals, types. */
function ask(m: SymbolModule): void {
  m.lookupName('*');
  m.lookupName('specimen!Spec*');
  for (const f of m.functions.slice(0, 40)) {
    for (const at of [f.lowPc, (f.lowPc + f.highPc) >> 1]) {
      m.addressToSymbol(at); m.lineForAddress(at); m.steppingRange(at); m.lineRanges(at); m.inlineChainAt(at);
      const v = m.variablesAt(at);
      for (const x of [...(v?.params ?? []), ...(v?.locals ?? [])]) {
        const r = m.read(x, FRAME, at); // reports its own errors
        cName(x.type); sizeOf(x.type);
        if (r.bytes) assert.ok(r.bytes instanceof Uint8Array);
      }
    }
    m.prologueEnd(f);
  }
  for (const g of m.globals.slice(0, 40)) { const r = m.read(g, FRAME); if (r.location.kind !== 'unavailable') bytesOf(r.location, Math.min(64, sizeOf(g.type)), FRAME); }
  for (const [n, t] of [...m.types].slice(0, 200)) { m.typeByName(n); cName(t); sizeOf(t); resolved(t); }
  for (const file of m.sourceFiles.slice(0, 5)) m.resolveLineBreakpoint(file, 1, 60);
}

test('symbol loader: damaged .debug_* sections give a module with what could be read, never a throw or a hang', async () => {
  let withProblems = 0;
  const stats = await fuzz({ name: 'symbol loader', seed: 0xd3a7f, cases: caseCount(10_000), caseTimeoutMs: 10_000 },
    (rng, i) => damageDebug(rng, i % 50 === 0 ? big : rng.pick(small)),
    (bytes) => {
      const m = loadSymbols(bytes, 'specimen');
      for (const p of m.problems) assert.ok(p.length > 10 && !/undefined|\[object/.test(p), p);
      ask(m);
      if (m.problems.length) withProblems++;
      const dwarf = m.functions.filter((f) => f.hasDebugInfo).length;
      return m.problems.some((p) => /not a valid wasm module/.test(p)) ? 'not wasm' : m.problems.length ? (dwarf ? 'partial' : 'no DWARF read') : 'read';
    });
  console.log(summary('symbol loader', stats));
  assert.ok(withProblems > 500, 'damage was found and reported');
  for (const o of ['read', 'partial']) assert.ok(stats.outcomes.has(o), `outcome ${o} reached`);
});

test('symbol loader: a sound image has no problems; damage is reported in words (fuzzer regressions)', () => {
  const sound = loadSymbols(small[0]!, 'specimen');
  assert.deepEqual(sound.problems, []);
  assert.ok(sound.functionByName('SpecimenWork')?.hasDebugInfo);

  // Not wasm at all: a module with no symbols and one clear problem.
  const junk = loadSymbols(Uint8Array.of(1, 2, 3), 'junk');
  assert.equal(junk.functions.length, 0);
  assert.match(junk.problems[0]!, /^The image junk is not a valid wasm module, so it has no symbols: /);

  // .debug_info cut short after its first unit's header: the names from the wasm name section remain.
  const info = wasmSections(small[0]!).find((s) => s.name === '.debug_info')!;
  const cut = replaceSection(small[0]!, info, small[0]!.subarray(info.payloadStart, info.payloadStart + 40));
  const m = loadSymbols(cut, 'specimen');
  assert.match(m.problems.join('\n'), /\.debug_info unit at 0x0 is damaged: it reads past the end of its section/);
  assert.ok(m.functionByName('SpecimenWork'), 'the function is still known from the name section');
});
