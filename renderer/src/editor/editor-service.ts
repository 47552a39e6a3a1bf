// One Monaco editor for the document well; one model per open file. Tracks dirty state (the tab's `*`),
// build diagnostics as squiggles (markers), and jumping to a line from the Error List.
import { languageFor, monaco } from './monaco.ts';

/** `deferred`: its module is not loaded yet; `pending`: set while no target was broken in, not yet in the debugger. */
export interface SourceBreakpoint { file: string; line: number; deferred?: boolean; pending?: boolean }
export interface FileDiagnostic { path: string; line: number; column: number; severity: 'error' | 'warning'; code: string; message: string }

export class EditorService {
  private editor: monaco.editor.IStandaloneCodeEditor | undefined;
  private models = new Map<string, { model: monaco.editor.ITextModel; savedVersion: number; readOnly: boolean }>();
  private diagnostics: FileDiagnostic[] = [];
  private listeners = new Set<() => void>();
  private project = '';
  active: string | undefined;

  mount(el: HTMLElement): void {
    this.editor = monaco.editor.create(el, {
      theme: 'vs-driverlab',
      automaticLayout: true,
      fontFamily: "Consolas, 'Cascadia Mono', 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      minimap: { enabled: true, renderCharacters: false },
      glyphMargin: true,
      renderLineHighlight: 'all',
      tabSize: 4,
      insertSpaces: true,
      quickSuggestions: { other: true, comments: false, strings: false },
      model: null,
    });
    if (this.active) this.editor.setModel(this.models.get(this.active)?.model ?? null);
    this.editor.onDidChangeCursorPosition(() => this.changed()); // the status bar's Ln/Col follow the caret
    // A click in the glyph margin toggles a breakpoint on that line, as in Visual Studio.
    this.editor.onMouseDown((e) => {
      if (e.target.type !== monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN || !e.target.position || !this.active) return;
      const path = this.active, line = e.target.position.lineNumber;
      this.glyphClicks.forEach((l) => l(path, line));
    });
  }
  unmount(): void { this.editor?.dispose(); this.editor = undefined; }

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }
  private glyphClicks = new Set<(path: string, line: number) => void>();
  onGlyphClick(l: (path: string, line: number) => void): () => void { this.glyphClicks.add(l); return () => this.glyphClicks.delete(l); }
  private changed(): void { this.listeners.forEach((l) => l()); }

  setProject(name: string): void {
    if (name === this.project) return;
    for (const { model } of this.models.values()) model.dispose();
    this.models.clear();
    this.active = undefined;
    this.diagnostics = [];
    this.project = name;
    this.editor?.setModel(null);
    this.changed();
  }

  isOpen(path: string): boolean { return this.models.has(path); }
  isReadOnly(path: string): boolean { return this.models.get(path)?.readOnly ?? false; }
  openPaths(): string[] { return [...this.models.keys()]; }

  /** `readOnly`: a file that is not the project's (a WDK header the debugger stopped in). */
  open(path: string, text: string, readOnly = false): void {
    if (!this.models.has(path)) {
      const uri = monaco.Uri.from({ scheme: readOnly ? 'wdk' : 'file', path: readOnly ? `/${path}` : `/${this.project}/${path}` });
      const model = monaco.editor.createModel(text, languageFor(path), uri);
      const entry = { model, savedVersion: model.getAlternativeVersionId(), readOnly };
      model.onDidChangeContent(() => this.changed());
      this.models.set(path, entry);
      this.applyMarkers(path);
      this.applyDebugMarks(path);
    }
    this.activate(path);
  }

  activate(path: string): void {
    const entry = this.models.get(path);
    if (!entry) return;
    this.active = path;
    this.editor?.setModel(entry.model);
    this.editor?.updateOptions({ readOnly: entry.readOnly });
    this.editor?.focus();
    this.changed();
  }

  close(path: string): void {
    const entry = this.models.get(path);
    if (!entry) return;
    entry.model.dispose();
    this.models.delete(path);
    if (this.active === path) {
      const next = [...this.models.keys()].pop();
      this.active = undefined;
      if (next) this.activate(next); else this.editor?.setModel(null);
    }
    this.changed();
  }

  text(path: string): string | undefined { return this.models.get(path)?.model.getValue(); }
  isDirty(path: string): boolean {
    const e = this.models.get(path);
    return !!e && e.model.getAlternativeVersionId() !== e.savedVersion;
  }
  dirtyPaths(): string[] { return [...this.models.keys()].filter((p) => this.isDirty(p)); }
  markSaved(path: string): void {
    const e = this.models.get(path);
    if (e) { e.savedVersion = e.model.getAlternativeVersionId(); this.changed(); }
  }

  setDiagnostics(list: FileDiagnostic[]): void {
    this.diagnostics = list;
    for (const p of this.models.keys()) this.applyMarkers(p);
  }
  private applyMarkers(path: string): void {
    const e = this.models.get(path);
    if (!e) return;
    monaco.editor.setModelMarkers(e.model, 'build', this.diagnostics.filter((d) => d.path === path).map((d) => {
      const line = Math.max(1, d.line);
      const col = Math.max(1, d.column);
      const word = e.model.getWordAtPosition({ lineNumber: Math.min(line, e.model.getLineCount()), column: col });
      return {
        severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: d.message, code: d.code, source: 'MSBuild',
        startLineNumber: line, startColumn: word?.startColumn ?? col,
        endLineNumber: line, endColumn: word?.endColumn ?? e.model.getLineMaxColumn(Math.min(line, e.model.getLineCount())),
      };
    }));
  }

  /** Breakpoint glyphs (from the debugger's `bl`; a deferred one, whose module is not loaded yet, hollow as Visual
   *  Studio draws it) and the current-statement line when the target is broken in. */
  private marks = new Map<string, string[]>();
  private breakpoints: SourceBreakpoint[] = [];
  private current: { file: string; line: number } | undefined;
  setDebugMarks(breakpoints: SourceBreakpoint[], current?: { file: string; line: number }): void {
    this.breakpoints = breakpoints; this.current = current;
    for (const path of this.models.keys()) this.applyDebugMarks(path);
  }
  debugBreakpoints(): SourceBreakpoint[] { return this.breakpoints; }
  private applyDebugMarks(path: string): void {
    const e = this.models.get(path);
    if (!e) return;
    const same = (file: string) => { const f = file.replace(/\\/g, '/').toLowerCase(); return f === path.toLowerCase() || f.endsWith('/' + path.toLowerCase()); };
    const decos: monaco.editor.IModelDeltaDecoration[] = this.breakpoints.filter((b) => same(b.file)).map((b) => ({
      range: new monaco.Range(b.line, 1, b.line, 1), options: b.pending
        ? { glyphMarginClassName: 'bp-glyph deferred pending', glyphMarginHoverMessage: { value: 'The breakpoint will be set when the debugger connects or the target breaks in.' } }
        : b.deferred
        ? { glyphMarginClassName: 'bp-glyph deferred', glyphMarginHoverMessage: { value: 'The breakpoint will not currently be hit. No symbols have been loaded for this document.' } }
        : { glyphMarginClassName: 'bp-glyph', glyphMarginHoverMessage: { value: 'Breakpoint' } } }));
    if (this.current && same(this.current.file)) decos.push({ range: new monaco.Range(this.current.line, 1, this.current.line, 1),
      options: { isWholeLine: true, className: 'debug-current-line', glyphMarginClassName: 'debug-current-glyph' } });
    this.marks.set(path, e.model.deltaDecorations(this.marks.get(path) ?? [], decos));
  }

  reveal(path: string, line: number, column: number): void {
    this.activate(path);
    const pos = { lineNumber: Math.max(1, line), column: Math.max(1, column) };
    const ed = this.editor;
    if (!ed) return;
    ed.setPosition(pos);
    // A hidden editor (another view in front, as when a breakpoint hits) has no height to centre in: reveal once
    // it is shown and laid out again, or the line ends up at the top, under the sticky-scroll header.
    const shown = () => ed.getContainerDomNode().getClientRects().length > 0; // no box while display: none
    if (shown()) ed.revealPositionInCenter(pos);
    else { const once = ed.onDidLayoutChange(() => { if (shown()) { once.dispose(); ed.revealPositionInCenter(pos); } }); }
    ed.focus();
  }

  position(): { line: number; column: number } | undefined {
    const p = this.editor?.getPosition();
    return p ? { line: p.lineNumber, column: p.column } : undefined;
  }
  onCursor(l: () => void): void { this.editor?.onDidChangeCursorPosition(() => l()); }
  runAction(id: string): void { this.editor?.focus(); void this.editor?.getAction(id)?.run(); }
  trigger(handlerId: string): void { this.editor?.focus(); this.editor?.trigger('menu', handlerId, null); }
}
