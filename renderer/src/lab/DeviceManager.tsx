// A target's Device Manager (devmgmt.msc): View by type or by connection, Show hidden devices, the tree with the
// device classes' names and our icons, Properties (General, Driver, Details, Events), and Action > Scan for
// hardware changes, Enable/Disable/Uninstall on the live machine.
import { useCallback, useEffect, useState } from 'react';
import type { Api, Device } from '../../../main/api/contract.ts';
import { IoView } from './IoView.tsx';

const CLASS_ICON: Record<string, string> = { Computer: 'computer', System: 'system', Ports: 'ports', Net: 'net' };
const icon = (cls: string) => `./devmgr/${CLASS_ICON[cls] ?? 'device'}.svg`;
/** Device Manager's names for device classes. */
const CLASS_TITLE: Record<string, string> = { System: 'System devices', Ports: 'Ports (COM & LPT)', Net: 'Network adapters', Computer: 'Computer', Sample: 'Sample Device',
  DiskDrive: 'Disk drives', HDC: 'IDE ATA/ATAPI controllers' };

function Props({ d, onClose }: { d: Device; onClose(): void }) {
  const [tab, setTab] = useState<'General' | 'Driver' | 'Details' | 'Events'>('General');
  return (
    <div className="modal-backdrop"><div className="dialog devprops" role="dialog" aria-label={`${d.name} Properties`}>
      <div className="dialog-title"><span>{d.name} Properties</span><button className="close-box" aria-label="Close" onClick={onClose}>✕</button></div>
      <div className="tabs">{(['General', 'Driver', 'Details', 'Events'] as const).map((t) => <span key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>{t}</span>)}</div>
      <div className="dialog-body">
        {tab === 'General' && <><div className="row"><img src={icon(d.className)} alt="" /> {d.name}</div><p>Device type: {CLASS_TITLE[d.className] ?? d.className}</p>
          <fieldset><legend>Device status</legend><div data-testid="device-status">{d.status}</div></fieldset></>}
        {tab === 'Driver' && <table className="prop-grid"><tbody>
          <tr><td>Driver Provider:</td><td>{d.driver.provider}</td></tr><tr><td>Driver Date:</td><td>{d.driver.date}</td></tr>
          <tr><td>Driver Version:</td><td>{d.driver.version}</td></tr><tr><td>Digital Signer:</td><td>{d.driver.signer}</td></tr></tbody></table>}
        {tab === 'Details' && <table className="prop-grid"><tbody>
          <tr><td>Device instance path</td><td>{d.instanceId}</td></tr><tr><td>Hardware Ids</td><td>{d.hardwareIds.join('\n')}</td></tr>
          <tr><td>Compatible Ids</td><td>{d.compatibleIds.join('\n')}</td></tr><tr><td>Service</td><td>{d.service}</td></tr><tr><td>Inf name</td><td>{d.driver.inf}</td></tr></tbody></table>}
        {tab === 'Events' && <table className="grid"><tbody>{d.events.map((e, i) => <tr key={i}><td>{e.time}</td><td>{e.text}</td></tr>)}</tbody></table>}
      </div>
      <div className="dialog-buttons"><button className="btn primary" onClick={onClose}>OK</button></div>
    </div></div>);
}

export function DeviceManager({ api, machine, onStatus }: { api: Api; machine: string; onStatus(s: string): void }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState('');
  const [view, setView] = useState<'type' | 'connection'>('type');
  const [hidden, setHidden] = useState(false);
  const [sel, setSel] = useState<Device | null>(null);
  const [props, setProps] = useState<Device | null>(null);
  const [io, setIo] = useState<Device | null>(null);
  const load = useCallback(async () => {
    try { setDevices((await api.call('devmgr.snapshot', { machine })).devices); setError(''); } catch (e) { setError((e as Error).message); }
  }, [api, machine]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => api.on('devmgr.changed', (e) => { if (e.machine === machine) void load(); }), [api, machine, load]);
  const action = (a: 'enable' | 'disable' | 'uninstall' | 'scan') => api.call('devmgr.action', { machine, action: a, ...(sel && a !== 'scan' ? { instanceId: sel.instanceId } : {}) })
    .then((r) => onStatus(r.message), (e: Error) => onStatus(e.message));
  const shown = (devices ?? []).filter((d) => hidden || !d.hidden);
  const row = (d: Device, depth: number) => (
    <div key={d.instanceId} className={`tree-row${sel === d ? ' selected' : ''}${d.hidden ? ' ghost' : ''}`} style={{ paddingLeft: 8 + depth * 18 }}
      onClick={() => setSel(d)} onDoubleClick={() => setProps(d)} role="treeitem" aria-label={d.name}>
      <span className="dm-icon"><img src={icon(d.className)} alt="" />{d.disabled ? <img className="badge" src="./devmgr/disabled.svg" alt="disabled" /> : d.problem ? <img className="badge" src="./devmgr/problem.svg" alt="problem" /> : null}</span>{d.name}</div>);
  const byConnection = (parent: string | undefined, depth: number): React.ReactNode[] =>
    shown.filter((d) => d.parent === parent).flatMap((d) => [row(d, depth), ...byConnection(d.instanceId, depth + 1)]);
  const classes = [...new Set(shown.map((d) => d.className))].sort((a, b) => (CLASS_TITLE[a] ?? a).localeCompare(CLASS_TITLE[b] ?? b));
  return (
    <div className="devmgr" data-testid={`devmgr-${machine}`}>
      <div className="console-title">Device Manager — {machine}</div>
      <div className="pane-toolbar">
        <label>View <select aria-label="View" value={view} onChange={(e) => setView(e.target.value as 'type' | 'connection')}><option value="type">Devices by type</option><option value="connection">Devices by connection</option></select></label>
        <label className="check"><input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} /> Show hidden devices</label>
        <span className="tb-sep" />
        <button className="tb" onClick={() => void action('scan')}>Scan for hardware changes</button>
        <button className="tb" disabled={!sel} onClick={() => void action(sel?.disabled ? 'enable' : 'disable')}>{sel?.disabled ? 'Enable device' : 'Disable device'}</button>
        <button className="tb" disabled={!sel} onClick={() => void action('uninstall')}>Uninstall device</button>
        <button className="tb" disabled={!sel} onClick={() => setProps(sel)}>Properties</button>
        <span className="tb-sep" />
        <button className="tb" disabled={!sel} title="The device's stack and the IRPs passing it, live" onClick={() => setIo(sel)}>I/O view</button>
      </div>
      <div className="tree" role="tree">
        {error && <div className="empty-note" role="alert">{error}</div>}
        {devices && <>
          <div className="tree-row"><span className="dm-icon"><img src="./devmgr/computer.svg" alt="" /></span>{machine}</div>
          {view === 'connection' ? byConnection(undefined, 1) : classes.map((c) => [
            <div key={c} className="tree-row" style={{ paddingLeft: 26 }}><span className="dm-icon"><img src={icon(c)} alt="" /></span>{CLASS_TITLE[c] ?? c}</div>,
            ...shown.filter((d) => d.className === c).map((d) => row(d, 2))])}
        </>}
      </div>
      {io && <IoView key={io.instanceId} api={api} machine={machine} instanceId={io.instanceId} title={io.name} onClose={() => setIo(null)} />}
      {props && <Props d={props} onClose={() => setProps(null)} />}
    </div>
  );
}
