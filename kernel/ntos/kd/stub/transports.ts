// The target ends of the debug cables. KDNET: KD datagrams in UDP on the machine's own network stack, sent to the
// host address and port the BCD names (the target announces itself until the host answers, so the host learns where
// it is). KDCOM: the KD byte stream on the COM port the BCD names, set up through its 16550 registers.
import type { KdLink } from '../../../../main/formats/kd/link.ts';
import type { Machine } from '../../../../main/machine/machine.ts';
import type { NetStack, UdpSocket } from '../../../../main/net/stack.ts';
import { parseIp } from '../../../../main/net/addr.ts';
import { Fragmenter, Reassembler } from '../../../../main/formats/kd/udp-fragments.ts';
import { LCR_DLAB, MCR_DTR, MCR_OUT2, MCR_RTS, UART_CLOCK_BAUD, UART_IER, UART_LCR, UART_MCR, UART_RBR_THR } from '../../../../main/machine/devices/uart16550.ts';
import { receiveCharacter, type LineSettings } from '../../../../main/machine/devices/serial-line.ts';

/** The datagram a KDNET target sends while no host has answered (not sealed: it carries nothing but "here I am"). */
export const KDNET_HELLO = Uint8Array.of(0x4b, 0x44, 0x4e, 0x50); // "KDNP"
export const KDNET_TARGET_PORT = 50005;

export function isHello(d: Uint8Array): boolean { return d.length === 4 && d.every((b, i) => b === KDNET_HELLO[i]); }

/** The target's KDNET datagram link (wrap it in a KdnetLink with the key). */
export function targetUdpLink(net: NetStack, hostIp: string, hostPort: number, helloMs = 500): KdLink {
  const sock: UdpSocket = net.udpBind(KDNET_TARGET_PORT);
  const host = parseIp(hostIp);
  let rx: (b: Uint8Array) => void = () => {};
  let closed = false;
  const frag = new Fragmenter(), joiner = new Reassembler();
  const hello = setInterval(() => { if (!closed) sock.send(host, hostPort, KDNET_HELLO); }, helloMs);
  hello.unref();
  sock.send(host, hostPort, KDNET_HELLO);
  void (async () => {
    while (!closed) {
      const d = await sock.recv().catch(() => undefined); // a port-unreachable error: the host is not listening yet
      if (!d || d.from !== host || closed) continue;
      const whole = joiner.add(d.data);
      if (whole) rx(whole);
    }
  })();
  return {
    mode: 'datagram',
    send: (b) => { if (!closed) for (const f of frag.split(b)) sock.send(host, hostPort, f); },
    onReceive: (cb) => { rx = cb; },
    close: () => { closed = true; clearInterval(hello); sock.close(); },
  };
}

/** How long a KDCOM end waits for an acknowledgement: twice the time the largest packet takes on the line. */
export function serialResendMs(baud: number): number {
  return Math.max(100, Math.ceil((2 * 4096 * 10 * 1000) / baud));
}

/**
 * The target's KDCOM link over a COM port at `baud` (8N1). The port is the debugger's own: characters are taken at
 * the line, resampled at the port's settings (a baud mismatch garbles them, as on hardware), rather than through
 * the 16-byte FIFO a polled driver would have to empty every few microseconds.
 */
export function targetUartLink(m: Machine, com: 1 | 2, baud: number): KdLink {
  const uart = com === 1 ? m.com1 : m.com2;
  const base = uart.base, io = m.bus;
  const divisor = Math.max(1, Math.round(UART_CLOCK_BAUD / baud));
  io.out(base + UART_LCR, LCR_DLAB);
  io.out(base + UART_RBR_THR, divisor & 0xff);
  io.out(base + UART_IER, divisor >> 8);
  io.out(base + UART_LCR, 0x03); // 8N1
  io.out(base + UART_IER, 0); // no interrupts: nobody else uses the debug port
  io.out(base + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
  let rx: (b: Uint8Array) => void = () => {};
  let closed = false;
  const line = uart.line();
  const original = uart.receive.bind(uart);
  uart.receive = (byte: number, sender: LineSettings): void => {
    if (closed) { original(byte, sender); return; }
    const c = receiveCharacter(byte, sender, line);
    if (c) rx(Uint8Array.of(c.value));
  };
  return {
    mode: 'stream',
    send: (b) => { if (!closed) for (const x of b) uart.onTransmit(x, line); },
    onReceive: (cb) => { rx = cb; },
    close: () => { closed = true; uart.receive = original; },
  };
}
