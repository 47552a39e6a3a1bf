// The `kd>` console for `driverlab play` and the kd terminal: each line runs one command; text the target sent
// meanwhile (DbgPrint output, breakpoint hits) comes first, as it would have scrolled by in the window. The line
// `Ctrl+Break` (or `^C`, kd.exe's key) breaks in.
import type { Console } from '../../cli/play.ts';
import type { KdSession } from './session.ts';

export function kdConsole(s: KdSession): Console & { readonly pending: string } {
  let pending = '';
  s.on('output', (t: string) => { pending += t; });
  const take = () => { const p = pending; pending = ''; return p; };
  return {
    get prompt() { return s.prompt; },
    get pending() { return pending; },
    async run(line: string) {
      const t = line.trim();
      if (/^(ctrl\+break|\^c)$/i.test(t)) { await s.breakIn(); return take().replace(/\n$/, ''); }
      const out = await s.execute(t);
      const before = take();
      return (before + out).replace(/\n$/, '');
    },
  };
}
