// The lab guide's service, for the app (main/api's reserved "lab progress" requests) and the CLI: list the labs,
// show one (instructions and hints; an answer only when asked), evaluate the learner's current step against the
// real state, and keep progress in the workspace.
import { evaluateCheck, type CheckResult } from './checks.ts';
import { listLabIds, loadLab, type LoadedLab } from './load.ts';
import { currentStep, loadProgress, saveProgress, type LabProgress } from './progress.ts';
import { answerFor, hintFor, settle } from './runner.ts';
import type { LabWorld } from './world.ts';

export interface LabSummary { id: string; title: string; seed: string; goal: string; steps: number; startSnapshot?: string }
export interface StepView { id: string; title: string; instructions: string; checkKind: string }
export interface LabView extends LabSummary { steps: number; stepList: StepView[]; starter?: LoadedLab['lab']['starter'] }
export interface StepStatus { lab: string; step: string; passed: boolean; detail: string; next?: string; done: boolean }

export function listLabs(): LabSummary[] {
  return listLabIds().map((id) => summary(loadLab(id)));
}

function summary(l: LoadedLab): LabSummary {
  const x = l.lab;
  return { id: x.id, title: x.title, seed: x.seed, goal: x.goal, steps: x.steps.length, ...(x.startSnapshot ? { startSnapshot: x.startSnapshot.description } : {}) };
}

/** A lab as the guide shows it: no answers here (answers come one at a time, on request). */
export function getLab(id: string): LabView {
  const l = loadLab(id);
  return {
    ...summary(l),
    stepList: l.lab.steps.map((s) => ({ id: s.id, title: s.title, instructions: s.instructions, checkKind: s.check.kind })),
    ...(l.lab.starter ? { starter: l.lab.starter } : {}),
  };
}

/**
 * Check one step now (polling up to settleMs while the machines settle). A pass is saved in the workspace's
 * progress at once; the status names the next step.
 */
export async function checkStep(world: LabWorld, workspace: string, labId: string, stepId: string, settleMs = 0): Promise<StepStatus> {
  const l = loadLab(labId);
  const step = l.lab.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`Lab ${labId} has no step "${stepId}".`);
  const r: CheckResult = await settle(() => evaluateCheck(step.check, world), settleMs);
  const p = await loadProgress(workspace, labId);
  if (r.pass && !p.steps[stepId]?.passed) {
    p.steps[stepId] = { passed: true, at: new Date().toISOString(), detail: r.detail };
    await saveProgress(workspace, p);
  }
  const next = currentStep(p, l.lab.steps.map((s) => s.id));
  return { lab: labId, step: stepId, passed: r.pass, detail: r.detail, ...(next ? { next } : {}), done: next === undefined };
}

export function progress(workspace: string, labId: string): Promise<LabProgress> { return loadProgress(workspace, labId); }

/** A hint or an answer, recorded in the progress (the guide can show that the learner asked). */
export async function reveal(workspace: string, labId: string, stepId: string, what: 'hint' | 'answer'): Promise<{ text: string; files?: Record<string, string> }> {
  const l = loadLab(labId);
  const p = await loadProgress(workspace, labId);
  const out = what === 'hint' ? { text: hintFor(l, stepId, p) } : answerFor(l, stepId, p);
  await saveProgress(workspace, p);
  return out;
}
