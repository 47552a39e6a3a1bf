// Extensions > Driver > Test > Configure Devices: the device list, Add New Device (display name, network host
// name, "Provision device and choose debugger settings"), the debugger settings (Network: host IP, port, key with
// Generate; Serial: port, baud), and the provisioning progress page with each step and its log, then Finish.
import { useEffect, useState } from 'react';
import type { Api, DebugSettings, Network, ProvisionStep } from '../../../main/api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';

type Page = 'list' | 'device' | 'debugger' | 'progress';

export function ConfigureDevices({ api, net, onClose }: { api: Api; net: Network | null; onClose(): void }) {
  const [page, setPage] = useState<Page>('list');
  const [display, setDisplay] = useState('');
  const [hostName, setHostName] = useState('');
  const [mode, setMode] = useState<'provision' | 'manual'>('provision');
  const [kind, setKind] = useState<'net' | 'serial'>('net');
  const [hostIp, setHostIp] = useState(net?.host.ip ?? '');
  const [port, setPort] = useState('50000');
  const [key, setKey] = useState('');
  const [com, setCom] = useState<'COM1' | 'COM2'>('COM1');
  const [baud, setBaud] = useState('115200');
  const [steps, setSteps] = useState<ProvisionStep[]>([]);
  const [done, setDone] = useState<null | boolean>(null);
  const [error, setError] = useState('');
  const [picked, setPicked] = useState(0);
  useEffect(() => api.on('provision.progress', (p) => { if (p.machine.toLowerCase() === hostName.toLowerCase()) setSteps(p.steps); }), [api, hostName]);
  useEffect(() => { if (!hostIp && net) setHostIp(net.host.ip); }, [net, hostIp]);

  const debug = (): DebugSettings => kind === 'net'
    ? { kind: 'net', hostIp, port: Number(port), key }
    : { kind: 'serial', port: com, baud: Number(baud) };
  const start = async () => {
    setPage('progress'); setDone(null); setError('');
    try {
      const r = await api.call('provision.start', { machine: hostName, hostName: net?.host.name ?? 'HOST', debug: debug() });
      setSteps(r.steps); setDone(r.success);
      const failed = r.steps.findIndex((s) => s.state === 'failed');
      if (failed >= 0) setPicked(failed); // the failed step's log says what went wrong and how to fix it
    } catch (e) { setError((e as Error).message); setDone(false); }
  };
  const provisioned = net?.machines.filter((m) => m.provisioned) ?? [];
  const step = steps[picked] ?? steps.find((s) => s.state === 'running') ?? steps.at(-1);

  const body = (() => {
    switch (page) {
      case 'list': return <>
        <p>Devices</p>
        <table className="grid dev-list"><thead><tr><th>Name</th><th>Host name</th><th>Debugger</th></tr></thead><tbody>
          {provisioned.length === 0 && <tr><td colSpan={3} className="muted">No devices configured.</td></tr>}
          {provisioned.map((m) => <tr key={m.name}><td>{m.name}</td><td>{m.name}</td>
            <td>{m.provisioned!.debug.kind === 'net' ? `Network, port ${m.provisioned!.debug.port}` : `Serial, ${m.provisioned!.debug.port}`}</td></tr>)}
        </tbody></table>
      </>;
      case 'device': return <div className="wizard-form">
        <label className="field">Display name:<input aria-label="Display name" value={display} onChange={(e) => setDisplay(e.target.value)} /></label>
        <label className="field">Device type: <select aria-label="Device type"><option>Computer</option></select></label>
        <label className="field">Network host name:
          <select aria-label="Network host name" value={hostName} onChange={(e) => { setHostName(e.target.value); if (!display) setDisplay(e.target.value); }}>
            <option value="">(choose a test computer)</option>{net?.machines.map((m) => <option key={m.name}>{m.name}</option>)}</select></label>
        <div className="radios">
          <label><input type="radio" name="prov" checked={mode === 'provision'} onChange={() => setMode('provision')} /> Provision device and choose debugger settings</label>
          <label><input type="radio" name="prov" checked={mode === 'manual'} onChange={() => setMode('manual')} /> Manually configure debuggers and do not provision</label>
        </div>
      </div>;
      case 'debugger': return <div className="wizard-form">
        <p>Configure the kernel debugger on the target computer ({hostName}).</p>
        <label className="field">Connection Type:
          <select aria-label="Connection Type" value={kind} onChange={(e) => setKind(e.target.value as 'net' | 'serial')}><option value="net">Network</option><option value="serial">Serial</option></select></label>
        {kind === 'net' ? <>
          <label className="field">Host IP:<input aria-label="Host IP" value={hostIp} onChange={(e) => setHostIp(e.target.value)} /></label>
          <label className="field">Port Number:<input aria-label="Port Number" value={port} onChange={(e) => setPort(e.target.value)} /></label>
          <label className="field">Key:<span className="row"><input aria-label="Key" value={key} onChange={(e) => setKey(e.target.value)} />
            <button className="btn" onClick={() => void api.call('provision.generateKey', {}).then((r) => setKey(r.key))}>Generate</button></span></label>
        </> : <>
          <label className="field">Port:<select aria-label="Port" value={com} onChange={(e) => setCom(e.target.value as 'COM1' | 'COM2')}><option>COM1</option><option>COM2</option></select></label>
          <label className="field">Baud Rate:<input aria-label="Baud Rate" value={baud} onChange={(e) => setBaud(e.target.value)} /></label>
        </>}
        {kind === 'net' && !/^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/.test(key) && <div className="muted">The key is four parts separated by dots (w.x.y.z); Generate makes one.</div>}
      </div>;
      case 'progress': return <div className="provision-progress">
        <p>{done === null ? `Provisioning ${hostName}...` : done ? `${hostName} was provisioned. Click Finish.` : `Provisioning ${hostName} failed.`}</p>
        <div className="progress" role="progressbar" aria-label="Provisioning"><div style={{ width: `${steps.length ? (steps.filter((s) => s.state === 'done').length / steps.length) * 100 : 0}%` }} /></div>
        <div className="prov-cols">
          <ul className="prov-steps">{steps.map((s, i) => <li key={s.name} className={`st-${s.state}${step === s ? ' selected' : ''}`} onClick={() => setPicked(i)}>
            <span className="st-icon">{s.state === 'done' ? '✔' : s.state === 'failed' ? '✖' : s.state === 'running' ? '…' : '○'}</span>{s.name}</li>)}</ul>
          <pre className="prov-log" aria-label="Provisioning log">{step?.log.join('\n')}</pre>
        </div>
        {error && <div className="field-error" role="alert">{error}</div>}
      </div>;
    }
  })();

  const netOk = kind === 'serial' || (/^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/.test(key) && /^\d+\.\d+\.\d+\.\d+$/.test(hostIp) && Number(port) >= 49152 && Number(port) <= 65535);
  const buttons = page === 'list' ? <>
    <button className="btn primary" onClick={() => { setHostName(net?.machines[0]?.name ?? ''); setDisplay(net?.machines[0]?.name ?? ''); setPage('device'); }}>Add New Device</button>
    <button className="btn" onClick={onClose}>OK</button></>
    : page === 'device' ? <>
      <button className="btn" onClick={() => setPage('list')}>Back</button>
      <button className="btn primary" disabled={!hostName || mode !== 'provision'} onClick={() => setPage('debugger')}>Next</button>
      <button className="btn" onClick={onClose}>Cancel</button></>
      : page === 'debugger' ? <>
        <button className="btn" onClick={() => setPage('device')}>Back</button>
        <button className="btn primary" disabled={!netOk} onClick={() => void start()}>Next</button>
        <button className="btn" onClick={onClose}>Cancel</button></>
        : <button className="btn primary" disabled={done === null} onClick={onClose}>Finish</button>;
  const title = page === 'list' ? 'Configure Devices' : page === 'progress' ? 'Device Configuration: Provisioning' : 'Device Configuration';
  return <Dialog title={title} onClose={() => { if (page !== 'progress' || done !== null) onClose(); }} width={760} buttons={buttons}>{body}</Dialog>;
}
