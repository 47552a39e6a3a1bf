// The virtual Ethernet adapter (I/O ports 0xC000-0xC03F, IRQ 11): a MAC address, a receive queue and a transmit
// path through plain 32-bit registers (our own interface; only our kernel's miniport drives it).
//   0x00 CTRL    bit0 RXEN (a driver takes received frames from the registers), bit1 TXEN, bit2 RESET
//   0x04 STATUS  bit0 link up, bit1 a received frame is waiting, bit2 receive queue full
//   0x08 IMR / 0x0C ISR (write 1 to clear)   bit0 frame received, bit1 frame sent, bit2 link changed
//   0x10 MAC bytes 0-3, 0x14 MAC bytes 4-5
//   0x18 TXLEN (write: begin a frame of n bytes), 0x1C TXDATA (write 1/2/4 bytes in order), 0x20 TXCMD (1: send)
//   0x24 RXLEN (length of the oldest waiting frame, 0 if none), 0x28 RXDATA (read in order), 0x2C RXCMD (1: drop it)
//   0x30 frames dropped because the receive queue was full
// Until a driver sets RXEN, received frames go to the machine's own network stack (`builtin`).
import type { IoBus, InterruptController, IoSize } from '../bus.ts';
import { fromBase64, toBase64, type Device } from './device.ts';

export const NIC_BASE = 0xc000, NIC_PORTS = 0x40, NIC_IRQ = 11;
export const NIC_RX_QUEUE = 64;
const MAX_FRAME = 1518;

export function parseMac(mac: string): Uint8Array {
  const parts = mac.split(/[-:]/).map((h) => parseInt(h, 16));
  if (parts.length !== 6 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad MAC address ${mac}`);
  return new Uint8Array(parts);
}
export const formatMac = (m: Uint8Array): string => [...m].map((b) => b.toString(16).padStart(2, '0')).join('-');

interface NicState { mac: string; ctrl: number; imr: number; isr: number; link: boolean; rx: string[]; dropped: number; tx: string | null; txPos: number; rxPos: number }

export class Nic implements Device {
  readonly name = 'NIC';
  private mac: Uint8Array;
  private ctrl = 0; private imr = 0; private isr = 0;
  private link = false;
  private rx: Uint8Array[] = [];
  private rxPos = 0;
  private tx: Uint8Array | null = null;
  private txPos = 0;
  private dropped = 0;
  /** A frame leaves the adapter onto the cable. */
  onFrame: (frame: Uint8Array) => void = () => {};
  /** The machine's own stack, used while no driver has enabled receive. */
  builtin: ((frame: Uint8Array) => void) | null = null;

  constructor(mac: string, bus: IoBus, private readonly pic: InterruptController) {
    this.mac = parseMac(mac);
    bus.register(NIC_BASE, NIC_PORTS, 'NIC', { read: (o, z) => this.read(o, z), write: (o, v, z) => this.write(o, v, z) });
  }

  get macAddress(): string { return formatMac(this.mac); }
  get macBytes(): Uint8Array { return this.mac.slice(); }
  get linkUp(): boolean { return this.link; }

  reset(): void { this.ctrl = 0; this.imr = 0; this.isr = 0; this.rx = []; this.rxPos = 0; this.tx = null; this.txPos = 0; this.update(); }

  /** Cable plugged or unplugged at the switch. */
  setLink(up: boolean): void {
    if (up === this.link) return;
    this.link = up;
    this.isr |= 4;
    this.update();
  }

  /** A frame arrives from the cable. */
  deliver(frame: Uint8Array): void {
    if (!this.link) return;
    if (!(this.ctrl & 1)) { this.builtin?.(frame); return; }
    if (this.rx.length >= NIC_RX_QUEUE) { this.dropped++; return; }
    this.rx.push(frame);
    this.isr |= 1;
    this.update();
  }

  /** Transmit (from the registers or the machine's own stack). Dropped while the link is down, as a real PHY does. */
  send(frame: Uint8Array): boolean {
    if (!this.link || frame.length < 14 || frame.length > MAX_FRAME) return false;
    this.onFrame(frame);
    return true;
  }

  private read(off: number, size: IoSize): number {
    switch (off) {
      case 0x00: return this.ctrl;
      case 0x04: return (this.link ? 1 : 0) | (this.rx.length ? 2 : 0) | (this.rx.length >= NIC_RX_QUEUE ? 4 : 0);
      case 0x08: return this.imr;
      case 0x0c: return this.isr;
      case 0x10: return this.mac[0]! | (this.mac[1]! << 8) | (this.mac[2]! << 16) | (this.mac[3]! << 24);
      case 0x14: return this.mac[4]! | (this.mac[5]! << 8);
      case 0x24: return this.rx[0]?.length ?? 0;
      case 0x28: {
        const f = this.rx[0];
        if (!f) return 0;
        let v = 0;
        for (let i = 0; i < size; i++) v |= (f[this.rxPos + i] ?? 0) << (8 * i);
        this.rxPos += size;
        return v >>> 0;
      }
      case 0x30: return this.dropped;
      default: return 0;
    }
  }

  private write(off: number, v: number, size: IoSize): void {
    switch (off) {
      case 0x00:
        if (v & 4) { this.reset(); return; }
        this.ctrl = v & 3;
        break;
      case 0x08: this.imr = v & 7; break;
      case 0x0c: this.isr &= ~v; break;
      case 0x18: this.tx = new Uint8Array(Math.min(v, MAX_FRAME)); this.txPos = 0; break;
      case 0x1c:
        if (this.tx) for (let i = 0; i < size; i++) if (this.txPos < this.tx.length) this.tx[this.txPos++] = (v >>> (8 * i)) & 0xff;
        break;
      case 0x20:
        if (v & 1 && this.tx && this.ctrl & 2) { this.send(this.tx); this.tx = null; this.isr |= 2; }
        break;
      case 0x2c:
        if (v & 1 && this.rx.length) { this.rx.shift(); this.rxPos = 0; if (this.rx.length) this.isr |= 1; }
        break;
    }
    this.update();
  }

  private update(): void { this.pic.set(NIC_IRQ, (this.isr & this.imr) !== 0); }

  saveState(): NicState {
    return { mac: formatMac(this.mac), ctrl: this.ctrl, imr: this.imr, isr: this.isr, link: this.link, rx: this.rx.map(toBase64),
      dropped: this.dropped, tx: this.tx ? toBase64(this.tx) : null, txPos: this.txPos, rxPos: this.rxPos };
  }
  loadState(state: unknown): void {
    const s = state as NicState;
    this.mac = parseMac(s.mac); this.ctrl = s.ctrl; this.imr = s.imr; this.isr = s.isr; this.link = s.link;
    this.rx = s.rx.map(fromBase64); this.dropped = s.dropped; this.tx = s.tx ? fromBase64(s.tx) : null; this.txPos = s.txPos; this.rxPos = s.rxPos;
    this.update();
  }
}
