// Solution Explorer: Solution 'Name' (1 project) > Name > References / Driver Files / Header Files / Resource
// Files / Source Files, as the WDK project templates lay them out. Double-click opens a file.
import { useState } from 'react';
import type { Filter, ProjectTree } from '../../../main/api/contract.ts';

const FILTERS: Filter[] = ['Driver Files', 'Header Files', 'Resource Files', 'Source Files'];

export interface ExplorerProps {
  project: ProjectTree | null;
  active?: string;
  onOpen(path: string): void;
  onContextMenu(x: number, y: number): void;
}

function FileIcon({ path }: { path: string }) {
  const ext = path.split('.').pop()?.toLowerCase();
  const cls = ext === 'c' || ext === 'cpp' ? 'ico-c' : ext === 'h' ? 'ico-h' : ext === 'inf' || ext === 'inx' ? 'ico-inf' : 'ico-file';
  const text = ext === 'c' ? 'C' : ext === 'cpp' ? '++' : ext === 'h' ? 'h' : ext === 'inf' || ext === 'inx' ? 'i' : '';
  return <span className={`ico ${cls}`}>{text}</span>;
}

export function SolutionExplorer({ project, active, onOpen, onContextMenu }: ExplorerProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set(['References']));
  const [selected, setSelected] = useState<string>('');
  const toggle = (k: string) => setCollapsed((c) => { const n = new Set(c); if (n.has(k)) n.delete(k); else n.add(k); return n; });
  const caret = (k: string) => <span className="caret" onClick={(e) => { e.stopPropagation(); toggle(k); }}>{collapsed.has(k) ? '▷' : '◢'}</span>;
  const row = (key: string, depth: number, content: React.ReactNode, extra: React.HTMLAttributes<HTMLDivElement> = {}) => (
    <div key={key} className={`tree-row${selected === key ? ' selected' : ''}`} style={{ paddingLeft: 6 + depth * 14 }}
      onClick={() => setSelected(key)} {...extra}>{content}</div>
  );

  return (
    <div className="tool-window solution-explorer">
      <div className="tool-title">Solution Explorer</div>
      <div className="tree" role="tree">
        {!project && <div className="empty-note">No solution open. File &gt; New &gt; Project... to start.</div>}
        {project && <>
          {row('sln', 0, <>{caret('sln')}<span className="ico ico-sln">▣</span>Solution '{project.name}' (1 of 1 project)</>)}
          {!collapsed.has('sln') && <>
            {row('proj', 1, <>{caret('proj')}<span className="ico ico-proj">▤</span><b>{project.name}</b></>, {
              onContextMenu: (e) => { e.preventDefault(); setSelected('proj'); onContextMenu(e.clientX, e.clientY); },
              'aria-label': `project ${project.name}`,
            } as React.HTMLAttributes<HTMLDivElement>)}
            {!collapsed.has('proj') && <>
              {row('References', 2, <>{caret('References')}<span className="ico ico-ref">⊞</span>References</>)}
              {FILTERS.map((f) => {
                const files = project.files.filter((x) => x.filter === f);
                if (f === 'Driver Files' && project.kind === 'exe') return null;
                return [
                  row(f, 2, <>{caret(f)}<span className="ico ico-folder">▰</span>{f}</>),
                  ...(collapsed.has(f) ? [] : files.map((x) => row(`file:${x.path}`, 3,
                    <><span className="caret" /><FileIcon path={x.path} /><span className={x.path === active ? 'active-file' : ''}>{x.path}</span></>,
                    { onDoubleClick: () => onOpen(x.path), onKeyDown: (e) => { if (e.key === 'Enter') onOpen(x.path); }, tabIndex: 0, role: 'treeitem' }))),
                ];
              })}
              {project.files.filter((x) => x.filter === 'Other').map((x) => row(`file:${x.path}`, 2,
                <><span className="caret" /><FileIcon path={x.path} />{x.path}</>, { onDoubleClick: () => onOpen(x.path) }))}
            </>}
          </>}
        </>}
      </div>
    </div>
  );
}
