// Driving the command prompt in tests: type a line, let the machine run until cmd takes input again, read what
// the line printed.
import { CommandPrompt } from '../cmd/shell.ts';
import type { Target } from './target.ts';

export interface Session { t: Target; cmd: CommandPrompt; type(line: string): string }

export function session(t: Target): Session {
  const cmd = new CommandPrompt(t.um);
  cmd.start();
  return {
    t, cmd,
    type(line: string): string {
      const from = t.um.console.text.length;
      t.um.console.input(line);
      t.k.run({ until: () => !cmd.busy, maxCycles: 2e9 });
      return t.um.console.text.slice(from).replace(/\r\n/g, '\n');
    },
  };
}
