// The interval timer (HPET-like; I/O ports 0x0440-0x045F, IRQ 0), counting the machine's instruction clock:
//   0x00/0x04 main counter (ticks, low/high 32 bits), 0x08 frequency (ticks per second),
//   0x0C CONFIG bit0 enable, bit1 periodic, bit2 interrupt enable; 0x10 PERIOD (ticks);
//   0x14 STATUS bit0 expired (write 1 to clear, which lowers the interrupt); 0x18 expirations since enabled.
// Writing CONFIG (enabling) or PERIOD arms the comparator at now + PERIOD. A periodic timer that falls behind
// (a long slice) counts every missed period but interrupts once, as the kernel's clock handler expects.
import type { IoBus, InterruptController, IoSize } from '../bus.ts';
import { TICKS_PER_SECOND, type Clock, type Device } from './device.ts';

export const TIMER_BASE = 0x0440, TIMER_IRQ = 0;
export const TIMER_ENABLE = 1, TIMER_PERIODIC = 2, TIMER_IRQ_ENABLE = 4;

interface TimerState { config: number; period: number; deadline: number | null; expired: boolean; count: number }

export class IntervalTimer implements Device {
  readonly name = 'TIMER';
  private s: TimerState = { config: 0, period: 0, deadline: null, expired: false, count: 0 };

  constructor(bus: IoBus, private readonly pic: InterruptController, private readonly clock: Clock) {
    bus.register(TIMER_BASE, 0x20, 'TIMER', { read: (o, z) => this.read(o, z), write: (o, v, z) => this.write(o, v, z) });
  }

  reset(): void { this.s = { config: 0, period: 0, deadline: null, expired: false, count: 0 }; this.update(); }

  private read(off: number, _z: IoSize): number {
    const t = Math.floor(this.clock.ticks);
    switch (off) {
      case 0x00: return t % 0x1_0000_0000;
      case 0x04: return Math.floor(t / 0x1_0000_0000);
      case 0x08: return TICKS_PER_SECOND;
      case 0x0c: return this.s.config;
      case 0x10: return this.s.period;
      case 0x14: return this.s.expired ? 1 : 0;
      case 0x18: return this.s.count >>> 0;
      default: return 0;
    }
  }

  private write(off: number, v: number, _z: IoSize): void {
    const s = this.s;
    if (off === 0x0c) { s.config = v & 7; if (!(v & TIMER_ENABLE)) s.count = 0; this.arm(); }
    else if (off === 0x10) { s.period = v >>> 0; this.arm(); }
    else if (off === 0x14 && v & 1) s.expired = false;
    this.update();
  }

  private arm(): void {
    const s = this.s;
    s.deadline = s.config & TIMER_ENABLE && s.period > 0 ? this.clock.ticks + s.period : null;
  }

  nextDeadline(): number | undefined { return this.s.deadline ?? undefined; }

  advance(now: number): void {
    const s = this.s;
    if (s.deadline === null || now < s.deadline) return;
    s.expired = true;
    if (s.config & TIMER_PERIODIC) {
      const missed = Math.floor((now - s.deadline) / s.period) + 1;
      s.count += missed;
      s.deadline += missed * s.period;
    } else { s.count++; s.deadline = null; }
    this.update();
  }

  private update(): void { this.pic.set(TIMER_IRQ, this.s.expired && (this.s.config & TIMER_IRQ_ENABLE) !== 0); }

  saveState(): TimerState { return { ...this.s }; }
  loadState(state: unknown): void { this.s = { ...(state as TimerState) }; this.update(); }
}
