// A target's Device Manager (devmgmt.msc) as Windows 10 has it: the Action and View menus (and the same commands on
// the toolbar and a device's context menu), the tree by type or by connection with our class icons, Show hidden
// devices (non-present devices, greyed), Properties and its dialogs (DeviceDialogs.tsx); every action runs on the
// live machine. The I/O view (IoView.tsx) is ours: a device's stack and the IRPs passing it.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Api, Device, DeviceAction } from '../../../main/api/contract.ts';
import { IoView } from './IoView.tsx';
import { classIcon, DeviceIcon } from './devmgr-icons.tsx';
import { DisableDialog, DriverDetailsDialog, PropertiesDialog, UninstallDialog, UpdateDriverDialog } from './DeviceDialogs.tsx';
import './devmgr.css';
import { useContextMenu } from './useContextMenu.ts';

type Dialog = 'props' | 'details' | 'update' | 'uninstall' | 'disable';
interface MenuItem { label: string; onClick?(): void; disabled?: boolean; kind?: 'check' | 'radio'; checked?: boolean; separator?: boolean }

function Menu({ items, close, style }: { items: MenuItem[]; close(): void; style?: React.CSSProperties }) {
  return (
    <div className="dm-menu" role="menu" style={style} onMouseDown={(e) => e.stopPropagation()}>
      {items.map((it, i) => it.separator ? <div key={i} className="dm-menu-sep" /> : (
        <div key={i} role={it.kind === 'radio' ? 'menuitemradio' : it.kind === 'check' ? 'menuitemcheckbox' : 'menuitem'} aria-checked={it.kind ? !!it.checked : undefined} aria-disabled={it.disabled || undefined}
          className={`dm-menu-item${it.disabled ? ' disabled' : ''}`} onClick={() => { if (it.disabled) return; close(); it.onClick?.(); }}>
          <span className="dm-mark">{it.checked ? (it.kind === 'radio' ? '•' : '✓') : ''}</span>{it.label}
        </div>))}
    </div>);
}

export function DeviceManager({ api, machine, onStatus }: { api: Api; machine: string; onStatus(s: string): void }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState('');
  const [view, setView] = useState<'type' | 'connection'>('type');
  const [hidden, setHidden] = useState(false);
  const [selId, setSelId] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  // Properties stays open under the dialogs its buttons open (Driver Details, Update, Disable, Uninstall).
  const [propsId, setPropsId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: Exclude<Dialog, 'props'>; id: string } | null>(null);
  const [menu, setMenu] = useContextMenu<{ name: 'Action' | 'View' | 'context'; x?: number; y?: number }>();
  const [io, setIo] = useState<Device | null>(null);
  const load = useCallback(async () => {
    try {
      const next = (await api.call('devmgr.snapshot', { machine })).devices;
      setDevices((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      setError('');
    } catch (e) { setError((e as Error).message); }
  }, [api, machine]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => api.on('devmgr.changed', (e) => { if (e.machine === machine) void load(); }), [api, machine, load]);
  // Devices also come and go from the target's own console (devcon, pnputil): Device Manager follows, as Windows'
  // does on its device-change notifications.
  useEffect(() => { const t = setInterval(() => void load(), 1500); return () => clearInterval(t); }, [load]);

  const all = devices ?? [];
  const byId = (id: string | null | undefined) => all.find((d) => d.instanceId === id);
  const sel = byId(selId);
  const act = (action: DeviceAction, d?: Device, deleteDriver?: boolean) =>
    api.call('devmgr.action', { machine, action, ...(d ? { instanceId: d.instanceId } : {}), ...(deleteDriver ? { deleteDriver } : {}) }).then((r) => r.message);
  const run = (action: DeviceAction, d?: Device, deleteDriver?: boolean) => act(action, d, deleteDriver).then(onStatus, (e: Error) => onStatus(e.message));
  const open = (kind: Dialog, d: Device | undefined) => { if (!d) return; if (kind === 'props') setPropsId(d.instanceId); else setDialog({ kind, id: d.instanceId }); };
  const closeDialog = () => setDialog(null);
  const toggle = (d: Device | undefined) => { if (!d) return; if (d.disabled) void run('enable', d); else open('disable', d); };

  const system = (d?: Device) => !d || d.driver.inf === 'machine.inf';
  const actionItems = (d = sel): MenuItem[] => [
    ...(d ? [
      { label: 'Update driver', disabled: d.hidden, onClick: () => open('update', d) },
      { label: d.disabled ? 'Enable device' : 'Disable device', disabled: d.hidden || system(d), onClick: () => toggle(d) },
      { label: 'Uninstall device', disabled: system(d), onClick: () => open('uninstall', d) },
      { label: '', separator: true }] : []),
    { label: 'Scan for hardware changes', onClick: () => void run('scan') },
    { label: '', separator: true },
    { label: 'Properties', disabled: !d, onClick: () => open('props', d) },
  ];
  const viewItems: MenuItem[] = [
    { label: 'Devices by type', kind: 'radio', checked: view === 'type', onClick: () => setView('type') },
    { label: 'Devices by connection', kind: 'radio', checked: view === 'connection', onClick: () => setView('connection') },
    { label: '', separator: true },
    { label: 'Show hidden devices', kind: 'check', checked: hidden, onClick: () => setHidden(!hidden) },
  ];

  const shown = all.filter((d) => hidden || !d.hidden);
  const expander = (key: string, has: boolean) => (
    <span className="dm-expander" aria-hidden onClick={(e) => { e.stopPropagation(); setCollapsed((c) => { const n = new Set(c); if (n.has(key)) n.delete(key); else n.add(key); return n; }); }}>
      {has ? (collapsed.has(key) ? '›' : '⌄') : ''}</span>);
  const row = (d: Device, depth: number, kids = false) => (
    <div key={d.instanceId} className={`tree-row${selId === d.instanceId ? ' selected' : ''}${d.hidden ? ' ghost' : ''}`} style={{ paddingLeft: 4 + depth * 18 }}
      onClick={() => setSelId(d.instanceId)} onDoubleClick={() => open('props', d)} role="treeitem" aria-label={d.name} aria-selected={selId === d.instanceId}
      onContextMenu={(e) => { e.preventDefault(); setSelId(d.instanceId); setMenu({ name: 'context', x: e.clientX, y: e.clientY }); }}>
      {expander(d.instanceId, kids)}<DeviceIcon d={d} /><span className="dm-label">{d.name}</span></div>);
  const byConnection = (parent: string | undefined, depth: number): ReactNode[] =>
    shown.filter((d) => d.parent === parent).flatMap((d) => {
      const kids = shown.some((c) => c.parent === d.instanceId);
      return [row(d, depth, kids), ...(kids && !collapsed.has(d.instanceId) ? byConnection(d.instanceId, depth + 1) : [])];
    });
  const classes = [...new Set(shown.map((d) => d.classTitle))].sort((a, b) => a.localeCompare(b));
  const classRow = (title: string) => {
    const first = shown.find((d) => d.classTitle === title)!;
    return (
      <div key={`class:${title}`} className={`tree-row${selId === `class:${title}` ? ' selected' : ''}`} style={{ paddingLeft: 22 }} role="treeitem" aria-label={title}
        aria-expanded={!collapsed.has(`class:${title}`)} onClick={() => setSelId(`class:${title}`)}>
        {expander(`class:${title}`, true)}<span className="dm-icon"><img src={classIcon(first.className)} alt="" /></span><span className="dm-label">{title}</span></div>);
  };
  const dlgDevice = byId(dialog?.id);
  const propsDevice = byId(propsId);
  const parentOf = (d: Device) => byId(d.parent);

  return (
    <div className="devmgr" data-testid={`devmgr-${machine}`}>
      <div className="console-title">Device Manager — {machine}</div>
      <div className="dm-menubar" role="menubar">
        {(['Action', 'View'] as const).map((m) => (
          <div key={m} className={`dm-menubar-item${menu?.name === m ? ' open' : ''}`} role="menuitem" aria-haspopup="menu"
            onMouseDown={(e) => { e.stopPropagation(); setMenu(menu?.name === m ? null : { name: m }); }}>
            {m}{menu?.name === m && <Menu items={m === 'Action' ? actionItems() : viewItems} close={() => setMenu(null)} />}
          </div>))}
      </div>
      <div className="dm-toolbar">
        <button className="dm-tb" disabled={!sel} title="Properties" aria-label="Properties" onClick={() => open('props', sel)}><img src="./devmgr/tb-properties.svg" alt="" /></button>
        <span className="dm-tb-sep" />
        <button className="dm-tb" title="Scan for hardware changes" aria-label="Scan for hardware changes" onClick={() => void run('scan')}><img src="./devmgr/tb-scan.svg" alt="" /></button>
        <button className="dm-tb" disabled={!sel || sel.hidden} title="Update Device Driver" aria-label="Update Device Driver" onClick={() => open('update', sel)}><img src="./devmgr/tb-update.svg" alt="" /></button>
        <button className="dm-tb" disabled={system(sel)} title="Uninstall device" aria-label="Uninstall device" onClick={() => open('uninstall', sel)}><img src="./devmgr/tb-uninstall.svg" alt="" /></button>
        <button className="dm-tb" disabled={system(sel) || sel?.hidden} title={sel?.disabled ? 'Enable device' : 'Disable device'} aria-label={sel?.disabled ? 'Enable device' : 'Disable device'}
          onClick={() => toggle(sel)}><img src={sel?.disabled ? './devmgr/tb-enable.svg' : './devmgr/tb-disable.svg'} alt="" /></button>
        <span className="dm-tb-sep" />
        <button className="tb" disabled={!sel || sel.hidden} title="The device's stack and the IRPs passing it, live" onClick={() => setIo(sel ?? null)}>I/O view</button>
      </div>
      <div className="tree" role="tree" aria-label="Devices">
        {error && <div className="empty-note" role="alert">{error}</div>}
        {devices && <>
          <div className={`tree-row${selId === 'computer' ? ' selected' : ''}`} role="treeitem" aria-label={machine} onClick={() => setSelId('computer')}>
            {expander('computer', true)}<span className="dm-icon"><img src="./devmgr/computer.svg" alt="" /></span><span className="dm-label">{machine}</span></div>
          {!collapsed.has('computer') && (view === 'connection' ? byConnection(undefined, 1) : classes.flatMap((c) => [
            classRow(c), ...(collapsed.has(`class:${c}`) ? [] : shown.filter((d) => d.classTitle === c).map((d) => row(d, 2)))]))}
        </>}
      </div>
      {menu?.name === 'context' && sel && <Menu items={actionItems(sel)} close={() => setMenu(null)} style={{ position: 'fixed', left: menu.x, top: menu.y }} />}
      {io && <IoView key={io.instanceId} api={api} machine={machine} instanceId={io.instanceId} title={io.name} onClose={() => setIo(null)} />}
      {propsDevice && <PropertiesDialog key={propsDevice.instanceId} d={propsDevice} parent={parentOf(propsDevice)} onClose={() => setPropsId(null)} commands={{
        details: () => open('details', propsDevice), update: () => open('update', propsDevice),
        toggle: () => toggle(propsDevice), uninstall: () => open('uninstall', propsDevice),
      }} />}
      {dialog?.kind === 'details' && dlgDevice && <DriverDetailsDialog d={dlgDevice} onClose={closeDialog} />}
      {dialog?.kind === 'update' && dlgDevice && <UpdateDriverDialog d={dlgDevice} search={() => act('update', dlgDevice)} onClose={closeDialog} />}
      {dialog?.kind === 'disable' && dlgDevice && <DisableDialog d={dlgDevice} onClose={closeDialog} onYes={() => { void run('disable', dlgDevice); closeDialog(); }} />}
      {dialog?.kind === 'uninstall' && dlgDevice && <UninstallDialog d={dlgDevice} onClose={closeDialog}
        onUninstall={(del) => { setDialog(null); setPropsId(null); void run('uninstall', dlgDevice, del); }} />}
    </div>
  );
}
