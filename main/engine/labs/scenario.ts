// A lab's scenario is a `driverlab play` script with a `# step: <id>` comment before each step's lines, so the
// runner plays one step, checks it, then plays the next. Lines before the first marker set the lab up.
import { LabFileError } from './schema.ts';

export interface StepScenario { setup: string; steps: { id: string; text: string; firstLine: number }[] }

const MARKER = /^#\s*step:\s*([a-z0-9-]+)\s*$/;

/** Split a scenario at its step markers; every step of the lab appears once, in the lab's order. */
export function splitScenario(text: string, stepIds: string[], file = 'scenario.txt'): StepScenario {
  const lines = text.split(/\r?\n/);
  const out: StepScenario = { setup: '', steps: [] };
  let current: string[] = [];
  let setup: string[] | undefined = current;
  // Blank lines keep each segment's line numbers equal to the file's (play reports them).
  lines.forEach((l, i) => {
    const m = MARKER.exec(l.trim());
    if (!m) { current.push(l); return; }
    if (setup) { out.setup = setup.join('\n'); setup = undefined; }
    else out.steps[out.steps.length - 1]!.text = current.join('\n');
    current = new Array<string>(i + 1).fill('');
    out.steps.push({ id: m[1]!, text: '', firstLine: i + 2 });
  });
  if (setup) out.setup = setup.join('\n'); else out.steps[out.steps.length - 1]!.text = current.join('\n');
  const ids = out.steps.map((s) => s.id);
  const unknown = ids.find((id) => !stepIds.includes(id));
  if (unknown) throw new LabFileError(file, '', `"# step: ${unknown}" names no step of the lab`);
  if (ids.join(',') !== stepIds.join(',')) {
    const missing = stepIds.filter((id) => !ids.includes(id));
    throw new LabFileError(file, '', missing.length ? `has no "# step: ${missing[0]}" section` : `has its steps out of order or twice (${ids.join(', ')}); the lab's order is ${stepIds.join(', ')}`);
  }
  return out;
}
