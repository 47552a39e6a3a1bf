// Project > Properties: "<Name> Property Pages" with the Configuration Properties pages a driver developer uses:
// General, Driver Settings > General, Driver Install > Deployment, Inf2Cat > General, Wpp Tracing > All Options.
import { useState, type ReactNode } from 'react';
import type { ProjectProperties } from '../../../main/api/contract.ts';
import { Dialog } from './Dialog.tsx';

type Page = 'General' | 'Driver Settings/General' | 'Driver Install/Deployment' | 'Inf2Cat/General' | 'Wpp Tracing/All Options';
const TREE: { label: string; page?: Page; children?: { label: string; page: Page }[] }[] = [
  { label: 'General', page: 'General' },
  { label: 'Driver Settings', children: [{ label: 'General', page: 'Driver Settings/General' }] },
  { label: 'Driver Install', children: [{ label: 'Deployment', page: 'Driver Install/Deployment' }] },
  { label: 'Inf2Cat', children: [{ label: 'General', page: 'Inf2Cat/General' }] },
  { label: 'Wpp Tracing', children: [{ label: 'All Options', page: 'Wpp Tracing/All Options' }] },
];

function Row({ name, children }: { name: string; children: ReactNode }) {
  return <tr><td className="prop-name">{name}</td><td className="prop-value">{children}</td></tr>;
}

export function PropertiesDialog({ project, initial, isDriver, onSave, onClose }: {
  project: string; initial: ProjectProperties; isDriver: boolean;
  onSave(p: ProjectProperties): Promise<void>; onClose(): void;
}) {
  const [p, setP] = useState(initial);
  const [page, setPage] = useState<Page>(isDriver ? 'Driver Install/Deployment' : 'General');
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState('');
  const set = (patch: Partial<ProjectProperties>) => { setP({ ...p, ...patch }); setDirty(true); };
  const setDep = (patch: Partial<ProjectProperties['deployment']>) => set({ deployment: { ...p.deployment, ...patch } });
  const apply = async () => { try { await onSave(p); setDirty(false); setError(''); return true; } catch (e) { setError((e as Error).message); return false; } };
  const yesNo = (v: boolean, on: (v: boolean) => void, label: string) => (
    <select aria-label={label} value={v ? 'Yes' : 'No'} onChange={(e) => on(e.target.value === 'Yes')}><option>Yes</option><option>No</option></select>);

  const body = (() => {
    switch (page) {
      case 'General': return <>
        <Row name="Target Name"><input aria-label="Target Name" value={p.targetName} onChange={(e) => set({ targetName: e.target.value })} /></Row>
        <Row name="Configuration Type"><span>{p.configurationType === 'Application' ? 'Application (.exe)' : p.configurationType === 'DynamicLibrary' ? 'Dynamic Library (.dll)' : 'Driver'}</span></Row>
        <Row name="Platform Toolset"><span>{p.driverType === 'UMDF' ? 'WindowsUserModeDriver10.0' : p.driverType ? 'WindowsKernelModeDriver10.0' : 'Visual Studio 2022 (v143)'}</span></Row>
      </>;
      case 'Driver Settings/General': return <>
        <Row name="Target OS Version"><span>Windows 10 or higher</span></Row>
        <Row name="Target Platform"><select aria-label="Target Platform" value={p.targetPlatform} onChange={(e) => set({ targetPlatform: e.target.value as ProjectProperties['targetPlatform'] })}>
          <option>Universal</option><option>Desktop</option><option>Windows Driver</option></select></Row>
        <Row name="Type of driver"><span>{p.driverType || '—'}</span></Row>
        {p.driverType === 'KMDF' && <Row name="KMDF Version"><span>1.15</span></Row>}
        {p.driverType === 'UMDF' && <Row name="UMDF Version"><span>2.15</span></Row>}
      </>;
      case 'Driver Install/Deployment': return <>
        <Row name="Target Device Name"><input aria-label="Target Device Name" value={p.deployment.targetDevice} placeholder="(none provisioned)"
          onChange={(e) => setDep({ targetDevice: e.target.value })} /></Row>
        <Row name="Remove previous driver versions before deployment">
          <input type="checkbox" aria-label="Remove previous driver versions before deployment" checked={p.deployment.removePreviousVersions}
            onChange={(e) => setDep({ removePreviousVersions: e.target.checked })} /></Row>
        <Row name="Driver Installation Options">
          <div className="radios">
            {([['DoNotInstall', 'Do not install'], ['InstallAndVerify', 'Install and Verify'], ['HardwareIdDriverUpdate', 'Hardware ID Driver Update']] as const).map(([v, l]) => (
              <label key={v}><input type="radio" name="install" checked={p.deployment.installMode === v} onChange={() => setDep({ installMode: v })} /> {l}</label>))}
          </div></Row>
        <Row name="Hardware ID"><input aria-label="Hardware ID" disabled={p.deployment.installMode !== 'HardwareIdDriverUpdate'} value={p.deployment.hardwareId}
          onChange={(e) => setDep({ hardwareId: e.target.value })} /></Row>
        <tr><td colSpan={2} className="prop-note">Test computers are added and provisioned with Extensions &gt; Driver &gt; Test &gt; Configure Devices; Build &gt; Deploy Solution copies the driver package to C:\DriverTest\Drivers on the target device and installs it as chosen here.</td></tr>
      </>;
      case 'Inf2Cat/General': return <>
        <Row name="Run Inf2Cat"><span>Yes</span></Row>
        <Row name="Use Local Time">{yesNo(p.infUseLocalTime, (v) => set({ infUseLocalTime: v }), 'Use Local Time')}</Row>
      </>;
      case 'Wpp Tracing/All Options': return <>
        <Row name="Run Wpp tracing">{yesNo(p.wppEnabled, (v) => set({ wppEnabled: v }), 'Run Wpp tracing')}</Row>
        <Row name="Scan Configuration Data"><span>{p.wppEnabled ? 'Trace.h' : ''}</span></Row>
      </>;
    }
  })();

  return (
    <Dialog title={`${project} Property Pages`} onClose={onClose} width={860} buttons={<>
      <button className="btn primary" onClick={async () => { if (await apply()) onClose(); }}>OK</button>
      <button className="btn" onClick={onClose}>Cancel</button>
      <button className="btn" disabled={!dirty} onClick={() => void apply()}>Apply</button></>}>
      <div className="prop-header">
        <label>Configuration: <select aria-label="Configuration"><option>Active(Debug)</option><option>All Configurations</option></select></label>
        <label>Platform: <select aria-label="Platform"><option>Active(x64)</option></select></label>
      </div>
      <div className="props">
        <div className="prop-tree">
          <div className="tree-row"><span className="caret">◢</span>Configuration Properties</div>
          {TREE.map((n) => n.page
            ? <div key={n.label} className={`tree-row${page === n.page ? ' selected' : ''}`} style={{ paddingLeft: 26 }} onClick={() => setPage(n.page!)}>{n.label}</div>
            : <div key={n.label}>
              <div className="tree-row" style={{ paddingLeft: 14 }}><span className="caret">◢</span>{n.label}</div>
              {n.children!.map((c) => <div key={c.page} className={`tree-row${page === c.page ? ' selected' : ''}`} style={{ paddingLeft: 40 }}
                onClick={() => setPage(c.page)}>{c.label}</div>)}
            </div>)}
        </div>
        <table className="prop-grid"><tbody>{body}</tbody></table>
      </div>
      {error && <div className="field-error" role="alert">{error}</div>}
    </Dialog>
  );
}
