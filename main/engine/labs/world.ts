// What a lab's checks look at: the lab engine's machines, the kernel debugger session, the learner's work folder
// on the host and what each console printed. The runner (or the app) fills it from the real objects; a check
// never trusts a button click, only this state.
import type { LabEngine } from '../lab-engine.ts';

export interface KdView {
  /** KdSession.state: 'disconnected' | 'waiting' | 'running' | 'broken'. */
  readonly state: string;
}

export interface LabWorld {
  /** The learner's work folder on the host (projects live in sub-folders named after them). */
  readonly workDir: string;
  engine(): LabEngine | undefined;
  kd(): KdView | undefined;
  /** Everything the debugger printed in this lab (banners, command output, DbgPrint text). */
  kdOutput(): string;
  /** Everything a console printed in this lab, prompts and typed lines included ('host', a target's name, 'kd'). */
  transcript(console: string): string;
}

/** A world that collects transcripts itself; the engine and debugger come from whoever runs the consoles. */
export class RecordingWorld implements LabWorld {
  private readonly texts = new Map<string, string>();
  private kdText = '';
  constructor(readonly workDir: string, private readonly sources: { engine?: () => LabEngine | undefined; kd?: () => KdView | undefined; kdPending?: () => string } = {}) {}
  engine(): LabEngine | undefined { return this.sources.engine?.(); }
  kd(): KdView | undefined { return this.sources.kd?.(); }
  /** What kd> lines printed, and what the debugger printed since the last one (not yet shown at a prompt). */
  kdOutput(): string { return this.kdText + (this.sources.kdPending?.() ?? ''); }
  transcript(console: string): string { return this.texts.get(console.toLowerCase()) ?? ''; }
  /** Append what a console printed (the kd console's text also counts as debugger output). */
  record(console: string, text: string): void {
    const k = console.toLowerCase();
    this.texts.set(k, (this.texts.get(k) ?? '') + text + (text.endsWith('\n') ? '' : '\n'));
    if (k === 'kd') this.recordKd(text);
  }
  recordKd(text: string): void { this.kdText += text + (text.endsWith('\n') ? '' : '\n'); }
}
