// `driverlab play`: run a scenario line by line at the consoles it names and print what each console printed.
// A scenario line is `<console>> <text>`: `host>` (developer prompt), `<TargetName>>` (a target's command prompt),
// `kd>` (the kernel debugger). `#` starts a comment. Consoles are registered by name; the lab engine adds its own.

export interface Console {
  prompt: string; run(line: string): Promise<string>;
  /** Output of an earlier line that arrived after that line's answer was printed (a target command the debugger
   *  held): printed before this console's next line. */
  late?(): Promise<string>;
}

export interface ScenarioLine { number: number; console: string; text: string }

/** Parse a scenario; lines that name no console are reported as errors. */
export function parseScenario(text: string): { lines: ScenarioLine[]; errors: string[] } {
  const lines: ScenarioLine[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^(?:\d+:\s*)?([^\s>]+)>\s?(.*)$/.exec(t);
    if (!m) { errors.push(`line ${i + 1}: "${t}" names no console (expected host>, <TargetName>> or kd>)`); return; }
    lines.push({ number: i + 1, console: m[1], text: m[2] });
  });
  return { lines, errors };
}

export class ConsoleRegistry {
  private consoles = new Map<string, Console>();
  private resolvers: ((name: string) => Console | undefined)[] = [];
  register(name: string, c: Console): void { this.consoles.set(name.toLowerCase(), c); }
  /** A resolver answers for names it knows (e.g. the engine: its targets by name). */
  addResolver(r: (name: string) => Console | undefined): void { this.resolvers.push(r); }
  get(name: string): Console | undefined {
    return this.consoles.get(name.toLowerCase()) ?? this.resolvers.map((r) => r(name)).find(Boolean);
  }
}

export interface PlayOptions { lineTimeoutMs?: number; onLine?: (text: string) => void }
export interface PlayResult { transcript: string; ok: boolean; failedLine?: number; reason?: string }

/** Run every line; each must complete before the next, within the per-line time limit. */
export async function play(scenario: string, registry: ConsoleRegistry, opts: PlayOptions = {}): Promise<PlayResult> {
  const out: string[] = [];
  const emit = (s: string) => { out.push(s); opts.onLine?.(s); };
  const { lines, errors } = parseScenario(scenario);
  if (errors.length) { for (const e of errors) emit(`*** ${e}`); return { transcript: out.join('\n'), ok: false, reason: errors[0] }; }
  const limit = opts.lineTimeoutMs ?? 120_000;
  for (const l of lines) {
    const c = registry.get(l.console);
    if (!c) {
      const reason = `line ${l.number}: no console named "${l.console}" is available yet (the lab engine provides targets and kd)`;
      emit(`${l.console}> ${l.text}`);
      emit(`*** ${reason}`);
      return { transcript: out.join('\n'), ok: false, failedLine: l.number, reason };
    }
    const late = await c.late?.();
    if (late) emit(late);
    emit(`${c.prompt}${l.text}`);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((res) => { timer = setTimeout(() => res('hung'), limit); });
    try {
      const r = await Promise.race([c.run(l.text), hung]);
      if (r === 'hung') {
        const reason = `line ${l.number} hung: "${l.console}> ${l.text}" did not complete within ${limit / 1000} s`;
        emit(`*** ${reason}`);
        return { transcript: out.join('\n'), ok: false, failedLine: l.number, reason };
      }
      if (r) emit(r.replace(/\n$/, ''));
    } catch (e) {
      const reason = `line ${l.number}: ${(e as Error).message}`;
      emit(`*** ${reason}`);
      return { transcript: out.join('\n'), ok: false, failedLine: l.number, reason };
    } finally { clearTimeout(timer); }
  }
  return { transcript: out.join('\n'), ok: true };
}
