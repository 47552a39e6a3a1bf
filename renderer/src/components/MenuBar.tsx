// The menu bar, drawn in the page (as Visual Studio draws its own), so Electron and the browser look the same.
import { useEffect, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  shortcut?: string;
  disabled?: boolean;
  title?: string;
  action?: () => void;
  submenu?: MenuItem[];
  separator?: boolean;
}
export interface Menu { label: string; items: MenuItem[] }

function Items({ items, close }: { items: MenuItem[]; close: () => void }) {
  return (
    // A press inside an open menu must not reach the menu title (which toggles the menu shut before the click).
    <div className="menu-dropdown" role="menu" onMouseDown={(e) => e.stopPropagation()}>
      {items.map((it, i) =>
        it.separator ? <div key={i} className="menu-separator" /> : (
          <div key={i} role="menuitem" aria-disabled={it.disabled || undefined} title={it.title}
            className={`menu-item${it.disabled ? ' disabled' : ''}${it.submenu ? ' has-sub' : ''}`}
            onClick={(e) => { e.stopPropagation(); if (it.disabled || it.submenu) return; close(); it.action?.(); }}>
            <span className="menu-label">{it.label}</span>
            <span className="menu-shortcut">{it.shortcut ?? (it.submenu ? '▸' : '')}</span>
            {it.submenu && !it.disabled && <div className="submenu"><Items items={it.submenu} close={close} /></div>}
          </div>
        ))}
    </div>
  );
}

export function MenuBar({ menus, title }: { menus: Menu[]; title: string }) {
  const [open, setOpen] = useState<number | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(null); };
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(null); };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('mousedown', onDown); window.removeEventListener('keydown', onKey); };
  }, []);
  return (
    <div className="menubar" ref={ref}>
      <span className="app-logo" aria-hidden>◆</span>
      {menus.map((m, i) => (
        <div key={m.label} className={`menu${open === i ? ' open' : ''}`}
          onMouseDown={(e) => { e.preventDefault(); setOpen(open === i ? null : i); }}
          onMouseEnter={() => { if (open !== null) setOpen(i); }}>
          {m.label}
          {open === i && <Items items={m.items} close={() => setOpen(null)} />}
        </div>
      ))}
      <span className="title">{title}</span>
    </div>
  );
}
