// The host's developer prompt (`host>`): `build` runs the real build; the lab lines (new-target, cable, unplug,
// restart, power, firmware, ping, provision, deploy, windbg/kd, targets, checkpoint/checkpoints/restore) go to the
// lab (lab-console.ts).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { buildProject } from '../toolchain/build.ts';
import type { Console } from './play.ts';
import type { HostLab } from './lab-console.ts';

/** Parse `build <dir> [/p:Configuration=Release] [/p:Platform=x64]` (msbuild's switches, also -p:). */
export function parseBuildArgs(args: string[]): { dir?: string; configuration: 'Debug' | 'Release'; error?: string } {
  let dir: string | undefined, configuration: 'Debug' | 'Release' = 'Debug';
  for (const a of args) {
    const p = /^[/-]p(?:roperty)?:(\w+)=(.*)$/i.exec(a);
    if (p) {
      if (p[1].toLowerCase() === 'configuration') {
        const v = p[2].toLowerCase();
        if (v !== 'debug' && v !== 'release') return { configuration, error: `MSB4126: The specified solution configuration "${p[2]}|x64" is invalid.` };
        configuration = v === 'debug' ? 'Debug' : 'Release';
      }
      continue;
    }
    if (a === '--release') { configuration = 'Release'; continue; }
    dir ??= a;
  }
  return { dir, configuration };
}

/** Split a command line at spaces, keeping "quoted parts" together (quotes removed). */
export function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

export function hostConsole(baseDir = process.cwd(), lab?: HostLab): Console {
  return {
    prompt: 'host> ',
    async run(line) {
      const [cmd, ...args] = splitArgs(line.trim());
      const c = (cmd ?? '').toLowerCase();
      switch (c) {
        case '': return '';
        case 'build': case 'msbuild': {
          const a = parseBuildArgs(args);
          if (a.error) return `MSBUILD : error ${a.error}`;
          if (!a.dir) return 'MSBUILD : error MSB1003: Specify a project or solution file.';
          const dir = path.isAbsolute(a.dir) || existsSync(a.dir) ? path.resolve(a.dir) : path.resolve(baseDir, a.dir);
          const r = await buildProject(dir, { configuration: a.configuration });
          return r.log.join('\n');
        }
      }
      const out = lab ? await lab.run(c, args) : undefined;
      if (out !== undefined) return out;
      if (!lab && ['new-target', 'cable', 'unplug', 'restart', 'power', 'firmware', 'provision', 'deploy', 'windbg', 'kd', 'checkpoint', 'checkpoints', 'restore', 'apply-checkpoint'].includes(c)) {
        throw new Error(`'${cmd}' needs the lab: this host console was started without one.`);
      }
      return `'${cmd}' is not recognized as an internal or external command,\noperable program or batch file.`;
    },
  };
}
