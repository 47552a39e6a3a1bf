// The Error List: errors and warnings from the last build. Clicking a row opens the file at that line.
import { useState } from 'react';

export interface ErrorRow { severity: 'error' | 'warning'; code: string; message: string; project: string; file: string; path?: string; line: number; column: number }

export function ErrorList({ rows, onJump }: { rows: ErrorRow[]; onJump(row: ErrorRow): void }) {
  const [showErrors, setShowErrors] = useState(true);
  const [showWarnings, setShowWarnings] = useState(true);
  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.length - errors;
  const shown = rows.filter((r) => (r.severity === 'error' ? showErrors : showWarnings));
  return (
    <div className="error-list">
      <div className="pane-toolbar">
        <select aria-label="Scope" defaultValue="Entire Solution"><option>Entire Solution</option></select>
        <button className={`filter-btn${showErrors ? ' on' : ''}`} onClick={() => setShowErrors(!showErrors)}>
          <span className="sev sev-error">✖</span> {errors} Error{errors === 1 ? '' : 's'}</button>
        <button className={`filter-btn${showWarnings ? ' on' : ''}`} onClick={() => setShowWarnings(!showWarnings)}>
          <span className="sev sev-warning">⚠</span> {warnings} Warning{warnings === 1 ? '' : 's'}</button>
        <button className="filter-btn"><span className="sev sev-info info-dot">i</span> 0 Messages</button>
        <span className="grow" />
        <span className="muted">Build Only</span>
      </div>
      <div className="grid-wrap">
        <table className="grid" data-testid="error-list">
          <thead><tr><th style={{ width: 28 }} /><th style={{ width: 70 }}>Code</th><th>Description</th><th style={{ width: 130 }}>Project</th><th style={{ width: 130 }}>File</th><th style={{ width: 50 }}>Line</th></tr></thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={i} className="error-row" tabIndex={0} onClick={() => onJump(r)} onKeyDown={(e) => { if (e.key === 'Enter') onJump(r); }}>
                <td><span className={`sev sev-${r.severity}`}>{r.severity === 'error' ? '✖' : '⚠'}</span></td>
                <td>{r.code}</td><td>{r.message}</td><td>{r.project}</td><td>{r.file}</td><td>{r.line}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
