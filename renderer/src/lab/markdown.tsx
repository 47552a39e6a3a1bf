// The little Markdown the labs' instructions use (paragraphs, ``` code blocks, numbered and bulleted lists,
// **bold**, *italic*, `code`), rendered as React elements: lab text never becomes HTML.
import type { ReactNode } from 'react';

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/g;
  let last = 0, i = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    const t = m[0];
    const k = `${key}-${i++}`;
    out.push(t.startsWith('**') ? <b key={k}>{t.slice(2, -2)}</b> : t.startsWith('`') ? <code key={k}>{t.slice(1, -1)}</code> : <i key={k}>{t.slice(1, -1)}</i>);
    last = m.index! + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const parts = text.split(/```[a-z]*\n?/);
  parts.forEach((part, pi) => {
    if (pi % 2 === 1) { blocks.push(<pre key={`c${pi}`} className="md-code">{part.replace(/\n$/, '')}</pre>); return; }
    part.split(/\n{2,}/).filter((p) => p.trim()).forEach((para, i) => {
      const lines = para.split('\n');
      const k = `p${pi}-${i}`;
      if (lines.every((l) => /^\s*\d+\.\s/.test(l) || !l.trim())) blocks.push(<ol key={k}>{lines.filter((l) => l.trim()).map((l, j) => <li key={j}>{inline(l.replace(/^\s*\d+\.\s/, ''), `${k}-${j}`)}</li>)}</ol>);
      else if (lines.every((l) => /^\s*[-*]\s/.test(l) || !l.trim())) blocks.push(<ul key={k}>{lines.filter((l) => l.trim()).map((l, j) => <li key={j}>{inline(l.replace(/^\s*[-*]\s/, ''), `${k}-${j}`)}</li>)}</ul>);
      else blocks.push(<p key={k}>{inline(para, k)}</p>);
    });
  });
  return <div className="md">{blocks}</div>;
}
