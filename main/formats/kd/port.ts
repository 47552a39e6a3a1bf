// One end of a KD connection: sends data packets one at a time and waits for each acknowledgement, resending on a
// RESEND request or a timeout; acknowledges what it receives, drops duplicates (a lost ack makes the sender repeat
// a packet) and asks for a resend when a packet arrives damaged. Packet ids follow the real protocol: the first
// after a reset carries SYNC_PACKET_ID, then ids alternate in their low bit.
import { BREAKIN_PACKET_BYTE, INITIAL_PACKET_ID, PacketType, SYNC_PACKET_ID } from './constants.ts';
import { encodePacket, PacketParser, type Packet } from './packet.ts';
import type { KdLink } from './link.ts';

export interface PortOptions {
  /** Wait this long for an acknowledgement before resending (ms). */
  resendMs?: number;
  /** Give a packet up after this many resends (the cable was pulled); the next packet carries SYNC_PACKET_ID. */
  maxRetries?: number;
}

export class KdTimeoutError extends Error {}

interface Outgoing { type: number; data: Uint8Array; resolve: () => void; reject: (e: Error) => void; tries: number }

export class KdPort {
  /** Counters for tests and diagnostics. */
  readonly stats = { sent: 0, resent: 0, received: 0, duplicates: 0, damaged: 0, acks: 0 };
  private readonly parser = new PacketParser();
  private readonly queue: Outgoing[] = [];
  private inFlight?: Outgoing;
  private timer?: NodeJS.Timeout;
  private nextId = (INITIAL_PACKET_ID | SYNC_PACKET_ID) >>> 0;
  private expected = (INITIAL_PACKET_ID | SYNC_PACKET_ID) >>> 0;
  private lastAccepted = -1;
  /** After a reset the first packet carries SYNC_PACKET_ID: one without it is a resend from before the reset. */
  private wantSync = true;
  private handler: (type: number, data: Uint8Array) => void = () => {};
  private breakIn: () => void = () => {};
  private resetHandler: () => void = () => {};
  private awaitingReset?: () => void;
  private readonly resendMs: number;
  private readonly maxRetries: number;
  private closed = false;
  private resetTimer?: NodeJS.Timeout;

  constructor(readonly link: KdLink, opts: PortOptions = {}) {
    this.resendMs = opts.resendMs ?? 100;
    this.maxRetries = opts.maxRetries ?? 20;
    link.onReceive((bytes) => this.receive(bytes));
  }

  onPacket(cb: (type: number, data: Uint8Array) => void): void { this.handler = cb; }
  onBreakIn(cb: () => void): void { this.breakIn = cb; }
  /** The other side reset the connection (a debugger (re)connected). */
  onReset(cb: () => void): void { this.resetHandler = cb; }

  /** Queue a data packet; resolves when the other side acknowledged it. */
  send(type: number, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ type, data, resolve, reject, tries: 0 });
      this.pump();
    });
  }

  /** Packets waiting for an acknowledgement or not sent yet. */
  get backlog(): number { return this.queue.length + (this.inFlight ? 1 : 0); }

  sendBreakIn(): void { if (!this.closed) this.link.send(Uint8Array.of(BREAKIN_PACKET_BYTE)); }

  /** Start the connection afresh (ids back to the initial ones); resolves when the other side answers with a reset. */
  reset(): Promise<void> {
    this.resetIds();
    return new Promise((resolve) => {
      const again = () => { if (this.closed) return; this.control(PacketType.RESET, 0); this.resetTimer = setTimeout(again, this.resendMs * 2); };
      this.awaitingReset = () => { clearTimeout(this.resetTimer); resolve(); };
      again();
    });
  }

  /** Say this end (re)started - a target that booted with a debugger possibly listening: one RESET, answered by a
   *  debugger that is there. Resolves true when one answered within `timeoutMs`; otherwise the debugger, when it
   *  comes, resets the connection itself. */
  announce(timeoutMs: number): Promise<boolean> {
    this.resetIds();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { if (this.awaitingReset === done) this.awaitingReset = undefined; resolve(false); }, timeoutMs);
      const done = (): void => { clearTimeout(timer); resolve(true); };
      this.awaitingReset = done;
      this.control(PacketType.RESET, 0);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.resetTimer);
    const pending = [...(this.inFlight ? [this.inFlight] : []), ...this.queue];
    this.queue.length = 0; this.inFlight = undefined;
    for (const p of pending) p.reject(new KdTimeoutError('connection closed'));
    this.link.close();
  }

  private resetIds(): void {
    this.nextId = (INITIAL_PACKET_ID | SYNC_PACKET_ID) >>> 0;
    this.expected = (INITIAL_PACKET_ID | SYNC_PACKET_ID) >>> 0;
    this.lastAccepted = -1;
    this.wantSync = true;
    if (this.inFlight) { this.inFlight.tries = 0; this.transmit(); }
  }

  private control(type: number, id: number): void {
    if (!this.closed) this.link.send(encodePacket({ control: true, type, id, data: new Uint8Array(0) }));
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = next;
    this.transmit();
  }

  private transmit(): void {
    const p = this.inFlight;
    if (!p || this.closed) return;
    clearTimeout(this.timer);
    if (p.tries > 0) this.stats.resent++; else this.stats.sent++;
    p.tries++;
    this.link.send(encodePacket({ control: false, type: p.type, id: this.nextId, data: p.data }));
    this.timer = setTimeout(() => {
      if (this.inFlight !== p) return;
      if (p.tries > this.maxRetries) {
        this.inFlight = undefined;
        // Whether the other side got it (only the ack was lost) is unknown: the next packet takes the other id with
        // SYNC_PACKET_ID, which the receiver accepts either way (never a duplicate, never out of turn).
        this.nextId = (((this.nextId & ~SYNC_PACKET_ID) ^ 1) | SYNC_PACKET_ID) >>> 0;
        p.reject(new KdTimeoutError('no acknowledgement from the other side'));
        this.pump();
      } else this.transmit();
    }, this.resendMs);
  }

  private receive(bytes: Uint8Array): void {
    if (this.closed) return;
    const items = this.parser.feed(bytes);
    if (this.link.mode === 'datagram') this.parser.reset(); // a datagram never continues in the next one
    for (const it of items) {
      if (it.kind === 'break-in') { this.breakIn(); continue; }
      if (it.kind === 'bad') { this.stats.damaged++; this.control(PacketType.RESEND, 0); continue; }
      this.packet(it.packet);
    }
  }

  private packet(p: Packet): void {
    // The header is not covered by the checksum: an id or type that cannot be valid means a damaged header.
    if (((p.id & ~(SYNC_PACKET_ID | 1)) >>> 0) !== INITIAL_PACKET_ID && !(p.control && p.id === 0) || p.type < 1 || p.type > 11) {
      this.stats.damaged++;
      if (!p.control) this.control(PacketType.RESEND, 0);
      return;
    }
    if (p.control) {
      if (p.type === PacketType.ACKNOWLEDGE) {
        if (this.inFlight && p.id === this.nextId) {
          const done = this.inFlight;
          this.inFlight = undefined;
          clearTimeout(this.timer);
          this.stats.acks++;
          this.nextId = ((this.nextId & ~SYNC_PACKET_ID) ^ 1) >>> 0;
          done.resolve();
          this.pump();
        }
      } else if (p.type === PacketType.RESEND) {
        this.transmit();
      } else if (p.type === PacketType.RESET) {
        // A reset asks with id 0 and is answered with a reset carrying a packet id, so two ends that reset at once
        // (a debugger connecting as the target announces its boot) each take the other's as their answer.
        const answer = p.id !== 0;
        const waiting = this.awaitingReset;
        if (answer) { if (waiting) { this.awaitingReset = undefined; waiting(); } return; }
        this.resetIds();
        this.control(PacketType.RESET, INITIAL_PACKET_ID);
        if (waiting) { this.awaitingReset = undefined; waiting(); } else this.resetHandler();
      }
      return;
    }
    const sync = (p.id & SYNC_PACKET_ID) !== 0;
    if (this.wantSync && !sync) { this.stats.duplicates++; return; }
    this.control(PacketType.ACKNOWLEDGE, p.id);
    if (p.id === this.lastAccepted || (!sync && (p.id & ~SYNC_PACKET_ID) >>> 0 !== (this.expected & ~SYNC_PACKET_ID) >>> 0)) {
      this.stats.duplicates++;
      return;
    }
    this.lastAccepted = p.id;
    this.wantSync = false;
    this.expected = ((p.id & ~SYNC_PACKET_ID) ^ 1) >>> 0;
    this.stats.received++;
    this.handler(p.type, p.data);
  }
}
