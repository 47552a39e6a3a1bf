// Configure Devices > "Provision device and choose debugger settings": the steps the WDK runs on a test computer,
// each with its log for the wizard's progress page — test signing on, the kernel debugger on with the chosen
// connection, the driver test folder, and a restart so the boot loader takes the new settings.
import { generateKey } from '../../../engine/provision/provision.ts';
import type { DebugSettings, ProvisionStep } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabHost } from './lab-host.ts';
import { runAtConsole, waitForPrompt } from './console-runner.ts';

type ProvisionHandlers = Pick<Handlers, 'provision.generateKey' | 'provision.start'>;

function debugCommand(d: DebugSettings): string {
  return d.kind === 'net'
    ? `bcdedit /dbgsettings net hostip:${d.hostIp} port:${d.port} key:${d.key}`
    : `bcdedit /dbgsettings serial debugport:${d.port === 'COM1' ? 1 : 2} baudrate:${d.baud}`;
}

export function provisionHandlers(h: LabHost): ProvisionHandlers {
  return {
    'provision.generateKey': () => ({ key: generateKey() }),
    'provision.start': async ({ machine, hostName, debug }) => {
      const { lab, name } = await h.target(machine);
      const steps: ProvisionStep[] = [
        'Connecting to the test computer', 'Enabling test-signed drivers', 'Configuring the kernel debugger',
        'Creating the driver test folder', 'Restarting the test computer', 'Waiting for the test computer',
      ].map((n) => ({ name: n, state: 'pending', log: [] }));
      const publish = () => h.emit('provision.progress', { machine: name, steps: steps.map((s) => ({ ...s, log: [...s.log] })) });
      const step = async (i: number, work: (log: (l: string) => void) => Promise<void>): Promise<boolean> => {
        const s = steps[i]!;
        s.state = 'running'; publish();
        try { await work((l) => { s.log.push(...l.split('\n')); publish(); }); s.state = 'done'; }
        catch (e) { s.log.push((e as Error).message); s.state = 'failed'; }
        publish();
        return s.state === 'done';
      };
      const at = async (line: string, log: (l: string) => void, expect?: RegExp) => {
        log(`${name}> ${line}`);
        const out = await runAtConsole(h, lab, name, line);
        if (out) log(out);
        if (expect && !expect.test(out)) throw new Error(`"${line}" failed on ${name}.`);
      };
      const ok = await step(0, async (log) => {
        if (lab.status(name).state === 'off') { log(`${name} is off: powering it on.`); await lab.power(name, true); }
        await waitForPrompt(h, lab, name, 90_000);
        log(`Connected to ${name} (${lab.machineHost(name).config.ip}) from ${hostName}.`);
      })
        && await step(1, (log) => at('bcdedit /set testsigning on', log, /successfully/))
        && await step(2, async (log) => {
          await at('bcdedit /debug on', log, /successfully/);
          await at(debugCommand(debug), log, debug.kind === 'net' ? /Key=/ : /successfully/);
        })
        && await step(3, (log) => at('mkdir C:\\DriverTest\\Drivers', log))
        && await step(4, async (log) => {
          await at('shutdown /r /t 0', log);
          const deadline = Date.now() + 30_000;
          while (lab.status(name).state === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
          log(`${name} is restarting.`);
        })
        && await step(5, async (log) => { await waitForPrompt(h, lab, name, 120_000); log(`${name} is back and ready for deployment and debugging.`); });
      if (ok) {
        h.provisioned.set(name, { hostName, debug });
        h.changed(lab);
      }
      return { success: ok, steps };
    },
  };
}
