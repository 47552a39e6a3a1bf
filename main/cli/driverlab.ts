// The driverlab command line: `driverlab build <projectDir>` and `driverlab play <scenario>`.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { buildProject } from '../toolchain/build.ts';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseBuildArgs, hostConsole } from './host-console.ts';
import { HostLab, registerDebugger, type DebuggerFactory } from './lab-console.ts';
import { ConsoleRegistry, play } from './play.ts';

/** The kernel debugger's lab console, when that part is there: main/debugger/lab/debugger.ts exporting `labDebugger`. */
async function loadDebugger(): Promise<void> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'debugger', 'lab', 'debugger.ts');
  if (!existsSync(file)) return;
  type Open = (lab: Parameters<DebuggerFactory>[0], o: Parameters<DebuggerFactory>[1], extra?: { workDir?: string }) => { console: Awaited<ReturnType<DebuggerFactory>>; connected: Promise<string>; session: { disconnect(): void } };
  const m = (await import(pathToFileURL(file).href)) as { labDebugger?: DebuggerFactory; openLabDebugger?: Open };
  const open = m.openLabDebugger;
  if (open) registerDebugger(async (lab, o, workDir) => { const d = open(lab, o, { workDir }); return Object.assign(d.console, { connected: d.connected, close: () => d.session.disconnect() }); });
  else if (m.labDebugger) registerDebugger(m.labDebugger);
}

const USAGE = `usage: driverlab build <projectDir> [/p:Configuration=Debug|Release]
       driverlab play <scenario> [--timeout=<seconds per line>]
       driverlab lab list | check | <id> [--until=<step>] [--timeout=<s>] [--fresh] [--json] | <id> hint|answer <step>`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'build') {
    const a = parseBuildArgs(rest);
    if (a.error || !a.dir) { console.error(a.error ? `MSBUILD : error ${a.error}` : USAGE); return 1; }
    const r = await buildProject(a.dir, { configuration: a.configuration, onLog: (l) => console.log(l) });
    return r.success ? 0 : 1;
  }
  if (cmd === 'play') {
    const file = rest.find((a) => !a.startsWith('--'));
    const t = rest.find((a) => a.startsWith('--timeout='));
    if (!file || !existsSync(file)) { console.error(file ? `driverlab: scenario not found: ${file}` : USAGE); return 1; }
    const registry = new ConsoleRegistry();
    const base = path.dirname(path.resolve(file));
    const lab = new HostLab(base);
    await loadDebugger();
    registry.register('host', hostConsole(base, lab));
    registry.addResolver((name) => (name.toLowerCase() === 'kd' ? lab.kd : lab.target(name)));
    try {
      const r = await play(readFileSync(file, 'utf8'), registry, { lineTimeoutMs: t ? Number(t.slice(10)) * 1000 : undefined, onLine: (l) => console.log(l) });
      return r.ok ? 0 : 1;
    } finally { await lab.close(); }
  }
  if (cmd === 'lab') {
    // The labs (main/engine/labs): each lab's scenario walked over the same consoles as play, each step checked.
    const { labCommand } = await import('../engine/labs/command.ts');
    const { listTemplates } = await import('../api/host/templates.ts');
    const { Workspace } = await import('../api/host/workspace.ts');
    await loadDebugger();
    return labCommand(rest, {
      session: async (workDir) => {
        const lab = new HostLab(workDir);
        const engine = await lab.lab();
        const host = hostConsole(workDir, lab);
        return { consoles: (n) => (n.toLowerCase() === 'host' ? host : n.toLowerCase() === 'kd' ? lab.kd : lab.target(n)), engine: () => engine, kd: () => lab.kd, start: (spec) => lab.startFrom(spec), close: () => lab.close() };
      },
      play: (text, consoles, o) => { const r = new ConsoleRegistry(); r.addResolver(consoles); return play(text, r, { ...o, onLine: (l) => console.log(l) }); },
      createProject: (dir, id, name) => { new Workspace(dir).create(listTemplates().find((t) => t.id === id)!, name); },
      addToProject: (dir, file) => {
        const [project, ...rel] = file.split('/');
        if (!existsSync(path.join(dir, project!, `${project}.vcxproj`))) return; // a folder project builds what is in it
        const listed = new Workspace(dir).tree(project!).files.some((f) => f.path.toLowerCase() === rel.join('/').toLowerCase());
        if (!listed) new Workspace(dir).addItem(project!, rel.join('/'));
      },
    });
  }
  console.error(USAGE);
  return cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
