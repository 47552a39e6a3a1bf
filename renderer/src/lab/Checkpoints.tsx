// A target's checkpoints as Hyper-V Manager offers them: Checkpoint... (a name, or Hyper-V's default
// "<Machine> - (date - time)" that the API gives an unnamed one), Revert... (back to the checkpoint the target is at),
// Apply... (any checkpoint, after a warning, optionally taking one first), and the Checkpoints pane: the tree of
// checkpoints by parent with their creation time and "Now" under the one the target is at. Everything goes through
// the typed API (machine.checkpoint / machine.checkpoints / machine.applyCheckpoint).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Api, CheckpointInfo } from '../../../main/api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';
import { STATE_TEXT } from './machine-state.ts';
import { useContextMenu } from './useContextMenu.ts';

/** What is being done to a target's checkpoints right now (Hyper-V's Status column: "Creating checkpoint"). */
export interface CheckpointBusy { machine: string; text: string }
/** The last outcome worth saying: an error, or an apply that was not exact (and why). */
export interface CheckpointNote { machine: string; kind: 'error' | 'warning' | 'info'; text: string }

/** Hyper-V Manager's en-US creation time: 11/23/2026 7:20:01 PM. */
export function createdText(ms: number): string {
  const d = new Date(ms), two = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ${d.getHours() % 12 || 12}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** One target's checkpoints and the actions on them; one operation at a time for the whole view. */
export function useCheckpoints(api: Api, machine: string | undefined, onStatus: (s: string) => void) {
  const [list, setList] = useState<CheckpointInfo[]>([]);
  const [busy, setBusy] = useState<CheckpointBusy | null>(null);
  const [note, setNote] = useState<CheckpointNote | null>(null);
  const refresh = useCallback(async () => {
    if (!machine) { setList([]); return; }
    try { setList(await api.call('machine.checkpoints', { name: machine })); } catch (e) { setNote({ machine, kind: 'error', text: (e as Error).message }); }
  }, [api, machine]);
  useEffect(() => { setList([]); void refresh(); }, [refresh]);

  const run = async <T,>(m: string, text: string, f: () => Promise<T>): Promise<T | undefined> => {
    setBusy({ machine: m, text }); setNote(null); onStatus(`${text}...`);
    try { return await f(); } catch (e) {
      const msg = (e as Error).message;
      setNote({ machine: m, kind: 'error', text: msg }); onStatus(msg);
      return undefined;
    } finally { setBusy(null); if (m === machine) void refresh(); }
  };
  /** Checkpoint... : undefined name = Hyper-V's default, chosen by the API. */
  const take = (m: string, name?: string) => run(m, `Creating checkpoint of ${m}`, async () => {
    const cp = await api.call('machine.checkpoint', { name: m, ...(name ? { checkpoint: name } : {}) });
    onStatus(`Checkpoint "${cp.name}" of ${m} created.`);
    return cp;
  });
  const apply = (m: string, name: string, takeFirst = false) => run(m, `Applying checkpoint "${name}" to ${m}`, async () => {
    if (takeFirst) await api.call('machine.checkpoint', { name: m });
    const r = await api.call('machine.applyCheckpoint', { name: m, checkpoint: name });
    if (r.exact) { onStatus(`Checkpoint "${r.checkpoint.name}" applied to ${m}.`); setNote({ machine: m, kind: 'info', text: `${m} is back at "${r.checkpoint.name}".` }); }
    else {
      const text = `"${r.checkpoint.name}" could not be applied exactly (${r.reason ?? 'no reason given'}), so ${m} was started from the checkpoint's saved disk instead: programs and drivers that were running then start afresh.`;
      setNote({ machine: m, kind: 'warning', text }); onStatus(`Checkpoint "${r.checkpoint.name}" applied to ${m} from its saved disk (not exact).`);
    }
    return r;
  });
  return { list, busy, note, refresh, take, apply };
}

/** Checkpoint... : the name, or empty for Hyper-V's default. */
export function TakeCheckpointDialog({ machine, onTake, onClose }: { machine: string; onTake(name: string | undefined): void; onClose(): void }) {
  const [name, setName] = useState('');
  const ok = () => { onClose(); onTake(name.trim() || undefined); };
  return (
    <Dialog title={`Checkpoint - ${machine}`} width={480} onClose={onClose} buttons={<>
      <button className="btn primary" onClick={ok}>Create</button>
      <button className="btn" onClick={onClose}>Cancel</button></>}>
      <label className="field">Checkpoint name
        <input aria-label="Checkpoint name" value={name} autoFocus maxLength={100} placeholder={`${machine} - (date - time)`}
          onChange={(e) => setName(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') ok(); }} /></label>
      <p className="muted">Saves {machine} exactly as it is now: memory, running programs and drivers, disk. Left empty, the
        checkpoint is named after the computer and the current date and time, as Hyper-V names one.</p>
    </Dialog>
  );
}

/** Apply... and Revert...: a warning that the present state goes, then the apply. */
export function ApplyCheckpointDialog({ machine, list, initial, revert, onApply, onClose }: {
  machine: string; list: CheckpointInfo[]; initial: string; revert?: boolean; onApply(name: string, takeFirst: boolean): void; onClose(): void;
}) {
  const [name, setName] = useState(initial);
  const go = (takeFirst: boolean) => { onClose(); onApply(name, takeFirst); };
  return (
    <Dialog title={revert ? `Revert - ${machine}` : 'Apply Checkpoint'} width={520} onClose={onClose} buttons={<>
      {!revert && <button className="btn" disabled={!name} onClick={() => go(true)}>Take Checkpoint and Apply</button>}
      <button className="btn primary" disabled={!name} onClick={() => go(false)}>{revert ? 'Revert' : 'Apply'}</button>
      <button className="btn" onClick={onClose}>Cancel</button></>}>
      {!revert && list.length > 1 && <label className="field">Checkpoint
        <select aria-label="Checkpoint to apply" value={name} onChange={(e) => setName(e.target.value)}>
          {list.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}</select></label>}
      <p className="cp-confirm" role="note"><span className="cp-warn-icon" aria-hidden>⚠</span>
        {revert
          ? <>Take {machine} back to its last checkpoint, "{name}"? Everything that happened on it since then will be gone.</>
          : <>Take {machine} back to checkpoint "{name}"? What it is running now and every change made since that checkpoint
            (files, installed drivers, what its console shows) will be gone for good, unless you take a checkpoint first.</>}
      </p>
    </Dialog>
  );
}

/** The Checkpoints pane for the selected target: the tree by parent, creation time, state, "Now" under the current. */
export function CheckpointsPane({ machine, list, busy, note, onApply, onTake, onRevert }: {
  machine: string | undefined; list: CheckpointInfo[]; busy: CheckpointBusy | null; note: CheckpointNote | null;
  onApply(name: string): void; onTake(): void; onRevert(): void;
}) {
  const [sel, setSel] = useState<string | null>(null);
  const [menu, setMenu] = useContextMenu<{ x: number; y: number; name: string }>();
  useEffect(() => { setSel(null); }, [machine]);
  const current = list.find((c) => c.current);
  const names = new Set(list.map((c) => c.name));
  const rows: ReactNode[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const c of list.filter((x) => (x.parent && names.has(x.parent) ? x.parent : undefined) === parent)) {
      rows.push(
        <div key={c.name} role="row" aria-label={`checkpoint ${c.name}`} aria-selected={sel === c.name} aria-current={c.current || undefined}
          className={`cp-row${sel === c.name ? ' selected' : ''}`} onClick={() => setSel(c.name)} onDoubleClick={() => onApply(c.name)}
          onContextMenu={(e) => { e.preventDefault(); setSel(c.name); setMenu({ x: e.clientX, y: e.clientY, name: c.name }); }}>
          <span className="cp-name" style={{ paddingLeft: 6 + depth * 16 }}><span className="cp-icon" aria-hidden>◧</span>{c.name}</span>
          <span className="cp-time">{createdText(c.created)}</span>
          <span className="cp-state">{STATE_TEXT[c.status.state]}</span>
        </div>);
      walk(c.name, depth + 1);
      if (c.current) rows.push(<div key=" now" role="row" aria-label="Now" className="cp-row cp-now"><span className="cp-name" style={{ paddingLeft: 6 + (depth + 1) * 16 }}>
        <span className="cp-icon" aria-hidden>▶</span>Now</span><span className="cp-time" /><span className="cp-state" /></div>);
    }
  };
  walk(undefined, 0);
  const here = busy && busy.machine === machine;
  const shownNote = note && note.machine === machine ? note : null;
  return (
    <div className="checkpoints-pane" data-testid="checkpoints-pane" aria-label={`Checkpoints of ${machine ?? 'no target'}`}>
      <div className="pane-toolbar">
        <b>Checkpoints</b><span className="muted">{machine ?? '(select a target computer)'}</span>
        <span className="tb-sep" />
        <button className="tb" disabled={!machine || !!busy} onClick={onTake}>Checkpoint...</button>
        <button className="tb" disabled={!sel || !!busy} onClick={() => sel && onApply(sel)}>Apply...</button>
        <button className="tb" disabled={!current || !!busy} onClick={onRevert}>Revert...</button>
        {here && <span className="tb-progress">{busy.text}...<span className="progress small indeterminate" aria-hidden><span /></span></span>}
      </div>
      {shownNote && <div className={`cp-note cp-${shownNote.kind}`} role={shownNote.kind === 'info' ? 'status' : 'alert'}>{shownNote.text}</div>}
      <div className="cp-list" role="grid" aria-label="Checkpoints">
        {machine && !list.length && <div className="empty-note">{machine} has no checkpoints. <b>Checkpoint...</b> (here or in the computer's right-click menu) takes one.</div>}
        {rows}
      </div>
      {menu && <div className="context-menu menu-dropdown" style={{ left: menu.x, top: menu.y }} role="menu" onMouseDown={(e) => e.stopPropagation()}>
        <div className={`menu-item${busy ? ' disabled' : ''}`} role="menuitem" aria-disabled={!!busy || undefined}
          onClick={() => { const n = menu.name; setMenu(null); if (!busy) onApply(n); }}><span className="menu-label">Apply...</span><span /></div>
      </div>}
    </div>
  );
}
