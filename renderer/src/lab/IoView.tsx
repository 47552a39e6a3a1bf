// The I/O view (no real tool has one): the chosen device's stack drawn top to bottom (upper filters, FDO, lower
// filters, PDO, each with its driver) and, live, the IRPs going down it (call), held (pending) and completing back
// up with their status. The target traces only while this view is open; a broken-in target is frozen, so the view
// says so and shows nothing new until it runs again. Pause keeps the list still while the learner reads it.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Api, IrpEvent, PowerState, StackDevice } from '../../../main/api/contract.ts';

const MAX_ROWS = 500;
const ARROW: Record<IrpEvent['phase'], string> = { call: '↓', pending: '●', complete: '↑' };
const PHASE: Record<IrpEvent['phase'], string> = { call: 'Dispatch', pending: 'Pending', complete: 'Complete' };

/** Where each IRP in flight is now: the device whose driver holds it (a call moves it down, a completion up; a
 *  completion at the top of the stack, or below a driver that skipped its location, lets it go). */
function holders(stack: StackDevice[], rows: IrpEvent[]): Map<string, IrpEvent[]> {
  const at = new Map<string, IrpEvent>();
  for (const r of rows) {
    if (r.phase !== 'complete') { at.set(r.irp, r); continue; }
    const i = stack.findIndex((d) => d.address === r.device);
    const above = i >= 0 && !r.done ? stack[i + 1] : undefined; // stack is bottom first
    if (above) at.set(r.irp, { ...r, device: above.address }); else at.delete(r.irp);
  }
  const by = new Map<string, IrpEvent[]>();
  for (const r of at.values()) by.set(r.device, [...(by.get(r.device) ?? []), r]);
  return by;
}

export function IoView({ api, machine, instanceId, title, onClose }: { api: Api; machine: string; instanceId: string; title: string; onClose(): void }) {
  const [stack, setStack] = useState<StackDevice[]>([]);
  const [rows, setRows] = useState<IrpEvent[]>([]);
  const [error, setError] = useState('');
  const [paused, setPaused] = useState(false);
  const [state, setState] = useState<PowerState | undefined>();
  const [dropped, setDropped] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const stackRef = useRef(stack);
  stackRef.current = stack;

  useEffect(() => {
    let live = true;
    const watch = () => api.call('io.watch', { machine, instanceId }).then((r) => { if (live) { setStack(r.stack); setError(''); } }, (e: Error) => live && setError(e.message));
    void watch();
    const offIrp = api.on('io.irp', (e) => {
      if (e.machine !== machine) return;
      // A restarted stack has new device objects: draw it again (re-arming the watch loses nothing).
      if (e.irps.some((r) => !stackRef.current.some((d) => d.address === r.device))) void watch();
      if (pausedRef.current) return;
      setRows((rs) => [...rs, ...e.irps].slice(-MAX_ROWS));
      if (e.dropped) setDropped((d) => d + e.dropped);
    });
    const pick = (n: { machines: { name: string; status: { state: PowerState } }[] }) => setState(n.machines.find((m) => m.name === machine)?.status.state);
    api.call('machine.list', {}).then(pick, () => {});
    const offState = api.on('machine.state', pick);
    return () => { live = false; offIrp(); offState(); void api.call('io.watch', { machine }).catch(() => {}); };
  }, [api, machine, instanceId]);

  // The list follows the newest row as a log does, unless the learner scrolled up to read.
  const timeline = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useEffect(() => { const el = timeline.current; if (el && follow.current) el.scrollTop = el.scrollHeight; }, [rows]);
  useEffect(() => { // shown again (its tab brought to the front): rows that came meanwhile are scrolled to as well
    const el = timeline.current;
    if (!el) return;
    const ro = new ResizeObserver(() => { if (follow.current) el.scrollTop = el.scrollHeight; });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const held = useMemo(() => holders(stack, rows), [stack, rows]);
  const newest = rows.at(-1);
  const start = rows[0]?.cycles ?? 0;
  const brokenIn = state === 'broken-in';
  const name = (address: string) => stack.find((d) => d.address === address);

  return (
    <div className="ioview" data-testid="io-view" aria-label={`I/O view: ${title}`}>
      <div className="pane-toolbar">
        <b>I/O view — {title}</b>
        <span className="tb-sep" />
        <button className={`tb${paused ? ' pressed' : ''}`} aria-pressed={paused} onClick={() => setPaused((p) => !p)}>{paused ? '▶ Resume' : '❚❚ Pause'}</button>
        <button className="tb" onClick={() => { setRows([]); setDropped(0); }}>Clear</button>
        <button className="tb" onClick={onClose}>Close</button>
        {brokenIn && <span className="io-banner" role="status" data-testid="io-broken-in">Target is broken in</span>}
        {dropped > 0 && <span className="muted">{dropped} IRP events dropped</span>}
      </div>
      {error && <div className="empty-note" role="alert">{error}</div>}
      <div className="io-body">
        <div className="io-stack" data-testid="io-stack">
          {[...stack].reverse().map((d, i) => {
            const here = held.get(d.address) ?? [];
            const hot = newest?.device === d.address;
            return (<div key={d.address}>
              {i > 0 && <div className="io-link" aria-hidden>▲▼</div>}
              <div className={`io-box ${d.role.toLowerCase()}${hot ? ' hot' : ''}`} data-role={d.role} data-testid="io-box">
                <div className="io-role">{d.role === 'Filter' ? 'Filter DO' : d.role}</div>
                <div className="io-driver">{d.driver || '(no driver)'}</div>
                <div className="io-dev">{d.name || 'unnamed'} <span className="muted">{d.address}</span></div>
                {here.length > 0 && <div className="io-held" data-testid="io-held">{here.map((r) =>
                  <span key={r.irp} className={`io-chip ${r.phase}`} title={`IRP ${r.irp}`}>{r.major.replace('IRP_MJ_', '')}{r.minor ? `/${r.minor.replace('IRP_MN_', '')}` : ''}{r.phase === 'pending' ? ' (pending)' : ''}</span>)}</div>}
              </div></div>);
          })}
        </div>
        <div className="io-timeline" ref={timeline} data-testid="io-timeline"
          onScroll={(e) => { const el = e.currentTarget; follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4; }}>
          <table className="grid io-rows" data-testid="io-rows">
            <thead><tr><th>#</th><th></th><th>IRP</th><th>Major</th><th>Minor</th><th>Device (driver)</th><th>Status</th></tr></thead>
            <tbody>{rows.map((r, i) => {
              const d = name(r.device);
              return (<tr key={i} className={`io-row ${r.phase}`} data-phase={r.phase} data-major={r.major} data-minor={r.minor} data-status={r.status ?? ''}>
                <td className="num" title={`+${(r.cycles - start).toLocaleString()} cycles`}>{i + 1}</td>
                <td title={PHASE[r.phase]}>{ARROW[r.phase]} {PHASE[r.phase]}</td>
                <td className="mono">{r.irp}</td><td>{r.major}</td><td>{r.minor}</td>
                <td>{d ? `${d.role} ` : ''}({r.driver})</td><td>{r.status ?? ''}</td></tr>);
            })}</tbody>
          </table>
          {!rows.length && !error && <div className="empty-note">{brokenIn ? 'Target is broken in: it runs no code, so no IRPs move until you let it go (g).' : 'Waiting for I/O on this device stack… (send it some: start a program that opens it, or disable and enable the device)'}</div>}
        </div>
      </div>
    </div>
  );
}
