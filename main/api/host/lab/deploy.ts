// Build > Deploy Solution: the engine's deployment (main/engine/deploy, the one implementation `host> deploy` runs
// too) of the project's package folder (x64\<Configuration>\<TargetName>\) to the Driver Install > Deployment
// target, installed as that page says; each line streams to the Output window as deploy.progress.
import path from 'node:path';
import { ApiError } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { Workspace } from '../workspace.ts';
import type { LabHost } from './lab-host.ts';
import { deploy, type InstallMethod } from '../../../engine/deploy/deploy.ts';
import { readPackage, type DriverPackageFiles } from '../../../engine/deploy/package.ts';

export function deployHandlers(h: LabHost, ws: Workspace): Pick<Handlers, 'deploy.run'> {
  return {
    'deploy.run': async ({ project, configuration }) => {
      const props = ws.properties(project);
      const dep = props.deployment;
      if (!dep.targetDevice) throw new ApiError('FAILED', 'No target device is set: Project Properties > Driver Install > Deployment > Target Device Name.');
      const { lab, name } = await h.target(dep.targetDevice);
      let pkg: DriverPackageFiles;
      try { pkg = readPackage(path.join(ws.projectDir(project), 'x64', configuration, props.targetName)); }
      catch (e) { throw new ApiError('NOT_FOUND', (e as Error).message); }
      const install: InstallMethod = dep.installMode === 'DoNotInstall' ? { kind: 'copy-only' }
        : dep.installMode === 'InstallAndVerify' ? { kind: 'install-verify' }
        : { kind: 'hardware-id', hardwareId: dep.hardwareId || pkg.hardwareIds[0] || `Root\\${pkg.name}` };
      // Progress: a line per file copied plus the opening and closing lines, roughly.
      const expected = Object.keys(pkg.files).length + 8;
      let n = 0;
      const report = await deploy(lab, name, pkg, {
        removePrevious: dep.removePreviousVersions, install, configuration,
        onLine: (line) => { n++; h.note('host', line); h.emit('deploy.progress', { project, line, percent: /^=+ Deploy:/.test(line) ? 100 : Math.min(95, Math.round((n * 100) / expected)) }); },
      });
      return { success: report.ok, log: report.lines };
    },
  };
}
