// File > Open > Project/Solution: the solutions in the workspace folder.
import { Dialog } from './Dialog.tsx';

export function OpenProjectDialog({ projects, location, onOpen, onClose }: {
  projects: string[]; location: string; onOpen(name: string): void; onClose(): void;
}) {
  return (
    <Dialog title="Open Project/Solution" onClose={onClose} width={560} buttons={<button className="btn" onClick={onClose}>Cancel</button>}>
      <div className="muted">{location}</div>
      <div className="open-list" role="listbox" aria-label="Solutions">
        {projects.length === 0 && <div className="empty-note">No solutions here yet.</div>}
        {projects.map((p) => (
          <div key={p} role="option" aria-selected={false} className="template small" onDoubleClick={() => onOpen(p)} onClick={() => onOpen(p)}>
            <div className="tpl-icon tpl-sln">sln</div><div><div className="tpl-name">{p}.sln</div><div className="tpl-desc">{location}/{p}</div></div>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
