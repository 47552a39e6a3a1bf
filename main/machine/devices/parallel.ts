// LPT1 at 0x378 (IRQ 7): a standard parallel port (data, status, control registers) with the lab's dongle plugged in.
//
// The DriverLab dongle (what DongLpt-style drivers talk to through READ_PORT_UCHAR/WRITE_PORT_UCHAR):
//  - Output mode (control bit 5 clear): reading the data register returns the byte last written (the latch).
//  - The driver writes a challenge byte to data and pulses STROBE (control bit 0 set, then cleared). On the
//    falling edge the dongle computes its answer = rotate-left-3(challenge XOR key) (key 0xA5 unless configured)
//    and pulses ACK; with control bit 4 (IRQ enable) set, the port raises IRQ 7 until the status register is read.
//  - Input mode (control bit 5 set): reading the data register returns the dongle's last answer.
//  - Status: bit 7 nBUSY = 1 (ready), bit 6 nACK = 0 once after an answer (cleared by reading status), bit 5 paper-out
//    = 0, bit 4 SELECT = 1 (dongle present), bit 3 nERROR = 1; bits 0-2 read 1. With nothing plugged in, status
//    reads 0x7F (busy, deselected) and input mode reads 0xFF.
import type { IoBus, InterruptController, IoSize } from '../bus.ts';
import type { Device } from './device.ts';

export const LPT_DATA = 0, LPT_STATUS = 1, LPT_CONTROL = 2;
export const LPT_CTL_STROBE = 0x01, LPT_CTL_IRQ = 0x10, LPT_CTL_INPUT = 0x20;
export const DEFAULT_DONGLE_KEY = 0xa5;

export function dongleAnswer(challenge: number, key: number): number {
  const x = (challenge ^ key) & 0xff;
  return ((x << 3) | (x >> 5)) & 0xff;
}

export interface ParallelState { data: number; control: number; answer: number; ackPending: boolean; dongle: boolean; key: number; answers: number }

export class ParallelPort implements Device {
  private s: ParallelState = { data: 0, control: 0x0c, answer: 0xff, ackPending: false, dongle: true, key: DEFAULT_DONGLE_KEY, answers: 0 };

  constructor(readonly name: string, readonly base: number, readonly irq: number, bus: IoBus, private readonly pic: InterruptController) {
    bus.register(base, 8, name, { read: (o, z) => this.read(o, z), write: (o, v, z) => this.write(o, v, z) });
  }

  reset(): void { this.s = { ...this.s, data: 0, control: 0x0c, ackPending: false }; this.update(); }

  /** Plug or unplug the dongle, and set its key (the lab's "licence"). */
  setDongle(present: boolean, key = this.s.key): void { this.s.dongle = present; this.s.key = key & 0xff; }

  private read(off: number, _z: IoSize): number {
    const s = this.s;
    switch (off) {
      case LPT_DATA: return s.control & LPT_CTL_INPUT ? (s.dongle ? s.answer : 0xff) : s.data;
      case LPT_STATUS: {
        if (!s.dongle) return 0x7f;
        const v = 0x80 | (s.ackPending ? 0 : 0x40) | 0x10 | 0x08 | 0x07;
        s.ackPending = false;
        this.update();
        return v;
      }
      case LPT_CONTROL: return 0xc0 | s.control;
      default: return 0xff;
    }
  }

  private write(off: number, v: number, _z: IoSize): void {
    const s = this.s;
    if (off === LPT_DATA) s.data = v & 0xff;
    else if (off === LPT_CONTROL) {
      const falling = s.control & LPT_CTL_STROBE && !(v & LPT_CTL_STROBE);
      s.control = v & 0x3f;
      if (falling && s.dongle) { s.answer = dongleAnswer(s.data, s.key); s.ackPending = true; s.answers++; }
    }
    this.update();
  }

  private update(): void { this.pic.set(this.irq, this.s.ackPending && (this.s.control & LPT_CTL_IRQ) !== 0); }

  saveState(): ParallelState { return { ...this.s }; }
  loadState(state: unknown): void { this.s = { ...(state as ParallelState) }; this.update(); }
}
