// Device Manager's dialogs, as Windows 10 has them: a device's Properties (General, Driver, Details, Events), Driver
// File Details, the Update Drivers wizard (Search automatically), the Uninstall Device confirmation with "Delete the
// driver software for this device", and the question Disable device asks first.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Device } from '../../../main/api/contract.ts';
import { DeviceIcon } from './devmgr-icons.tsx';

/** A light Windows dialog frame: title bar with a close box, body, buttons at the bottom right. */
export function WinDialog({ title, children, buttons, onClose, width = 420 }: { title: string; children: ReactNode; buttons: ReactNode; onClose(): void; width?: number }) {
  const self = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Escape closes the dialog in front only (Properties stays under Driver File Details).
    const k = (e: KeyboardEvent) => { if (e.key === 'Escape' && [...document.querySelectorAll('.win-dialog')].at(-1) === self.current) onClose(); };
    window.addEventListener('keydown', k);
    return () => window.removeEventListener('keydown', k);
  }, [onClose]);
  return (
    <div className="modal-backdrop dm-modal">
      <div className="win-dialog" role="dialog" aria-label={title} style={{ width }} ref={self}>
        <div className="win-title"><span>{title}</span><button className="win-close" aria-label="Close" onClick={onClose}>✕</button></div>
        <div className="win-body">{children}</div>
        <div className="win-buttons">{buttons}</div>
      </div>
    </div>
  );
}

const Head = ({ d }: { d: Device }) => <div className="win-head"><DeviceIcon d={d} /><span>{d.name}</span></div>;

/** What the Properties dialog can start (each needs the Device Manager window: it acts, confirms, refreshes). */
export interface DeviceCommands { details(): void; update(): void; toggle(): void; uninstall(): void }

const DETAILS: [string, (d: Device, parent?: Device) => string[]][] = [
  ['Device description', (d) => [d.name]],
  ['Hardware Ids', (d) => d.hardwareIds],
  ['Compatible Ids', (d) => d.compatibleIds],
  ['Class', (d) => [d.className]],
  ['Class Guid', (d) => [d.classGuid]],
  ['Manufacturer', (d) => [d.manufacturer]],
  ['Service', (d) => [d.service]],
  ['Inf name', (d) => [d.driver.inf]],
  ['Driver version', (d) => [d.driver.version]],
  ['Driver date', (d) => [d.driver.date]],
  ['Device instance path', (d) => [d.instanceId]],
  ['Parent', (d, p) => [p?.instanceId ?? 'HTREE\\ROOT\\0']],
  ['Problem code', (d) => [d.problem ? `0000${d.problem.toString(16).toUpperCase().padStart(4, '0')}` : '']],
];

/** A device's Properties: General (type, manufacturer, location, status), Driver (with its buttons), Details, Events. */
export function PropertiesDialog({ d, parent, onClose, commands }: { d: Device; parent?: Device; onClose(): void; commands: DeviceCommands }) {
  const [tab, setTab] = useState<'General' | 'Driver' | 'Details' | 'Events'>('General');
  const [prop, setProp] = useState(DETAILS[0]![0]);
  const [event, setEvent] = useState(0);
  const inbox = d.driver.inf === 'machine.inf';
  const values = (DETAILS.find(([n]) => n === prop)?.[1](d, parent) ?? []).filter((v) => v !== '');
  return (
    <WinDialog title={`${d.name} Properties`} onClose={onClose} width={440}
      buttons={<><button className="win-btn default" onClick={onClose}>OK</button><button className="win-btn" onClick={onClose}>Cancel</button></>}>
      <div className="win-tabs" role="tablist">{(['General', 'Driver', 'Details', 'Events'] as const).map((t) =>
        <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>{t}</button>)}</div>
      <div className="win-page" role="tabpanel" aria-label={tab}>
        {tab === 'General' && <>
          <Head d={d} />
          <table className="win-fields"><tbody>
            <tr><td>Device type:</td><td>{d.classTitle}</td></tr>
            <tr><td>Manufacturer:</td><td>{d.manufacturer}</td></tr>
            <tr><td>Location:</td><td>{parent ? `on ${parent.name}` : 'Unknown'}</td></tr>
          </tbody></table>
          <fieldset className="win-group"><legend>Device status</legend><div className="win-status" data-testid="device-status">{d.status}</div></fieldset>
        </>}
        {tab === 'Driver' && <>
          <Head d={d} />
          <table className="win-fields"><tbody>
            <tr><td>Driver Provider:</td><td>{d.driver.provider}</td></tr><tr><td>Driver Date:</td><td>{d.driver.date}</td></tr>
            <tr><td>Driver Version:</td><td>{d.driver.version}</td></tr><tr><td>Digital Signer:</td><td>{d.driver.signer}</td></tr>
          </tbody></table>
          <div className="win-actions">
            <button className="win-btn" onClick={commands.details}>Driver Details</button><span>View details about the installed driver files.</span>
            <button className="win-btn" disabled={d.hidden} onClick={commands.update}>Update Driver</button><span>Update the driver for this device.</span>
            <button className="win-btn" disabled>Roll Back Driver</button><span>If the device fails after updating the driver, roll back to the previously installed driver.</span>
            <button className="win-btn" disabled={d.hidden || inbox} onClick={commands.toggle}>{d.disabled ? 'Enable Device' : 'Disable Device'}</button>
            <span>{d.disabled ? 'Enable the selected device.' : 'Disable the device.'}</span>
            <button className="win-btn" disabled={inbox} onClick={commands.uninstall}>Uninstall Device</button><span>Uninstall the device from the system (Advanced).</span>
          </div>
        </>}
        {tab === 'Details' && <>
          <Head d={d} />
          <label className="win-label">Property<select aria-label="Property" value={prop} onChange={(e) => setProp(e.target.value)}>
            {DETAILS.map(([n]) => <option key={n}>{n}</option>)}</select></label>
          <div className="win-label">Value</div>
          <ul className="win-list" aria-label="Value">{values.map((v) => <li key={v}>{v}</li>)}</ul>
        </>}
        {tab === 'Events' && <>
          <Head d={d} />
          <table className="win-grid" aria-label="Device events"><thead><tr><th>Timestamp</th><th>Description</th></tr></thead>
            <tbody>{d.events.map((e, i) => <tr key={i} className={event === i ? 'selected' : ''} onClick={() => setEvent(i)}><td>{e.time}</td><td>{e.text}</td></tr>)}</tbody></table>
          <fieldset className="win-group"><legend>Information</legend><div className="win-status">{d.events[event] ? `${d.events[event]!.text}\n\nDevice ${d.instanceId}` : ''}</div></fieldset>
        </>}
      </div>
    </WinDialog>
  );
}

/** Driver File Details: the driver's files, and for the selected one its version resource and signer. */
export function DriverDetailsDialog({ d, onClose }: { d: Device; onClose(): void }) {
  const [i, setI] = useState(0);
  const f = d.driver.files[i];
  return (
    <WinDialog title="Driver File Details" onClose={onClose} width={420} buttons={<button className="win-btn default" onClick={onClose}>OK</button>}>
      <Head d={d} />
      <div className="win-label">Driver files:</div>
      <ul className="win-list" aria-label="Driver files">{d.driver.files.map((x, k) =>
        <li key={x.path} className={k === i ? 'selected' : ''} onClick={() => setI(k)}>{x.path}</li>)}</ul>
      <table className="win-fields"><tbody>
        <tr><td>Provider:</td><td>{f?.provider ?? ''}</td></tr><tr><td>File version:</td><td>{f?.version ?? ''}</td></tr>
        <tr><td>Copyright:</td><td>{f?.copyright ?? ''}</td></tr><tr><td>Digital Signer:</td><td>{f?.signer ?? ''}</td></tr>
      </tbody></table>
    </WinDialog>
  );
}

/** Update Drivers: "Search automatically for drivers", then the answer (first line its heading). */
export function UpdateDriverDialog({ d, search, onClose }: { d: Device; search(): Promise<string>; onClose(): void }) {
  const [state, setState] = useState<'ask' | 'searching' | string>('ask');
  const run = () => { setState('searching'); search().then(setState, (e: Error) => setState(`Windows encountered a problem installing the drivers for your device\n${e.message}`)); };
  const [heading, ...body] = state.split('\n');
  return (
    <WinDialog title={`Update Drivers - ${d.name}`} onClose={onClose} width={520}
      buttons={<button className="win-btn" onClick={onClose}>{state === 'ask' || state === 'searching' ? 'Cancel' : 'Close'}</button>}>
      {state === 'ask' && <>
        <div className="win-heading">How do you want to search for drivers?</div>
        <button className="win-choice" onClick={run}><b>→ Search automatically for drivers</b>
          <span>Windows will search your computer for the best available driver and install it on your device.</span></button>
      </>}
      {state === 'searching' && <div className="win-heading">Searching for drivers...</div>}
      {state !== 'ask' && state !== 'searching' && <div data-testid="update-result">
        <div className="win-heading">{heading}</div>{body.map((l, k) => <p key={k}>{l}</p>)}</div>}
    </WinDialog>
  );
}

/** Uninstall Device: the warning and (for a driver that is not Windows' own) "Delete the driver software for this device". */
export function UninstallDialog({ d, onUninstall, onClose }: { d: Device; onUninstall(deleteDriver: boolean): void; onClose(): void }) {
  const [del, setDel] = useState(false);
  return (
    <WinDialog title="Uninstall Device" onClose={onClose}
      buttons={<><button className="win-btn default" onClick={() => onUninstall(del)}>Uninstall</button><button className="win-btn" onClick={onClose}>Cancel</button></>}>
      <Head d={d} />
      <p className="win-warning"><b>Warning:</b> You are about to uninstall this device from your system.</p>
      {d.driver.inf && d.driver.inf !== 'machine.inf' &&
        <label className="win-check"><input type="checkbox" checked={del} onChange={(e) => setDel(e.target.checked)} /> Delete the driver software for this device.</label>}
    </WinDialog>
  );
}

/** Disable device asks first. */
export function DisableDialog({ d, onYes, onClose }: { d: Device; onYes(): void; onClose(): void }) {
  return (
    <WinDialog title={d.name} onClose={onClose}
      buttons={<><button className="win-btn default" onClick={onYes}>Yes</button><button className="win-btn" onClick={onClose}>No</button></>}>
      <p className="win-warning">Disabling this device will cause it to stop functioning. Do you really want to disable it?</p>
    </WinDialog>
  );
}
