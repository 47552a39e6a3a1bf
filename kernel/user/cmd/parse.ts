// cmd.exe's line parser (the phase after %VARIABLE% expansion): splits a typed line into commands joined by `&`
// (always), `&&` (if the previous succeeded), `||` (if it failed) and `|` (a pipe), and takes each command's
// redirections (`>`, `>>`, `<`, `2>`, `2>&1`, ...) out of its text. Quotes protect every special character and run
// to the end of the line when unclosed; `^` makes the next character plain. Bad lines get cmd's own messages.

export type Joiner = '&' | '&&' | '||' | '|';

export interface Redirect {
  /** 0 = standard input (`<`), 1 = output, 2 = errors. */
  handle: number;
  append: boolean;
  /** A file name (quotes removed), or `&1`/`&2` when one handle goes where another does. */
  target: string;
}

export interface Step {
  /** How this command joins the one before it (undefined for the first). */
  after?: Joiner;
  /** The command's text with its redirections taken out, `^` escapes resolved, quotes kept. */
  text: string;
  redirects: Redirect[];
}

export type Parsed = { ok: true; steps: Step[] } | { ok: false; message: string; exitCode: number };

const SYNTAX = 'The syntax of the command is incorrect.';
const unexpected = (what: string): Parsed => ({ ok: false, message: `${what} was unexpected at this time.`, exitCode: 255 });
const incorrect = (): Parsed => ({ ok: false, message: SYNTAX, exitCode: 1 });

/** Parses one expanded line; an empty line gives no steps. Never throws. */
export function parseCommandLine(line: string): Parsed {
  const steps: Step[] = [];
  let text = '';
  let redirects: Redirect[] = [];
  let after: Joiner | undefined;
  let i = 0;
  const n = line.length;

  /** Ends the current command at a joiner; a joiner with no command before it is cmd's "unexpected" error. */
  const close = (joiner: Joiner | undefined): Parsed | undefined => {
    const t = text.trim();
    if (!t && !redirects.length) {
      if (joiner) return unexpected(joiner);
      if (after && after !== '&') return incorrect(); // `a &&`, `a ||`, `a |` at the end of the line
      return undefined; // an empty line, or a trailing `&`
    }
    steps.push({ ...(after ? { after } : {}), text: t, redirects });
    text = ''; redirects = []; after = joiner;
    return undefined;
  };

  /** A redirection's target word: quoted or up to the next blank or special character. */
  const word = (): string | undefined => {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    let w = '';
    while (i < n) {
      const c = line[i]!;
      if (c === '"') {
        const end = line.indexOf('"', i + 1);
        w += end < 0 ? line.slice(i + 1) : line.slice(i + 1, end);
        i = end < 0 ? n : end + 1;
        continue;
      }
      if (c === '^' && i + 1 < n) { w += line[i + 1]; i += 2; continue; }
      if (' \t&|<>'.includes(c)) break;
      w += c; i++;
    }
    return w || undefined;
  };

  while (i < n) {
    const c = line[i]!;
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      text += line.slice(i, stop); i = stop;
      continue;
    }
    if (c === '^') { if (i + 1 < n) text += line[i + 1]; i += 2; continue; }
    if (c === '&' || c === '|') {
      const joiner = (line[i + 1] === c ? c + c : c) as Joiner;
      i += joiner.length;
      const bad = close(joiner);
      if (bad) return bad;
      continue;
    }
    // A handle digit right before > or < belongs to the redirection when it stands alone (`echo a 2>x`).
    const digitRedirect = /[0-9]/.test(c) && (line[i + 1] === '>' || line[i + 1] === '<') && (i === 0 || /[\s&|]/.test(line[i - 1]!));
    if (c === '>' || c === '<' || digitRedirect) {
      const input = (digitRedirect ? line[i + 1] : c) === '<';
      const handle = digitRedirect ? Number(c) : input ? 0 : 1;
      i += digitRedirect ? 2 : 1;
      const append = !input && line[i] === '>';
      if (append) i++;
      let target: string | undefined;
      if (line[i] === '&' && /[0-9]/.test(line[i + 1] ?? '')) { target = '&' + line[i + 1]; i += 2; }
      else target = word();
      if (!target) {
        while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
        if (i < n && '&|<>'.includes(line[i]!)) {
          const j = line[i]!;
          return unexpected(line[i + 1] === j && (j === '&' || j === '|') ? j + j : j);
        }
        return incorrect();
      }
      if (target.startsWith('&') && Number(target.slice(1)) > 2) return { ok: false, message: 'The handle could not be duplicated\nduring redirection of handle ' + handle + '.', exitCode: 1 };
      redirects.push({ handle, append, target });
      continue;
    }
    text += c; i++;
  }
  const bad = close(undefined);
  return bad ?? { ok: true, steps };
}
