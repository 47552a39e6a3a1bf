// The app's lab kept across runs: the machines (each target's disk and state), the cables and what Configure Devices
// set up are saved to one folder through main/engine/workspace-store.ts (checksummed generations, atomic renames) a
// moment after each change settles and when the app closes, so a killed app loses at most that moment. On the next
// start the newest good save is loaded; a damaged newer one is named in plain words and the one before it is used.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LabEngine } from '../../../engine/lab-engine.ts';
import type { DebugSettings } from '../../contract.ts';

/** What the host keeps beside the engine's own state (saved as the engine's extra section). */
export interface HostLabState { netCables: string[]; provisioned: [string, { hostName: string; debug: DebugSettings }][] }

/** Where the app keeps its lab: beside the learner's projects, in a folder no project can be named. */
export function labSaveDir(workspaceRoot: string): string { return path.join(workspaceRoot, '.driverlab-lab'); }

export class LabSaver {
  private timer?: NodeJS.Timeout;
  private restoring = false;
  /** What the last start found wrong with the save (empty when it loaded cleanly or there was none). */
  problems: string[] = [];

  constructor(readonly dir: string, private readonly host: { state(): HostLabState; load(s: HostLabState): void; note(text: string): void },
    private readonly settleMs = 2000) {}

  /** Load the newest good save into an empty engine; a first start (no save yet) loads nothing. */
  async restore(lab: LabEngine): Promise<void> {
    if (!existsSync(this.dir)) return;
    this.restoring = true;
    try {
      const r = await lab.loadWorkspace(this.dir);
      const host = r.extra.host as HostLabState | undefined;
      if (host) this.host.load(host);
      this.problems = r.problems;
      for (const p of r.problems) this.host.note(p);
    } finally { this.restoring = false; }
  }

  /** Something changed: save once things settle (changes meanwhile are taken by the same save). */
  schedule(lab: LabEngine): void {
    if (this.restoring || this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.save(lab); }, this.settleMs);
    this.timer.unref();
  }

  /** Save now (closing the app waits for it); a failed save is said in the Output window, and the last good save
   *  stays. A change while a save runs is taken by one more save after it. */
  async save(lab: LabEngine): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wanted = true;
    while (this.wanted) {
      if (this.saving) { await this.saving; continue; }
      this.wanted = false;
      this.saving = lab.saveWorkspace(this.dir, { host: this.host.state() }).then(() => {}, (e: Error) => {
        this.host.note(`The lab could not be saved: ${e.message}. The last good save is kept.`);
      }).finally(() => { this.saving = undefined; });
      await this.saving;
    }
  }
  private saving?: Promise<void>;
  private wanted = false;
}
