// The CMOS real-time clock (index port 0x70, data port 0x71): the one place wall time enters a machine. It is set
// once (from the host's clock at first power-on, or a fixed time for deterministic labs) and then runs on the
// machine's own clock. Registers as the PC has them: 0 seconds, 2 minutes, 4 hours, 6 weekday, 7 day, 8 month,
// 9 year, 0x32 century, status A/B/C/D at 0x0A-0x0D (B bit 2 binary, bit 1 24-hour; BCD and 24-hour by default).
import type { IoBus, IoSize } from '../bus.ts';
import { TICKS_PER_SECOND, type Clock, type Device } from './device.ts';

interface RtcState { baseMs: number; baseTicks: number; index: number; ram: number[] }

export class Rtc implements Device {
  readonly name = 'RTC';
  private s: RtcState;

  constructor(bus: IoBus, private readonly clock: Clock, startMs: number) {
    const ram = new Array<number>(128).fill(0);
    ram[0x0a] = 0x26; ram[0x0b] = 0x02; ram[0x0d] = 0x80;
    this.s = { baseMs: startMs, baseTicks: clock.ticks, index: 0, ram };
    bus.register(0x70, 2, 'RTC', { read: (o, z) => this.read(o, z), write: (o, v, z) => this.write(o, v, z) });
  }

  /** Current wall time of the machine (ms since 1970, UTC). */
  now(): number { return this.s.baseMs + ((this.clock.ticks - this.s.baseTicks) * 1000) / TICKS_PER_SECOND; }
  /** Set the clock (the date/time a learner or a deterministic lab sets). */
  set(ms: number): void { this.s.baseMs = ms; this.s.baseTicks = this.clock.ticks; }

  private get binary(): boolean { return (this.s.ram[0x0b]! & 0x04) !== 0; }
  private enc(v: number): number { return this.binary ? v : ((Math.floor(v / 10) << 4) | (v % 10)); }
  private dec(v: number): number { return this.binary ? v : ((v >> 4) * 10 + (v & 15)); }

  private read(off: number, _z: IoSize): number {
    if (off === 0) return 0xff;
    const i = this.s.index, d = new Date(this.now());
    const h24 = (this.s.ram[0x0b]! & 0x02) !== 0;
    switch (i) {
      case 0x00: return this.enc(d.getUTCSeconds());
      case 0x02: return this.enc(d.getUTCMinutes());
      case 0x04: {
        const h = d.getUTCHours();
        return h24 ? this.enc(h) : this.enc(h % 12 || 12) | (h >= 12 ? 0x80 : 0);
      }
      case 0x06: return this.enc(d.getUTCDay() + 1);
      case 0x07: return this.enc(d.getUTCDate());
      case 0x08: return this.enc(d.getUTCMonth() + 1);
      case 0x09: return this.enc(d.getUTCFullYear() % 100);
      case 0x32: return this.enc(Math.floor(d.getUTCFullYear() / 100));
      case 0x0c: { const v = this.s.ram[0x0c]!; this.s.ram[0x0c] = 0; return v; }
      default: return this.s.ram[i] ?? 0xff;
    }
  }

  private write(off: number, v: number, _z: IoSize): void {
    if (off === 0) { this.s.index = v & 0x7f; return; }
    const i = this.s.index;
    const d = new Date(this.now());
    const fields: Record<number, (x: number) => void> = {
      0x00: (x) => d.setUTCSeconds(x), 0x02: (x) => d.setUTCMinutes(x), 0x04: (x) => d.setUTCHours(x),
      0x07: (x) => d.setUTCDate(x), 0x08: (x) => d.setUTCMonth(x - 1),
      0x09: (x) => d.setUTCFullYear(Math.floor(d.getUTCFullYear() / 100) * 100 + x),
      0x32: (x) => d.setUTCFullYear(x * 100 + (d.getUTCFullYear() % 100)),
    };
    const f = fields[i];
    if (f) { f(this.dec(v)); this.set(d.getTime()); } else if (i !== 0x0c && i !== 0x0d) this.s.ram[i] = v & 0xff;
  }

  saveState(): RtcState { return { ...this.s, ram: [...this.s.ram] }; }
  loadState(state: unknown): void { const s = state as RtcState; this.s = { ...s, ram: [...s.ram] }; }
}
