// The document well: a tab per open file (a `*` when unsaved) over the one Monaco editor; a start page when
// nothing is open.
import { useEffect, useRef } from 'react';
import type { EditorService } from '../editor/editor-service.ts';

export function DocumentWell({ editor, onSave, onNew, onOpen, recent, onOpenProject }: {
  editor: EditorService; onSave(path: string): void; onNew(): void; onOpen(): void; recent: string[]; onOpenProject(name: string): void;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    editor.mount(host.current!);
    return () => editor.unmount();
  }, [editor]);
  const paths = editor.openPaths();
  return (
    <div className="document-well">
      <div className="doc-tabs" role="tablist">
        {paths.map((p) => (
          <div key={p} role="tab" aria-selected={editor.active === p} className={`doc-tab${editor.active === p ? ' active' : ''}`}
            onMouseDown={(e) => { if (e.button === 1) { e.preventDefault(); editor.close(p); } }}
            onClick={() => editor.activate(p)} title={p}>
            <span>{p.split('/').pop()}{editor.isDirty(p) ? '*' : ''}</span>
            <span className="tab-close" onClick={(e) => {
              e.stopPropagation();
              if (editor.isDirty(p)) onSave(p);
              editor.close(p);
            }}>✕</span>
          </div>
        ))}
      </div>
      <div className="editor-host" ref={host} style={{ display: editor.active ? 'block' : 'none' }} data-testid="editor" />
      {!editor.active && (
        <div className="start-page">
          <h1>DriverLab</h1>
          <p className="muted">Write a Windows driver, build it with the WDK toolchain, and test it on a target computer.</p>
          <div className="start-cols">
            <div>
              <h2>Open recent</h2>
              {recent.length === 0 && <div className="muted">No solutions yet.</div>}
              {recent.map((r) => <div key={r} className="recent" onClick={() => onOpenProject(r)}><span className="ico ico-sln">▣</span>{r}.sln</div>)}
            </div>
            <div>
              <h2>Get started</h2>
              <div className="start-action" onClick={onNew}><b>Create a new project</b><span>Choose a driver or application template to get started</span></div>
              <div className="start-action" onClick={onOpen}><b>Open a project or solution</b><span>Open a solution from your workspace</span></div>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
