// Fuzzing the KD wire decoders: byte streams of real packets with line noise, break-in bytes, damage and random
// splits into the packet parser (KDCOM's view of a serial line), and mutated payloads into the payload decoders.
// The parser never throws, yields only well-formed packets, loses none of an undamaged stream and always finds
// the next good packet after damage; a payload decodes or is refused with a RangeError saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePacket, PacketParser, type Packet, type ParsedItem } from '../packet.ts';
import { BREAKIN_PACKET_BYTE, PACKET_MAX_SIZE, PacketType, Api, StateChange } from '../constants.ts';
import { decodeDebugIo, decodeRequest, decodeResponse, decodeStateChange, encodePrint, encodeRequest, encodeResponse, encodeStateChange } from '../payload.ts';
import { decodeContext, encodeContext } from '../context.ts';
import { caseCount, fuzz, mutateBytes, summary, type Rng } from '../../../testing/fuzz.ts';

function randomPacket(rng: Rng): Packet {
  if (rng.bool(0.3)) return { control: true, type: rng.pick([PacketType.ACKNOWLEDGE, PacketType.RESEND, PacketType.RESET]), id: rng.u32(), data: new Uint8Array(0) };
  const n = rng.pick([0, 1, 16, rng.int(200), rng.int(PACKET_MAX_SIZE + 1)]);
  // Data bytes that look like leaders and break-ins are the classic resync trap.
  const data = rng.bool(0.3) ? Uint8Array.from({ length: n }, () => rng.pick([0x30, 0x69, 0x62, 0xaa, rng.int(256)])) : rng.bytes(n);
  return { control: false, type: rng.range(1, 11), id: rng.u32(), data };
}

const concat = (parts: Uint8Array[]) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; };

function feedInChunks(rng: Rng, p: PacketParser, bytes: Uint8Array): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (let at = 0; at < bytes.length;) { const n = rng.pick([1, 3, 7, 64, 1500, bytes.length]); out.push(...p.feed(bytes.subarray(at, at + n))); at += n; }
  return out;
}

function checkItems(items: ParsedItem[]): void {
  for (const it of items) {
    if (it.kind === 'packet') {
      assert.ok(it.packet.data.length <= PACKET_MAX_SIZE);
      if (it.packet.control) assert.equal(it.packet.data.length, 0);
    } else if (it.kind === 'bad') assert.match(it.why, /byte count too large|missing trailing byte|checksum mismatch/);
    else assert.equal(it.kind, 'break-in');
  }
}

test('KD packet parser: noisy, damaged, split streams never throw, and the parser always finds the next good packet', async () => {
  const stats = await fuzz({ name: 'KD packet parser', seed: 0x6b64, cases: caseCount(10_000), caseTimeoutMs: 5_000 },
    (rng) => {
      const packets = Array.from({ length: rng.range(1, 6) }, () => randomPacket(rng));
      const parts: Uint8Array[] = [];
      for (const pk of packets) {
        // Line noise between packets (never a leader byte next to a leader: no receiver, Windows' included, can tell
        // a fifth '0' from the first of four).
        if (rng.bool(0.2)) parts.push(rng.bool(0.5) ? Uint8Array.of(BREAKIN_PACKET_BYTE) : rng.bytes(rng.range(1, 20)).map((b) => (b === 0x30 || b === 0x69 ? 0 : b)));
        parts.push(encodePacket(pk));
      }
      const clean = rng.bool(0.3);
      return { packets, clean, bytes: clean ? concat(parts) : mutateBytes(rng, concat(parts), 4), split: rng.u32() };
    },
    ({ packets, clean, bytes, split }) => {
      const p = new PacketParser();
      const chunkRng = { pick: <T>(xs: readonly T[]) => xs[split++ % xs.length]! } as unknown as Rng;
      const items = feedInChunks(chunkRng, p, bytes);
      checkItems(items);
      if (clean) {
        // An undamaged stream (noise between packets aside) gives back every packet, in order.
        const got = items.flatMap((i) => (i.kind === 'packet' ? [i.packet] : []));
        assert.deepEqual(got.map((g) => [g.control, g.type, g.id >>> 0, Buffer.from(g.data).toString('hex')]),
          packets.map((g) => [g.control, g.type, g.id >>> 0, g.control ? '' : Buffer.from(g.data).toString('hex')]));
      }
      // Whatever came before, a quiet line then a good packet gets through.
      const probe = { control: false, type: PacketType.DEBUG_IO, id: 0x80800800, data: new TextEncoder().encode('after damage') };
      const after = p.feed(concat([new Uint8Array(PACKET_MAX_SIZE + 20), encodePacket(probe)]));
      checkItems(after);
      const last = after.filter((i) => i.kind === 'packet').at(-1);
      assert.ok(last?.kind === 'packet' && new TextDecoder().decode(last.packet.data) === 'after damage', 'resynchronized');
      return clean ? 'clean stream' : items.some((i) => i.kind === 'bad') ? 'damage reported' : 'damage unseen';
    });
  console.log(summary('KD packet parser', stats));
  for (const k of ['clean stream', 'damage reported']) assert.ok(stats.outcomes.has(k), `reached ${k}`);
});

/** Real payloads of every kind, to mutate. */
function payloads(rng: Rng): { kind: string; bytes: Uint8Array }[] {
  const va = 0xfffff80100000000n + BigInt(rng.u32());
  return [
    { kind: 'request', bytes: encodeRequest({ api: Api.ReadVirtualMemory, address: va, count: rng.int(4096) }) },
    { kind: 'request', bytes: encodeRequest({ api: Api.WriteVirtualMemory, address: va, data: rng.bytes(rng.int(64)) }) },
    { kind: 'request', bytes: encodeRequest({ api: Api.Continue2, status: 0x10001, control: { traceFlag: 1, stepKind: 2, rangeStart: va, rangeEnd: va + 16n } }) },
    { kind: 'response', bytes: encodeResponse({ api: Api.ReadVirtualMemory, status: 0, data: rng.bytes(rng.int(64)) }) },
    { kind: 'response', bytes: encodeResponse({ api: Api.GetVersion, status: 0, version: { majorVersion: 15, minorVersion: 19041, protocolVersion: 6, flags: 0, machineType: 0x8664, kernBase: va, psLoadedModuleList: va, debuggerDataList: va, ntExports: va, kiBugCheckData: va, processors: 1, uptimeMs: 1234.5, buildLab: '19041.1.amd64fre.vb_release' } }) },
    { kind: 'state', bytes: encodeStateChange({ state: StateChange.Exception, processor: 0, processors: 1, thread: 4, pc: va, irql: 2, code: 0x80000003, address: va, firstChance: true, kind: 0, dataAddress: 0n }) },
    { kind: 'state', bytes: encodeStateChange({ state: StateChange.LoadSymbols, processor: 0, processors: 1, thread: 4, pc: va, irql: 0, base: va, size: 0x6000, timestamp: 1, unload: false, path: '\\SystemRoot\\System32\\drivers\\echo.sys' }) },
    { kind: 'debugio', bytes: encodePrint('Hello from DriverEntry\n') },
    { kind: 'context', bytes: encodeContext({ thread: 4, threadName: 'System', irql: 0, sp: va, stackBase: va, frames: [{ kind: 'wasm', pc: va, returnAddress: va, function: 'echo!EchoEvtIoRead', locals: [1, -2, 3n, 1.5], stack: [7] }] }) },
  ];
}

const DECODE: Record<string, (b: Uint8Array) => unknown> = {
  request: decodeRequest, response: decodeResponse, state: decodeStateChange, debugio: decodeDebugIo, context: decodeContext,
};

test('KD payload decoders: mutated payloads decode or are refused with a RangeError that says why', async () => {
  const stats = await fuzz({ name: 'KD payloads', seed: 0x6b65, cases: caseCount(10_000), caseTimeoutMs: 5_000 },
    (rng) => { const p = rng.pick(payloads(rng)); return { kind: p.kind, bytes: rng.bool(0.1) ? p.bytes : mutateBytes(rng, p.bytes, 3) }; },
    ({ kind, bytes }) => {
      try { DECODE[kind]!(bytes); return `${kind} decoded`; } catch (e) {
        assert.ok(e instanceof RangeError && /KD payload is truncated|unknown state change/.test(e.message), `${kind}: ${(e as Error)?.stack ?? e}`);
        return `${kind} refused`;
      }
    });
  console.log(summary('KD payloads', stats));
  for (const k of Object.keys(DECODE)) assert.ok(stats.outcomes.has(`${k} decoded`) && stats.outcomes.has(`${k} refused`), k);
});
