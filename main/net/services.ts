// Simple TCP/IP Services' echo (port 7, UDP and TCP), the optional Windows feature: whatever arrives goes back.
// A target with it turned on gives the network something to talk to before its kernel's user mode exists.
import type { NetStack } from './stack.ts';

export const ECHO_PORT = 7;

export function startEchoService(stack: NetStack): () => void {
  let running = true;
  const udp = stack.udpBind(ECHO_PORT);
  void (async () => {
    while (running) {
      const d = await udp.recv().catch(() => undefined);
      if (d && running) udp.send(d.from, d.port, d.data);
    }
  })();
  const tcp = stack.tcpListen(ECHO_PORT);
  void (async () => {
    while (running) {
      const c = await tcp.accept();
      if (!running) { c.abort(); break; }
      void (async () => {
        try {
          for (let b = await c.read(); b; b = await c.read()) await c.write(b);
          c.end();
        } catch { /* the peer reset or vanished */ }
      })();
    }
  })();
  return () => { running = false; udp.close(); tcp.close(); };
}
