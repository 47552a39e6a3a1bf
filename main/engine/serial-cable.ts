// Null-modem serial cables between COM ports (a target's UART or the host's port). A cable carries characters
// framed by the sender's line settings and the modem lines; each receiver resamples at its own settings, so a baud
// mismatch garbles and raises framing errors. Bytes still on their way when a cable is pulled are lost.
import type { LineSettings, ModemOut } from '../machine/devices/serial-line.ts';

export interface SerialEndpoint {
  /** "host:COM1", "MyTestComputer:COM1". */
  readonly id: string;
  deliver(bytes: number[], line: LineSettings): void;
  /** The far end's DTR/RTS, or null when unplugged. */
  setModemIn(m: ModemOut | null): void;
  /** This end's current DTR/RTS (raised again on plug). */
  modemOut(): ModemOut;
}

export class SerialCable {
  constructor(readonly a: SerialEndpoint, readonly b: SerialEndpoint) {
    a.setModemIn(b.modemOut());
    b.setModemIn(a.modemOut());
  }
  other(id: string): SerialEndpoint | undefined { return id === this.a.id ? this.b : id === this.b.id ? this.a : undefined; }
  ends(): [string, string] { return [this.a.id, this.b.id]; }
}

export class SerialCables {
  private readonly cables = new Set<SerialCable>();
  readonly counters = { carried: 0, lost: 0 };

  connect(a: SerialEndpoint, b: SerialEndpoint): SerialCable {
    for (const id of [a.id, b.id]) if (this.find(id)) throw new Error(`${id} already has a cable plugged in`);
    const c = new SerialCable(a, b);
    this.cables.add(c);
    return c;
  }

  find(id: string): SerialCable | undefined {
    const key = id.toLowerCase();
    for (const c of this.cables) if (c.a.id.toLowerCase() === key || c.b.id.toLowerCase() === key) return c;
    return undefined;
  }

  unplug(id: string): boolean {
    const c = this.find(id);
    if (!c) return false;
    this.cables.delete(c);
    c.a.setModemIn(null);
    c.b.setModemIn(null);
    return true;
  }

  /** Characters leave `from`'s transmitter. */
  carry(from: string, bytes: number[], line: LineSettings): void {
    const to = this.find(from)?.other(from);
    if (!to) { this.counters.lost += bytes.length; return; }
    this.counters.carried += bytes.length;
    to.deliver(bytes, line);
  }

  modem(from: string, m: ModemOut): void { this.find(from)?.other(from)?.setModemIn(m); }

  list(): [string, string][] { return [...this.cables].map((c) => c.ends()); }
}
