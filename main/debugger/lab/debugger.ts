// `windbg -k …` / `kd -k …` at the host prompt: a KdSession over the lab's cables (the host computer's UDP stack or
// its COM port), returned as the `kd>` console. The connection completes whenever the target's stub answers (it
// may boot later); until then the session waits, as WinDbg's "Waiting to reconnect..." does.
import type { LabEngine } from '../../engine/lab-engine.ts';
import type { Console } from '../../cli/play.ts';
import { KdnetLink } from '../../formats/kd/kdnet.ts';
import { KdSession, type ConnectOptions } from '../engine/session.ts';
import { kdConsole } from '../engine/console.ts';
import { hostSerialLink, hostUdpLink } from './links.ts';
import { serialResendMs } from '../../../kernel/ntos/kd/stub/transports.ts';

/** What the host prompt parsed (the shape main/cli/lab-console.ts KdConnect has). */
export type LabKdConnect = { transport: 'net'; port: number; key: string } | { transport: 'com'; comPort: string; baud: number };

export interface LabDebugger { session: KdSession; console: Console & { readonly pending: string }; connected: Promise<string> }

/** Open a session over the lab's cable; `connected` resolves with the connect banner. The app passes its own
 *  session, already listened to, so the opening lines reach its window too. */
export function openLabDebugger(lab: LabEngine, o: LabKdConnect, extra: Pick<ConnectOptions, 'sympath' | 'srcpath' | 'link'> & { workDir?: string } = {},
  session = new KdSession()): LabDebugger {
  let connected: Promise<string>;
  const { workDir, ...paths } = extra;
  // Relative .sympath/.srcpath folders start where the learner works (the scenario's folder, the app's workspace).
  if (workDir) session.workDir = workDir;
  if (o.transport === 'net') {
    const udp = hostUdpLink(lab.host, o.port);
    const opts: ConnectOptions = { transport: 'net', port: o.port, key: o.key, hostIp: lab.host.ip, ...paths };
    void udp.heard.then(() => { opts.targetIp = udp.peer?.ip; opts.targetPort = udp.peer?.port; });
    let link;
    try { link = new KdnetLink(udp, o.key); } catch (e) { udp.close(); throw e; }
    connected = session.connect(link, opts);
  } else {
    const n = Number(/^com(\d)$/i.exec(o.comPort)?.[1] ?? NaN);
    const port = lab.host.com.get(n);
    if (!port) throw new Error(`Could not open ${o.comPort.toUpperCase()}: the host has COM1 and COM2.`);
    connected = session.connect(hostSerialLink(port, o.baud), { transport: 'com', comPort: o.comPort, baud: o.baud, link: { resendMs: serialResendMs(o.baud) }, ...paths });
  }
  // Created after connect() so the opening lines the host prompt already printed are not repeated at kd>.
  return { session, console: kdConsole(session), connected };
}

/** The DebuggerFactory main/cli/lab-console.ts registerDebugger takes. */
export async function labDebugger(lab: LabEngine, o: LabKdConnect, workDir?: string): Promise<Console> {
  return openLabDebugger(lab, o, { workDir }).console;
}
