// The Output window ("Show output from: Build"). New lines scroll into view as MSBuild writes them.
import { useEffect, useRef } from 'react';

export function OutputWindow({ lines }: { lines: string[] }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => { const el = ref.current; if (el) el.scrollTop = el.scrollHeight; }, [lines]);
  return (
    <div className="output-window">
      <div className="pane-toolbar">
        <label>Show output from: <select aria-label="Show output from" defaultValue="Build"><option>Build</option></select></label>
      </div>
      <pre className="output-text" ref={ref} data-testid="output">{lines.join('\n')}</pre>
    </div>
  );
}
