// The host's side of the test target agent: a TCP connection from the host computer's network stack to the
// agent on a target (found by name, as Visual Studio finds it), requests with their data, replies.
import { formatIp, type Ip } from '../../net/addr.ts';
import { NetError, WSAECONNREFUSED, WSAETIMEDOUT } from '../../net/errors.ts';
import type { TcpConnection } from '../../net/tcp.ts';
import type { LabEngine } from '../lab-engine.ts';
import { AGENT_PORT, encodeFrame, FrameReader, type AgentReply, type AgentRequest, type Hello } from '../../../kernel/boot/agent/protocol.ts';

export class AgentError extends Error {
  constructor(message: string, readonly code?: number) { super(message); this.name = 'AgentError'; }
}

export class AgentClient {
  private readonly reader: FrameReader;
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private readonly c: TcpConnection, readonly ip: Ip) { this.reader = new FrameReader(c); }

  /** Connect to the agent at `ip`; rejects with the socket error (10061 refused, 10060 timed out). */
  static async connect(lab: LabEngine, ip: Ip): Promise<AgentClient> {
    return new AgentClient(await lab.host.net.tcpConnect(ip, AGENT_PORT), ip);
  }

  get address(): string { return formatIp(this.ip); }

  /** One request; the reply's value, or an AgentError with the target's message. */
  request<T = unknown>(r: AgentRequest, data?: Uint8Array): Promise<T> {
    const p = this.queue.then(async () => {
      await this.c.write(encodeFrame(r, data));
      const f = await this.reader.next();
      if (!f) throw new AgentError(`The connection to the target was closed during "${r.op}".`);
      const reply = f.header as AgentReply;
      if (!reply.ok) throw new AgentError(reply.error, reply.code);
      return reply.value as T;
    });
    this.queue = p.catch(() => {});
    return p;
  }

  hello(): Promise<Hello> { return this.request<Hello>({ op: 'hello' }); }

  close(): void { this.c.end(); }
}

/** Whether a connect failure means "nothing listens there" (refused) or "nothing answered" (timed out). */
export function socketError(e: unknown): number | undefined {
  return e instanceof NetError ? e.code : undefined;
}
export { WSAECONNREFUSED, WSAETIMEDOUT };
