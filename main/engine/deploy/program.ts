// Deploying a user-mode test program (an application project such as the Echo sample's echoapp): it has no driver
// package, so nothing is installed or removed; its .exe is copied into %SystemDrive%\DriverTest\Drivers next to the
// driver files already there (what a learner otherwise copies over the target's share), to be run at its prompt.
import type { LabEngine } from '../lab-engine.ts';
import { DEPLOY_DIR, deployLog, openTargetAgent, type DeployReport } from './deploy.ts';
import type { ProgramFiles } from './package.ts';

export async function deployProgram(lab: LabEngine, target: string, prog: ProgramFiles, o: { configuration?: string; onLine?: (line: string) => void } = {}): Promise<DeployReport> {
  const { lines, copied, say, fail } = deployLog(target, prog.name, o);
  const agent = await openTargetAgent(lab, target);
  if (typeof agent === 'string') return fail(agent);
  try {
    const hello = await agent.hello();
    say(`Deploying program files for project "${prog.name}" to ${hello.computerName} (${agent.address}).`);
    say(`Copying ${prog.exe} to ${hello.computerName}: ${hello.systemDrive}\\DriverTest\\Drivers`);
    await agent.request({ op: 'mkdir', path: DEPLOY_DIR });
    for (const [name, bytes] of Object.entries(prog.files)) {
      await agent.request({ op: 'put', path: `${DEPLOY_DIR}\\${name}` }, bytes);
      copied.push(name);
      say(`  ${name.padEnd(28)} ${bytes.length.toLocaleString('en-US').padStart(10)} bytes`);
    }
    say(`Deployment to ${hello.computerName} completed. Run it at the target's prompt: cd ${DEPLOY_DIR}, then ${prog.exe.replace(/\.exe$/i, '')}.`);
    say('========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========');
    return { ok: true, target, lines, copied };
  } catch (e) {
    return fail(`the connection to ${target} broke during the deployment: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    agent.close();
  }
}
