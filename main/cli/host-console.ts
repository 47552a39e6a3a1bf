// The host's developer prompt (`host>`). `build` works now; the commands that need the lab engine say so.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { buildProject } from '../toolchain/build.ts';
import type { Console } from './play.ts';

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

export function hostConsole(baseDir = process.cwd()): Console {
  return {
    prompt: 'host> ',
    async run(line) {
      const [cmd, ...args] = line.trim().split(/\s+/);
      switch ((cmd ?? '').toLowerCase()) {
        case '': return '';
        case 'build': case 'msbuild': {
          const a = parseBuildArgs(args);
          if (a.error) return `MSBUILD : error ${a.error}`;
          if (!a.dir) return 'MSBUILD : error MSB1003: Specify a project or solution file.';
          const dir = path.isAbsolute(a.dir) || existsSync(a.dir) ? path.resolve(a.dir) : path.resolve(baseDir, a.dir);
          const r = await buildProject(dir, { configuration: a.configuration });
          return r.log.join('\n');
        }
        case 'provision': case 'deploy': case 'windbg': case 'kd':
          throw new Error(`'${cmd}' is not available yet: it comes with the lab engine (targets, provisioning and the kernel debugger).`);
        default:
          return `'${cmd}' is not recognized as an internal or external command,\noperable program or batch file.`;
      }
    },
  };
}
