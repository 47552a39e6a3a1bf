// The `kd>` console for `driverlab play` and the kd terminal: each line runs one command; text the target sent
// meanwhile (DbgPrint output, breakpoint hits) comes first, as it would have scrolled by in the window. The line
// `Ctrl+Break` (or `^C`, kd.exe's key) breaks in.
import type { Console } from '../../cli/play.ts';
import type { KdSession } from './session.ts';

export function kdConsole(s: KdSession): Console & { readonly pending: string } {
  let pending = '';
  s.on('output', (t: string) => { pending += t; });
  const take = () => { const p = pending; pending = ''; return p; };
  /** The DbgPrompt question the next line answers: shown as that line's prompt, as kd.exe has it. */
  let asked = '';
  return {
    get prompt() { return asked || s.prompt; },
    get pending() { return pending; },
    // A question waiting: what scrolled by before it comes first, the question is the next line's prompt. Otherwise
    // nothing (what scrolled by is shown with the next line's output).
    async late() {
      asked = s.promptPending && s.question && pending.endsWith(s.question) ? s.question : '';
      if (!asked) return '';
      const p = take();
      return p.slice(0, p.length - asked.length).replace(/\n$/, '');
    },
    async run(line: string) {
      asked = '';
      const t = line.trim();
      if (/^(ctrl\+break|\^c)$/i.test(t)) { await s.breakIn(); return take().replace(/\n$/, ''); }
      const out = await s.execute(t);
      const before = take();
      return (before + out).replace(/\n$/, '');
    },
  };
}
