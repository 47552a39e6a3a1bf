// ping <name>: ICMP echo requests through the machine's network stack, one line per request as it comes back, a
// second apart on the machine's clock, then the statistics. The name is resolved on the link (the target's
// Network Discovery rule must answer it); a firewall that drops echo requests gives "Request timed out.".
// Without a network stack on the target the name cannot be resolved, which is what ping reports (exit code 1).
// -t pings until Ctrl+C; Ctrl+C at any point prints the statistics so far, then Control-C and ^C.
import type { Command } from './shell.ts';
import { pingHeader, pingLine, pingStatistics, unknownHostLine } from '../../../main/net/ping-format.ts';
import type { PingResult } from '../../../main/net/stack.ts';

const USAGE = '\nUsage: ping [-t] [-n count] [-l size] [-w timeout] target_name\n\nOptions:\n    -t             Ping the specified host until stopped.\n                   To stop - type Control-C.\n    -n count       Number of echo requests to send.\n    -l size        Send buffer size.\n    -w timeout     Timeout in milliseconds to wait for each reply.\n';
const LIMITS: Record<string, [number, number]> = { n: [1, 4294967295], l: [0, 65500], w: [0, 4294967295] };

export const ping: Command = (sh, args) => {
  const o = { n: 4, l: 32, w: 4000 };
  let host: string | undefined, forever = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!/^[-/]/.test(a)) { host = a; continue; }
    const opt = a.slice(1).toLowerCase();
    if (opt === 't') { forever = true; continue; }
    if (!(opt in LIMITS)) { sh.out(`Bad option ${a}.\n${USAGE}`); return 1; }
    const [lo, hi] = LIMITS[opt]!;
    const v = Number(args[++i]);
    if (!Number.isInteger(v) || v < lo || v > hi) { sh.out(`Bad value for option ${a}, valid range is from ${lo} to ${hi}.\n`); return 1; }
    o[opt as keyof typeof o] = v;
  }
  if (!host) { sh.out(USAGE); return 1; }
  const net = sh.um.machine.network, sleep = sh.um.machine.sleep;
  if (!net?.resolve || !net.echo || !sleep) { sh.out(`${unknownHostLine(host)}\n`); return 1; }
  const { resolve, echo } = net;
  const name = host, signal = sh.signal;
  const stopped = new Promise<'stop'>((r) => signal.addEventListener('abort', () => r('stop'), { once: true }));
  return (async () => {
    const ip = await Promise.race([resolve(name), stopped]);
    if (ip === 'stop') { sh.out('^C'); return 1; }
    if (ip === undefined) { sh.out(`${unknownHostLine(name)}\n`); return 1; }
    sh.out(`\n${pingHeader(name, ip, o.l)}\n`);
    const results: PingResult[] = [];
    for (let i = 0; forever || i < o.n; i++) {
      const r = await Promise.race([echo(ip, { size: o.l, timeoutMs: o.w }), stopped]);
      if (r === 'stop') break;
      results.push(r);
      sh.out(`${pingLine(r)}\n`);
      // The next request a second after this one was sent (a timeout already took its wait).
      if ((forever || i + 1 < o.n) && r.kind !== 'timeout' && await Promise.race([sleep(Math.max(0, 1000 - (r.kind === 'reply' ? r.timeMs : 0))), stopped]) === 'stop') break;
    }
    sh.out(`\n${pingStatistics(ip, results).join('\n')}\n`);
    // ping prints its statistics on Ctrl+C, then ends as a console program stopped by it does.
    if (signal.aborted) { sh.out('Control-C\n^C'); return sh.um.c('STATUS_CONTROL_C_EXIT') | 0; }
    // Windows' ping exits 0 when any reply came (an "unreachable" reply counts), 1 when none did.
    return results.some((r) => r.kind === 'reply' || r.kind === 'unreachable') ? 0 : 1;
  })();
};

