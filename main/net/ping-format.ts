// Windows' ping output, line for line. Times are whole milliseconds cut down (a reply under 1 ms is `time<1ms` and
// counts 0 in the statistics), as ping's integer round-trip times are.
import { formatIp, type Ip } from './addr.ts';
import type { PingResult } from './stack.ts';

export function pingHeader(name: string, ip: Ip, size: number): string {
  const addr = formatIp(ip);
  return name.toLowerCase() === addr ? `Pinging ${addr} with ${size} bytes of data:` : `Pinging ${name} [${addr}] with ${size} bytes of data:`;
}

export function pingLine(r: PingResult): string {
  switch (r.kind) {
    case 'reply': return `Reply from ${formatIp(r.from)}: bytes=${r.bytes} ${r.timeMs < 1 ? 'time<1ms' : `time=${Math.floor(r.timeMs)}ms`} TTL=${r.ttl}`;
    case 'timeout': return 'Request timed out.';
    case 'unreachable': return `Reply from ${formatIp(r.from)}: Destination host unreachable.`;
    case 'failure': return 'PING: transmit failed. General failure.';
  }
}

export function unknownHostLine(name: string): string {
  return `Ping request could not find host ${name}. Please check the name and try again.`;
}

export function pingStatistics(ip: Ip, results: PingResult[]): string[] {
  const sent = results.length;
  // Windows counts "Destination host unreachable" replies as received.
  const received = results.filter((r) => r.kind === 'reply' || r.kind === 'unreachable').length;
  const lost = sent - received;
  const lines = [`Ping statistics for ${formatIp(ip)}:`,
    `    Packets: Sent = ${sent}, Received = ${received}, Lost = ${lost} (${sent ? Math.round((lost / sent) * 100) : 0}% loss),`];
  const times = results.flatMap((r) => (r.kind === 'reply' ? [Math.floor(r.timeMs)] : []));
  if (times.length) {
    lines.push('Approximate round trip times in milli-seconds:',
      `    Minimum = ${Math.min(...times)}ms, Maximum = ${Math.max(...times)}ms, Average = ${Math.round(times.reduce((a, b) => a + b, 0) / times.length)}ms`);
  }
  return lines;
}

/** The whole transcript of `ping <name>`. */
export function formatPing(name: string, ip: Ip | undefined, results: PingResult[], size = 32): string[] {
  if (ip === undefined) return [unknownHostLine(name)];
  return ['', pingHeader(name, ip, size), ...results.map(pingLine), '', ...pingStatistics(ip, results)];
}
