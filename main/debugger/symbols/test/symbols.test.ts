// Symbols read from real clang output (Debug and Release), checked against the source and against the
// image actually running in V8 with a memory we own.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSymbols, SymbolModule } from '../module.ts';
import { formatDt, formatDvLines, formatSymbol, formatValue, formatXLine, toVA } from '../format.ts';
import { resolved, sizeOf } from '../types.ts';
import { dtLines, dvLines } from '../views.ts';
import { buildImage, instantiate, lineOf } from './fixture.ts';
import { DRIVER_C } from './driver-source.ts';

const EXPORTS = ['DriverEntry', 'EchoEvtIoRead', 'EchoEvtIoWrite'];
const images: Record<'Debug' | 'Release', Uint8Array> = {} as never;
const syms: Record<'Debug' | 'Release', SymbolModule> = {} as never;

before(async () => {
  for (const cfg of ['Debug', 'Release'] as const) {
    images[cfg] = await buildImage(DRIVER_C, cfg, EXPORTS);
    syms[cfg] = loadSymbols(images[cfg], 'echo');
  }
});

const noFrame = (memoryBase: number, read: (a: number, n: number) => Uint8Array) =>
  ({ local: () => undefined, global: () => undefined, stack: () => undefined, readMemory: read, memoryBase });
const i32 = (b: Uint8Array | undefined) => { assert.ok(b); return new DataView(b.buffer, b.byteOffset).getInt32(0, true); };

for (const cfg of ['Debug', 'Release'] as const) {
  describe(`symbols (${cfg})`, () => {
    test('every function is found at its declaration line', () => {
      const m = syms[cfg];
      for (const name of ['EchoEvtIoRead', 'EchoEvtIoWrite', 'DriverEntry']) {
        const f = m.functionByName(name);
        assert.ok(f, name);
        assert.ok(f.hasDebugInfo);
        assert.equal(f.decl?.line, lineOf(DRIVER_C, `${name}(`));
        assert.match(f.decl!.file, /driver\.c$/);
        assert.ok(f.highPc > f.lowPc);
        assert.deepEqual(m.addressToSymbol(f.lowPc + 3), { name, offset: 3, function: f });
        assert.equal(formatSymbol('echo', name, 3), `echo!${name}+0x3`);
      }
      const read = m.functionByName('EchoEvtIoRead')!;
      assert.deepEqual(read.params.map((p) => p.name), ['length', 'offset']);
      assert.ok(read.locals.some((l) => l.name === 'total'));
    });

    test('lineForAddress and addressesForLine round-trip on statement lines', () => {
      const m = syms[cfg];
      const markers = ['@read-total', '@read-report', '@read-return', ...(cfg === 'Debug' ? ['@entry-call', '@entry-status'] : [])];
      for (const marker of markers) {
        const line = lineOf(DRIVER_C, marker);
        const addrs = m.addressesForLine('driver.c', line);
        assert.ok(addrs.length >= 1, `${marker} has code`);
        for (const a of addrs) {
          const li = m.lineForAddress(a);
          assert.equal(li?.line, line, marker);
          const r = m.steppingRange(a);
          assert.ok(r && r.lo <= a && a < r.hi && r.line === line);
        }
      }
      // A path with a directory and another case still names the same file.
      const line = lineOf(DRIVER_C, '@read-report');
      assert.deepEqual(m.addressesForLine('C:\\Src\\DRIVER.C', line), m.addressesForLine('driver.c', line));
      // A comment-only line binds to the next line with code.
      const bound = m.resolveLineBreakpoint('driver.c', lineOf(DRIVER_C, 'offsetof/sizeof as C') + 0);
      assert.ok(bound && bound.line > lineOf(DRIVER_C, 'offsetof/sizeof as C'));
    });

    test('x-style wildcard lookup', () => {
      const m = syms[cfg];
      assert.deepEqual(m.lookupName('echo!EchoEvt*').map((s) => s.name), ['EchoEvtIoRead', 'EchoEvtIoWrite']);
      assert.deepEqual(m.lookupName('ECHO!echoevtio????').map((s) => s.name), ['EchoEvtIoRead']);
      assert.deepEqual(m.lookupName('nt!Echo*'), []);
      const all = m.lookupName('Echo*').map((s) => `${s.kind}:${s.name}`);
      assert.ok(all.includes('global:EchoCounter') && all.includes('function:EchoEvtIoWrite'));
      const read = m.functionByName('EchoEvtIoRead')!;
      assert.equal(formatXLine(toVA(0x2000 + read.lowPc), 'echo', read.name, read),
        `fffff801\`${(0x2000 + read.lowPc).toString(16).padStart(8, '0')} echo!EchoEvtIoRead (int, int)`);
    });

    test('struct layout matches offsetof and sizeof computed by C', () => {
      const m = syms[cfg];
      const run = instantiate(images[cfg], 4096, { ReportFrame: () => {} });
      const layout = m.globalByName('EchoLayout')!;
      const bytes = m.read(layout, noFrame(run.memoryBase, run.read)).bytes!;
      const c = Array.from({ length: 7 }, (_, i) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(i * 4, true));
      const t = resolved(m.typeByName('ECHO_CONTEXT')!);
      assert.equal(t.kind, 'struct');
      if (t.kind !== 'struct') return;
      const off = (n: string) => t.members.find((x) => x.name === n)!.offset;
      assert.deepEqual([sizeOf(t), off('Size'), off('State'), off('u'), off('Queue'), off('Tag'), off('Next')], c);
      const flags = t.members.find((x) => x.name === 'Pending')!;
      assert.equal(flags.bitSize, 5);
      assert.equal(flags.bitOffset, (t.members.find((x) => x.name === 'Flags')!.bitOffset ?? 0) + 3);
      const e = m.enums.find((x) => x.name === '_ECHO_STATE')!;
      assert.deepEqual(e.enumerators.map((x) => [x.name, x.value]), [['EchoIdle', 0n], ['EchoReading', 3n], ['EchoWriting', 0x20n]]);
    });

    test('globals evaluate through their DWARF location and __memory_base in a running image', () => {
      const m = syms[cfg];
      for (const memoryBase of [1024, 70000]) {
        const run = instantiate(images[cfg], memoryBase, { ReportFrame: () => {} });
        const counter = m.globalByName('EchoCounter')!;
        const frame = noFrame(memoryBase, run.read);
        assert.equal(i32(m.read(counter, frame).bytes), 42);
        const r1 = run.exports.EchoEvtIoRead(5, 7);
        const r2 = run.exports.EchoEvtIoWrite(10);
        assert.equal(i32(m.read(counter, frame).bytes), 42 + r1 / 2 + r2);
        const ctx = m.globalByName('EchoContext')!;
        const loc = m.locate(ctx, frame);
        assert.equal(loc.kind, 'memory');
        const dt = formatDt(ctx.type, m.read(ctx, frame).bytes, { readMemory: run.read });
        assert.ok(dt.includes('   +0x000 Type             : 0n3'), dt.join('\n'));
        assert.ok(dt.includes('   +0x00c u                : <unnamed-tag>'), dt.join('\n'));
        const deep = formatDt(ctx.type, m.read(ctx, frame).bytes, { readMemory: run.read }, 1);
        assert.ok(deep.includes('      +0x000 Length           : 0xc'), deep.join('\n'));
        assert.ok(dt.some((l) => / Pending {10}: 0y10001$/.test(l)), dt.join('\n'));
        assert.ok(dt.some((l) => / State {12}: 3 \( EchoReading \)$/.test(l)), dt.join('\n'));
        assert.ok(dt.some((l) => / Tag {14}: \[6\] "echo"$/.test(l)), dt.join('\n'));
        assert.ok(dt.some((l) => / Next {13}: \(null\)$/.test(l)), dt.join('\n'));
        // Queue.Flink points at the Queue member itself: the context's address plus the member offset.
        const t = resolved(ctx.type);
        const qOff = t.kind === 'struct' ? t.members.find((x) => x.name === 'Queue')!.offset : -1;
        const flink = `0xfffff801\`${((loc.kind === 'memory' ? loc.address : 0) + qOff).toString(16).padStart(8, '0')}`;
        assert.ok(dt.includes(`   +0x${qOff.toString(16).padStart(3, '0')} Queue            : _LIST_ENTRY [ ${flink} - 0x00000000\`00000000 ]`), dt.join('\n'));
        // int [2][3]: dv and ?? spell the C type, dt shows each dimension as a PDB does ([2] [3] Int4B).
        const table = m.globalByName('EchoTable')!;
        const tt = resolved(table.type);
        assert.deepEqual(tt.kind === 'array' ? tt.counts : [], [2, 3]);
        assert.equal(sizeOf(table.type), 24);
        assert.deepEqual([...new Int32Array(m.read(table, frame).bytes!.slice().buffer)], [7, 8, 9, 10, 11, 12]);
        assert.equal(formatValue(table.type, m.read(table, frame).bytes!, { readMemory: run.read }), 'int [2][3]');
        const grid = m.globalByName('EchoGrid')!;
        assert.deepEqual(formatDt(grid.type), ['   +0x000 Cells            : [2] [3] Int4B']);
        assert.deepEqual(formatDt(grid.type, m.read(grid, frame).bytes, { readMemory: run.read }), ['   +0x000 Cells            : [2] [3] 0n1']);
        const name = m.globalByName('EchoName')!;
        assert.match(formatValue(name.type, m.read(name, frame).bytes!, { readMemory: run.read }), /^0xfffff801`[0-9a-f]{8} "ECHO"$/);
      }
    });
  });
}

test('Debug locals live in the frame: fbreg from the frame-base local, read while the function runs', () => {
  const m = syms.Debug;
  const f = m.functionByName('EchoEvtIoRead')!;
  const pc = m.addressesForLine('driver.c', lineOf(DRIVER_C, '@read-report'))[0];
  let seen: Array<{ name: string; value: string }> = [];
  let dv: string[] = [];
  const run = instantiate(images.Debug, 2048, {
    ReportFrame: () => {
      // In a Debug build the caller's frame base is the stack pointer it set before the call.
      const frame = { local: () => run.stackPointer.value as number, global: () => undefined, stack: () => undefined, readMemory: run.read, memoryBase: run.memoryBase };
      const vars = m.variablesAt(pc)!;
      assert.equal(vars.function, f);
      seen = [...vars.params, ...vars.locals].map((v) => ({ name: v.name, value: formatValue(v.type, m.read(v, frame, pc).bytes!) }));
      dv = dvLines(m, pc, frame);
    },
  });
  run.exports.EchoEvtIoRead(30, -5);
  assert.deepEqual(seen, [{ name: 'length', value: '0n30' }, { name: 'offset', value: '0n-5' }, { name: 'total', value: '0n25' }]);
  assert.deepEqual(formatDvLines(seen), ['   length = 0n30', '   offset = 0n-5', '    total = 0n25']);
  assert.deepEqual(dv, formatDvLines(seen));
  const types = dtLines(m, 'echo!_ECHO_CONTEXT');
  assert.equal(types[0], '   +0x000 Type             : Int2B');
  assert.ok(types.includes('   +0x004 Pending          : Pos 3, 5 Bits'), types.join('\n'));
  assert.ok(types.some((l) => / Next {13}: Ptr64 _ECHO_CONTEXT$/.test(l)));
});

test('Release parameters live in wasm locals; an inlined helper shows as an inlined call', () => {
  const m = syms.Release;
  const f = m.functionByName('EchoEvtIoRead')!;
  const frame = { local: (n: number) => [30, -5][n], global: () => undefined, stack: () => undefined, readMemory: () => new Uint8Array(4), memoryBase: 0 };
  const [length, offset] = f.params;
  const l = m.locate(length, frame, f.lowPc);
  assert.deepEqual(l.kind === 'wasm' || l.kind === 'value' ? Number(l.value) : NaN, 30);
  assert.equal(i32(m.read(offset, frame, f.lowPc).bytes), -5);
  const w = m.functionByName('EchoEvtIoWrite')!;
  assert.equal(w.inlined.length, 1);
  const call = w.inlined[0];
  assert.equal(call.name, 'EchoScale');
  assert.equal(call.call?.line, lineOf(DRIVER_C, '@write-scale'));
  const inside = call.ranges[0].lo;
  assert.deepEqual(m.inlineChainAt(inside).map((c) => c.name), ['EchoScale']);
  assert.equal(m.lineForAddress(inside)?.line !== undefined, true);
  assert.equal(m.functionByName('EchoScale'), undefined, 'inlined away: no out-of-line copy');
});
