// A modal dialog frame in Visual Studio's style: title bar with a close box, body, and a button row.
import { useEffect, type ReactNode } from 'react';

export function Dialog({ title, children, buttons, onClose, width = 760 }:
  { title: string; children: ReactNode; buttons: ReactNode; onClose(): void; width?: number }) {
  useEffect(() => {
    const k = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', k);
    return () => window.removeEventListener('keydown', k);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className="dialog" role="dialog" aria-label={title} style={{ width }}>
        <div className="dialog-title"><span>{title}</span><button className="close-box" aria-label="Close" onClick={onClose}>✕</button></div>
        <div className="dialog-body">{children}</div>
        <div className="dialog-buttons">{buttons}</div>
      </div>
    </div>
  );
}
