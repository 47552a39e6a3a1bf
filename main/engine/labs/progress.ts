// A learner's progress in one lab (passed steps, hints and answers asked for), saved in the workspace with the
// same crash-safe generations as the lab's machines (a torn write never loses the last good progress).
import path from 'node:path';
import { loadGeneration, saveGeneration } from '../workspace-store.ts';

export interface StepProgress { passed: boolean; at: string; detail: string }
export interface LabProgress { lab: string; steps: Record<string, StepProgress>; hints: string[]; answers: string[] }

const FILE = 'progress.json';
export const progressDir = (workspace: string, lab: string): string => path.join(workspace, 'lab-progress', lab);

export const emptyProgress = (lab: string): LabProgress => ({ lab, steps: {}, hints: [], answers: [] });

export async function saveProgress(workspace: string, p: LabProgress): Promise<void> {
  await saveGeneration(progressDir(workspace, p.lab), { [FILE]: JSON.stringify(p, null, 1) });
}

/** The saved progress (a damaged newest save falls back to the previous good one), or none yet. */
export async function loadProgress(workspace: string, lab: string): Promise<LabProgress> {
  const g = await loadGeneration(progressDir(workspace, lab));
  const data = g?.files[FILE];
  if (!data) return emptyProgress(lab);
  const p = JSON.parse(data.toString('utf8')) as LabProgress;
  return p.lab === lab ? p : emptyProgress(lab);
}

/** The first step not passed yet (the guide's current step), or undefined when the lab is done. */
export function currentStep(p: LabProgress, stepIds: string[]): string | undefined {
  return stepIds.find((id) => !p.steps[id]?.passed);
}
