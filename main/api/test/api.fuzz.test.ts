// Fuzzing the API boundary: random and mutated messages into the real API server (real host handlers on a temp
// workspace) over a Channel, as a buggy or hostile renderer could send them — through JSON (the WebSocket) or as
// structured-clone values (Electron IPC). Every message gets exactly one reply, an error reply unless it was a
// valid request, with the id when the message had one; the server never throws and keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiServer } from '../server.ts';
import { hostHandlers } from '../host/service.ts';
import { Workspace } from '../host/workspace.ts';
import { createApiClient } from '../client.ts';
import type { Channel } from '../contract.ts';
import { caseCount, fuzz, mutateJson, randomValue, summary, within, type Rng } from '../../testing/fuzz.ts';

const CODES = new Set(['BAD_MESSAGE', 'BAD_PARAMS', 'UNKNOWN_METHOD', 'ENGINE_NOT_AVAILABLE', 'NOT_FOUND', 'ALREADY_EXISTS', 'FAILED', 'DISCONNECTED', 'BAD_RESULT']);

/** Two ends of an in-memory channel; `send` on one arrives at the other's listener on a later tick. */
function pair(): [Channel, Channel] {
  const listeners: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const end = (me: 0 | 1): Channel => ({
    send: (m) => { setImmediate(() => { for (const l of listeners[1 - me]!) l(m); }); },
    onMessage: (l) => { listeners[me].push(l); },
  });
  return [end(0), end(1)];
}

let workspace: string;
let client: Channel;
const replies: unknown[] = [];
let waiting: ((m: unknown) => void) | undefined;
const logged: string[] = [];

before(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-api-fuzz-'));
  const server = createApiServer(hostHandlers(new Workspace(workspace)), (m) => logged.push(m));
  const [a, b] = pair();
  server.attach(a);
  client = b;
  client.onMessage((m) => { if (waiting) { const w = waiting; waiting = undefined; w(m); } else replies.push(m); });
  // One real project so that file and project requests reach the disk.
  const [c2, s2] = pair();
  server.attach(s2);
  const api = createApiClient(c2);
  const t = (await api.call('templates.list', {})).find((x) => x.kind === 'kmdf' && x.available)!;
  await api.call('project.create', { template: t.id, name: 'Fuzzed' });
});
after(() => rmSync(workspace, { recursive: true, force: true }));

/** Valid requests to mutate (none that builds or creates: a mutation must not start a real build). */
const SEEDS: { method: string; params: unknown }[] = [
  { method: 'workspace.info', params: {} }, { method: 'templates.list', params: {} }, { method: 'project.list', params: {} },
  { method: 'project.open', params: { project: 'Fuzzed' } }, { method: 'project.getProperties', params: { project: 'Fuzzed' } },
  { method: 'file.read', params: { project: 'Fuzzed', path: 'Fuzzed.inf' } },
  { method: 'file.write', params: { project: 'Fuzzed', path: 'notes.txt', text: 'typed by the learner' } },
  { method: 'project.addItem', params: { project: 'Fuzzed', path: 'Queue.c' } },
  { method: 'build.run', params: { project: 'NoSuchProject', configuration: 'Debug' } },
  { method: 'kd.command', params: { text: 'lm' } }, { method: 'project.open', params: { project: 'Missing' } },
];

function message(rng: Rng, i: number): { wire: unknown; json: boolean } {
  const seed = rng.pick(SEEDS);
  const valid = { kind: 'request', id: i, method: seed.method, params: seed.params };
  const r = rng.int(10);
  const msg = r < 4 ? { ...valid, params: mutateJson(rng, seed.params) } : r < 7 ? mutateJson(rng, valid) : r < 9 ? randomValue(rng) : JSON.stringify(valid).slice(0, rng.int(60)); // cut-off JSON text
  const json = rng.bool(0.5);
  if (!json) return { wire: msg, json };
  // The WebSocket transport hands the server JSON.parse of the frame, or the frame's text when it does not parse.
  let text: string | undefined;
  try { text = JSON.stringify(msg); } catch { text = undefined; }
  if (text === undefined) return { wire: String(msg).slice(0, 200), json };
  try { return { wire: JSON.parse(text), json }; } catch { return { wire: text.slice(0, 200), json }; }
}

function next(): Promise<unknown> {
  const r = replies.shift();
  if (r !== undefined) return Promise.resolve(r);
  return new Promise((resolve) => { waiting = resolve; });
}

test('API server: random and mutated messages always get one well-formed reply, and the server keeps serving', async () => {
  const stats = await fuzz({ name: 'API messages', seed: 0xa91, cases: caseCount(10_000), caseTimeoutMs: 10_000 }, message, async ({ wire }) => {
    client.send(wire);
    const reply = await within(8_000, next(), 'the reply') as Record<string, unknown>;
    assert.equal(reply.kind, 'response');
    const raw = wire as { id?: unknown } | null;
    const hadId = typeof raw === 'object' && raw !== null && Number.isInteger(raw.id) && (raw.id as number) >= 0;
    if (reply.ok === true) {
      assert.ok('result' in reply);
      assert.equal(reply.id, (raw as { id: number }).id);
      return `ok ${(raw as { method: string }).method}`;
    }
    assert.equal(reply.ok, false);
    const err = reply.error as { code: string; message: string };
    assert.ok(CODES.has(err.code), err.code);
    assert.ok(typeof err.message === 'string' && err.message.length > 0 && err.message.length <= 10_000);
    assert.equal(reply.id, hadId ? (raw as { id: number }).id : null, 'the reply names the request when it could be read');
    assert.ok(err.code !== 'BAD_RESULT' && err.code !== 'FAILED', `a handler failed: ${err.message}`);
    return err.code;
  });
  console.log(summary('API messages', stats));
  for (const k of ['BAD_MESSAGE', 'BAD_PARAMS', 'UNKNOWN_METHOD', 'ENGINE_NOT_AVAILABLE', 'NOT_FOUND']) assert.ok(stats.outcomes.has(k), `reached ${k}`);
  assert.ok([...stats.outcomes.keys()].some((k) => k.startsWith('ok ')), 'some mutations stayed valid');
  assert.equal(replies.length, 0, 'exactly one reply per message');
  assert.deepEqual(logged.filter((l) => /unexpected|send failed/.test(l)), [], 'nothing escaped the server');
  // Still serving, and the learner's file is intact.
  const [c3] = [client];
  c3.send({ kind: 'request', id: 1e6, method: 'project.list', params: {} });
  const last = await within(5_000, next(), 'project.list') as { ok: boolean; result: string[] };
  assert.deepEqual([last.ok, last.result], [true, ['Fuzzed']]);
});
