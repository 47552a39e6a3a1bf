// Configure Devices > "Provision device and choose debugger settings": the engine's provisioning
// (main/engine/provision, the one implementation `host> provision` runs too) with each of its steps and log lines
// relayed to the wizard's progress page. A failed step carries the engine's Error / Why / Fix lines.
import { generateKey, provision, PROVISION_STEPS } from '../../../engine/provision/provision.ts';
import type { ProvisionStep } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabHost } from './lab-host.ts';
import { waitForPrompt } from './console-runner.ts';

type ProvisionHandlers = Pick<Handlers, 'provision.generateKey' | 'provision.start'>;

export function provisionHandlers(h: LabHost): ProvisionHandlers {
  return {
    'provision.generateKey': () => ({ key: generateKey() }),
    'provision.start': async ({ machine, hostName, debug }) => {
      const { lab, name } = await h.target(machine);
      const steps: ProvisionStep[] = PROVISION_STEPS.map((n) => ({ name: n, state: 'pending', log: [] }));
      const publish = () => h.emit('provision.progress', { machine: name, steps: steps.map((s) => ({ ...s, log: [...s.log] })) });
      const first = steps[0]!;
      first.state = 'running';
      publish();
      // The wizard starts a target that is off, as the learner would before provisioning.
      if (lab.status(name).state === 'off') {
        first.log.push(`${name} is off: starting it.`);
        publish();
        await lab.power(name, true);
      }
      try { await waitForPrompt(h, lab, name, 120_000); } catch (e) { first.log.push((e as Error).message); }
      const report = await provision(lab, name, {
        debugger: debug.kind === 'net' ? { kind: 'net', hostIp: debug.hostIp, port: debug.port, key: debug.key }
          : { kind: 'serial', port: debug.port === 'COM1' ? 1 : 2, baud: debug.baud },
        onProgress: (st, line) => {
          const s = steps.find((x) => x.name === st.task);
          if (!s) return;
          s.state = st.status === 'running' ? 'running' : st.status === 'completed' ? 'done' : 'failed';
          if (line) s.log.push(line.trim());
          publish();
        },
      });
      first.log.unshift(report.lines[0] ?? '');
      const failed = report.failure && steps.find((s) => s.name === report.failure!.task);
      if (failed && report.failure) {
        failed.state = 'failed';
        failed.log.push(`Error: ${report.failure.error}`, `Why: ${report.failure.why}`, `Fix: ${report.failure.fix}`);
      }
      if (report.ok) {
        h.provisioned.set(name, { hostName, debug });
        h.changed(lab);
      }
      publish();
      return { success: report.ok, steps };
    },
  };
}
