// The KD wire protocol end to end over in-memory cables: packet bytes, acknowledgements, resends after dropped
// and corrupted packets, break-in bytes, and KDNET's keyed datagrams (a wrong key never gets a packet through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksum, encodePacket, PacketParser } from '../packet.ts';
import { memoryPipe, type FaultPlan } from '../link.ts';
import { KdPort } from '../port.ts';
import { KdnetLink, checkKey } from '../kdnet.ts';
import { BREAKIN_PACKET_BYTE, INITIAL_PACKET_ID, PacketType, SYNC_PACKET_ID } from '../constants.ts';
import { decodeRequest, encodeRequest } from '../payload.ts';
import { Api } from '../constants.ts';

test('a data packet has the leader, type, count, id, checksum of the data and the trailing byte', () => {
  const data = new TextEncoder().encode('hello');
  const b = encodePacket({ control: false, type: PacketType.DEBUG_IO, id: INITIAL_PACKET_ID, data });
  const dv = new DataView(b.buffer);
  assert.equal(dv.getUint32(0, true), 0x30303030);
  assert.equal(dv.getUint16(4, true), 3);
  assert.equal(dv.getUint16(6, true), 5);
  assert.equal(dv.getUint32(8, true), 0x80800000);
  assert.equal(dv.getUint32(12, true), [...data].reduce((a, x) => a + x, 0));
  assert.equal(b[b.length - 1], 0xaa);
  const items = new PacketParser().feed(b);
  assert.deepEqual(items.map((i) => i.kind), ['packet']);
});

test('the parser reassembles packets split byte by byte, finds break-in bytes and reports damage', () => {
  const p = new PacketParser();
  const a = encodePacket({ control: false, type: 2, id: 1, data: Uint8Array.of(1, 2, 3) });
  const out = [];
  for (const byte of [BREAKIN_PACKET_BYTE, ...a]) out.push(...p.feed(Uint8Array.of(byte)));
  assert.deepEqual(out.map((i) => i.kind), ['break-in', 'packet']);
  const bad = a.slice(); bad[17] ^= 0xff;
  assert.deepEqual(new PacketParser().feed(bad).map((i) => i.kind), ['bad']);
  assert.equal(checksum(Uint8Array.of(255, 255)), 510);
});

test('manipulate requests round-trip with the real API numbers', () => {
  const q = decodeRequest(encodeRequest({ api: Api.ReadVirtualMemory, address: 0xfffff80100012340n, count: 16 }));
  assert.deepEqual(q, { api: 0x3130, address: 0xfffff80100012340n, count: 16 });
  assert.equal(decodeRequest(encodeRequest({ api: Api.Continue, status: 0 }))?.api, 0x3136);
});

async function exchange(mode: 'stream' | 'datagram', decide?: FaultPlan['decide'], n = 30) {
  const [a, b] = memoryPipe(mode, { decide, chunk: 7 });
  const host = new KdPort(a, { resendMs: 15 }), target = new KdPort(b, { resendMs: 15 });
  const got: string[] = [];
  host.onPacket((_t, d) => got.push(new TextDecoder().decode(d)));
  const sent = Array.from({ length: n }, (_, i) => `line ${i}\n`);
  await Promise.all(sent.map((s) => target.send(PacketType.DEBUG_IO, new TextEncoder().encode(s))));
  host.close(); target.close();
  return { sent, got, stats: target.stats, hostStats: host.stats };
}

test('every packet arrives once and in order when the cable drops and corrupts', async () => {
  // Drop every 11th chunk and corrupt every 13th, in both directions (acks get lost too).
  const r = await exchange('stream', (_d, _b, n) => (n % 11 === 3 ? 'drop' : n % 13 === 4 ? 'corrupt' : 'pass'));
  assert.deepEqual(r.got, r.sent);
  assert.ok(r.stats.resent > 0, 'some packets were resent');
  assert.ok(r.hostStats.damaged > 0 || r.hostStats.duplicates > 0, 'the receiver saw damage or repeats');
});

test('datagrams: a lost acknowledgement makes the sender repeat, and the repeat is dropped as a duplicate', async () => {
  let acksDropped = 0;
  const r = await exchange('datagram', (dir, bytes) => {
    const isAck = bytes.length === 16 && bytes[0] === 0x69 && bytes[4] === PacketType.ACKNOWLEDGE;
    if (dir === 'a->b' && isAck && acksDropped < 3) { acksDropped++; return 'drop'; }
    return 'pass';
  }, 10);
  assert.deepEqual(r.got, r.sent);
  assert.equal(r.hostStats.duplicates, 3);
});

test('after a reset the ids start again with SYNC_PACKET_ID', async () => {
  const [a, b] = memoryPipe('datagram');
  const ids: number[] = [];
  const inner = b.onReceive.bind(b);
  b.onReceive = (cb) => inner((bytes) => { if (bytes[0] === 0x30) ids.push(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)); cb(bytes); });
  const host = new KdPort(a, { resendMs: 15 }), target = new KdPort(b, { resendMs: 15 });
  let resets = 0;
  target.onReset(() => resets++);
  await host.reset();
  await host.send(2, Uint8Array.of(1));
  await host.send(2, Uint8Array.of(2));
  assert.equal(resets, 1);
  assert.deepEqual(ids, [(INITIAL_PACKET_ID | SYNC_PACKET_ID) >>> 0, INITIAL_PACKET_ID + 1]);
  host.close(); target.close();
});

test('after a reset, a resend from before it (an id without SYNC_PACKET_ID) is not taken as the first packet', async () => {
  // A target that restarts while its last answer waits for an acknowledgement: the new boot announces itself, and
  // the old boot's resend must not pass for the new boot's first packet (the debugger would be one packet off).
  const [a, b] = memoryPipe('datagram');
  const host = new KdPort(a, { resendMs: 15 }), target = new KdPort(b, { resendMs: 15 });
  const got: number[] = [];
  host.onPacket((_t, d) => got.push(d[0]!));
  await host.reset();
  b.send(encodePacket({ control: false, type: PacketType.STATE_MANIPULATE, id: INITIAL_PACKET_ID, data: Uint8Array.of(9) }));
  await target.send(PacketType.STATE_MANIPULATE, Uint8Array.of(1));
  await target.send(PacketType.STATE_MANIPULATE, Uint8Array.of(2));
  assert.deepEqual(got, [1, 2]);
  assert.equal(host.stats.duplicates, 1);
  host.close(); target.close();
});

test('KDNET: the same key connects, a wrong key never gets a packet through', async () => {
  assert.equal(checkKey('1.2.3.4'), undefined);
  assert.ok(checkKey('1.2.3'));
  const run = async (hostKey: string) => {
    const [a, b] = memoryPipe('datagram');
    const hl = new KdnetLink(a, hostKey), tl = new KdnetLink(b, '1.2.3.4');
    const host = new KdPort(hl, { resendMs: 10, maxRetries: 5 }), target = new KdPort(tl, { resendMs: 10 });
    const got: number[] = [];
    target.onPacket((_t, d) => got.push(d[0]!));
    const ok = await host.send(2, Uint8Array.of(42)).then(() => true, () => false);
    host.close(); target.close();
    return { ok, got, rejected: tl.rejected };
  };
  assert.deepEqual(await run('1.2.3.4'), { ok: true, got: [42], rejected: 0 });
  const wrong = await run('1.2.3.5');
  assert.equal(wrong.ok, false);
  assert.deepEqual(wrong.got, []);
  assert.ok(wrong.rejected >= 5, 'every datagram with the wrong key was rejected');
});
