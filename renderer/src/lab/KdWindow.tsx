// The kernel debugger window, laid out like WinDbg: the Command window (xterm.js, `0: kd> ` prompt, history, Tab
// completion of commands and module!symbol names, Break) and the panes WinDbg keeps beside it — Call Stack,
// Locals, Breakpoints, Modules, Disassembly — each filled by its kd command whenever the target stops.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, DebugSettings, KdStatus, Network } from '../../../main/api/contract.ts';
import { createTerminal, LineEditor } from './terminal.ts';

const PANES = [['Call Stack', 'k'], ['Locals', 'dv'], ['Breakpoints', 'bl'], ['Modules', 'lm'], ['Disassembly', 'u @$ip']] as const; // the Disassembly window follows the IP
type PaneName = (typeof PANES)[number][0];

/** Runs a command as if typed at `kd>` (F5/F10/F11/Shift+F11 from the editor), so the Command window shows each
 *  step's new place as WinDbg's does; false when the window cannot take it now (a line is half typed). */
export type KdTyper = (line: string) => boolean;

/** `breakpoints`: the editor's breakpoints waiting for a debugger, handed to the session as it connects (as `bu`);
 *  `breakpointsVersion` changes when the editor changed the debugger's breakpoints (the Breakpoints pane follows). */
export function KdWindow({ api, net, status, onStatus, typer, breakpoints, breakpointsVersion }: {
  api: Api; net: Network | null; status: KdStatus; onStatus(s: string): void; typer?: { current: KdTyper | undefined };
  breakpoints?: () => string[]; breakpointsVersion?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<ReturnType<typeof createTerminal>>(null);
  const statusRef = useRef(status);
  statusRef.current = status;
  const [panes, setPanes] = useState<Record<PaneName, string>>({ 'Call Stack': '', Locals: '', Breakpoints: '', Modules: '', Disassembly: '' });
  const provisioned = net?.machines.find((m) => m.provisioned);
  const [target, setTarget] = useState('');
  const [conn, setConn] = useState<DebugSettings>({ kind: 'net', hostIp: '', port: 50000, key: '' });
  useEffect(() => {
    if (provisioned && !target) { setTarget(provisioned.name); setConn(provisioned.provisioned!.debug); }
  }, [provisioned, target]);

  const prompt = () => { if (statusRef.current.state === 'broken') termRef.current?.term.write(statusRef.current.prompt); };
  useEffect(() => {
    const t = createTerminal(host.current!, { background: '#ffffff', foreground: '#000000' });
    t.term.options.theme = { background: '#ffffff', foreground: '#000000', cursor: '#000000', selectionBackground: '#add6ff' };
    termRef.current = t;
    const editor = new LineEditor(t.term, (line) => {
      const st = statusRef.current;
      // A DbgPrompt question waits (no prompt): the line is its answer, typed on the question's line as in kd.exe.
      const answer = st.state === 'running' && st.prompt === '';
      t.term.write(`${line}\r\n`);
      if (st.state === 'disconnected') { t.term.write('No kernel debugger connection. Connect first (Kernel Debug above).\r\n'); return; }
      api.call('kd.command', { text: line }).then((r) => {
        if (r.output) t.term.write(r.output.replace(/\r?\n/g, '\r\n') + (r.output.endsWith('\n') ? '' : '\r\n'));
        statusRef.current = r.status;
        if (r.status.state === 'broken') t.term.write(r.status.prompt);
        else if (r.status.state === 'running' && !answer) t.term.write('       *BUSY* Debuggee is running...\r\n');
      }, (e: Error) => { t.term.write(`${e.message}\r\n`); prompt(); });
    }, async (line) => (await api.call('kd.complete', { text: line })).items);
    editor.onReprompt = prompt;
    if (typer) typer.current = (line) => { if (editor.line) return false; editor.submitLine(line); return true; };
    const off = api.on('kd.output', (e) => t.term.write(e.text.replace(/\r?\n/g, '\r\n')));
    return () => { off(); t.dispose(); if (typer) typer.current = undefined; };
  }, [api, typer]);

  const refreshPanes = useCallback(async () => {
    const next = { ...panes };
    for (const [name, cmd] of PANES) {
      try { next[name] = (await api.call('kd.command', { text: cmd })).output; } catch (e) { next[name] = (e as Error).message; }
    }
    setPanes(next);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  // A new stop fills the panes again: a break-in, and a step (F10/F11/Shift+F11) that moved to another line.
  const lastState = useRef(status.state);
  const lastPlace = useRef('');
  useEffect(() => {
    const place = status.state === 'broken' ? JSON.stringify(status.location ?? null) : '';
    if (status.state === 'broken' && lastState.current !== 'broken') termRef.current?.term.write(status.prompt);
    if (status.state === 'broken' && (lastState.current !== 'broken' || place !== lastPlace.current)) void refreshPanes();
    lastState.current = status.state;
    lastPlace.current = place;
  }, [status, refreshPanes]);
  useEffect(() => {
    if (!breakpointsVersion || statusRef.current.state !== 'broken') return;
    void api.call('kd.command', { text: 'bl' }).then((r) => setPanes((p) => ({ ...p, Breakpoints: r.output })), () => {});
  }, [api, breakpointsVersion]);

  const connect = async () => {
    if (!target) { onStatus('Choose the target computer to debug.'); return; }
    termRef.current?.term.write(`\r\nMicrosoft (R) Windows Debugger Version 10.0.22621.1 AMD64\r\n`);
    try {
      const bps = breakpoints?.() ?? [];
      await api.call('kd.connect', { target, connection: conn, ...(bps.length ? { breakpoints: bps } : {}) });
      onStatus(`Kernel debugger: ${conn.kind === 'net' ? `net:port=${conn.port}` : `com:port=${conn.port},baud=${conn.baud}`}`);
    } catch (e) { onStatus(`Kernel debugger: ${(e as Error).message}`); termRef.current?.term.write(`${(e as Error).message}\r\n`); }
  };
  const brk = async () => {
    try { const r = await api.call('kd.break', {}); if (!r.output) onStatus('The target is not running.'); } catch (e) { onStatus((e as Error).message); }
  };

  const stateText = status.state === 'broken' ? 'Broken in' : status.state === 'running' ? 'Debuggee is running' : status.state === 'waiting' ? 'Waiting to reconnect...' : 'Not connected';
  return (
    <div className="kd-window" data-testid="kd-window">
      <div className="pane-toolbar">
        {status.state === 'disconnected' ? <>
          <span>Kernel Debug:</span>
          <select aria-label="Debug target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">(target)</option>{net?.machines.map((m) => <option key={m.name}>{m.name}</option>)}</select>
          <select aria-label="Connection" value={conn.kind} onChange={(e) => setConn(e.target.value === 'net' ? { kind: 'net', hostIp: net?.host.ip ?? '', port: 50000, key: '' } : { kind: 'serial', port: 'COM1', baud: 115200 })}>
            <option value="net">NET</option><option value="serial">COM</option></select>
          {conn.kind === 'net' ? <>
            <label>Port <input aria-label="Port" size={6} value={conn.port} onChange={(e) => setConn({ ...conn, port: Number(e.target.value) || 0 })} /></label>
            <label>Key <input aria-label="Key" size={30} value={conn.key} onChange={(e) => setConn({ ...conn, key: e.target.value })} /></label>
          </> : <>
            <label>Port <select aria-label="COM port" value={conn.port} onChange={(e) => setConn({ ...conn, port: e.target.value as 'COM1' | 'COM2' })}><option>COM1</option><option>COM2</option></select></label>
            <label>Baud <input aria-label="Baud rate" size={7} value={conn.baud} onChange={(e) => setConn({ ...conn, baud: Number(e.target.value) || 0 })} /></label>
          </>}
          <button className="btn primary" onClick={() => void connect()}>Connect</button>
        </> : <>
          <button className="tb" title="Break (Ctrl+Break)" disabled={status.state !== 'running'} onClick={() => void brk()}>❚❚ Break</button>
          <button className="tb" title="Go (F5)" disabled={status.state !== 'broken'} onClick={() => void api.call('kd.command', { text: 'g' }).catch(() => {})}>▶ Go</button>
          <button className="tb" title="Stop Debugging (Shift+F5)" onClick={() => void api.call('kd.disconnect', {})}>■ Stop Debugging</button>
        </>}
        <span className="grow" />
        <span className={`kd-state k-${status.state}`} data-testid="kd-state">{stateText}{status.target ? ` — ${status.target}` : ''}</span>
      </div>
      <div className="kd-body">
        <div className="kd-command"><div className="console-title">Command</div><div className="term-host" ref={host} /></div>
        <div className="kd-panes">
          {PANES.map(([name]) => (
            <div key={name} className="kd-pane" aria-label={name}><div className="console-title">{name}</div><pre>{panes[name]}</pre></div>
          ))}
        </div>
      </div>
    </div>
  );
}
