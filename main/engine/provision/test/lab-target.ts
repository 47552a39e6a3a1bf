// Test support: a target made, prepared, cabled to the host and booted to its prompt, with its console.
import { LabEngine } from '../../lab-engine.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { prepareTarget, type TargetPreparation } from '../prepare.ts';

export async function startTarget(lab: LabEngine, name: string, prep: TargetPreparation = {}): Promise<{ con: TargetConsole; ip: string }> {
  const info = await lab.newTarget(name);
  await prepareTarget(lab, name, prep);
  lab.cable({ kind: 'net', a: 'host', b: name });
  const con = new TargetConsole(lab, name);
  await lab.power(name, true);
  await lab.waitFor(name, ['running']);
  await con.ready();
  return { con, ip: info.ip };
}
