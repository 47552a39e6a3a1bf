import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { formatIp, parseIp } from '../addr.ts';
import { WSAECONNABORTED, WSAECONNREFUSED, WSAECONNRESET, WSAETIMEDOUT, type NetError } from '../errors.ts';
import type { TcpConnection } from '../tcp.ts';
import { SimLan } from './sim.ts';

test('ping by name: LLMNR finds the target, ARP its MAC, the echo comes back with TTL 128', async () => {
  const lan = new SimLan();
  const host = lan.add('HOST', '192.168.137.1', 1);
  const target = lan.add('MyTestComputer', '192.168.137.2', 2);
  const ip = await lan.run(host.resolve('mytestcomputer'));
  assert.equal(formatIp(ip!), '192.168.137.2');
  const r = await lan.run(host.ping(ip!));
  assert.deepEqual({ ...r, timeMs: 0 }, { kind: 'reply', from: parseIp('192.168.137.2'), bytes: 32, timeMs: 0, ttl: 128 });
  assert.ok(host.arp.lookup(target.ip, lan.now), 'host learned the target MAC');
  assert.ok(target.arp.lookup(host.ip, lan.now), 'target learned the host MAC from the request');
});

test('unknown names, silent and absent hosts fail as Windows reports them', async () => {
  const lan = new SimLan();
  const host = lan.add('HOST', '192.168.137.1', 1);
  const t = lan.add('Quiet', '192.168.137.3', 3, { firewall: { echoRequest: false, networkDiscovery: false } });
  assert.equal(await lan.run(host.resolve('NoSuchComputer')), undefined);
  assert.equal(await lan.run(host.resolve('Quiet')), undefined, 'network discovery off: no name answer');
  assert.deepEqual(await lan.run(host.ping(t.ip)), { kind: 'timeout' }, 'echo request blocked by the firewall');
  assert.deepEqual(await lan.run(host.ping(parseIp('192.168.137.99'))), { kind: 'unreachable', from: host.ip });
  host.setLink(false);
  assert.deepEqual(await lan.run(host.ping(t.ip)), { kind: 'failure' });
});

test('UDP: bind, send, receive, reply; a closed port resets the sender', async () => {
  const lan = new SimLan();
  const a = lan.add('A', '192.168.137.1', 1);
  const b = lan.add('B', '192.168.137.2', 2);
  const server = b.udpBind(7000);
  const client = a.udpBind();
  client.send(b.ip, 7000, new TextEncoder().encode('hello'));
  const got = await lan.run(server.recv(1000));
  assert.equal(new TextDecoder().decode(got.data), 'hello');
  assert.equal(got.from, a.ip);
  server.send(got.from, got.port, new TextEncoder().encode('HELLO'));
  const back = await lan.run(client.recv(1000));
  assert.equal(new TextDecoder().decode(back.data), 'HELLO');
  client.send(b.ip, 7001, new Uint8Array([1]));
  await assert.rejects(lan.run(client.recv(1000)), (e: NetError) => e.code === WSAECONNRESET);
  await assert.rejects(lan.run(client.recv(500)), (e: NetError) => e.code === WSAETIMEDOUT);
});

async function transfer(lan: SimLan, size: number): Promise<{ sent: string; received: string; conn: TcpConnection }> {
  const a = lan.stacks[0]!, b = lan.stacks[1]!;
  const listener = b.tcpListen(445);
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 9)) & 255;
  const recv = (async () => {
    const c = await listener.accept();
    const h = createHash('sha256');
    for (let chunk = await c.read(); chunk; chunk = await c.read()) h.update(chunk);
    c.end();
    return h.digest('hex');
  })();
  const conn = await lan.run(a.tcpConnect(b.ip, 445));
  const send = (async () => {
    for (let o = 0; o < size; o += 100_000) await conn.write(data.subarray(o, o + 100_000));
    conn.end();
    await conn.closed;
  })();
  const received = await lan.run(recv);
  await lan.run(send);
  return { sent: createHash('sha256').update(data).digest('hex'), received, conn };
}

test('TCP: 1 MiB arrives intact through 3% frame loss', async () => {
  const lan = new SimLan();
  lan.add('A', '192.168.137.1', 1); lan.add('B', '192.168.137.2', 2);
  let n = 0;
  lan.lose = () => ++n % 33 === 0;
  const r = await transfer(lan, 1 << 20);
  assert.equal(r.received, r.sent);
  assert.ok(r.conn.stats.retransmits > 0, 'losses were repaired by retransmission');
  assert.equal(r.conn.state, 'CLOSED');
});

test('TCP: refused, timed out, and a cable pulled mid-transfer', async () => {
  const lan = new SimLan();
  const a = lan.add('A', '192.168.137.1', 1); const b = lan.add('B', '192.168.137.2', 2);
  await assert.rejects(lan.run(a.tcpConnect(b.ip, 9)), (e: NetError) => e.code === WSAECONNREFUSED);
  const ghost = lan.add('Ghost', '192.168.137.5', 5);
  ghost.receive = () => {}; // powered off: frames reach it and vanish
  await assert.rejects(lan.run(a.tcpConnect(ghost.ip, 445)), (e: NetError) => e.code === WSAETIMEDOUT);
  lan.stacks.pop();

  // A short outage is survived by retransmission.
  const l = b.tcpListen(80);
  const c = await lan.run(a.tcpConnect(b.ip, 80));
  const s = await lan.run(l.accept());
  lan.cut = true;
  void c.write(new Uint8Array(5000).fill(7));
  a.timers.add(lan.now + 1500, () => { lan.cut = false; }); // plugged back in 1.5 s later (virtual time)
  let got = 0;
  while (got < 5000) got += (await lan.run(s.read()))!.length;
  assert.equal(got, 5000);
  assert.ok(c.stats.retransmits > 0, 'the outage cost retransmissions');

  // A long one aborts the connection with Windows' error.
  lan.cut = true;
  const w = c.write(new Uint8Array(3000).fill(1));
  await lan.run(w);
  await lan.run(c.closed);
  assert.equal(c.error?.code, WSAECONNABORTED);
});

test('TCP: a zero-window probe whose answer is lost is sent again, and the transfer resumes when the window opens', async () => {
  const lan = new SimLan();
  const a = lan.add('A', '192.168.137.1', 1), b = lan.add('B', '192.168.137.2', 2);
  const l = b.tcpListen(445);
  const c = await lan.run(a.tcpConnect(b.ip, 445));
  const s = await lan.run(l.accept());
  const wait = (ms: number) => lan.run(new Promise<void>((r) => a.timers.add(lan.now + ms, r)));
  const size = 400_000;
  void c.write(new Uint8Array(size).fill(5));
  await wait(3000); // B reads nothing: its window closes and A probes it
  let blockB = true;
  lan.lose = (_f, from) => from === b && blockB;
  await wait(3000); // the answers to A's probes are lost
  let got = 0;
  for (let i = 0; i < 4; i++) got += (await s.read())!.length; // B's buffer empties; its window update is lost too
  blockB = false;
  while (got < size) got += (await lan.run(s.read()))!.length;
  assert.equal(got, size);
  assert.equal(c.error, undefined);
});

test('a deadline armed by an application call (the FIN of end()) tells the stack\'s driver to look again', async () => {
  const lan = new SimLan();
  const a = lan.add('A', '192.168.137.1', 1), b = lan.add('B', '192.168.137.2', 2);
  const l = b.tcpListen(445);
  const c = await lan.run(a.tcpConnect(b.ip, 445));
  await lan.run(l.accept());
  await lan.run(new Promise<void>((r) => a.timers.add(lan.now + 2000, r))); // every timer of the handshake is done
  let woken = 0;
  a.onWake = () => { woken++; };
  assert.equal(a.nextDeadline(), undefined);
  c.end();
  assert.notEqual(a.nextDeadline(), undefined, 'the FIN is timed for retransmission');
  assert.ok(woken > 0, 'the driver (the host\'s timer, a machine\'s run loop) was told');
});
