// The target's stop screen, shown over the lab when it bugchecks (the console has the same text).
export function BlueScreen({ machine, screen, detail, onClose }: { machine: string; screen: string[]; detail: string; onClose(): void }) {
  return (
    <div className="bluescreen" role="alertdialog" aria-label={`${machine} blue screen`} onClick={onClose}>
      <div className="bsod-title">{machine}</div>
      <pre>{screen.length ? screen.join('\n') : detail}</pre>
      <div className="bsod-hint">Click to close. The machine restarts by itself unless a kernel debugger is attached.</div>
    </div>
  );
}
