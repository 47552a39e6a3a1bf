// Large KDNET datagrams cross UDP in pieces and come back whole; a missing piece loses only that datagram.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Fragmenter, Reassembler, FRAGMENT_PAYLOAD } from '../udp-fragments.ts';

test('a 4 KB datagram splits under the frame size and reassembles; a lost piece drops it, the next one arrives', () => {
  const f = new Fragmenter(), r = new Reassembler();
  const big = new Uint8Array(randomBytes(4100));
  const parts = f.split(big);
  assert.equal(parts.length, Math.ceil(4100 / FRAGMENT_PAYLOAD));
  assert.ok(parts.every((p) => p.length <= FRAGMENT_PAYLOAD + 6));
  assert.equal(r.add(parts[0]!), undefined);
  assert.equal(r.add(parts[1]!), undefined);
  assert.deepEqual(r.add(parts[2]!), big);
  const lost = f.split(big);
  assert.equal(r.add(lost[0]!), undefined);
  const next = f.split(Uint8Array.of(1, 2, 3));
  assert.deepEqual(r.add(next[0]!), Uint8Array.of(1, 2, 3));
  assert.equal(r.add(lost[2]!), undefined);
});
