import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Machine, type MachineHooks } from '../machine.ts';
import { TICKS_PER_SECOND } from '../devices/device.ts';
import { dongleAnswer } from '../devices/parallel.ts';
import { receiveCharacter, DEFAULT_LINE } from '../devices/serial-line.ts';
import { BCD_PATH } from '../devices/disk.ts';

function machine(out: { serial: number[]; status: string[] } = { serial: [], status: [] }): Machine {
  const hooks: MachineHooks = {
    status: (s) => out.status.push(`${s.state}${s.detail ? `: ${s.detail}` : ''}`), console: () => {}, frame: () => {},
    serial: (_p, b) => out.serial.push(b), modem: () => {},
  };
  return new Machine({ name: 'T', mac: '00-15-5d-00-00-02', ip: '192.168.137.2', rtcStartMs: Date.UTC(2024, 4, 17, 13, 45, 30) }, hooks);
}

test('UART: divisor latch sets the baud; loopback through the registers; characters take 10 bit-times', async () => {
  const m = machine();
  const b = 0x3f8, bus = m.bus;
  bus.out(b + 3, 0x80); bus.out(b, 1); bus.out(b + 1, 0); bus.out(b + 3, 0x03); // 115200 8N1
  assert.deepEqual(m.com1.line(), { baud: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
  bus.out(b + 2, 0x07); // FIFO on
  bus.out(b + 4, 0x10 | 0x02); // loopback, RTS
  assert.equal(bus.in(b + 6) & 0x10, 0x10, 'CTS follows RTS in loopback');
  const start = m.ticks;
  for (const c of [0x48, 0x69, 0x21]) bus.out(b, c);
  assert.equal(bus.in(b + 5) & 0x60, 0, 'THR and shift register busy');
  await m.advance(Math.ceil((3 * 10 * TICKS_PER_SECOND) / 115200) + 1);
  assert.equal(bus.in(b + 5) & 0x61, 0x61, 'data ready, transmitter empty');
  assert.deepEqual([bus.in(b), bus.in(b), bus.in(b)], [0x48, 0x69, 0x21]);
  assert.equal(bus.in(b + 5) & 1, 0);
  assert.ok(m.ticks - start >= (30 * TICKS_PER_SECOND) / 115200);
});

test('UART: interrupts follow IER/IIR; overrun and a baud mismatch set LSR error bits', async () => {
  const m = machine();
  const b = 0x3f8, bus = m.bus;
  bus.out(b + 3, 0x80); bus.out(b, 1); bus.out(b + 1, 0); bus.out(b + 3, 0x03);
  bus.out(b + 4, 0x08); bus.out(b + 1, 0x05); // OUT2 gates the IRQ; RDA + line status
  assert.equal(bus.in(b + 2) & 0x0f, 0x01, 'nothing pending');
  m.com1.receive(0x41, DEFAULT_LINE);
  assert.equal(bus.in(b + 5) & 1, 0, 'still on the wire for one frame time');
  await m.advance(8681);
  assert.equal(bus.in(b + 2) & 0x0f, 0x04, 'received data available');
  assert.equal(m.pic.pending(), 4);
  m.com1.receive(0x42, DEFAULT_LINE); // no FIFO: the second character overruns
  await m.advance(8681);
  assert.equal(bus.in(b + 2) & 0x0f, 0x06, 'line status has priority');
  assert.equal(bus.in(b + 5) & 0x03, 0x03, 'OE and DR');
  assert.equal(bus.in(b), 0x41);
  m.com1.receive(0x55, { ...DEFAULT_LINE, baud: 9600 });
  await m.advance(110_000);
  assert.equal(bus.in(b + 5) & 0x08, 0x08, 'framing error at the wrong baud');
  assert.equal(receiveCharacter(0x55, { ...DEFAULT_LINE, baud: 115000 }, DEFAULT_LINE)?.value, 0x55, 'small clock skew is tolerated');
});

test('parallel port: latch echo, dongle challenge/answer with ACK interrupt', () => {
  const m = machine();
  const bus = m.bus;
  bus.out(0x378, 0x3c);
  assert.equal(bus.in(0x378), 0x3c, 'output mode reads the latch');
  bus.out(0x37a, 0x10 | 0x01); bus.out(0x37a, 0x10); // strobe with IRQ enabled
  assert.equal(m.pic.pending(), 7);
  const status = bus.in(0x379);
  assert.equal(status & 0x40, 0, 'nACK low after the answer');
  assert.equal(status & 0x90, 0x90, 'not busy, selected');
  assert.equal(m.pic.isAsserted(7), false, 'reading status acknowledges');
  bus.out(0x37a, 0x20);
  assert.equal(bus.in(0x378), dongleAnswer(0x3c, 0xa5));
  m.lpt1.setDongle(false);
  assert.equal(bus.in(0x379), 0x7f);
});

test('timer interrupts periodically in machine time; RTC reads the set time in BCD', async () => {
  const m = machine();
  m.bus.out(0x450, 50_000, 4); m.bus.out(0x44c, 7, 4);
  await m.advance(175_000);
  assert.equal(m.bus.in(0x458, 4), 3);
  assert.equal(m.pic.pending(), 0);
  m.bus.out(0x454, 1, 4);
  assert.equal(m.pic.isAsserted(0), false);
  const cmos = (i: number): number => { m.bus.out(0x70, i); return m.bus.in(0x71); };
  assert.deepEqual([cmos(9), cmos(8), cmos(7), cmos(4), cmos(2)], [0x24, 0x05, 0x17, 0x13, 0x45]);
});

test('boot: firmware, boot manager reads the BCD, then stops at "no kernel installed"; a missing BCD says so', async () => {
  const out = { serial: [] as number[], status: [] as string[] };
  const m = machine(out);
  const on = m.powerOn();
  await m.advance(TICKS_PER_SECOND);
  await on;
  assert.equal(m.status.state, 'halted');
  assert.equal(m.status.detail, 'no kernel installed');
  assert.ok(out.status.some((s) => /booting: Secure Boot on/.test(s)));
  assert.ok(out.status.some((s) => /testsigning off, debug off/.test(s)));
  m.powerOff();
  m.disk.remove(BCD_PATH);
  const on2 = m.powerOn();
  await m.advance(TICKS_PER_SECOND);
  await on2;
  assert.match(m.status.detail ?? '', /0xc000000f/);
});

test('machine state round trip: devices and disk continue identically', async () => {
  const a = machine();
  const on = a.powerOn(); await a.advance(TICKS_PER_SECOND); await on;
  a.disk.mkdir('C:\\DriverTest\\Drivers');
  a.disk.writeFile('C:\\DriverTest\\Drivers\\echo.inf', '[Version]');
  a.bus.out(0x450, 70_000, 4); a.bus.out(0x44c, 7, 4);
  a.bus.out(0x3fb, 0x03); a.bus.out(0x3fc, 0x10); a.bus.out(0x3f8, 0x5a);
  const s = JSON.parse(JSON.stringify(a.saveState()));
  const b = machine();
  await b.loadState(s);
  await a.advance(500_000); await b.advance(500_000);
  // Devices and disk continue identically. System memory and the journal are not poked state here: a checkpoint
  // rebuilds memory by replaying its inputs (a write from outside the machine, as below, is not one); the exact
  // memory of a replayed machine is checkpoint.test's.
  const norm = (x: unknown): unknown => { const o = JSON.parse(JSON.stringify(x)) as Record<string, unknown>; delete o.journal; delete o.check; return o; };
  assert.deepEqual(norm(b.saveState()), norm(a.saveState()));
  assert.equal(b.disk.readText('c:\\drivertest\\drivers\\ECHO.INF'), '[Version]');
  assert.equal(b.bus.in(0x3f8), 0x5a);
});

test('a network deadline between two ticks fires at the tick after it (a timer set in fractional milliseconds)', async () => {
  const m = machine();
  const on = m.powerOn();
  await m.advance(TICKS_PER_SECOND);
  await on;
  const net = m.net!;
  // 0.4 of a tick past a tick: the nearest tick is before it, where the timer is not yet due.
  const at = net.now() + 1 + 0.4 * (1000 / TICKS_PER_SECOND);
  let fired = false;
  net.timers.add(at, () => { fired = true; });
  const advanced = m.advance(TICKS_PER_SECOND / 100);
  const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 5000).unref());
  assert.notEqual(await Promise.race([advanced, stuck]), 'stuck', 'the clock stopped at the deadline without firing it');
  assert.ok(fired);
  assert.ok(net.now() >= at);
});
