// The host computer (where the editor, build and debugger run): its own network adapter on the lab switch with the
// same stack the targets run (driven by wall time here), and its COM ports (what `kd -k com:port=com1` opens).
import { frameBits, receiveCharacter, DEFAULT_LINE, type LineSettings, type ModemOut, type Received } from '../machine/devices/serial-line.ts';
import { parseMac } from '../machine/devices/nic.ts';
import { parseIp } from '../net/addr.ts';
import { NetStack } from '../net/stack.ts';
import type { SerialCables, SerialEndpoint } from './serial-cable.ts';
import type { EthernetSwitch, SwitchPort } from './switch.ts';

export class HostComputer {
  readonly net: NetStack;
  readonly port: SwitchPort;
  readonly com = new Map<number, HostSerialPort>();
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = performance.now();

  constructor(readonly name: string, readonly mac: string, readonly ip: string, netmask: string, private readonly sw: EthernetSwitch, cables: SerialCables) {
    this.net = new NetStack({ name, mac: parseMac(mac), ip: parseIp(ip), netmask: parseIp(netmask) }, () => performance.now() - this.t0);
    this.net.send = (f) => this.sw.input(this.port.id, f);
    this.net.onWake = () => this.reschedule();
    this.port = { id: 'host', deliver: (f) => this.net.receive(f), setLink: (up) => this.net.setLink(up) };
    for (const n of [1, 2]) this.com.set(n, new HostSerialPort(`host:COM${n}`, cables));
  }

  /** Keep one wall-clock timer at the stack's next deadline. */
  private reschedule(): void {
    clearTimeout(this.timer);
    const d = this.net.nextDeadline();
    if (d === undefined) return;
    this.timer = setTimeout(() => { this.net.poll(); this.reschedule(); }, Math.max(0, d - this.net.now()));
    this.timer.unref();
  }

  close(): void { clearTimeout(this.timer); }
}

/**
 * A host COM port: what the host writes leaves at the port's baud rate (10 bit-times per 8N1 character, paced by
 * wall time); what arrives is resampled at the port's settings.
 */
export class HostSerialPort implements SerialEndpoint {
  line: LineSettings = { ...DEFAULT_LINE };
  dtr = true; rts = true;
  peer: ModemOut | null = null;
  readonly received: Received[] = [];
  onData: (chars: Received[]) => void = () => {};
  private out: number[] = [];
  private sentFrom = 0;
  private sentCount = 0;

  constructor(readonly id: string, private readonly cables: SerialCables) {}

  modemOut(): ModemOut { return { dtr: this.dtr, rts: this.rts }; }
  setModemIn(m: ModemOut | null): void { this.peer = m; }

  deliver(bytes: number[], line: LineSettings): void {
    const chars = bytes.map((b) => receiveCharacter(b, line, this.line)).filter((c): c is Received => c !== undefined);
    this.received.push(...chars);
    this.onData(chars);
  }

  /** Queue characters for transmission; resolves when the last one has left. */
  write(bytes: number[] | Uint8Array): Promise<void> {
    this.out.push(...bytes);
    return new Promise((resolve) => {
      const check = (): void => {
        this.pump();
        if (this.out.length === 0) resolve(); else setTimeout(check, 1);
      };
      check();
    });
  }

  private pump(): void {
    const now = performance.now();
    if (this.out.length && this.sentCount === 0) this.sentFrom = now;
    const charMs = (frameBits(this.line) * 1000) / this.line.baud;
    const due = Math.floor((now - this.sentFrom) / charMs) + 1 - this.sentCount;
    if (due > 0 && this.out.length) {
      const batch = this.out.splice(0, due);
      this.sentCount += batch.length;
      this.cables.carry(this.id, batch, { ...this.line });
    }
    if (this.out.length === 0) this.sentCount = 0;
  }
}
