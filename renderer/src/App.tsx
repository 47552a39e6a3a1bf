// The host computer's screen, laid out like Visual Studio: menu bar and toolbar, the document well (Monaco),
// Solution Explorer on the right, Error List and Output below, the status bar at the bottom.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Configuration, Diagnostic, KdStatus, ProjectProperties, ProjectTree, TemplateInfo } from '../../main/api/contract.ts';
import type { Connection } from './transport.ts';
import { EditorService } from './editor/editor-service.ts';
import { setHeaderSymbols } from './editor/wdk-language.ts';
import { useSourceBreakpoints } from './editor/breakpoints.ts';
import { MenuBar, type Menu } from './components/MenuBar.tsx';
import { SolutionExplorer } from './components/SolutionExplorer.tsx';
import { OutputWindow } from './components/OutputWindow.tsx';
import { ErrorList, type ErrorRow } from './components/ErrorList.tsx';
import { NewProjectDialog } from './components/NewProjectDialog.tsx';
import { AddItemDialog } from './components/AddItemDialog.tsx';
import { OpenProjectDialog } from './components/OpenProjectDialog.tsx';
import { PropertiesDialog } from './components/PropertiesDialog.tsx';
import { DocumentWell } from './components/DocumentWell.tsx';
import { useShortcuts } from './shortcuts.ts';
import { BuildIcon, NewProjectIcon, OpenIcon, PlayIcon, SaveAllIcon } from './components/Icons.tsx';
import { useNetwork } from './lab/useNetwork.ts';
import { NetworkView } from './lab/NetworkView.tsx';
import { TargetConsole } from './lab/TargetConsole.tsx';
import { KdWindow, type KdTyper } from './lab/KdWindow.tsx';
import { DeviceManager } from './lab/DeviceManager.tsx';
import { ConfigureDevices } from './lab/ConfigureDevices.tsx';
import { BlueScreen } from './lab/BlueScreen.tsx';
import { LabGuide } from './lab/LabGuide.tsx';

type DialogState = null | 'new' | 'open' | 'add' | 'configure' | { properties: ProjectProperties };
const ENGINE_NOTE = 'needs the machine engine, which this DriverLab runs without';
/** The document well's views: the code editor, the lab network, the kernel debugger, a console or Device Manager per target. */
type View = 'code' | 'network' | 'kd' | `console:${string}` | `devmgr:${string}`;

/** A diagnostic's file as a path inside the project (MSBuild prints full paths). */
export function projectPath(file: string, tree: ProjectTree): string | undefined {
  const norm = file.replace(/\\/g, '/');
  const dir = tree.dir.replace(/\\/g, '/').replace(/\/?$/, '/');
  if (norm.startsWith(dir)) return norm.slice(dir.length);
  return tree.files.find((f) => norm === f.path || norm.endsWith('/' + f.path))?.path;
}

export function App({ connection }: { connection: Connection }) {
  const { api } = connection;
  const editor = useMemo(() => new EditorService(), []);
  const [, setTick] = useState(0);
  const [conn, setConn] = useState('connecting');
  const [root, setRoot] = useState('');
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [projects, setProjects] = useState<string[]>([]);
  const [project, setProject] = useState<ProjectTree | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [output, setOutput] = useState<string[]>([]);
  const [rows, setRows] = useState<ErrorRow[]>([]);
  const [bottom, setBottom] = useState<'Error List' | 'Output'>('Output');
  const [status, setStatus] = useState('Ready');
  const [config, setConfig] = useState<Configuration>('Debug');
  const [building, setBuilding] = useState(false);
  const [ctxMenu, setCtxMenu] = useState<{ x: number; y: number } | null>(null);
  const projectRef = useRef<ProjectTree | null>(null);
  projectRef.current = project;
  const [engine, setEngine] = useState(false);
  const [view, setView] = useState<View>('code');
  const [views, setViews] = useState<View[]>(['code']);
  const [kd, setKd] = useState<KdStatus>({ state: 'disconnected', prompt: '0: kd> ' });
  const [bsod, setBsod] = useState<{ machine: string; screen: string[]; detail: string } | null>(null);
  const [progress, setProgress] = useState<{ label: string; percent: number; stage?: string } | null>(null);
  const [guideOpen, setGuideOpen] = useState(false);
  const { net } = useNetwork(api, engine);
  const show = useCallback((v: View) => { setViews((vs) => (vs.includes(v) ? vs : [...vs, v])); setView(v); }, []);

  useEffect(() => editor.onChange(() => setTick((t) => t + 1)), [editor]);
  const [opens, setOpens] = useState(0);
  useEffect(() => { connection.onState((s) => { setConn(s); if (s === 'open') setOpens((n) => n + 1); }); }, [connection]);

  const refresh = useCallback(async () => {
    const [info, tpl, list] = await Promise.all([api.call('workspace.info', {}), api.call('templates.list', {}), api.call('project.list', {})]);
    setRoot(info.root); setTemplates(tpl); setProjects(list); setEngine(info.engine.machines);
  }, [api]);
  useEffect(() => { refresh().catch((e) => setStatus(`Could not reach DriverLab: ${(e as Error).message}`)); }, [refresh]);

  useEffect(() => api.on('build.log', ({ project: p, line }) => {
    if (p === projectRef.current?.name) setOutput((o) => [...o, line]);
  }), [api]);

  useEffect(() => api.on('kd.state', (st) => setKd(st)), [api]);
  useEffect(() => api.on('bugcheck', (b) => setBsod(b)), [api]);
  useEffect(() => api.on('deploy.progress', (d) => { setOutput((o) => [...o, d.line]); setProgress({ label: 'Deploying', percent: d.percent }); }), [api]);
  // The build's own stages (each source compiled, link, INF, catalog) drive its progress bar.
  useEffect(() => api.on('build.progress', ({ project: p, stage, percent }) => {
    if (p === projectRef.current?.name) setProgress((cur) => (cur?.label === 'Building' ? { label: 'Building', percent, stage } : cur));
  }), [api]);

  const openFile = useCallback(async (path: string) => {
    const p = projectRef.current;
    if (!p) return;
    if (!editor.isOpen(path)) editor.open(path, (await api.call('file.read', { project: p.name, path })).text);
    else editor.activate(path);
  }, [api, editor]);

  const openProject = useCallback(async (name: string, tree?: ProjectTree) => {
    const t = tree ?? (await api.call('project.open', { project: name }));
    editor.setProject(name);
    projectRef.current = t;
    setProject(t); setRows([]); setOutput([]); editor.setDiagnostics([]);
    setStatus('Ready');
    const first = t.files.find((f) => f.path.toLowerCase() === 'driver.c') ?? t.files.find((f) => f.filter === 'Source Files');
    if (first) await openFile(first.path);
    api.call('headers.index', { kind: t.kind }).then((r) => setHeaderSymbols(r.symbols)).catch(() => {});
  }, [api, editor, openFile]);

  const save = useCallback(async (path: string) => {
    const p = projectRef.current;
    const text = editor.text(path);
    if (!p || text === undefined || editor.isReadOnly(path)) return;
    await api.call('file.write', { project: p.name, path, text });
    editor.markSaved(path);
  }, [api, editor]);
  const saveAll = useCallback(async () => { for (const p of editor.dirtyPaths()) await save(p); }, [editor, save]);

  const build = useCallback(async () => {
    const p = projectRef.current;
    if (!p || building) return;
    setBuilding(true);
    try {
      await saveAll();
      setOutput([]); setBottom('Output'); setStatus('Build started...'); setProgress({ label: 'Building', percent: 0 });
      const r = await api.call('build.run', { project: p.name, configuration: config });
      const toRow = (d: Diagnostic): ErrorRow => {
        const path = projectPath(d.file, p);
        return { ...d, project: p.name, file: (path ?? d.file).split('/').pop() ?? d.file, ...(path ? { path } : {}) };
      };
      const list = r.diagnostics.map(toRow);
      setRows(list);
      editor.setDiagnostics(list.filter((x) => x.path).map((x) => ({ ...x, path: x.path! })));
      setOutput((o) => (o.length ? o : r.log));
      setStatus(r.success ? 'Build succeeded' : 'Build failed');
      if (!r.success) setBottom('Error List');
    } catch (e) {
      setOutput((o) => [...o, `Build failed: ${(e as Error).message}`]);
      setStatus('Build failed');
    } finally {
      setBuilding(false); setProgress(null);
    }
  }, [api, building, config, editor, saveAll]);

  const deploy = useCallback(async () => {
    const p = projectRef.current;
    if (!p) return;
    setOutput([]); setBottom('Output'); setStatus('Deploy started...'); setProgress({ label: 'Deploying', percent: 0 });
    try {
      const r = await api.call('deploy.run', { project: p.name, configuration: config });
      setStatus(r.success ? 'Deploy succeeded' : 'Deploy failed');
    } catch (e) { setOutput((o) => [...o, `Deploy failed: ${(e as Error).message}`]); setStatus('Deploy failed'); }
    finally { setProgress(null); }
  }, [api, config]);

  // The breakpoints in the editor's gutter (the debugger's bl, or waiting for it) and the stopped line.
  const breakpoints = useSourceBreakpoints(api, editor, kd, setStatus);
  useEffect(() => {
    if (kd.state === 'broken') {
      setStatus('Ready'); // as Visual Studio's status bar in break mode (not the last command's message)
      void breakpoints.sync();
      const loc = kd.location;
      const p = projectRef.current;
      const path = loc && p ? projectPath(loc.file, p) : undefined;
      if (path && loc) void openFile(path).then(() => { editor.reveal(path, loc.line, 1); setView('code'); });
      // Stopped in a WDK header (F11 into an inline wrapper such as WdfDeviceCreate): shown read-only, as VS opens it.
      else if (loc) {
        void api.call('headers.read', { file: loc.file }).then((h) => {
          if (!editor.isOpen(h.path)) editor.open(h.path, h.text, true);
          editor.reveal(h.path, loc.line, 1); setView('code');
        }, () => {});
      }
    } else breakpoints.show(); // running or stopped debugging: the breakpoints stay
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kd]);
  const kdTyper = useRef<KdTyper | undefined>(undefined);
  const kdRun = useCallback((cmd: string) => {
    if (kd.state !== 'broken') { setStatus(kd.state === 'disconnected' ? 'Connect the kernel debugger first (Debug > Start Debugging).' : 'The target is running (Ctrl+Break breaks in).'); return; }
    if (kdTyper.current?.(cmd)) return; // shown in the Command window, with the step's output
    void api.call('kd.command', { text: cmd }).catch((e: Error) => setStatus(e.message));
  }, [api, kd.state]);
  const toggleBreakpoint = breakpoints.toggle;
  const startDebugging = useCallback(() => {
    if (kd.state === 'broken') kdRun('g');
    else show('kd');
  }, [kd.state, kdRun, show]);

  const jump = useCallback(async (r: ErrorRow) => {
    if (!r.path) return;
    await openFile(r.path);
    editor.reveal(r.path, r.line, r.column);
  }, [editor, openFile]);

  const showProperties = useCallback(async () => {
    const p = projectRef.current;
    if (!p) return;
    try { setDialog({ properties: await api.call('project.getProperties', { project: p.name }) }); }
    catch (e) { setStatus(`Could not read the project properties: ${(e as Error).message}`); }
  }, [api]);

  const engineSoon = (what: string) => () => setStatus(`${what} ${ENGINE_NOTE}.`);
  useShortcuts({
    'Ctrl+Shift+B': () => void build(),
    'Ctrl+S': () => { if (editor.active) void save(editor.active); },
    'Ctrl+Shift+S': () => void saveAll(),
    'Ctrl+Shift+N': () => setDialog('new'),
    'Ctrl+Shift+O': () => setDialog('open'),
    'Ctrl+Shift+A': () => { if (projectRef.current) setDialog('add'); },
    'Alt+Enter': () => void showProperties(),
    F5: engine ? startDebugging : engineSoon('Start Debugging'),
    'Ctrl+F5': engineSoon('Start Without Debugging'),
    'Shift+F5': engine ? () => void api.call('kd.disconnect', {}) : engineSoon('Stop Debugging'),
    F9: engine ? () => void toggleBreakpoint().catch((e: Error) => setStatus(e.message)) : engineSoon('Breakpoints'),
    F10: engine ? () => kdRun('p') : engineSoon('Step Over'),
    F11: engine ? () => kdRun('t') : engineSoon('Step Into'),
    'Shift+F11': engine ? () => kdRun('gu') : engineSoon('Step Out'),
    'Ctrl+Pause': engine ? () => void api.call('kd.break', {}).catch((e: Error) => setStatus(e.message)) : engineSoon('Break'),
    'Ctrl+Alt+Pause': engine ? () => void api.call('kd.break', {}).catch((e: Error) => setStatus(e.message)) : engineSoon('Break'),
  });

  const noProject = !project;
  const menus: Menu[] = [
    { label: 'File', items: [
      { label: 'New Project...', shortcut: 'Ctrl+Shift+N', action: () => setDialog('new') },
      { label: 'Open Project/Solution...', shortcut: 'Ctrl+Shift+O', action: () => setDialog('open') },
      { label: '', separator: true },
      { label: 'Save', shortcut: 'Ctrl+S', disabled: !editor.active, action: () => { if (editor.active) void save(editor.active); } },
      { label: 'Save All', shortcut: 'Ctrl+Shift+S', disabled: noProject, action: () => void saveAll() },
      { label: '', separator: true },
      { label: 'Close Solution', disabled: noProject, action: () => { editor.setProject(''); setProject(null); } },
    ] },
    { label: 'Edit', items: [
      { label: 'Undo', shortcut: 'Ctrl+Z', action: () => editor.trigger('undo') },
      { label: 'Redo', shortcut: 'Ctrl+Y', action: () => editor.trigger('redo') },
      { label: '', separator: true },
      { label: 'Find...', shortcut: 'Ctrl+F', action: () => editor.runAction('actions.find') },
      { label: 'Replace...', shortcut: 'Ctrl+H', action: () => editor.runAction('editor.action.startFindReplaceAction') },
      { label: 'Go To Line...', shortcut: 'Ctrl+G', action: () => editor.runAction('editor.action.gotoLine') },
    ] },
    { label: 'View', items: [
      { label: 'Solution Explorer', shortcut: 'Ctrl+Alt+L' },
      { label: 'Error List', action: () => setBottom('Error List') },
      { label: 'Output', shortcut: 'Ctrl+Alt+O', action: () => setBottom('Output') },
      { label: 'Lab Guide', disabled: !engine, action: () => setGuideOpen((o) => !o) },
    ] },
    { label: 'Project', items: [
      { label: 'Add New Item...', shortcut: 'Ctrl+Shift+A', disabled: noProject, action: () => setDialog('add') },
      { label: '', separator: true },
      { label: 'Properties', shortcut: 'Alt+Enter', disabled: noProject, action: () => void showProperties() },
    ] },
    { label: 'Build', items: [
      { label: 'Build Solution', shortcut: 'Ctrl+Shift+B', disabled: noProject || building, action: () => void build() },
      { label: 'Rebuild Solution', shortcut: 'Ctrl+Alt+F7', disabled: noProject || building, action: () => void build() },
      { label: '', separator: true },
      { label: 'Deploy Solution', disabled: !engine || noProject, title: engine ? undefined : `Deploy ${ENGINE_NOTE}`, action: () => void deploy() },
    ] },
    { label: 'Debug', items: [
      { label: kd.state === 'broken' ? 'Continue' : 'Start Debugging', shortcut: 'F5', disabled: !engine, title: engine ? undefined : ENGINE_NOTE, action: startDebugging },
      { label: 'Break All', shortcut: 'Ctrl+Alt+Break', disabled: kd.state !== 'running', action: () => void api.call('kd.break', {}) },
      { label: 'Stop Debugging', shortcut: 'Shift+F5', disabled: kd.state === 'disconnected', action: () => void api.call('kd.disconnect', {}) },
      { label: '', separator: true },
      { label: 'Step Into', shortcut: 'F11', disabled: kd.state !== 'broken', action: () => kdRun('t') },
      { label: 'Step Over', shortcut: 'F10', disabled: kd.state !== 'broken', action: () => kdRun('p') },
      { label: 'Step Out', shortcut: 'Shift+F11', disabled: kd.state !== 'broken', action: () => kdRun('gu') },
      { label: 'Toggle Breakpoint', shortcut: 'F9', disabled: !engine || !editor.active, action: () => void toggleBreakpoint() },
      { label: '', separator: true },
      { label: 'Kernel Debugger Window', disabled: !engine, action: () => show('kd') },
    ] },
    { label: 'Test', items: [
      { label: 'Network', disabled: !engine, title: engine ? undefined : ENGINE_NOTE, action: () => show('network') },
      ...(net?.machines ?? []).flatMap((m) => [
        { label: `${m.name} Console`, action: () => show(`console:${m.name}`) },
        { label: `${m.name} Device Manager`, action: () => show(`devmgr:${m.name}`) }]),
    ] },
    { label: 'Extensions', items: [
      { label: 'Driver', submenu: [{ label: 'Test', submenu: [{ label: 'Configure Devices...', disabled: !engine, title: engine ? undefined : `Provisioning ${ENGINE_NOTE}`, action: () => setDialog('configure') }] }] },
    ] },
    { label: 'Help', items: [{ label: 'About DriverLab', action: () => setStatus(`DriverLab — workspace ${root} (${connection.transport})`) }] },
  ];

  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.length - errors;
  const pos = editor.position();
  return (
    <div className="shell" onClick={() => setCtxMenu(null)}>
      <MenuBar menus={menus} title={project ? `${project.name} - DriverLab` : 'DriverLab'} />
      <div className="toolbar">
        <button className="tb" title="New Project (Ctrl+Shift+N)" aria-label="New Project" onClick={() => setDialog('new')}><NewProjectIcon /></button>
        <button className="tb" title="Open Project/Solution (Ctrl+Shift+O)" aria-label="Open Project" onClick={() => setDialog('open')}><OpenIcon /></button>
        <button className="tb" title="Save All (Ctrl+Shift+S)" aria-label="Save All" disabled={noProject} onClick={() => void saveAll()}><SaveAllIcon /></button>
        <span className="tb-sep" />
        <select aria-label="Solution Configurations" value={config} onChange={(e) => setConfig(e.target.value as Configuration)}>
          <option>Debug</option><option>Release</option></select>
        <select aria-label="Solution Platforms" defaultValue="x64"><option>x64</option></select>
        <button className="tb build" title="Build Solution (Ctrl+Shift+B)" disabled={noProject || building} onClick={() => void build()}><BuildIcon /> Build</button>
        <span className="tb-sep" />
        <button className="tb" disabled={!engine} title={engine ? 'Start Debugging (F5)' : `Start debugging: ${ENGINE_NOTE}`} onClick={startDebugging}><PlayIcon /> Remote Windows Debugger</button>
        <span className="tb-sep" />
        <button className={`tb${guideOpen ? ' pressed' : ''}`} disabled={!engine} aria-pressed={guideOpen} title="The lab guide: steps checked as you go"
          onClick={() => setGuideOpen((o) => !o)}>☑ Lab Guide</button>
        {progress && <span className="tb-progress"><span>{progress.stage ?? progress.label}</span><span className="progress small" role="progressbar" aria-label={progress.label}
          aria-valuenow={progress.percent}><span style={{ width: `${progress.percent}%` }} /></span></span>}
      </div>
      {engine && <div className="view-tabs" role="tablist">
        {views.map((v) => {
          const label = v === 'code' ? 'Code' : v === 'network' ? 'Network' : v === 'kd' ? 'Kernel Debugger' : v.startsWith('console:') ? `${v.slice(8)} Console` : `${v.slice(7)} Device Manager`;
          return <div key={v} role="tab" aria-selected={view === v} className={`view-tab${view === v ? ' active' : ''}`} onClick={() => setView(v)}>{label}
            {v !== 'code' && <span className="tab-close" onClick={(e) => { e.stopPropagation(); setViews((vs) => vs.filter((x) => x !== v)); if (view === v) setView('code'); }}>✕</span>}</div>;
        })}
        {!views.includes('network') && <div className="view-tab add" role="tab" onClick={() => show('network')}>Network</div>}
        {!views.includes('kd') && <div className="view-tab add" role="tab" onClick={() => show('kd')}>Kernel Debugger</div>}
      </div>}
      <div className="workbench">
        <div className="center">
          <div className="view-stack">
            <div className="view-layer" style={{ display: view === 'code' ? 'flex' : 'none' }}>
              <DocumentWell editor={editor} onSave={(p) => void save(p)}
                onNew={() => setDialog('new')} onOpen={() => setDialog('open')} recent={projects} onOpenProject={(n) => void openProject(n)} />
            </div>
            {views.filter((v) => v !== 'code').map((v) => (
              <div key={v} className="view-layer" style={{ display: view === v ? 'flex' : 'none' }}>
                {v === 'network' && <NetworkView api={api} net={net} onStatus={setStatus} onConfigure={() => setDialog('configure')}
                  onOpenConsole={(n) => show(`console:${n}`)} onOpenDevices={(n) => show(`devmgr:${n}`)} />}
                {v === 'kd' && <KdWindow api={api} net={net} status={kd} onStatus={setStatus} typer={kdTyper}
                  breakpoints={breakpoints.takeForConnect} breakpointsVersion={breakpoints.version} />}
                {v.startsWith('console:') && <TargetConsole api={api} machine={v.slice(8)} visible={view === v} onStatus={setStatus} />}
                {v.startsWith('devmgr:') && <DeviceManager api={api} machine={v.slice(7)} onStatus={setStatus} />}
              </div>))}
          </div>
          <div className="bottom-pane">
            <div className="bottom-content">
              {bottom === 'Output' ? <OutputWindow lines={output} /> : <ErrorList rows={rows} onJump={(r) => void jump(r)} />}
            </div>
            <div className="bottom-tabs" role="tablist">
              {(['Error List', 'Output'] as const).map((t) => (
                <div key={t} role="tab" aria-selected={bottom === t} className={`btab${bottom === t ? ' active' : ''}`} onClick={() => setBottom(t)}>
                  {t}{t === 'Error List' && rows.length ? ` (${errors}, ${warnings})` : ''}</div>))}
            </div>
          </div>
        </div>
        <SolutionExplorer project={project} {...(editor.active ? { active: editor.active } : {})} onOpen={(p) => void openFile(p)}
          onContextMenu={(x, y) => setCtxMenu({ x, y })} />
        {engine && <div style={{ display: guideOpen ? 'flex' : 'none' }}><LabGuide api={api} onStatus={setStatus} /></div>}
      </div>
      <div className={`statusbar${building ? ' busy' : ''}${status === 'Build failed' ? ' failed' : ''}`}>
        <span data-testid="status" data-connection={conn} data-opens={opens}>{conn === 'reconnecting' ? 'Reconnecting to DriverLab...' : status}</span>
        <span className="grow" />
        {pos && editor.active && <span>Ln {pos.line}&nbsp;&nbsp;&nbsp;Col {pos.column}</span>}
        <span>{connection.transport === 'ipc' ? 'Desktop' : 'Browser'}</span>
      </div>

      {ctxMenu && project && (
        <div className="context-menu menu-dropdown" style={{ left: ctxMenu.x, top: ctxMenu.y }} role="menu">
          <div className="menu-item" role="menuitem" onClick={() => void build()}><span className="menu-label">Build</span><span /></div>
          <div className="menu-item" role="menuitem" onClick={() => setDialog('add')}><span className="menu-label">Add ▸ New Item...</span><span className="menu-shortcut">Ctrl+Shift+A</span></div>
          <div className="menu-separator" />
          <div className="menu-item" role="menuitem" onClick={() => void showProperties()}><span className="menu-label">Properties</span><span className="menu-shortcut">Alt+Enter</span></div>
        </div>
      )}
      {dialog === 'new' && <NewProjectDialog templates={templates} location={root} existing={projects} onClose={() => setDialog(null)}
        onCreate={async (template, name) => {
          const tree = await api.call('project.create', { template, name });
          setDialog(null);
          await refresh();
          await openProject(name, tree);
        }} />}
      {dialog === 'configure' && <ConfigureDevices api={api} net={net} onClose={() => setDialog(null)} />}
      {bsod && <BlueScreen {...bsod} onClose={() => setBsod(null)} />}
      {dialog === 'open' && <OpenProjectDialog projects={projects} location={root} onClose={() => setDialog(null)}
        onOpen={(n) => { setDialog(null); void openProject(n); }} />}
      {dialog === 'add' && project && <AddItemDialog project={project.name} existing={project.files.map((f) => f.path)} onClose={() => setDialog(null)}
        onAdd={async (path) => {
          const tree = await api.call('project.addItem', { project: project.name, path });
          setProject(tree); projectRef.current = tree; setDialog(null);
          await openFile(path);
        }} />}
      {dialog && typeof dialog === 'object' && project && <PropertiesDialog project={project.name} initial={dialog.properties}
        isDriver={project.kind !== 'exe' && project.kind !== 'dll'} onClose={() => setDialog(null)}
        onSave={async (properties) => { await api.call('project.setProperties', { project: project.name, properties }); }} />}
    </div>
  );
}
