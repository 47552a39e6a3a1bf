// The lab network: the host computer, the lab switch and each target as boxes with their state at a glance (power,
// boot progress, provisioned, bugchecked), network cables to the switch and serial cables between COM ports, and
// the actions on them: add a target, power, restart, plug/unplug, add a serial cable, open a console or Device Manager.
// A target's right-click menu has Hyper-V Manager's VM commands (Connect, Start/Turn Off, Checkpoint, Revert); the
// Checkpoints pane below the network shows the selected target's checkpoints (Checkpoints.tsx).
import { useState } from 'react';
import type { Api, Network } from '../../../main/api/contract.ts';
import { ComputerIcon, SwitchIcon } from './LabIcons.tsx';
import { STATE_TEXT } from './machine-state.ts';
import { FirmwareSettings } from './FirmwareSettings.tsx';
import { ApplyCheckpointDialog, CheckpointsPane, TakeCheckpointDialog, useCheckpoints } from './Checkpoints.tsx';
import { useContextMenu } from './useContextMenu.ts';

const BOX_W = 230, ROW_H = 150;
const hostPos = { x: 30, y: 40 }, switchPos = { x: 330, y: 60 };
const targetPos = (i: number) => ({ x: 560, y: 20 + i * ROW_H });

export function NetworkView({ api, net, onStatus, onOpenConsole, onOpenDevices, onConfigure }: {
  api: Api; net: Network | null; onStatus(s: string): void;
  onOpenConsole(name: string): void; onOpenDevices(name: string): void; onConfigure(): void;
}) {
  const [adding, setAdding] = useState<null | 'target' | 'serial'>(null);
  const [name, setName] = useState('MyTestComputer');
  const [ends, setEnds] = useState({ a: 'host:COM1', b: '' });
  const [firmware, setFirmware] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [menu, setMenu] = useContextMenu<{ x: number; y: number; name: string }>();
  const [cpDialog, setCpDialog] = useState<{ kind: 'take' | 'apply' | 'revert'; machine: string; initial?: string } | null>(null);
  const act = (label: string, p: Promise<unknown>) => p.then(() => onStatus('Ready'), (e: Error) => onStatus(`${label}: ${e.message}`));
  const machines = net?.machines ?? [];
  // The selected target (a click or right-click on its box); the first one until the learner picks another.
  const selected = machines.find((m) => m.name === picked)?.name ?? machines[0]?.name;
  const cps = useCheckpoints(api, selected, onStatus);
  const current = cps.list.find((c) => c.current);
  const comEnds = ['host:COM1', 'host:COM2', ...machines.flatMap((m) => [`${m.name}:COM1`, `${m.name}:COM2`])];
  const pos = (end: string) => {
    const who = end.split(':')[0]!;
    // The host box's bottom edge, a target box's left edge: where the cable meets the box.
    if (who.toLowerCase() === 'host') return { x: hostPos.x + BOX_W / 2, y: hostPos.y + 64 };
    const i = machines.findIndex((m) => m.name === who);
    return { x: targetPos(i).x, y: targetPos(i).y + 80 };
  };
  const height = Math.max(320, machines.length * ROW_H + 60);

  return (
    <div className="network-view" data-testid="network-view">
      <div className="pane-toolbar">
        <button className="tb" onClick={() => { setAdding('target'); setName(machines.length ? `TestComputer${machines.length + 1}` : 'MyTestComputer'); }}>+ Add target computer</button>
        <button className="tb" disabled={!machines.length} onClick={() => { setAdding('serial'); setEnds({ a: 'host:COM1', b: `${machines[0]?.name}:COM1` }); }}>+ Add serial cable</button>
        <span className="tb-sep" />
        <button className="tb" disabled={!machines.length} onClick={onConfigure}>Configure Devices...</button>
        {adding === 'target' && <span className="inline-form">
          <label>Computer name <input aria-label="Computer name" value={name} onChange={(e) => setName(e.target.value)} autoFocus
            onKeyDown={(e) => { if (e.key === 'Enter') (e.currentTarget.parentElement!.nextElementSibling as HTMLButtonElement).click(); }} /></label>
          <button className="btn primary" onClick={() => { setAdding(null); void act('New target', api.call('machine.create', { name })); }}>Add</button>
          <button className="btn" onClick={() => setAdding(null)}>Cancel</button></span>}
        {adding === 'serial' && <span className="inline-form">
          <select aria-label="Serial cable end A" value={ends.a} onChange={(e) => setEnds({ ...ends, a: e.target.value })}>{comEnds.map((c) => <option key={c}>{c}</option>)}</select>
          <span>⟷</span>
          <select aria-label="Serial cable end B" value={ends.b} onChange={(e) => setEnds({ ...ends, b: e.target.value })}>{comEnds.map((c) => <option key={c}>{c}</option>)}</select>
          <button className="btn primary" onClick={() => { setAdding(null); void act('Serial cable', api.call('cable.plug', { kind: 'serial', ...ends })); }}>Plug in</button>
          <button className="btn" onClick={() => setAdding(null)}>Cancel</button></span>}
      </div>
      <div className="network-canvas" style={{ height }}>
        <svg className="cables" width="100%" height={height}>
          <line x1={hostPos.x + BOX_W} y1={hostPos.y + 50} x2={switchPos.x} y2={switchPos.y + 30} className="cable-net" />
          {machines.map((m, i) => m.netCabled && <line key={m.name} x1={switchPos.x + 140} y1={switchPos.y + 30} x2={targetPos(i).x} y2={targetPos(i).y + 50} className="cable-net" />)}
          {(net?.cables ?? []).filter((c) => c.kind === 'serial').map((c) => {
            const a = pos(c.a), b = pos(c.b);
            return <g key={`${c.a}-${c.b}`}><path d={`M${a.x},${a.y} C${a.x},${a.y + 120} ${b.x - 160},${b.y + 40} ${b.x},${b.y}`} className="cable-serial" />
              <text x={(a.x + b.x) / 2} y={Math.max(a.y, b.y) + 40} className="cable-label">{c.a} ⟷ {c.b}</text></g>;
          })}
        </svg>
        <div className="net-box host-box" style={{ left: hostPos.x, top: hostPos.y, width: BOX_W }}>
          <div className="net-title"><ComputerIcon state="running" /> <b>{net?.host.name ?? 'HOST'}</b> <span className="muted">(this computer)</span></div>
          <div className="muted">{net?.host.ip} · Visual Studio, WinDbg</div>
        </div>
        <div className="net-box switch-box" style={{ left: switchPos.x, top: switchPos.y, width: 140 }}>
          <div className="net-title"><SwitchIcon /> Lab switch</div>
        </div>
        {machines.map((m, i) => {
          const st = m.status;
          const on = st.state !== 'off';
          return (
            <div key={m.name} className={`net-box target-box state-${st.state}${m.name === selected ? ' selected' : ''}`}
              style={{ left: targetPos(i).x, top: targetPos(i).y, width: BOX_W + 80 }} aria-label={`target ${m.name}`} data-state={st.state}
              onClick={() => setPicked(m.name)} onContextMenu={(e) => { e.preventDefault(); setPicked(m.name); setMenu({ x: e.clientX, y: e.clientY, name: m.name }); }}>
              <div className="net-title"><ComputerIcon state={st.state} /> <b>{m.name}</b> <span className={`state-badge s-${st.state}`}>{STATE_TEXT[st.state]}</span></div>
              <div className="muted">{m.ip} · {m.provisioned ? `provisioned, kd ${m.provisioned.debug.kind === 'net' ? `net:port=${m.provisioned.debug.port}` : `${m.provisioned.debug.port}`}` : 'not provisioned'}</div>
              {st.state === 'booting' && <div className="progress" role="progressbar" aria-label={`${m.name} boot`} aria-valuenow={st.percent ?? 0}><div style={{ width: `${st.percent ?? 0}%` }} /></div>}
              {st.detail && <div className="state-detail" title={st.detail}>{st.detail}</div>}
              {cps.busy?.machine === m.name && <div className="cp-busy"><span>{cps.busy.text}...</span>
                <div className="progress indeterminate" role="progressbar" aria-label={`${m.name} checkpoint`}><div /></div></div>}
              <div className="net-actions">
                <button className="tb" aria-label={`${on ? 'Turn off' : 'Turn on'} ${m.name}`} title={on ? 'Turn off' : 'Start'}
                  onClick={() => void act('Power', api.call('machine.power', { name: m.name, on: !on }))}>◯ {on ? 'Turn off' : 'Start'}</button>
                <button className="tb" disabled={!on} aria-label={`Restart ${m.name}`} onClick={() => void act('Restart', api.call('machine.restart', { name: m.name }))}>↻ Restart</button>
                <button className="tb" aria-label={`UEFI firmware settings of ${m.name}`} title="UEFI firmware settings (Secure Boot, boot order)"
                  onClick={() => setFirmware(m.name)}>⚙ UEFI</button>
                <button className="tb" aria-label={`Console of ${m.name}`} onClick={() => onOpenConsole(m.name)}>▭ Console</button>
                <button className="tb" aria-label={`Device Manager of ${m.name}`} onClick={() => onOpenDevices(m.name)}>▦ Devices</button>
                <button className="tb" aria-label={`${m.netCabled ? 'Unplug' : 'Plug in'} the network cable of ${m.name}`}
                  onClick={() => void act('Cable', m.netCabled ? api.call('cable.unplug', { kind: 'net', end: m.name }) : api.call('cable.plug', { kind: 'net', a: 'host', b: m.name }))}>
                  {m.netCabled ? '✂ Unplug network' : '⌁ Plug network'}</button>
                {(net?.cables ?? []).filter((c) => c.kind === 'serial' && (c.a.startsWith(`${m.name}:`) || c.b.startsWith(`${m.name}:`))).map((c) => {
                  const end = c.a.startsWith(`${m.name}:`) ? c.a : c.b;
                  return <button key={end} className="tb" onClick={() => void act('Cable', api.call('cable.unplug', { kind: 'serial', end }))}>✂ Unplug {end.split(':')[1]}</button>;
                })}
              </div>
            </div>
          );
        })}
        {menu && (() => {
          const m = machines.find((x) => x.name === menu.name);
          if (!m) return null;
          const on = m.status.state !== 'off', busy = !!cps.busy;
          const item = (label: string, run: () => void, disabled = false) => (
            <div className={`menu-item${disabled ? ' disabled' : ''}`} role="menuitem" aria-disabled={disabled || undefined}
              onClick={() => { if (disabled) return; setMenu(null); run(); }}><span className="menu-label">{label}</span><span /></div>);
          return (
            <div className="context-menu menu-dropdown" style={{ left: menu.x, top: menu.y }} role="menu" aria-label={`${m.name} menu`} onMouseDown={(e) => e.stopPropagation()}>
              {item('Connect...', () => onOpenConsole(m.name))}
              {item('Device Manager', () => onOpenDevices(m.name))}
              {item('UEFI Settings...', () => setFirmware(m.name))}
              <div className="menu-separator" />
              {item(on ? 'Turn Off' : 'Start', () => void act('Power', api.call('machine.power', { name: m.name, on: !on })), busy)}
              {item('Restart', () => void act('Restart', api.call('machine.restart', { name: m.name })), !on || busy)}
              <div className="menu-separator" />
              {item('Checkpoint...', () => setCpDialog({ kind: 'take', machine: m.name }), busy)}
              {item('Revert...', () => setCpDialog({ kind: 'revert', machine: m.name, initial: current?.name }), busy || !current)}
              {item('Apply Checkpoint...', () => setCpDialog({ kind: 'apply', machine: m.name, initial: (current ?? cps.list.at(-1))?.name }), busy || !cps.list.length)}
            </div>);
        })()}
        {cpDialog?.kind === 'take' && <TakeCheckpointDialog machine={cpDialog.machine} onClose={() => setCpDialog(null)} onTake={(n) => void cps.take(cpDialog.machine, n)} />}
        {(cpDialog?.kind === 'apply' || cpDialog?.kind === 'revert') && cpDialog.initial && <ApplyCheckpointDialog machine={cpDialog.machine} list={cps.list}
          initial={cpDialog.initial} revert={cpDialog.kind === 'revert'} onClose={() => setCpDialog(null)}
          onApply={(n, first) => void cps.apply(cpDialog.machine, n, first)} />}
        {firmware && <FirmwareSettings api={api} machine={firmware} onStatus={onStatus} onClose={() => setFirmware(null)}
          running={machines.find((m) => m.name === firmware)?.status.state === 'running'} />}
        {!machines.length && <div className="empty-note net-empty">No target computers yet. <b>+ Add target computer</b> creates one (as <code>new-target MyTestComputer</code> does).</div>}
      </div>
      <CheckpointsPane machine={selected} list={cps.list} busy={cps.busy} note={cps.note}
        onTake={() => selected && setCpDialog({ kind: 'take', machine: selected })}
        onApply={(n) => selected && setCpDialog({ kind: 'apply', machine: selected, initial: n })}
        onRevert={() => selected && current && setCpDialog({ kind: 'revert', machine: selected, initial: current.name })} />
    </div>
  );
}
