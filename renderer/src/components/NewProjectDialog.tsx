// File > New > Project: pick a template (Kernel Mode Driver, Empty (KMDF) and the others), name it, create.
import { useState } from 'react';
import type { TemplateInfo } from '../../../main/api/contract.ts';
import { Dialog } from './Dialog.tsx';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KIND_TAG: Record<string, string[]> = { kmdf: ['C', 'Windows', 'Driver', 'KMDF'], wdm: ['C', 'Windows', 'Driver', 'WDM'],
  umdf: ['C', 'Windows', 'Driver', 'UMDF'], exe: ['C++', 'Windows', 'Console'], dll: ['C++', 'Windows', 'Library'] };

export function NewProjectDialog({ templates, location, existing, onCreate, onClose }: {
  templates: TemplateInfo[]; location: string; existing: string[];
  onCreate(template: string, name: string): Promise<void>; onClose(): void;
}) {
  const [sel, setSel] = useState(templates.find((t) => t.available)?.id ?? '');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const problem = !name ? '' : !NAME.test(name) ? 'A project name must start with a letter and use only letters, digits and _.'
    : name.length > 32 ? 'A driver name must be 32 characters or less (wdfglobals.h).'
    : existing.includes(name) ? `A project named '${name}' already exists in this location.` : '';
  const create = async () => {
    if (!name || problem || !sel) return;
    setBusy(true);
    try { await onCreate(sel, name); } catch (e) { setError((e as Error).message); setBusy(false); }
  };
  return (
    <Dialog title="Create a new project" onClose={onClose} width={820} buttons={<>
      <button className="btn primary" disabled={!name || !!problem || busy} onClick={create}>Create</button>
      <button className="btn" onClick={onClose}>Cancel</button></>}>
      <div className="newproj">
        <div className="template-list" role="listbox" aria-label="Templates">
          {templates.map((t) => (
            <div key={t.id} role="option" aria-selected={sel === t.id} aria-disabled={!t.available || undefined}
              className={`template${sel === t.id ? ' selected' : ''}${t.available ? '' : ' unavailable'}`}
              onClick={() => t.available && setSel(t.id)} onDoubleClick={() => t.available && name && create()}
              title={t.available ? t.description : t.reason}>
              <div className={`tpl-icon tpl-${t.kind}`}>{t.kind === 'exe' ? 'C:\\' : t.kind.toUpperCase()}</div>
              <div>
                <div className="tpl-name">{t.name}</div>
                <div className="tpl-desc">{t.available ? t.description : `Not available yet: ${t.reason}`}</div>
                <div className="tpl-tags">{(KIND_TAG[t.kind] ?? []).map((x) => <span key={x} className="tag">{x}</span>)}</div>
              </div>
            </div>
          ))}
        </div>
        <div className="configure">
          <h3>Configure your new project</h3>
          <label className="field">Project name
            <input autoFocus aria-label="Project name" value={name} maxLength={64}
              onChange={(e) => { setName(e.target.value); setError(''); }}
              onKeyDown={(e) => { if (e.key === 'Enter') void create(); }} />
          </label>
          <label className="field">Location<input aria-label="Location" value={location} readOnly /></label>
          <label className="field">Solution name<input value={name} readOnly /></label>
          <label className="check"><input type="checkbox" checked readOnly /> Place solution and project in the same directory</label>
          {(problem || error) && <div className="field-error" role="alert">{problem || error}</div>}
        </div>
      </div>
    </Dialog>
  );
}
