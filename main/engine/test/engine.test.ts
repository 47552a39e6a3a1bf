import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine, type LabEvent } from '../lab-engine.ts';
import { parseIp } from '../../net/addr.ts';
import { ECHO_PORT } from '../../net/services.ts';

const kernels = new URL('./fixtures/test-kernels.ts', import.meta.url).href;
const engines: LabEngine[] = [];
const lab = (o: ConstructorParameters<typeof LabEngine>[0] = {}): LabEngine => { const e = new LabEngine(o); engines.push(e); return e; };
after(async () => { for (const e of engines) await e.shutdown(); });

function consoleOf(e: LabEngine, name: string): { text: string; wait(re: RegExp, ms?: number): Promise<string> } {
  const o = { text: '', wait: (re: RegExp, ms = 20_000) => new Promise<string>((res, rej) => {
    const t = setTimeout(() => { off(); rej(new Error(`${name} console never showed ${re}: ${o.text}`)); }, ms);
    const check = (): boolean => { const m = re.exec(o.text); if (m) { clearTimeout(t); off(); res(m[0]); return true; } return false; };
    const off = e.onEvent((ev: LabEvent) => { if (ev.kind === 'console' && ev.machine === name) check(); });
    check();
  }) };
  e.onEvent((ev) => { if (ev.kind === 'console' && ev.machine === name) o.text += ev.text; });
  return o;
}

// One lab for the two 8-target tests (starting a worker costs about a second of CPU here).
let eight: { e: LabEngine; names: string[] } | undefined;
async function eightTargets(): Promise<{ e: LabEngine; names: string[] }> {
  if (eight) return eight;
  const e = lab({ watchdogMs: 0 });
  const names = ['Spinner', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'];
  await Promise.all(names.map((n) => e.newTarget(n, n === 'Spinner' ? { kernel: { module: kernels, exportName: 'spinKernel' } } : {})));
  for (const n of names) { e.cable({ kind: 'net', a: 'host', b: n }); await e.power(n, true); }
  for (const n of names.slice(1)) assert.equal((await e.waitFor(n, ['halted'])).detail, 'no kernel installed');
  eight = { e, names };
  return eight;
}

test('8 targets in workers: one spins slice after slice while the engine and the others stay responsive', async () => {
  const { e, names } = await eightTargets();
  const active = names.slice(0, 8);
  await e.waitFor('Spinner', ['running']);
  const spinTicks0 = (await e.info('Spinner')).ticks;
  const latencies: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const n of active) { const t0 = performance.now(); await e.info(n); latencies.push(performance.now() - t0); }
  }
  const r = await e.ping('host', 'Spinner', { count: 2 });
  assert.equal(r.results.filter((x) => x.kind === 'reply').length, 2, r.lines.join('\n'));
  const spinTicks1 = (await e.info('Spinner')).ticks;
  assert.ok(spinTicks1 > spinTicks0, 'the spinner kept executing');
  assert.ok(Math.max(...latencies) < 500, `slowest answer ${Math.max(...latencies).toFixed(1)} ms`);
  // A target's ping to another passes through the switch while the spinner burns a core.
  const tt = await e.ping('T1', 'T7', { count: 1 });
  assert.match(tt.lines.join('\n'), /Reply from 192\.168\.137\.\d+: bytes=32 time[<=]\d+ms TTL=128/);
});

test('idle CPU of 8 idle targets is small', async () => {
  const { e, names } = await eightTargets();
  await e.removeTarget('Spinner');
  const idle = names.slice(1);
  assert.equal(idle.length, 8);
  for (const n of idle) assert.equal(e.status(n).state, 'halted');
  const c0 = process.cpuUsage(), t0 = performance.now();
  await new Promise((r) => setTimeout(r, 1500));
  const c1 = process.cpuUsage(c0), wall = performance.now() - t0;
  const pct = ((c1.user + c1.system) / 1000 / wall) * 100;
  console.log(`# idle CPU, 8 idle targets: ${pct.toFixed(2)}% of one core (whole process, all threads, over ${wall.toFixed(0)} ms)`);
  assert.ok(pct < 15, `idle targets cost ${pct.toFixed(1)}% of a core`);
  await Promise.all(idle.map((n) => e.removeTarget(n)));
});

test('ping by name host→target and target→target; an unplugged cable times out, then recovers', async () => {
  const e = lab({ watchdogMs: 0 });
  await e.newTarget('MyTestComputer'); await e.newTarget('Second');
  for (const n of ['MyTestComputer', 'Second']) { e.cable({ kind: 'net', a: 'host', b: n }); await e.power(n, true); await e.waitFor(n, ['halted']); }
  const r1 = await e.ping('host', 'MyTestComputer', { count: 1 });
  assert.equal(r1.lines[1], 'Pinging MyTestComputer [192.168.137.2] with 32 bytes of data:');
  assert.match(r1.lines[2]!, /^Reply from 192\.168\.137\.2: bytes=32 time[<=]\d+ms TTL=128$/);
  const r2 = await e.ping('Second', 'MyTestComputer', { count: 1 });
  assert.equal(r2.results[0]?.kind, 'reply');
  e.unplug({ kind: 'net', end: 'MyTestComputer' });
  const r3 = await e.ping('host', '192.168.137.2', { count: 1, timeoutMs: 500 });
  assert.notEqual(r3.results[0]?.kind, 'reply');
  assert.match(r3.lines.join('\n'), /Request timed out\.|Destination host unreachable\./);
  const r4 = await e.ping('Second', 'NoSuchComputer', { count: 1 });
  assert.deepEqual(r4.lines, ['Ping request could not find host NoSuchComputer. Please check the name and try again.']);
  e.cable({ kind: 'net', a: 'host', b: 'MyTestComputer' });
  const r5 = await e.ping('Second', 'MyTestComputer', { count: 1 });
  assert.equal(r5.results[0]?.kind, 'reply', r5.lines.join('\n'));
  await e.removeTarget('MyTestComputer'); await e.removeTarget('Second');
});

test('UDP exchange and a 1 MiB TCP transfer with frame loss through the switch to a target', async () => {
  const e = lab({ watchdogMs: 0 });
  await e.newTarget('EchoBox', { services: { echo: true } });
  e.cable({ kind: 'net', a: 'host', b: 'EchoBox' });
  await e.power('EchoBox', true); await e.waitFor('EchoBox', ['halted']);
  const net = e.host.net;
  const ip = (await net.resolve('EchoBox'))!;
  assert.equal(ip, parseIp('192.168.137.2'));
  const u = net.udpBind();
  u.send(ip, ECHO_PORT, new TextEncoder().encode('datagram'));
  const d = await u.recv(2000);
  assert.equal(new TextDecoder().decode(d.data), 'datagram');
  u.close();

  let n = 0;
  e.switch.lose = () => ++n % 40 === 0;
  const size = 1 << 20;
  const data = new Uint8Array(size).map((_, i) => (i * 7 + (i >> 11)) & 255);
  const c = await net.tcpConnect(ip, ECHO_PORT);
  const h = createHash('sha256');
  let got = 0;
  const reader = (async () => { for (let b = await c.read(); b; b = await c.read()) { h.update(b); got += b.length; if (got >= size) c.end(); } })();
  for (let o = 0; o < size; o += 64 * 1024) await c.write(data.subarray(o, o + 64 * 1024));
  await reader;
  e.switch.lose = null;
  assert.equal(got, size);
  assert.equal(h.digest('hex'), createHash('sha256').update(data).digest('hex'));
  assert.ok(e.switch.counters.dropped > 0 && c.stats.retransmits > 0, 'frames were lost and retransmitted');
  await e.removeTarget('EchoBox');
});

test('serial: two targets at 115200 over a cable (10 bit-times a byte); a baud mismatch garbles', async () => {
  const e = lab({ watchdogMs: 0, paced: false }); // unpaced: idle time skips straight to deadlines, so timing is exact
  const count = 200;
  await e.newTarget('Tx', { kernel: { module: kernels, exportName: 'serialKernel', options: { role: 'send', count, baud: 115200 } } });
  await e.newTarget('Rx', { kernel: { module: kernels, exportName: 'serialKernel', options: { role: 'recv', count, baud: 115200 } } });
  const rx = consoleOf(e, 'Rx'), tx = consoleOf(e, 'Tx');
  e.cable({ kind: 'serial', a: 'Tx:COM1', b: 'Rx:COM1' });
  await e.power('Rx', true); await e.waitFor('Rx', ['running']);
  await e.power('Tx', true);
  const line = await rx.wait(/received \[[^\]]*\] errors \d+/);
  assert.deepEqual(JSON.parse(/\[[^\]]*\]/.exec(line)![0]), Array.from({ length: count }, (_, i) => i & 255));
  assert.match(line, /errors 0$/);
  const sent = Number(/sent \d+ in (\d+) ticks/.exec(await tx.wait(/sent \d+ in \d+ ticks/))![1]);
  const bitTimes = (count * 10 * 100_000_000) / 115200;
  assert.ok(sent >= bitTimes && sent < bitTimes * 1.2, `${count} bytes took ${sent} ticks; 10 bit-times each is ${bitTimes}`);
  // The host's port at the wrong baud (9600 against 115200) sees false start bits and garbage, not the data.
  e.unplug({ kind: 'serial', end: 'Tx:COM1' });
  e.cable({ kind: 'serial', a: 'host:COM1', b: 'Tx:COM1' });
  e.host.com.get(1)!.line.baud = 9600;
  await e.restart('Tx');
  await tx.wait(/sent \d+ in \d+ ticks[\s\S]*sent \d+ in \d+ ticks/);
  const recv = e.host.com.get(1)!.received;
  const clean = recv.filter((c) => !c.framingError && !c.parityError).map((c) => c.value);
  assert.ok(e.serial.counters.carried >= 2 * count, `the characters did cross the cable: ${JSON.stringify(e.serial.counters)} ${recv.length}`);
  assert.notDeepEqual(clean, Array.from({ length: count }, (_, i) => i & 255));
  const intact = clean.filter((v, i) => v === (i & 255)).length;
  assert.ok(intact < count / 10, `${intact} of ${count} characters came through a 12x baud mismatch intact`);
  await e.removeTarget('Tx'); await e.removeTarget('Rx');
});

test('a machine restored in a new worker continues identically', async () => {
  const e = lab({ paced: false, watchdogMs: 0 });
  await e.newTarget('Counter', { kernel: { module: kernels, exportName: 'counterKernel' } });
  await e.power('Counter', true); await e.waitFor('Counter', ['running']);
  const a = e.machineHost('Counter');
  await a.request({ t: 'run', mode: 'stopped' });
  await a.request({ t: 'advance', ticks: 3_000_000 });
  const snap = await e.snapshot('Counter');
  await e.newTarget('Clone', { state: { ...snap, config: { ...snap.config, name: 'Clone' } }, stopped: true });
  const b = e.machineHost('Clone');
  await a.request({ t: 'advance', ticks: 2_500_000 });
  await b.request({ t: 'advance', ticks: 2_500_000 });
  const sa = await e.snapshot('Counter'), sb = await e.snapshot('Clone');
  assert.ok(sa.ticks > snap.ticks);
  // Equal but for the name (in the config and in the fallback's: the saved disk a snapshot also carries).
  const anon = (x: typeof sa): unknown => ({ ...x, config: null, ...(x.version === 2 && x.fallback ? { fallback: { ...x.fallback, config: null } } : {}) });
  assert.deepEqual(anon(sb), anon(sa));
  assert.ok(sa.version === 2 && snap.version === 2);
  assert.notEqual(sa.check.memory, snap.check.memory, 'the counter kept writing memory');
  await e.removeTarget('Counter'); await e.removeTarget('Clone');
});

test('workspace: save, restore in a new engine; a corrupted save is reported and the previous good one loads', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'driverlab-ws-'));
  const e1 = lab({ watchdogMs: 0 });
  await e1.newTarget('MyTestComputer');
  e1.cable({ kind: 'net', a: 'host', b: 'MyTestComputer' });
  e1.cable({ kind: 'serial', a: 'host:COM1', b: 'MyTestComputer:COM1' });
  await e1.machineHost('MyTestComputer').request({ t: 'disk', op: 'mkdir', path: 'C:\\DriverTest\\Drivers' });
  await e1.machineHost('MyTestComputer').request({ t: 'disk', op: 'write', path: 'C:\\DriverTest\\Drivers\\a.txt', data: new TextEncoder().encode('first') });
  await e1.saveWorkspace(dir, { debugger: { key: '1.2.3.4' } });
  await e1.machineHost('MyTestComputer').request({ t: 'disk', op: 'write', path: 'C:\\DriverTest\\Drivers\\a.txt', data: new TextEncoder().encode('second') });
  const g2 = await e1.saveWorkspace(dir, { debugger: { key: '5.6.7.8' } });
  await e1.shutdown();

  const e2 = lab({ watchdogMs: 0 });
  const r2 = await e2.loadWorkspace(dir);
  assert.equal(r2.generation, g2);
  assert.deepEqual(r2.problems, []);
  assert.deepEqual(r2.extra, { debugger: { key: '5.6.7.8' } });
  const f = await e2.machineHost('MyTestComputer').request<Uint8Array>({ t: 'disk', op: 'read', path: 'C:\\DriverTest\\Drivers\\a.txt' });
  assert.equal(new TextDecoder().decode(f), 'second');
  assert.ok(e2.switch.isPlugged('MyTestComputer'));
  await e2.shutdown();

  // Damage the newest save as a crash mid-write would.
  const file = path.join(dir, g2, 'machines', 'MyTestComputer.json');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.slice(0, text.length >> 1));
  const e3 = lab({ watchdogMs: 0 });
  const r3 = await e3.loadWorkspace(dir);
  assert.notEqual(r3.generation, g2);
  assert.match(r3.problems[0]!, new RegExp(`${g2} cannot be used: machines/MyTestComputer\\.json does not match its checksum`));
  assert.match(r3.problems.at(-1)!, /Restored the previous good save/);
  assert.deepEqual(r3.extra, { debugger: { key: '1.2.3.4' } });
  const f3 = await e3.machineHost('MyTestComputer').request<Uint8Array>({ t: 'disk', op: 'read', path: 'C:\\DriverTest\\Drivers\\a.txt' });
  assert.equal(new TextDecoder().decode(f3), 'first');
  assert.ok((await readdir(dir)).includes(g2), 'the damaged save is left for inspection, not deleted');
  await e3.shutdown();
});

test('the watchdog stops a worker that never answers and reports it; the other machines carry on', async () => {
  const e = lab({ watchdogMs: 400 });
  await e.newTarget('Hung', { kernel: { module: kernels, exportName: 'hangKernel' } });
  await e.newTarget('Fine');
  const events: string[] = [];
  e.onEvent((ev) => { if (ev.kind === 'not-responding') events.push(ev.machine); });
  await e.power('Hung', true);
  await e.power('Fine', true);
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(events, ['Hung']);
  await assert.rejects(e.info('Hung'), /not running/);
  assert.equal((await e.info('Fine')).status.state, 'halted');
});
