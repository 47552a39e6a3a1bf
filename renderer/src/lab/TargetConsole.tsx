// A target's console window: its command prompt (cmd.exe) on xterm.js. What the machine printed so far is shown
// first (console.read), then console.output as it comes; typed lines go back with console.input.
import { useEffect, useRef } from 'react';
import type { Api } from '../../../main/api/contract.ts';
import { createTerminal, LineEditor } from './terminal.ts';

export function TargetConsole({ api, machine, visible, onStatus }: { api: Api; machine: string; visible: boolean; onStatus(s: string): void }) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<ReturnType<typeof createTerminal>>(null);
  useEffect(() => {
    const t = createTerminal(host.current!);
    termRef.current = t;
    const editor = new LineEditor(t.term, (line) => {
      api.call('console.input', { machine, text: `${line}\r\n` }).catch((e: Error) => { t.term.write(`\r\n[${e.message}]\r\n`); onStatus(e.message); });
    });
    // Ctrl+C reaches the machine's keyboard as ETX, as a console window passes it on.
    editor.onInterrupt = () => { api.call('console.input', { machine, text: '\x03' }).catch(() => {}); };
    let ready = false;
    const early: string[] = [];
    const off = api.on('console.output', (e) => {
      if (e.machine.toLowerCase() !== machine.toLowerCase()) return;
      if (ready) t.term.write(e.text); else early.push(e.text);
    });
    void api.call('console.read', { machine }).then(({ text }) => {
      t.term.write(text);
      ready = true;
      // Output that arrived while the backlog was on its way is already in it (it ends with the same text).
      const tail = early.join('');
      if (tail && !text.endsWith(tail)) t.term.write(tail);
      t.term.write(editor.line);
    }, () => { ready = true; });
    return () => { off(); t.dispose(); };
  }, [api, machine, onStatus]);
  useEffect(() => { if (visible) setTimeout(() => termRef.current?.term.focus(), 0); }, [visible]);
  return <div className="console-window" data-testid={`console-${machine}`}><div className="console-title">C:\Windows\system32\cmd.exe — {machine}</div><div className="term-host" ref={host} /></div>;
}
