// One TCP connection: three-way handshake, in-order delivery (out-of-order segments are kept until the gap fills),
// retransmission on loss (timeout with go-back-N, fast retransmit on three duplicate ACKs, partial-ACK recovery),
// flow control by the advertised window with zero-window probes, FIN and RST. Sequence numbers are kept relative
// to the initial sequence numbers (so arithmetic never wraps); they wrap only on the wire.
import { ByteQueue } from './bytequeue.ts';
import { NetError, WSAECONNABORTED, WSAECONNREFUSED, WSAECONNRESET, WSAENOTCONN, WSAETIMEDOUT } from './errors.ts';
import type { Ip } from './addr.ts';
import { ACK, FIN, PSH, RST, SYN, type Segment } from './tcp-segment.ts';
import type { Timers } from './timers.ts';

export type TcpState = 'SYN_SENT' | 'SYN_RCVD' | 'ESTABLISHED' | 'FIN_WAIT_1' | 'FIN_WAIT_2' | 'CLOSE_WAIT' | 'CLOSING' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSED';

export const TCP_MSS = 1460;
export const TCP_BUFFER = 256 * 1024;
const MIN_RTO = 200, MAX_RTO = 10_000, INITIAL_RTO = 1000, TIME_WAIT_MS = 1000;
/** Windows' defaults: a SYN is retransmitted twice, data five times, before the connection fails. */
export const TCP_CONNECT_RETRIES = 2, TCP_DATA_RETRIES = 5;

export interface TcpEnv {
  now(): number;
  readonly timers: Timers;
  output(c: TcpConnection, s: Segment): void;
  /** A passively opened connection completed its handshake. */
  established(c: TcpConnection): void;
  /** The connection reached CLOSED and leaves the table. */
  closed(c: TcpConnection): void;
}

interface Waiter<T> { resolve: (v: T) => void; reject: (e: Error) => void }

export class TcpConnection {
  state: TcpState;
  // Send side, relative to iss (the SYN is 0, the first data byte 1).
  private sndUna = 0; private sndNxt = 0; private sndMax = 0; private sndWnd = 0; private sendBase = 1;
  private readonly sendBuf = new ByteQueue();
  private finQueued = false; private finSeq: number | undefined;
  private peerMss = 536;
  // Receive side, relative to irs.
  private irs = 0; private rcvNxt = 0;
  private readonly recvBuf = new ByteQueue();
  private readonly ooo = new Map<number, Uint8Array>(); private oooBytes = 0; private peerFinAt: number | undefined;
  private peerFin = false;
  // Timing.
  private rto = INITIAL_RTO; private srtt: number | undefined; private rttvar = 0; private retries = 0;
  private rtx: number | undefined; private timed: { seq: number; at: number } | undefined;
  private dupAcks = 0; private recover = -1; private timeWait: number | undefined;
  // The application.
  private readonly readers: Waiter<Uint8Array | null>[] = [];
  private readonly writers: (Waiter<void> & { data: Uint8Array })[] = [];
  private connectWaiter: Waiter<void> | undefined;
  error: NetError | undefined;
  private closedResolve!: () => void;
  readonly closed = new Promise<void>((r) => { this.closedResolve = r; });
  /** Statistics (what `netstat -s` would count). */
  readonly stats = { segmentsSent: 0, retransmits: 0, fastRetransmits: 0 };

  constructor(private readonly env: TcpEnv, readonly localIp: Ip, readonly localPort: number, readonly remoteIp: Ip,
    readonly remotePort: number, private readonly iss: number, passive?: { irs: number; mss?: number; window: number }) {
    if (passive) {
      this.state = 'SYN_RCVD';
      this.irs = passive.irs; this.rcvNxt = 1; this.peerMss = passive.mss ?? 536; this.sndWnd = passive.window;
      this.sendSyn();
    } else {
      this.state = 'SYN_SENT';
      this.sendSyn();
    }
  }

  /** Resolves when an active open completes. */
  connected(): Promise<void> {
    if (this.state !== 'SYN_SENT') return this.error ? Promise.reject(this.error) : Promise.resolve();
    return new Promise((resolve, reject) => { this.connectWaiter = { resolve, reject }; });
  }

  private get mss(): number { return Math.min(TCP_MSS, this.peerMss); }
  private window(): number { return Math.max(0, Math.min(0xffff, TCP_BUFFER - this.recvBuf.length - this.oooBytes)); }
  private wire(rel: number, base: number): number { return (base + rel) >>> 0; }

  private send(flags: number, seq: number, data: Uint8Array = new Uint8Array(0), mss?: number): void {
    this.stats.segmentsSent++;
    this.env.output(this, {
      srcPort: this.localPort, dstPort: this.remotePort, seq: this.wire(seq, this.iss),
      ack: flags & ACK ? this.wire(this.rcvNxt, this.irs) : 0, flags, window: this.window(), mss, data,
    });
  }
  private sendAck(): void { this.send(ACK, this.sndNxt); }

  private sendSyn(): void {
    this.send(this.state === 'SYN_RCVD' ? SYN | ACK : SYN, 0, undefined, TCP_MSS);
    this.sndNxt = this.sndMax = 1;
    this.armRtx();
  }

  private armRtx(): void {
    if (this.rtx === undefined) this.rtx = this.env.timers.add(this.env.now() + this.rto, () => { this.rtx = undefined; this.onTimeout(); });
  }
  private restartRtx(): void { this.env.timers.cancel(this.rtx); this.rtx = undefined; this.armRtx(); }

  /** A segment for this connection arrived. */
  input(s: Segment): void {
    if (this.state === 'CLOSED') return;
    if (this.state === 'SYN_SENT') return this.inputSynSent(s);
    if (s.flags & RST) {
      if (this.state === 'SYN_RCVD') this.finish(undefined); else this.fail(new NetError(WSAECONNRESET));
      return;
    }
    if (s.flags & SYN) {
      if (this.state === 'SYN_RCVD' && s.seq === this.irs) this.send(SYN | ACK, 0, undefined, TCP_MSS);
      else this.sendAck();
      return;
    }
    if (!(s.flags & ACK)) return;
    const ack = (s.ack - this.iss) >>> 0;
    if (this.state === 'SYN_RCVD') {
      if (ack < 1 || ack > this.sndMax) return;
      this.state = 'ESTABLISHED';
      this.sndUna = 1; this.retries = 0; this.rto = INITIAL_RTO;
      this.env.timers.cancel(this.rtx); this.rtx = undefined;
      this.env.established(this);
    }
    this.processAck(ack, s);
    if (s.data.length || s.flags & FIN) this.processData(s);
    this.pump();
  }

  private inputSynSent(s: Segment): void {
    const ackOk = (s.flags & ACK) !== 0 && ((s.ack - this.iss) >>> 0) === 1;
    if (s.flags & RST) { if (ackOk) this.fail(new NetError(WSAECONNREFUSED)); return; }
    if (!(s.flags & SYN) || !ackOk) return;
    this.irs = s.seq; this.rcvNxt = 1; this.peerMss = s.mss ?? 536;
    this.sndUna = 1; this.sndWnd = s.window; this.retries = 0; this.rto = INITIAL_RTO;
    this.env.timers.cancel(this.rtx); this.rtx = undefined;
    this.state = 'ESTABLISHED';
    this.sendAck();
    this.connectWaiter?.resolve();
    this.connectWaiter = undefined;
    this.pump();
  }

  private processAck(ack: number, s: Segment): void {
    if (ack > this.sndUna && ack <= this.sndMax) {
      const dataEnd = this.sendBase + this.sendBuf.length;
      const dataAcked = Math.min(ack, dataEnd) - this.sendBase;
      if (dataAcked > 0) { this.sendBuf.drop(dataAcked); this.sendBase += dataAcked; }
      this.sndUna = ack;
      if (this.sndNxt < ack) this.sndNxt = ack;
      this.retries = 0;
      if (this.timed && ack > this.timed.seq) { this.sampleRtt(this.env.now() - this.timed.at); this.timed = undefined; }
      if (this.recover >= 0) {
        if (ack < this.recover) this.retransmitOne(); else this.recover = -1;
      }
      this.dupAcks = 0;
      if (this.sndUna === this.sndMax) { this.env.timers.cancel(this.rtx); this.rtx = undefined; } else this.restartRtx();
      if (this.finSeq !== undefined && ack > this.finSeq) this.finAcked();
      this.admitWriters();
    } else if (ack === this.sndUna && s.data.length === 0 && !(s.flags & FIN) && this.sndMax > this.sndUna && s.window === this.sndWnd) {
      if (++this.dupAcks === 3 && this.recover < 0) {
        this.recover = this.sndMax;
        this.stats.fastRetransmits++;
        this.retransmitOne();
      }
    }
    this.sndWnd = s.window;
  }

  private sampleRtt(r: number): void {
    if (this.srtt === undefined) { this.srtt = r; this.rttvar = r / 2; }
    else { this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r); this.srtt = 0.875 * this.srtt + 0.125 * r; }
    this.rto = Math.min(MAX_RTO, Math.max(MIN_RTO, this.srtt + 4 * this.rttvar));
  }

  private processData(s: Segment): void {
    const seq = (s.seq - this.irs) >>> 0;
    const fin = (s.flags & FIN) !== 0;
    if (fin) this.peerFinAt = seq + s.data.length;
    if (seq > this.rcvNxt) {
      // A gap: keep the segment if it fits the window, and say what we still expect (a duplicate ACK).
      if (s.data.length && !this.ooo.has(seq) && s.data.length <= this.window()) { this.ooo.set(seq, s.data.slice()); this.oooBytes += s.data.length; }
      this.sendAck();
      return;
    }
    this.accept(seq, s.data);
    for (let progressed = true; progressed;) {
      progressed = false;
      for (const [o, d] of this.ooo) {
        if (o > this.rcvNxt) continue;
        this.ooo.delete(o); this.oooBytes -= d.length;
        this.accept(o, d);
        progressed = true;
      }
    }
    if (this.peerFinAt !== undefined && this.rcvNxt === this.peerFinAt && !this.peerFin) {
      this.peerFin = true;
      this.rcvNxt++;
      if (this.state === 'ESTABLISHED') this.state = 'CLOSE_WAIT';
      else if (this.state === 'FIN_WAIT_1') this.state = 'CLOSING';
      else if (this.state === 'FIN_WAIT_2') this.enterTimeWait();
    }
    this.sendAck();
    this.serveReaders();
  }

  private accept(seq: number, data: Uint8Array): void {
    const skip = this.rcvNxt - seq;
    if (skip >= data.length) return;
    const room = TCP_BUFFER - this.recvBuf.length - this.oooBytes;
    const part = data.subarray(skip, skip + Math.max(0, room));
    if (part.length) { this.recvBuf.push(part.slice()); this.rcvNxt += part.length; }
  }

  /** Send what the window allows, and the FIN once every byte is out. */
  private pump(): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE_WAIT' && this.state !== 'FIN_WAIT_1' && this.state !== 'CLOSING' && this.state !== 'LAST_ACK') return;
    for (;;) {
      const dataEnd = this.sendBase + this.sendBuf.length;
      const room = this.sndUna + this.sndWnd - this.sndNxt;
      if (this.sndNxt < dataEnd) {
        const len = Math.min(this.mss, dataEnd - this.sndNxt, room);
        if (len <= 0) { if (this.sndWnd === 0) this.armRtx(); break; } // zero window: the timer sends a probe
        const fin = this.finQueued && this.sndNxt + len === dataEnd;
        this.transmit(this.sndNxt, len, fin);
        this.sndNxt += len + (fin ? 1 : 0);
      } else if (this.finQueued && this.sndNxt === dataEnd) {
        this.transmit(this.sndNxt, 0, true);
        this.sndNxt++;
      } else break;
      if (this.sndNxt > this.sndMax) { if (!this.timed) this.timed = { seq: this.sndNxt - 1, at: this.env.now() }; this.sndMax = this.sndNxt; }
      this.armRtx();
    }
  }

  private transmit(seq: number, len: number, fin: boolean): void {
    const data = this.sendBuf.peek(seq - this.sendBase, len);
    if (fin && this.finSeq === undefined) {
      this.finSeq = seq + len;
      if (this.state === 'ESTABLISHED') this.state = 'FIN_WAIT_1';
      else if (this.state === 'CLOSE_WAIT') this.state = 'LAST_ACK';
    }
    if (seq < this.sndMax) this.stats.retransmits++;
    this.send(ACK | (len ? PSH : 0) | (fin ? FIN : 0), seq, data);
  }

  private retransmitOne(): void {
    const dataEnd = this.sendBase + this.sendBuf.length;
    const len = Math.min(this.mss, Math.max(0, dataEnd - this.sndUna));
    this.transmit(this.sndUna, len, this.finSeq !== undefined && this.sndUna + len === this.finSeq);
  }

  private onTimeout(): void {
    if (this.state === 'CLOSED' || this.state === 'TIME_WAIT') return;
    if (this.state === 'SYN_SENT' || this.state === 'SYN_RCVD') {
      if (++this.retries > TCP_CONNECT_RETRIES) {
        if (this.state === 'SYN_RCVD') this.finish(undefined); else this.fail(new NetError(WSAETIMEDOUT));
        return;
      }
      this.rto = Math.min(MAX_RTO, this.rto * 2);
      this.send(this.state === 'SYN_RCVD' ? SYN | ACK : SYN, 0, undefined, TCP_MSS);
      this.stats.retransmits++;
      this.armRtx();
      return;
    }
    const dataEnd = this.sendBase + this.sendBuf.length;
    if (this.sndWnd === 0 && this.sndUna < dataEnd) {
      // Zero-window probe: one byte past the window, sent again until the peer answers (its ACK, which carries the
      // new window, may be lost); a peer that keeps its window shut is probed for as long as it answers.
      this.transmit(this.sndUna, 1, false);
      this.sndNxt = Math.max(this.sndNxt, this.sndUna + 1); this.sndMax = Math.max(this.sndMax, this.sndNxt);
      this.armRtx();
      return;
    }
    if (this.sndUna === this.sndMax) return;
    if (++this.retries > TCP_DATA_RETRIES) { this.fail(new NetError(WSAECONNABORTED)); return; }
    this.rto = Math.min(MAX_RTO, this.rto * 2);
    this.timed = undefined; // Karn: no RTT samples from retransmitted data
    this.recover = -1; this.dupAcks = 0;
    this.sndNxt = this.sndUna;
    this.pump();
    this.armRtx();
  }

  private finAcked(): void {
    if (this.state === 'FIN_WAIT_1') this.state = 'FIN_WAIT_2';
    else if (this.state === 'CLOSING') this.enterTimeWait();
    else if (this.state === 'LAST_ACK') this.finish(undefined);
  }

  private enterTimeWait(): void {
    this.state = 'TIME_WAIT';
    this.env.timers.cancel(this.rtx); this.rtx = undefined;
    this.serveReaders();
    this.timeWait = this.env.timers.add(this.env.now() + TIME_WAIT_MS, () => this.finish(undefined));
  }

  // --- the application side ---

  /** Queue bytes to send; resolves once they fit in the send buffer. */
  write(data: Uint8Array): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.finQueued || this.state === 'CLOSED' || this.state === 'SYN_SENT') return Promise.reject(new NetError(WSAENOTCONN));
    return new Promise((resolve, reject) => {
      this.writers.push({ data: data.slice(), resolve, reject });
      this.admitWriters();
      this.pump();
    });
  }

  private admitWriters(): void {
    while (this.writers.length && this.sendBuf.length < TCP_BUFFER) {
      const w = this.writers.shift()!;
      this.sendBuf.push(w.data);
      w.resolve();
    }
  }

  /** The next bytes received, or null at the end of the stream (the peer's FIN). */
  read(): Promise<Uint8Array | null> {
    return new Promise((resolve, reject) => { this.readers.push({ resolve, reject }); this.serveReaders(); });
  }

  private serveReaders(): void {
    while (this.readers.length) {
      if (this.recvBuf.length) {
        const before = this.window();
        this.readers.shift()!.resolve(this.recvBuf.take(64 * 1024));
        if (before < 2 * TCP_MSS && this.window() >= 2 * TCP_MSS && this.state !== 'CLOSED') this.sendAck(); // window update
      } else if (this.peerFin) this.readers.shift()!.resolve(null);
      else if (this.error) this.readers.shift()!.reject(this.error);
      else return;
    }
  }

  /** Graceful close: the FIN follows the data already written. */
  end(): void {
    if (this.finQueued || this.state === 'CLOSED') return;
    this.finQueued = true;
    for (const w of this.writers.splice(0)) { this.sendBuf.push(w.data); w.resolve(); }
    this.pump();
  }

  /** Abortive close: RST to the peer. */
  abort(): void {
    if (this.state === 'CLOSED') return;
    if (this.state !== 'SYN_SENT') this.send(RST | ACK, this.sndNxt);
    this.fail(new NetError(WSAECONNABORTED));
  }

  private fail(e: NetError): void {
    this.error = e;
    this.connectWaiter?.reject(e); this.connectWaiter = undefined;
    for (const w of this.writers.splice(0)) w.reject(e);
    this.finish(e);
  }

  private finish(e: NetError | undefined): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    if (e) this.error = e;
    this.env.timers.cancel(this.rtx); this.rtx = undefined;
    this.env.timers.cancel(this.timeWait);
    if (!this.peerFin && !this.error) this.error = new NetError(WSAECONNRESET);
    this.serveReaders();
    this.env.closed(this);
    this.closedResolve();
  }
}
