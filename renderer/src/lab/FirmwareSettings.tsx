// A target's UEFI firmware settings, as the setup screen a PC shows when started into it: the Security page's
// Secure Boot switch and the boot order. Changes are saved to the firmware and take effect at the next start
// ("Save and restart" restarts a running target, as leaving the setup screen does).
import { useEffect, useState } from 'react';
import type { Api, FirmwareSettings as Settings } from '../../../main/api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';

export function FirmwareSettings({ api, machine, running, onClose, onStatus }: {
  api: Api; machine: string; running: boolean; onClose(): void; onStatus(s: string): void;
}) {
  const [fw, setFw] = useState<Settings | null>(null);
  const [secureBoot, setSecureBoot] = useState(true);
  useEffect(() => {
    api.call('machine.firmware', { name: machine }).then((f) => { setFw(f); setSecureBoot(f.secureBoot); }, (e: Error) => onStatus(e.message));
  }, [api, machine, onStatus]);
  const save = async (restart: boolean) => {
    try {
      const f = await api.call('machine.firmware', { name: machine, secureBoot });
      onStatus(`${machine} UEFI settings: Secure Boot ${f.secureBoot ? 'Enabled' : 'Disabled'}${restart ? '; restarting.' : ' (takes effect at the next start).'}`);
      if (restart) await api.call('machine.restart', { name: machine });
      onClose();
    } catch (e) { onStatus((e as Error).message); }
  };
  return (
    <Dialog title={`${machine} - UEFI Firmware Settings`} width={520} onClose={onClose} buttons={<>
      {running && <button className="btn primary" disabled={!fw} onClick={() => void save(true)}>Save and restart</button>}
      <button className={`btn${running ? '' : ' primary'}`} disabled={!fw} onClick={() => void save(false)}>Save</button>
      <button className="btn" onClick={onClose}>Cancel</button></>}>
      <div className="firmware">
        <div className="fw-head">{fw ? `${fw.vendor} UEFI firmware ${fw.version}` : 'Reading the firmware settings...'}</div>
        <fieldset className="fw-page"><legend>Security</legend>
          <label className="field inline">Secure Boot
            <select aria-label="Secure Boot" value={secureBoot ? 'Enabled' : 'Disabled'} onChange={(e) => setSecureBoot(e.target.value === 'Enabled')}>
              <option>Enabled</option><option>Disabled</option></select></label>
          <p className="muted">With Secure Boot enabled, Windows ignores test signing and the kernel debugger settings in its boot configuration.</p>
        </fieldset>
        <fieldset className="fw-page"><legend>Boot</legend>
          <ol className="fw-boot">{fw?.bootOrder.map((b) => <li key={b}>{b}</li>)}</ol>
        </fieldset>
      </div>
    </Dialog>
  );
}
