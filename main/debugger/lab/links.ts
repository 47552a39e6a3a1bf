// The host ends of the debug cables: `-k net:port=N,key=K` listens on UDP port N of the host computer's own
// network stack and talks to whichever target announced itself there; `-k com:port=comN,baud=B` opens the host's
// COM port at that speed.
import type { KdLink } from '../../formats/kd/link.ts';
import type { HostComputer, HostSerialPort } from '../../engine/host.ts';
import { formatIp, type Ip } from '../../net/addr.ts';
import { Fragmenter, Reassembler } from '../../formats/kd/udp-fragments.ts';
import { isHello } from '../../../kernel/ntos/kd/stub/transports.ts';

export interface HostUdpLink extends KdLink {
  /** The target that announced itself (undefined until one did). */
  readonly peer: { ip: string; port: number } | undefined;
  /** Resolves when the first datagram from a target arrived. */
  readonly heard: Promise<void>;
}

export function hostUdpLink(host: HostComputer, port: number): HostUdpLink {
  const sock = host.net.udpBind(port);
  let peer: { ip: Ip; port: number } | undefined;
  let rx: (b: Uint8Array) => void = () => {};
  let closed = false;
  const frag = new Fragmenter(), joiner = new Reassembler();
  let heard!: () => void;
  const heardP = new Promise<void>((r) => { heard = r; });
  void (async () => {
    while (!closed) {
      const d = await sock.recv().catch(() => undefined);
      if (!d || closed) continue;
      if (!peer || peer.ip !== d.from || peer.port !== d.port) { peer = { ip: d.from, port: d.port }; heard(); }
      const whole = isHello(d.data) ? undefined : joiner.add(d.data);
      if (whole) rx(whole);
    }
  })();
  return {
    mode: 'datagram',
    get peer() { return peer ? { ip: formatIp(peer.ip), port: peer.port } : undefined; },
    heard: heardP,
    send: (b) => { if (peer && !closed) for (const f of frag.split(b)) sock.send(peer.ip, peer.port, f); }, // before a target spoke there is nowhere to send
    onReceive: (cb) => { rx = cb; },
    close: () => { closed = true; sock.close(); },
  };
}

export function hostSerialLink(com: HostSerialPort, baud: number): KdLink {
  com.line = { ...com.line, baud, dataBits: 8, parity: 'none', stopBits: 1 };
  let rx: (b: Uint8Array) => void = () => {};
  let closed = false;
  // Damaged characters still reach the packet parser: its checksum asks for a resend, as on a real line.
  com.onData = (chars) => { if (!closed && chars.length) rx(Uint8Array.from(chars.map((c) => c.value))); };
  return {
    mode: 'stream',
    send: (b) => { if (!closed) void com.write(b); },
    onReceive: (cb) => { rx = cb; },
    close: () => { closed = true; com.onData = () => {}; },
  };
}
