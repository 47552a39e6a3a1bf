// A 16550A UART (COM1 at 0x3F8 IRQ 4, COM2 at 0x2F8 IRQ 3): the register set a serial driver or KDCOM programs.
// Baud rate = 115200 / divisor latch (1.8432 MHz clock / 16). Characters leave the transmit shift register one
// frame time apart in the machine's clock, so THRE/TEMT and throughput follow the baud rate.
import type { IoBus, InterruptController, IoSize } from '../bus.ts';
import { TICKS_PER_SECOND, type Clock, type Device } from './device.ts';
import { frameBits, receiveCharacter, type LineSettings, type ModemOut, type Parity } from './serial-line.ts';

// Register offsets.
export const UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7;
// Line status bits.
export const LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_FIFOERR = 0x80;
// Interrupt enable bits.
export const IER_RDA = 0x01, IER_THRE = 0x02, IER_RLS = 0x04, IER_MS = 0x08;
// Modem control bits.
export const MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
export const LCR_DLAB = 0x80;
export const UART_CLOCK_BAUD = 115200;
const FIFO_SIZE = 16;
const TRIGGERS = [1, 4, 8, 14];

interface RxChar { v: number; err: number }

export interface UartState {
  ier: number; lcr: number; mcr: number; scr: number; divisor: number; fifoEnabled: boolean; trigger: number;
  lsrErr: number; msr: number; threPending: boolean; timeoutFlag: boolean; rxTimeoutAt: number | null;
  rx: RxChar[]; tx: number[]; shift: { v: number; doneAt: number } | null; lastRead: number;
  /** Characters on the wire towards this receiver, each completing one frame time after the previous. */
  wire: { v: number; line: LineSettings; at: number }[];
}

export class Uart16550 implements Device {
  private s!: UartState;
  /** A character finished leaving the shift register onto the line (not called in loopback). */
  onTransmit: (byte: number, line: LineSettings) => void = () => {};
  /** DTR/RTS changed. */
  onModemOut: (m: ModemOut) => void = () => {};

  constructor(readonly name: string, readonly base: number, readonly irq: number, bus: IoBus,
    private readonly pic: InterruptController, private readonly clock: Clock) {
    this.reset();
    bus.register(base, 8, name, { read: (o, z) => this.read(o, z), write: (o, v, z) => this.write(o, v, z) });
  }

  reset(): void {
    this.s = { ier: 0, lcr: 0x03, mcr: 0, scr: 0, divisor: 12, fifoEnabled: false, trigger: 1, lsrErr: 0, msr: 0,
      threPending: false, timeoutFlag: false, rxTimeoutAt: null, rx: [], tx: [], shift: null, lastRead: 0, wire: [] };
    this.updateIrq();
  }

  /** The line settings the registers select. */
  line(): LineSettings {
    const l = this.s.lcr;
    const parity: Parity = !(l & 0x08) ? 'none' : l & 0x20 ? (l & 0x10 ? 'space' : 'mark') : (l & 0x10 ? 'even' : 'odd');
    return { baud: UART_CLOCK_BAUD / (this.s.divisor || 0x10000), dataBits: (5 + (l & 3)) as 5 | 6 | 7 | 8, parity, stopBits: l & 0x04 ? 2 : 1 };
  }
  /** Ticks one character takes on the wire at the current settings. */
  charTicks(): number { const l = this.line(); return (frameBits(l) * TICKS_PER_SECOND) / l.baud; }
  private get loop(): boolean { return (this.s.mcr & MCR_LOOP) !== 0; }
  private get rxCapacity(): number { return this.s.fifoEnabled ? FIFO_SIZE : 1; }

  private read(off: number, _size: IoSize): number {
    const s = this.s;
    switch (off) {
      case UART_RBR_THR: {
        if (s.lcr & LCR_DLAB) return s.divisor & 0xff;
        const c = s.rx.shift();
        if (c) s.lastRead = c.v;
        s.timeoutFlag = false;
        if (s.rx.length) { s.lsrErr |= s.rx[0]!.err; this.armTimeout(); } else s.rxTimeoutAt = null;
        this.updateIrq();
        return s.lastRead;
      }
      case UART_IER: return s.lcr & LCR_DLAB ? (s.divisor >> 8) & 0xff : s.ier;
      case UART_IIR_FCR: {
        const iir = this.iir();
        if ((iir & 0x0f) === 0x02) { s.threPending = false; this.updateIrq(); }
        return iir;
      }
      case UART_LCR: return s.lcr;
      case UART_MCR: return s.mcr;
      case UART_LSR: {
        const v = this.lsr();
        s.lsrErr = 0;
        this.updateIrq();
        return v;
      }
      case UART_MSR: {
        const v = this.msr();
        s.msr &= 0xf0;
        this.updateIrq();
        return v;
      }
      default: return s.scr;
    }
  }

  private write(off: number, v: number, _size: IoSize): void {
    const s = this.s;
    v &= 0xff;
    switch (off) {
      case UART_RBR_THR:
        if (s.lcr & LCR_DLAB) { s.divisor = (s.divisor & 0xff00) | v; return; }
        if (s.tx.length < (s.fifoEnabled ? FIFO_SIZE : 1)) s.tx.push(v); // a full FIFO drops the byte, as hardware does
        s.threPending = false;
        this.startShift(this.clock.ticks);
        break;
      case UART_IER:
        if (s.lcr & LCR_DLAB) { s.divisor = (s.divisor & 0xff) | (v << 8); return; }
        // Enabling the THRE interrupt while the holding register is empty raises it at once.
        if (v & IER_THRE && !(s.ier & IER_THRE) && s.tx.length === 0) s.threPending = true;
        s.ier = v & 0x0f;
        break;
      case UART_IIR_FCR: {
        const enable = (v & 1) !== 0;
        if (enable !== s.fifoEnabled || v & 2) { s.rx = []; s.timeoutFlag = false; s.rxTimeoutAt = null; }
        if (enable !== s.fifoEnabled || v & 4) s.tx = [];
        s.fifoEnabled = enable;
        s.trigger = TRIGGERS[v >> 6]!;
        break;
      }
      case UART_LCR: s.lcr = v; break;
      case UART_MCR: {
        const old = s.mcr;
        s.mcr = v & 0x1f;
        if (this.loop) this.setMsrInputs(this.loopModem());
        else if (old & MCR_LOOP || (old ^ s.mcr) & (MCR_DTR | MCR_RTS)) this.onModemOut(this.modemOut());
        break;
      }
      case UART_LSR: case UART_MSR: break; // read-only (factory test writes ignored)
      default: s.scr = v;
    }
    this.updateIrq();
  }

  modemOut(): ModemOut {
    return this.loop ? { dtr: false, rts: false } : { dtr: (this.s.mcr & MCR_DTR) !== 0, rts: (this.s.mcr & MCR_RTS) !== 0 };
  }

  private loopModem(): { cts: boolean; dsr: boolean; ri: boolean; dcd: boolean } {
    const m = this.s.mcr;
    return { cts: !!(m & MCR_RTS), dsr: !!(m & MCR_DTR), ri: !!(m & MCR_OUT1), dcd: !!(m & MCR_OUT2) };
  }

  /** The other end's DTR/RTS as seen through a null-modem cable (unplugged: all low). */
  setModemIn(peer: ModemOut | null): void {
    if (this.loop) return;
    this.setMsrInputs({ cts: !!peer?.rts, dsr: !!peer?.dtr, dcd: !!peer?.dtr, ri: false });
  }

  private setMsrInputs(m: { cts: boolean; dsr: boolean; ri: boolean; dcd: boolean }): void {
    const s = this.s, old = s.msr;
    const now = (m.cts ? 0x10 : 0) | (m.dsr ? 0x20 : 0) | (m.ri ? 0x40 : 0) | (m.dcd ? 0x80 : 0);
    let delta = old & 0x0f;
    if ((old ^ now) & 0x10) delta |= 0x01;
    if ((old ^ now) & 0x20) delta |= 0x02;
    if (old & 0x40 && !(now & 0x40)) delta |= 0x04; // trailing edge of ring indicator
    if ((old ^ now) & 0x80) delta |= 0x08;
    s.msr = now | delta;
    this.updateIrq();
  }

  private msr(): number { return this.s.msr; }

  private lsr(): number {
    const s = this.s;
    let v = s.lsrErr;
    if (s.rx.length) v |= LSR_DR;
    if (s.tx.length === 0) v |= LSR_THRE;
    if (s.tx.length === 0 && !s.shift) v |= LSR_TEMT;
    if (s.fifoEnabled && s.rx.some((c) => c.err)) v |= LSR_FIFOERR;
    return v;
  }

  private iir(): number {
    const s = this.s;
    const fifo = s.fifoEnabled ? 0xc0 : 0;
    if (s.ier & IER_RLS && s.lsrErr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)) return fifo | 0x06;
    if (s.ier & IER_RDA && s.rx.length >= (s.fifoEnabled ? s.trigger : 1)) return fifo | 0x04;
    if (s.ier & IER_RDA && s.timeoutFlag && s.rx.length) return fifo | 0x0c;
    if (s.ier & IER_THRE && s.threPending) return fifo | 0x02;
    if (s.ier & IER_MS && s.msr & 0x0f) return fifo | 0x00;
    return fifo | 0x01;
  }

  private updateIrq(): void {
    this.pic.set(this.irq, (this.iir() & 1) === 0 && (this.s.mcr & MCR_OUT2) !== 0);
  }

  private startShift(now: number): void {
    const s = this.s;
    if (s.shift || s.tx.length === 0) return;
    s.shift = { v: s.tx.shift()!, doneAt: Math.ceil(now + this.charTicks()) }; // whole ticks: the clock counts instructions
    if (s.tx.length === 0) s.threPending = true;
  }

  /**
   * A character arrives from the line, sent with the other end's settings. Characters sent back to back reach the
   * receiver one frame time apart in its own clock (a batch from the cable never arrives faster than the baud rate).
   */
  receive(byte: number, sender: LineSettings): void {
    const last = this.s.wire.at(-1)?.at ?? this.clock.ticks;
    this.s.wire.push({ v: byte, line: { ...sender }, at: Math.ceil(Math.max(last, this.clock.ticks) + (frameBits(sender) * TICKS_PER_SECOND) / sender.baud) });
  }

  private land(byte: number, sender: LineSettings): void {
    const c = receiveCharacter(byte, sender, this.line());
    if (!c) return;
    this.accept({ v: c.value, err: (c.framingError ? LSR_FE : 0) | (c.parityError ? LSR_PE : 0) });
  }

  private accept(c: RxChar): void {
    const s = this.s;
    if (s.rx.length >= this.rxCapacity) { s.lsrErr |= LSR_OE; this.updateIrq(); return; }
    if (s.rx.length === 0) s.lsrErr |= c.err;
    s.rx.push(c);
    s.timeoutFlag = false;
    this.armTimeout();
    this.updateIrq();
  }

  private armTimeout(): void {
    if (this.s.fifoEnabled) this.s.rxTimeoutAt = Math.ceil(this.clock.ticks + 4 * this.charTicks());
  }

  nextDeadline(): number | undefined {
    const s = this.s;
    const all = [s.shift?.doneAt, s.rxTimeoutAt ?? undefined, s.wire[0]?.at].filter((x): x is number => x !== undefined);
    return all.length ? Math.min(...all) : undefined;
  }

  advance(now: number): void {
    const s = this.s;
    while (s.wire.length && s.wire[0]!.at <= now) { const w = s.wire.shift()!; this.land(w.v, w.line); }
    while (s.shift && s.shift.doneAt <= now) {
      const { v, doneAt } = s.shift;
      s.shift = null;
      if (this.loop) this.accept({ v: v & ((1 << this.line().dataBits) - 1), err: 0 });
      else this.onTransmit(v, this.line());
      this.startShift(doneAt); // back to back: the next frame starts as the previous stop bit ends
    }
    if (s.rxTimeoutAt !== null && s.rxTimeoutAt <= now) {
      s.rxTimeoutAt = null;
      if (s.rx.length) s.timeoutFlag = true;
    }
    this.updateIrq();
  }

  saveState(): UartState { return structuredClone(this.s); }
  loadState(state: unknown): void { this.s = structuredClone(state as UartState); this.updateIrq(); }
}
