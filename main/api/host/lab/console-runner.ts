// Runs one command line at a target's command prompt, as the WDK's provisioning and deployment do on the test
// computer, and returns what it printed (the echo and the next prompt left out). A line that takes the machine
// down (shutdown /r) ends when the machine leaves the running state.
import type { LabEngine } from '../../../engine/lab-engine.ts';
import type { LabHost } from './lab-host.ts';

const PROMPT_AT_END = /(?:^|\r\n)([A-Za-z]:\\[^\r\n>]*>)$/;

export async function runAtConsole(h: LabHost, lab: LabEngine, name: string, line: string, timeoutMs = 60_000): Promise<string> {
  await waitForPrompt(h, lab, name, timeoutMs);
  const from = h.consoleText(name).length;
  lab.machineHost(name).post({ t: 'console-in', text: `${line}\r\n` });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = h.consoleText(name).slice(from);
    const echo = t.indexOf('\r\n');
    if (echo >= 0) {
      const body = t.slice(echo + 2);
      const m = PROMPT_AT_END.exec(body);
      if (m) return body.slice(0, body.length - m[1]!.length).replace(/\r\n/g, '\n').replace(/\n+$/, '');
      if (lab.status(name).state !== 'running') return body.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    }
    if (Date.now() > deadline) throw new Error(`${name}: "${line}" did not finish within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Wait until the machine runs and its console ends at cmd's prompt. */
export async function waitForPrompt(h: LabHost, lab: LabEngine, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (lab.status(name).state !== 'running' || !PROMPT_AT_END.test(h.consoleText(name))) {
    if (Date.now() > deadline) throw new Error(`${name} is ${lab.status(name).state}; its command prompt did not come up within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
