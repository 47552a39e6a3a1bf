// Machines and cables: cost of starting targets in workers, idle CPU and memory of 8 targets booted to their
// prompts, how fast a target answers while another spins, ping round trip and TCP throughput through the switch.
// Run by `npm run bench`.
import { LabEngine } from '../main/engine/lab-engine.ts';
import { ECHO_PORT } from '../main/net/services.ts';
import { targetKernel } from '../main/cli/target-kernel.ts';
import { median, record } from './results.ts';

const kernels = new URL('../main/engine/test/fixtures/test-kernels.ts', import.meta.url).href;

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const e = new LabEngine({ kernel: await targetKernel({ serviceModules: [] }), watchdogMs: 0 });
  try {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const names = Array.from({ length: 8 }, (_, i) => `Bench${i}`);
    await Promise.all(names.map((n) => e.newTarget(n, { services: { echo: true } })));
    const start = performance.now() - t0;
    for (const n of names) { e.cable({ kind: 'net', a: 'host', b: n }); await e.power(n, true); }
    for (const n of names) await e.waitFor(n, ['running'], 120_000);
    await new Promise((r) => setTimeout(r, 500));
    const rss = (process.memoryUsage().rss - rss0) / 8 / 1048576;
    const heap = median(await Promise.all(names.map(async (n) => (await e.info(n)).heapBytes / 1048576)));
    const c0 = process.cpuUsage(), w0 = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const c = process.cpuUsage(c0);
    const idle = ((c.user + c.system) / 1000 / (performance.now() - w0)) * 100;
    record('machines.start8', start, 'ms', '8 targets created in workers, in parallel');
    record('machines.idleCpu8', idle, '% of a core', '8 targets idle at their prompts, whole process');
    record('machines.rssPerTarget', rss, 'MiB', 'process RSS growth per booted target');
    record('machines.heapPerTarget', heap, 'MiB', 'JS heap in use of a booted target\'s worker, median of 8');
    lines.push(`8 targets started in ${start.toFixed(0)} ms; booted and idle: ${idle.toFixed(2)}% of one core; ~${rss.toFixed(1)} MiB RSS and ${heap.toFixed(1)} MiB worker heap per target`);

    const rtts: number[] = [];
    const ip = (await e.host.net.resolve('Bench0'))!;
    for (let i = 0; i < 50; i++) { const r = await e.host.net.ping(ip); if (r.kind === 'reply') rtts.push(r.timeMs); }
    record('machines.pingRtt', median(rtts), 'ms', 'host → target, median of 50');
    lines.push(`ping host → target: median ${median(rtts).toFixed(3)} ms`);

    const size = 4 << 20;
    const conn = await e.host.net.tcpConnect(ip, ECHO_PORT);
    const tt = performance.now();
    let got = 0;
    const reader = (async () => { for (let b = await conn.read(); b; b = await conn.read()) { got += b.length; if (got >= size) conn.end(); } })();
    const chunk = new Uint8Array(64 * 1024);
    for (let o = 0; o < size; o += chunk.length) await conn.write(chunk);
    await reader;
    const mbps = (size * 2) / 1048576 / ((performance.now() - tt) / 1000);
    record('machines.tcpEcho', mbps, 'MiB/s', '4 MiB each way through the switch to a target echo service');
    lines.push(`TCP echo through the switch: ${mbps.toFixed(1)} MiB/s (both directions counted)`);

    await e.newTarget('Spinner', { kernel: { module: kernels, exportName: 'spinKernel' } });
    await e.power('Spinner', true); await e.waitFor('Spinner', ['running']);
    const lat: number[] = [];
    for (let i = 0; i < 100; i++) { const s = performance.now(); await e.info(names[i % 8]!); lat.push(performance.now() - s); }
    const spin: number[] = [];
    for (let i = 0; i < 20; i++) { const s = performance.now(); await e.info('Spinner'); spin.push(performance.now() - s); }
    record('machines.answerWhileSpinning', median(lat), 'ms', 'request to an idle target while another spins');
    record('machines.spinnerAnswer', median(spin), 'ms', 'request to the spinning target (waits for its slice to end)');
    lines.push(`answers while a target spins: idle target median ${median(lat).toFixed(2)} ms, the spinner itself ${median(spin).toFixed(2)} ms`);
  } finally {
    await e.shutdown();
  }
  return lines;
}
