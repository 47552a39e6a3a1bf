// Finding and loading labs (labs/<id>/lab.json with its scenario and starter files). Everything a lab names must
// exist: its starter folder, its answer files and a scenario that walks every step in order.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import { LabFileError, validateLab, type Lab } from './schema.ts';
import { splitScenario, type StepScenario } from './scenario.ts';
import { startLines } from './start-snapshot.ts';

export const labsRoot = path.join(repoRoot, 'labs');

export interface LoadedLab { lab: Lab; dir: string; scenario: StepScenario }

/** The ids of the labs under `root` (folders with a lab.json), in their listed order (labs/order.json if present). */
export function listLabIds(root = labsRoot): string[] {
  const ids = readdirSync(root).filter((n) => existsSync(path.join(root, n, 'lab.json'))).sort();
  const orderFile = path.join(root, 'order.json');
  if (!existsSync(orderFile)) return ids;
  const order = JSON.parse(readFileSync(orderFile, 'utf8')) as string[];
  return [...order.filter((id) => ids.includes(id)), ...ids.filter((id) => !order.includes(id))];
}

/** Load and validate one lab; throws LabFileError for anything wrong in its files. */
export function loadLab(id: string, root = labsRoot): LoadedLab {
  const dir = path.join(root, id);
  const file = path.join(dir, 'lab.json');
  const rel = path.relative(repoRoot, file);
  if (!existsSync(file)) throw new LabFileError(rel, '', `there is no lab "${id}"`);
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new LabFileError(rel, '', `is not valid JSON (${(e as Error).message})`); }
  const lab = validateLab(raw, rel);
  if (lab.id !== id) throw new LabFileError(rel, 'lab.id', `"${lab.id}" must match the folder name "${id}"`);
  const starter = lab.starter?.files;
  if (starter && !(existsSync(path.join(dir, starter)) && statSync(path.join(dir, starter)).isDirectory())) throw new LabFileError(rel, 'lab.starter.files', `folder ${starter} is missing`);
  for (const [to, from] of Object.entries(lab.starter?.samples ?? {})) {
    if (!existsSync(path.join(repoRoot, from))) throw new LabFileError(rel, `lab.starter.samples.${to}`, `${from} is not in this repository`);
  }
  lab.steps.forEach((s, i) => {
    for (const from of Object.keys(s.answer.files ?? {})) {
      if (!existsSync(answerSource(dir, from))) throw new LabFileError(rel, `lab.steps[${i}].answer.files`, `${from} is missing`);
    }
    // A one-line change to a starter file must find its line there.
    const e = s.answer.edit;
    const f = e ? starterSource(lab, dir, e.file) : undefined;
    if (e && !f) throw new LabFileError(rel, `lab.steps[${i}].answer.edit`, `${e.file} is not one of the lab's starter files`);
    if (e && f && !readFileSync(f, 'utf8').split('\n').some((l) => l.startsWith(e.linePrefix))) throw new LabFileError(rel, `lab.steps[${i}].answer.edit`, `${path.relative(repoRoot, f)} has no line starting with "${e.linePrefix}"`);
  });
  // A start with a driver installed builds it in `driverlab play` from the work folder (host> build <project>).
  const inst = lab.startSnapshot?.installed;
  if (inst && lab.starter?.samples?.[inst.project] !== inst.sample) throw new LabFileError(rel, 'lab.startSnapshot.installed', `lab.starter.samples must copy ${inst.sample} to ${inst.project} (the scenario's setup line host> build ${inst.project} builds it there)`);
  if (inst && !existsSync(path.join(repoRoot, inst.sample, inst.inf))) throw new LabFileError(rel, 'lab.startSnapshot.installed.inf', `${inst.sample} has no ${inst.inf}`);
  const scenarioFile = path.join(dir, 'scenario.txt');
  if (!existsSync(scenarioFile)) throw new LabFileError(path.relative(repoRoot, scenarioFile), '', 'is missing (every lab has a driverlab play scenario)');
  const scenario = splitScenario(readFileSync(scenarioFile, 'utf8'), lab.steps.map((s) => s.id), path.relative(repoRoot, scenarioFile));
  // A lab that starts from a snapshot walks the same start in `driverlab play`: its setup lines make that target.
  if (lab.startSnapshot) {
    const setup = scenario.setup.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const want = startLines(lab.startSnapshot);
    if (setup.join('\n') !== want.join('\n')) throw new LabFileError(path.relative(repoRoot, scenarioFile), '', `its setup lines (before the first step) must make the lab's startSnapshot:\n${want.join('\n')}`);
  }
  return { lab, dir, scenario };
}

/** Where a work-folder file comes from: the lab's starter folder or one of the samples it copies (undefined if neither). */
export function starterSource(lab: Lab, dir: string, workPath: string): string | undefined {
  const s = lab.starter;
  if (s?.files && existsSync(path.join(dir, s.files, workPath))) return path.join(dir, s.files, workPath);
  for (const [to, from] of Object.entries(s?.samples ?? {})) {
    if (workPath.startsWith(`${to}/`) && existsSync(path.join(repoRoot, from, workPath.slice(to.length + 1)))) return path.join(repoRoot, from, workPath.slice(to.length + 1));
  }
  return undefined;
}

/** An answer file's place: a lab file (or ../<lab>/...), or one of our samples (kernel/test/...) the answer is. */
export function answerSource(dir: string, from: string): string {
  return from.startsWith('kernel/test/') ? path.join(repoRoot, from) : path.join(dir, from);
}
