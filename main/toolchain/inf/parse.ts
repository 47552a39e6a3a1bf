// An INF file parser, as SetupAPI reads them: [sections], `key = value, value` lines, "quoted" values, `;` comments,
// `\` line continuation, %token% strings from [Strings], and $ARCH$ where the caller asks for it.
// It knows nothing of builds: the target's installer uses it too.

export interface InfLine {
  line: number;          // 1-based line where the entry starts
  key?: string;          // text left of '=', strings substituted (undefined for a plain value list)
  values: string[];      // comma-separated fields, strings substituted, quotes removed
  rawKey?: string;       // the key as written
  rawValues: string[];   // fields as written (quotes removed, %tokens% kept)
}

export interface InfSection { name: string; line: number; entries: InfLine[] }

export interface InfProblem { line: number; message: string }

export interface Inf {
  /** Sections in file order; sections with the same name (any case) are merged, as SetupAPI does. */
  sections: InfSection[];
  /** Look a section up by name, ignoring case. */
  section(name: string): InfSection | undefined;
  /** The first value of `key` in `section` (case-insensitive), strings substituted. */
  value(section: string, key: string): string | undefined;
  /** All lines with `key` in `section`. */
  lines(section: string, key: string): InfLine[];
  /** [Strings] tokens (lower-case keys). */
  strings: Map<string, string>;
  /** %tokens% that no [Strings] line defines, and lines outside any section. */
  problems: InfProblem[];
}

export interface ParseOptions { arch?: string }

interface Raw { line: number; text: string }

/** Split into logical lines: strip comments (outside quotes) and join `\` continuations. */
function logicalLines(text: string): Raw[] {
  const out: Raw[] = [];
  const phys = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let pending: Raw | undefined;
  phys.forEach((l, i) => {
    let s = '', inQ = false;
    for (const ch of l) {
      if (ch === '"') inQ = !inQ;
      if (ch === ';' && !inQ) break;
      s += ch;
    }
    s = s.trim();
    const cont = s.endsWith('\\');
    if (cont) s = s.slice(0, -1).trimEnd();
    if (pending) { pending.text += s; } else pending = { line: i + 1, text: s };
    if (!cont) { if (pending.text) out.push(pending); pending = undefined; }
  });
  if (pending?.text) out.push(pending);
  return out;
}

/** Split a field list on commas outside quotes; remove quotes ("" inside quotes is one quote). */
function fields(s: string): string[] {
  const out: string[] = [];
  let cur = '', inQ = false, quotedEnd = -1; // quotedEnd: length of cur when the last quote closed
  const end = () => { out.push(quotedEnd >= 0 ? cur.slice(0, quotedEnd) + cur.slice(quotedEnd).trimEnd() : cur.trim()); cur = ''; quotedEnd = -1; };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      if (inQ && s[i + 1] === '"') { cur += '"'; i++; continue; }
      if (!inQ && quotedEnd < 0) cur = cur.trimStart();
      inQ = !inQ;
      if (!inQ) quotedEnd = cur.length;
      continue;
    }
    if (ch === ',' && !inQ) { end(); continue; }
    cur += ch;
  }
  end();
  return out;
}

/** Find the '=' that separates key from values (outside quotes). */
function eqIndex(s: string): number {
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') inQ = !inQ;
    else if (s[i] === '=' && !inQ) return i;
  }
  return -1;
}

export function parseInf(text: string, opts: ParseOptions = {}): Inf {
  const arch = (s: string) => (opts.arch ? s.replace(/\$ARCH\$/gi, opts.arch) : s);
  const sections: InfSection[] = [];
  const byName = new Map<string, InfSection>();
  const problems: InfProblem[] = [];
  let cur: InfSection | undefined;
  const raws: { sec: InfSection; line: number; rawKey?: string; rawValues: string[] }[] = [];
  for (const { line, text: t } of logicalLines(text)) {
    const h = /^\[([^\]]*)\]$/.exec(t);
    if (h) {
      const name = arch(h[1].trim());
      cur = byName.get(name.toLowerCase());
      if (!cur) { cur = { name, line, entries: [] }; byName.set(name.toLowerCase(), cur); sections.push(cur); }
      continue;
    }
    if (!cur) { problems.push({ line, message: `Line outside any section: ${t}` }); continue; }
    const eq = eqIndex(t);
    if (eq >= 0) raws.push({ sec: cur, line, rawKey: fields(t.slice(0, eq))[0], rawValues: fields(t.slice(eq + 1)) });
    else raws.push({ sec: cur, line, rawValues: fields(t) });
  }
  // [Strings] first (any locale-specific [Strings.xxxx] fills tokens the neutral section lacks).
  const strings = new Map<string, string>();
  for (const s of sections) {
    if (!/^strings(\..+)?$/i.test(s.name)) continue;
    for (const r of raws) if (r.sec === s && r.rawKey !== undefined && !strings.has(r.rawKey.toLowerCase())) strings.set(r.rawKey.toLowerCase(), r.rawValues.join(','));
  }
  const subst = (v: string, line: number): string => arch(v.replace(/%([^%]*)%/g, (all, tok: string) => {
    if (tok === '') return '%';
    const s = strings.get(tok.toLowerCase());
    if (s !== undefined) return s;
    if (/^\d+$/.test(tok)) return all; // dirids such as %13% stay for the installer
    problems.push({ line, message: `String token %${tok}% is not defined in [Strings]` });
    return all;
  }));
  for (const r of raws) {
    const isStrings = /^strings(\..+)?$/i.test(r.sec.name);
    r.sec.entries.push({
      line: r.line, rawKey: r.rawKey, rawValues: r.rawValues,
      key: r.rawKey === undefined ? undefined : isStrings ? r.rawKey : subst(r.rawKey, r.line),
      values: isStrings ? r.rawValues : r.rawValues.map((v) => subst(v, r.line)),
    });
  }
  const section = (n: string) => byName.get(n.toLowerCase());
  const lines = (sec: string, key: string) => section(sec)?.entries.filter((e) => e.key?.toLowerCase() === key.toLowerCase()) ?? [];
  return { sections, section, lines, value: (sec, key) => lines(sec, key)[0]?.values[0], strings, problems };
}
