// Build > Deploy Solution: the driver package (x64\<Configuration>\<Project>\: .inf, .sys, .cat) copied to the
// test computer's C:\DriverTest\Drivers, then installed as the project's Driver Install > Deployment says
// (remove previous versions; Install and Verify or Hardware ID Driver Update; or nothing).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { Workspace } from '../workspace.ts';
import type { LabHost } from './lab-host.ts';
import { runAtConsole, waitForPrompt } from './console-runner.ts';

export const DRIVER_TEST_DIR = 'C:\\DriverTest\\Drivers';

export function deployHandlers(h: LabHost, ws: Workspace): Pick<Handlers, 'deploy.run'> {
  return {
    'deploy.run': async ({ project, configuration }) => {
      const props = ws.properties(project);
      const dep = props.deployment;
      if (!dep.targetDevice) throw new ApiError('FAILED', 'No target device is set: Project Properties > Driver Install > Deployment > Target Device Name.');
      const { lab, name } = await h.target(dep.targetDevice);
      const pkg = path.join(ws.projectDir(project), 'x64', configuration, props.targetName);
      if (!existsSync(pkg)) throw new ApiError('NOT_FOUND', `The driver package ${pkg} does not exist: build the solution first.`);
      const log: string[] = [];
      const files = readdirSync(pkg).filter((f) => statSync(path.join(pkg, f)).isFile());
      const steps = files.length + 2;
      let done = 0;
      const say = (line: string) => { log.push(line); h.emit('deploy.progress', { project, line, percent: Math.min(100, Math.round((done / steps) * 100)) }); };
      say(`------ Deploy started: Project: ${project}, Configuration: ${configuration} x64 ------`);
      try {
        await waitForPrompt(h, lab, name, 30_000);
        const host = lab.machineHost(name);
        await host.request({ t: 'disk', op: 'mkdir', path: DRIVER_TEST_DIR });
        for (const f of files) {
          await host.request({ t: 'disk', op: 'write', path: `${DRIVER_TEST_DIR}\\${f}`, data: new Uint8Array(readFileSync(path.join(pkg, f))) });
          done++;
          say(`Copying ${f} to ${name}:${DRIVER_TEST_DIR}\\${f}`);
        }
        const inf = files.find((f) => f.toLowerCase().endsWith('.inf'));
        const run = async (line: string) => { say(`${name}> ${line}`); const out = await runAtConsole(h, lab, name, line); for (const l of out.split('\n')) if (l) say(l); return out; };
        if (dep.removePreviousVersions && dep.hardwareId) await run(`devcon remove ${dep.hardwareId}`);
        done++;
        let ok = true;
        if (inf && dep.installMode !== 'DoNotInstall') {
          const verb = dep.installMode === 'HardwareIdDriverUpdate' ? 'update' : 'install';
          const out = await run(`devcon ${verb} ${DRIVER_TEST_DIR}\\${inf} ${dep.hardwareId}`);
          ok = /Drivers installed successfully|updated successfully/i.test(out);
        }
        done++;
        say(ok ? `========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========` : `========== Deploy: 0 succeeded, 1 failed, 0 skipped ==========`);
        return { success: ok, log };
      } catch (e) {
        say(`Deployment failed: ${(e as Error).message}`);
        say('========== Deploy: 0 succeeded, 1 failed, 0 skipped ==========');
        return { success: false, log };
      }
    },
  };
}
