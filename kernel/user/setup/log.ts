// setupapi.dev.log (C:\Windows\INF\setupapi.dev.log): one section per device install, in Windows's shape:
// `>>>  [title]`, `>>>  Section start <time>`, indented `cmd:`/`ndv:`/`dvi:`/`sto:`/`inf:`/`!!!` lines, then
// `<<<  Section end <time>` and `<<<  [Exit status: SUCCESS]` — the place to look when an install fails.

import { OS_VERSION } from '../../ntos/ke/version.ts';

export class SetupLog {
  readonly lines: string[] = [
    '[Device Install Log]',
    `     OS Version = ${OS_VERSION.major}.${OS_VERSION.minor}.${OS_VERSION.build}`, // the kernel's one version (cmd's ver too)
    '     Service Pack = 0.0',
    '     Suite = 0x0100',
    '     ProductType = 1',
    '     Architecture = amd64',
    '',
  ];
  /** `previous`: the log file as the disk has it (the log goes on across restarts); `saved`: called with the whole
   *  text whenever a section ends, to keep the file on the disk current. */
  constructor(private readonly now: () => Date, previous?: string, private readonly saved?: (text: string) => void) {
    if (previous?.startsWith('[Device Install Log]')) this.lines.splice(0, this.lines.length, ...previous.replace(/(\r\n)+$/, '').split('\r\n'), '');
  }

  private stamp(): string {
    const d = this.now();
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
  }

  /** Opens a section; `write` adds its lines; the returned function closes it with the exit status. */
  section(title: string): { write: (tag: string, text: string, error?: boolean) => void; end: (status: string) => void } {
    this.lines.push(`>>>  [${title}]`, `>>>  Section start ${this.stamp()}`);
    return {
      write: (tag, text, error) => this.lines.push(error ? `!!!  ${tag}: ${text}` : `     ${tag}: ${text}`),
      end: (status) => { this.lines.push(`<<<  Section end ${this.stamp()}`, `<<<  [Exit status: ${status}]`, ''); this.saved?.(this.text()); },
    };
  }

  text(): string { return this.lines.join('\r\n'); }
}
