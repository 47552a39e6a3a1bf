// Project > Add New Item: a C++ File (name it Driver.c for C, as the Hello World lab does) or a Header File.
import { useState } from 'react';
import { Dialog } from './Dialog.tsx';

const KINDS = [
  { id: 'cpp', label: 'C++ File (.cpp)', desc: 'Creates a file containing C++ source code. Name it with .c for C.', def: 'Source.cpp' },
  { id: 'h', label: 'Header File (.h)', desc: 'Creates a C++ header file.', def: 'Header.h' },
  { id: 'inf', label: 'Driver Setup File (.inf)', desc: 'Creates an INF file that installs a driver.', def: 'Driver.inf' },
];
const FILE = /^[A-Za-z0-9_][A-Za-z0-9_. -]*\.[A-Za-z0-9]+$/;

export function AddItemDialog({ project, existing, onAdd, onClose }: {
  project: string; existing: string[]; onAdd(path: string): Promise<void>; onClose(): void;
}) {
  const [kind, setKind] = useState(KINDS[0]!);
  const [name, setName] = useState(KINDS[0]!.def);
  const [error, setError] = useState('');
  const problem = !FILE.test(name) ? 'Enter a file name with an extension.'
    : existing.some((e) => e.toLowerCase() === name.toLowerCase()) ? `'${name}' is already in the project.` : '';
  const add = async () => {
    if (problem) return;
    try { await onAdd(name); } catch (e) { setError((e as Error).message); }
  };
  return (
    <Dialog title={`Add New Item - ${project}`} onClose={onClose} buttons={<>
      <button className="btn primary" disabled={!!problem} onClick={add}>Add</button>
      <button className="btn" onClick={onClose}>Cancel</button></>}>
      <div className="additem">
        <div className="item-kinds" role="listbox" aria-label="Item templates">
          {KINDS.map((k) => (
            <div key={k.id} role="option" aria-selected={k === kind} className={`template small${k === kind ? ' selected' : ''}`}
              onClick={() => { setKind(k); setName(k.def); }}>
              <div className={`tpl-icon tpl-${k.id}`}>{k.id === 'cpp' ? '++' : k.id}</div>
              <div><div className="tpl-name">{k.label}</div><div className="tpl-desc">{k.desc}</div></div>
            </div>
          ))}
        </div>
      </div>
      <label className="field inline">Name:
        <input autoFocus aria-label="Name" value={name} onChange={(e) => { setName(e.target.value); setError(''); }}
          onKeyDown={(e) => { if (e.key === 'Enter') void add(); }} onFocus={(e) => e.target.select()} />
      </label>
      {(error || (name && problem)) && <div className="field-error" role="alert">{error || problem}</div>}
    </Dialog>
  );
}
