// The lab guide panel's handlers: the labs (main/engine/labs/guide.ts), the followed lab's steps with the
// learner's progress, hints and answers. The followed lab's current step is checked against the real state
// (the workspace, the machines, the debugger, what the consoles and the Output window printed) whenever
// something changed and every few seconds; a pass is saved and announced as `lab.step`, and the next step is
// checked at once (a walk that ran ahead ticks through). Opening a lab that starts "already provisioned" brings
// its computer into the lab (lab-start.ts).
import { ApiError, type LabGuide } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { Workspace } from '../workspace.ts';
import type { LabHost } from './lab-host.ts';
import type { KdHost } from './kd.ts';
import { checkStep, getLab, listLabs, progress, reveal } from '../../../engine/labs/guide.ts';
import type { LabWorld } from '../../../engine/labs/world.ts';
import { openLabStart } from './lab-start.ts';

type GuideHandlers = Pick<Handlers, 'lab.list' | 'lab.open' | 'lab.progress' | 'lab.reveal'>;

/** How often the current step is checked when nothing announced a change (some state changes emit nothing). */
const POLL_MS = 3000;
/** Events come in bursts (a boot, a build log): one check shortly after the first of them. */
const DEBOUNCE_MS = 250;
/** Longest a single check may take before it counts as not passed (for now). */
const CHECK_MS = 20_000;

export class GuideHost {
  private followed?: string;
  private checking = false;
  private again = false;
  private debounce?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  readonly world: LabWorld;

  constructor(private readonly h: LabHost, kd: KdHost, private readonly ws: Workspace) {
    this.world = {
      workDir: ws.root,
      engine: () => h.current,
      kd: () => (kd.session ? { state: kd.session.state } : undefined),
      kdOutput: () => h.noted('kd'),
      transcript: (c) => {
        const k = c.toLowerCase();
        if (k === 'host' || k === 'kd') return h.noted(k);
        const name = h.current?.targetNames().find((n) => n.toLowerCase() === k);
        return name ? h.consoleText(name).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') : '';
      },
    };
    h.onEmit((name) => { if (name !== 'lab.step') this.soon(); });
  }

  async view(id: string): Promise<LabGuide> {
    let lab;
    try { lab = getLab(id); } catch (e) { throw new ApiError('NOT_FOUND', (e as Error).message); }
    const p = await progress(this.ws.root, id);
    const current = lab.stepList.find((s) => !p.steps[s.id]?.passed)?.id;
    return {
      id: lab.id, title: lab.title, goal: lab.goal, done: current === undefined, ...(current ? { current } : {}),
      steps: lab.stepList.map((s) => {
        const d = p.steps[s.id];
        return { id: s.id, title: s.title, instructions: s.instructions, passed: d?.passed ?? false, ...(d ? { detail: d.detail } : {}),
          hinted: p.hints.includes(s.id), answered: p.answers.includes(s.id) };
      }),
    };
  }

  /** The lab's start computer (lab.json's startSnapshot), from the snapshot cache; nothing for other labs. */
  start(id: string): Promise<void> { return openLabStart(this.h, id); }

  follow(id: string): void {
    this.followed = id;
    clearInterval(this.poll);
    this.poll = setInterval(() => this.soon(), POLL_MS);
    this.poll.unref();
    this.soon();
  }

  close(): void { clearInterval(this.poll); clearTimeout(this.debounce); this.debounce = undefined; this.followed = undefined; }

  private soon(): void {
    if (!this.followed) return;
    if (this.debounce) return; // already due: a stream of events must not keep pushing the check away
    this.debounce = setTimeout(() => { this.debounce = undefined; void this.check(); }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** Check the current step; on a pass, the next one, until one does not pass. One check runs at a time. */
  private async check(): Promise<void> {
    if (this.checking) { this.again = true; return; }
    this.checking = true;
    try {
      for (let guard = 0; guard < 100 && this.followed; guard++) {
        const id = this.followed;
        const v = await this.view(id);
        if (!v.current) return;
        // A check that never answers (a machine restarting under it) must not stall the guide: it is tried again later.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('the check did not finish')), CHECK_MS); });
        const r = await Promise.race([checkStep(this.world, this.ws.root, id, v.current), late])
          .catch((e: Error) => ({ passed: false, detail: e.message, done: false, next: v.current }))
          .finally(() => clearTimeout(timer));
        if (!r.passed || this.followed !== id) return;
        this.h.emit('lab.step', { lab: id, step: v.current, passed: true, detail: r.detail, ...(r.next ? { next: r.next } : {}), done: r.done });
      }
    } finally {
      this.checking = false;
      if (this.again) { this.again = false; this.soon(); }
    }
  }
}

export function guideHandlers(g: GuideHost): GuideHandlers {
  return {
    'lab.list': () => listLabs().map((l) => ({ id: l.id, title: l.title, goal: l.goal, steps: l.steps })),
    'lab.open': async ({ lab }) => {
      const v = await g.view(lab);
      g.follow(lab);
      // A lab that starts "already provisioned" gets its computer in the background (the guide is shown at once;
      // a failure is in the Output window).
      g.start(lab).catch(() => {});
      return v;
    },
    'lab.progress': ({ lab }) => g.view(lab),
    'lab.reveal': async ({ lab, step, what }) => {
      let r;
      try { r = await reveal(g.world.workDir, lab, step, what); } catch (e) { throw new ApiError('NOT_FOUND', (e as Error).message); }
      return { text: r.text, files: Object.entries(r.files ?? {}).map(([path, text]) => ({ path, text })) };
    },
  };
}
