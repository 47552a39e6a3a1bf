// The lab guide panel: the labs, and the followed lab's steps, each ticking itself when main's check of the
// machines' real state passes (lab.step events); the current step open with its instructions, and its hint and
// answer revealed on request (recorded in the progress, as a teacher would see it).
import { useCallback, useEffect, useState } from 'react';
import type { Api, LabGuide as Guide, LabSummary } from '../../../main/api/contract.ts';
import { Markdown } from './markdown.tsx';

type Revealed = Record<string, { hint?: string; answer?: { text: string; files: { path: string; text: string }[] } }>;

export function LabGuide({ api, onStatus }: { api: Api; onStatus(s: string): void }) {
  const [labs, setLabs] = useState<LabSummary[]>([]);
  const [guide, setGuide] = useState<Guide | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Revealed>({});
  useEffect(() => { api.call('lab.list', {}).then(setLabs, (e: Error) => onStatus(e.message)); }, [api, onStatus]);
  const refresh = useCallback(async (id: string) => { const g = await api.call('lab.progress', { lab: id }); setGuide(g); return g; }, [api]);
  useEffect(() => api.on('lab.step', (e) => {
    // The tick itself says it (the status bar stays with the build and the debugger).
    if (e.lab === guide?.id) void refresh(e.lab).then((g) => setOpen(g.current ?? null));
  }), [api, guide, refresh]);

  const start = async (id: string) => {
    try { const g = await api.call('lab.open', { lab: id }); setGuide(g); setOpen(g.current ?? null); setRevealed({}); }
    catch (e) { onStatus((e as Error).message); }
  };
  const reveal = async (step: string, what: 'hint' | 'answer') => {
    if (!guide) return;
    try {
      const r = await api.call('lab.reveal', { lab: guide.id, step, what });
      setRevealed((v) => ({ ...v, [step]: { ...v[step], ...(what === 'hint' ? { hint: r.text } : { answer: r }) } }));
    } catch (e) { onStatus((e as Error).message); }
  };

  const passed = guide?.steps.filter((s) => s.passed).length ?? 0;
  return (
    <div className="lab-guide" data-testid="lab-guide">
      <div className="panel-title">Lab Guide</div>
      <div className="guide-pick">
        <select aria-label="Lab" value={guide?.id ?? ''} onChange={(e) => { if (e.target.value) void start(e.target.value); }}>
          <option value="">(choose a lab)</option>{labs.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}</select>
      </div>
      {guide && <>
        <div className="guide-head"><b>{guide.title}</b>
          <div className="progress small" role="progressbar" aria-label="Lab progress" aria-valuenow={passed} aria-valuemax={guide.steps.length}>
            <span style={{ width: `${(passed / Math.max(1, guide.steps.length)) * 100}%` }} /></div>
          <div className="muted">{guide.done ? 'Lab complete.' : `${passed} of ${guide.steps.length} steps done`}</div></div>
        <ol className="guide-steps">
          {guide.steps.map((s) => {
            const current = s.id === guide.current;
            const r = revealed[s.id];
            return <li key={s.id} data-step={s.id} data-passed={s.passed} className={`${s.passed ? 'passed' : ''}${current ? ' current' : ''}`}>
              <div className="guide-step-title" onClick={() => setOpen(open === s.id ? null : s.id)}>
                <span className="tick" aria-label={s.passed ? 'done' : 'not done'}>{s.passed ? '✔' : current ? '▶' : '○'}</span>{s.title}</div>
              {open === s.id && <div className="guide-step-body">
                <Markdown text={s.instructions} />
                {s.passed && s.detail && <div className="guide-detail">✔ {s.detail}</div>}
                <div className="guide-buttons">
                  <button className="btn" onClick={() => void reveal(s.id, 'hint')}>Show hint</button>
                  <button className="btn" onClick={() => void reveal(s.id, 'answer')}>Show answer</button>
                </div>
                {r?.hint && <div className="guide-hint" aria-label="Hint"><b>Hint: </b>{r.hint}</div>}
                {r?.answer && <div className="guide-answer" aria-label="Answer"><Markdown text={r.answer.text} />
                  {r.answer.files.map((f) => <div key={f.path}><div className="muted">{f.path}</div><pre className="md-code">{f.text}</pre></div>)}</div>}
              </div>}
            </li>;
          })}
        </ol>
      </>}
    </div>
  );
}
