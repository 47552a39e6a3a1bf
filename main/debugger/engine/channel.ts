// The host's side of the KD connection: manipulate requests answered one at a time, state changes and debug
// output delivered as events. A target that stops answering (a pulled cable) is waited for as KD does: the request
// is sent again and again, `SYNCTARGET: Timeout.` is printed each time a round of resends (or the wait for the
// answer) runs out, and the command completes once the cable is back. Only closing the session ends the wait.
import { KdPort, KdTimeoutError, type PortOptions } from '../../formats/kd/port.ts';
import type { KdLink } from '../../formats/kd/link.ts';
import { DebugIo, PacketType } from '../../formats/kd/constants.ts';
import { decodeDebugIo, decodeResponse, decodeStateChange, encodeGetString, encodeRequest, type ManipulateRequest, type ManipulateResponse, type StateChangePacket } from '../../formats/kd/payload.ts';

const BREAK_IN_RESEND_MS = 1000, BREAK_IN_RESENDS = 30;
/** What KD prints each time the target lets a resynchronization time out. */
export const SYNC_TIMEOUT_LINE = 'SYNCTARGET: Timeout.\n';

/** What the session talks to: a live target over a cable (HostChannel) or a crash dump (DumpChannel). */
export interface KdChannel {
  request<T extends ManipulateResponse = ManipulateResponse>(q: ManipulateRequest, expectResponse?: boolean): Promise<T>;
  breakIn(): void;
  close(): void;
}

export class HostChannel implements KdChannel {
  readonly port: KdPort;
  private waiting?: { api: number; resolve: (r: ManipulateResponse) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout };
  private chain: Promise<unknown> = Promise.resolve();

  constructor(link: KdLink, opts: PortOptions & { requestTimeoutMs?: number } = {},
    private readonly on: { state: (s: StateChangePacket) => void; print: (text: string) => void; prompt?: (text: string, max: number) => void }) {
    this.port = new KdPort(link, opts);
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.port.onPacket((type, data) => {
      if (type === PacketType.STATE_CHANGE64) { clearInterval(this.breakRetry); this.on.state(decodeStateChange(data)); }
      else if (type === PacketType.DEBUG_IO) {
        const io = decodeDebugIo(data);
        if (io.api === DebugIo.GetString) this.on.prompt?.(io.text, io.max ?? 0); else this.on.print(io.text);
      }
      else if (type === PacketType.STATE_MANIPULATE) {
        const r = decodeResponse(data);
        const w = this.waiting;
        if (w && w.api === r.api) { this.waiting = undefined; clearTimeout(w.timer); w.resolve(r); }
      }
    });
  }
  private readonly timeoutMs: number;

  /** Send one request and wait for its response (requests are serialized, as the protocol has one outstanding). */
  request<T extends ManipulateResponse = ManipulateResponse>(q: ManipulateRequest, expectResponse = true): Promise<T> {
    const run = async (): Promise<T> => {
      // Listened for before the request leaves, so an answer that comes at once is not missed.
      const answer = expectResponse ? new Promise<ManipulateResponse>((resolve, reject) => { this.waiting = { api: q.api, resolve, reject }; }) : undefined;
      for (;;) {
        try {
          await this.port.send(PacketType.STATE_MANIPULATE, encodeRequest(q));
          break;
        } catch (e) {
          // A round of resends got no acknowledgement (the cable is out): KD keeps trying until the session ends.
          if (e instanceof KdTimeoutError && !this.closed) { this.on.print(SYNC_TIMEOUT_LINE); continue; }
          if (this.waiting?.api === q.api) this.waiting = undefined;
          throw e;
        }
      }
      // Delivered but not answered yet (the cable was pulled before the answer came over): say so and keep
      // waiting, since the target resends its answer until it is acknowledged.
      const w = this.waiting;
      if (w?.api === q.api) {
        const overdue = () => { if (this.waiting !== w) return; this.on.print(SYNC_TIMEOUT_LINE); w.timer = setTimeout(overdue, this.timeoutMs); };
        w.timer = setTimeout(overdue, this.timeoutMs);
      }
      return (answer ? await answer : { api: q.api, status: 0 }) as T;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  /** The answer to the target's DbgPrompt, in the GetString reply packet. */
  answerPrompt(text: string): Promise<void> {
    return this.port.send(PacketType.DEBUG_IO, encodeGetString(text, text.length));
  }

  /**
   * The break-in byte, sent again each second until the target reports a stop: one sent while the target's receiver
   * was inside a packet cut short by a pulled cable is read as part of that packet, not as a break-in.
   */
  breakIn(): void {
    clearInterval(this.breakRetry);
    this.port.sendBreakIn();
    let left = BREAK_IN_RESENDS;
    this.breakRetry = setInterval(() => { if (--left < 0) clearInterval(this.breakRetry); else this.port.sendBreakIn(); }, BREAK_IN_RESEND_MS);
  }
  private breakRetry?: NodeJS.Timeout;
  /** Closing ends the session: a request still waiting is dropped (its timer would otherwise fire after the end). */
  close(): void {
    this.closed = true;
    clearInterval(this.breakRetry);
    if (this.waiting) { clearTimeout(this.waiting.timer); this.waiting = undefined; }
    this.port.close();
  }
  private closed = false;
}
