// Source breakpoints as Visual Studio keeps them: F9 or a click in the glyph margin at any time. While the target is
// broken in they go straight to the debugger (bp/bc) and the gutter follows its `bl`; otherwise (not connected yet,
// or the target running) they wait here, drawn hollow, and are handed over as `bu` when the debugger connects or
// the target next breaks in. Stopping the debugger keeps them, pending again for the next session.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, KdStatus } from '../../../main/api/contract.ts';
import type { EditorService, SourceBreakpoint } from './editor-service.ts';

type Pending = { file: string; line: number; op: 'set' | 'clear' };
const expr = (b: { file: string; line: number }) => `\`${b.file}:${b.line}\``;
const sameFile = (a: string, b: string) => a.replace(/\\/g, '/').split('/').pop()!.toLowerCase() === b.replace(/\\/g, '/').split('/').pop()!.toLowerCase();

/** The debugger's breakpoints as `bl` lists them: resolved ones by source line, deferred ones by their expression. */
function parseBl(bl: string): (SourceBreakpoint & { id: string })[] {
  const out: (SourceBreakpoint & { id: string })[] = [];
  for (const l of bl.split('\n')) {
    const id = /^\s*(\d+)/.exec(l)?.[1];
    if (id === undefined) continue;
    const src = /\[(.+?) @ (\d+)\]/.exec(l);
    const def = /\(`(.+?):(\d+)`\)/.exec(l);
    if (src) out.push({ id, file: src[1]!, line: Number(src[2]) });
    else if (def) out.push({ id, file: def[1]!, line: Number(def[2]), deferred: true });
  }
  return out;
}

export function useSourceBreakpoints(api: Api, editor: EditorService, kd: KdStatus, onStatus: (s: string) => void) {
  const known = useRef<SourceBreakpoint[]>([]); // the debugger's, from its last bl
  const pending = useRef<Pending[]>([]);
  const [version, setVersion] = useState(0); // bumps when the debugger's list changed (the Breakpoints pane follows)
  const kdRef = useRef(kd);
  kdRef.current = kd;

  const show = useCallback(() => {
    const cleared = (b: SourceBreakpoint) => pending.current.some((p) => p.op === 'clear' && p.line === b.line && sameFile(p.file, b.file));
    const marks = [...known.current.filter((b) => !cleared(b)),
      ...pending.current.filter((p) => p.op === 'set').map((p) => ({ file: p.file, line: p.line, deferred: true, pending: true }))];
    const k = kdRef.current;
    editor.setDebugMarks(marks, k.state === 'broken' && k.location ? { file: k.location.file, line: k.location.line } : undefined);
  }, [editor]);

  /** Broken in: the debugger's list again (bl), with any pending changes applied first. */
  const sync = useCallback(async () => {
    if (kdRef.current.state !== 'broken') { show(); return; }
    try {
      const todo = pending.current;
      pending.current = [];
      let list = parseBl((await api.call('kd.command', { text: 'bl' })).output);
      for (const p of todo) {
        const at = list.find((b) => b.line === p.line && sameFile(b.file, p.file));
        if (p.op === 'set' && !at) await api.call('kd.command', { text: `bu ${expr(p)}` });
        if (p.op === 'clear' && at) await api.call('kd.command', { text: `bc ${at.id}` });
      }
      if (todo.length) { list = parseBl((await api.call('kd.command', { text: 'bl' })).output); setVersion((v) => v + 1); }
      known.current = list.map(({ file, line, deferred }) => ({ file, line, ...(deferred ? { deferred } : {}) }));
    } catch { /* running again already */ }
    show();
  }, [api, show]);

  /** F9 or a glyph-margin click on `line` (the caret's line if none) of the active document. */
  const toggle = useCallback(async (line?: number) => {
    const path = editor.active, at = line ?? editor.position()?.line;
    if (!path || !at) return;
    const file = path.split('/').pop()!;
    if (kdRef.current.state === 'broken') {
      const existing = parseBl((await api.call('kd.command', { text: 'bl' })).output).find((b) => b.line === at && sameFile(b.file, file));
      const r = await api.call('kd.command', { text: existing ? `bc ${existing.id}` : `bp ${expr({ file, line: at })}` });
      if (r.output.trim()) onStatus(r.output.trim().split('\n')[0]!);
      setVersion((v) => v + 1);
      await sync();
      return;
    }
    const queued = pending.current.findIndex((p) => p.line === at && sameFile(p.file, file));
    const inDebugger = known.current.some((b) => b.line === at && sameFile(b.file, file));
    if (queued >= 0) pending.current.splice(queued, 1); // F9 again undoes what was waiting
    else pending.current.push({ file, line: at, op: inDebugger ? 'clear' : 'set' });
    onStatus(kdRef.current.state === 'disconnected' ? 'The breakpoint will be set when the debugger connects.' : 'The breakpoint will be set when the target breaks in.');
    show();
  }, [api, editor, onStatus, show, sync]);

  /** What kd.connect hands the new session (as `bu`): the breakpoints waiting here, now the debugger's (deferred). */
  const takeForConnect = useCallback((): string[] => {
    const set = pending.current.filter((p) => p.op === 'set');
    pending.current = [];
    known.current = set.map((p) => ({ file: p.file, line: p.line, deferred: true }));
    show();
    return set.map(expr);
  }, [show]);

  useEffect(() => editor.onGlyphClick((_path, line) => void toggle(line).catch((e: Error) => onStatus(e.message))), [editor, toggle, onStatus]);

  // The debugger went away (Stop Debugging, a closed connection): its breakpoints wait for the next session.
  const lastState = useRef(kd.state);
  useEffect(() => {
    if (kd.state === 'disconnected' && lastState.current !== 'disconnected') {
      pending.current = [...known.current.map((b) => ({ file: b.file.split(/[\\/]/).pop()!, line: b.line, op: 'set' as const })), ...pending.current.filter((p) => p.op === 'set')];
      known.current = [];
    }
    lastState.current = kd.state;
  }, [kd.state]);

  return { sync, show, toggle, takeForConnect, version };
}
