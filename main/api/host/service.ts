// The host's handlers for the contract: workspace, templates, project files and properties, the build, and the
// header index, and the lab's (host/lab/). One object serves both transports.
import { ApiError, BuildResultSchema } from '../contract.ts';
import type { Handlers } from '../server.ts';
import { headerIndex, readHeader } from './header-index.ts';
import { listTemplates, templateInfo } from './templates.ts';
import type { Workspace } from './workspace.ts';
import { buildProject, type BuildOptions, type BuildResult } from '../../toolchain/build.ts';
import { labHandlers, type LabHost } from './lab/index.ts';

type BuildProject = (dir: string, opts: BuildOptions) => Promise<BuildResult>;

/** `lab`: the machine engine's side (machines, cables, consoles, kd, provisioning, deploy); without it those
 *  requests answer ENGINE_NOT_AVAILABLE. */
export function hostHandlers(ws: Workspace, opts: { buildProject?: BuildProject; lab?: LabHost } = {}): Handlers {
  const running = new Map<string, Promise<unknown>>();
  return {
    ...labHandlers(ws, opts.lab),
    'workspace.info': () => ({ root: ws.root, engine: { machines: opts.lab !== undefined } }),
    'templates.list': () => listTemplates().map((t) => templateInfo(t)),
    'project.list': () => ws.list(),
    'project.create': ({ template, name }) => {
      const t = listTemplates().find((x) => x.id === template);
      if (!t) throw new ApiError('NOT_FOUND', `no template ${template}`);
      const info = templateInfo(t);
      if (!info.available) throw new ApiError('NOT_FOUND', `${t.name}: ${info.reason}`);
      return ws.create(t, name);
    },
    'project.open': ({ project }) => ws.tree(project),
    'project.addItem': ({ project, path }) => ws.addItem(project, path),
    'project.getProperties': ({ project }) => ws.properties(project),
    'project.setProperties': ({ project, properties }) => ws.setProperties(project, properties),
    'file.read': ({ project, path }) => ({ text: ws.read(project, path) }),
    'file.write': ({ project, path, text }) => { ws.write(project, path, text); return {}; },
    'build.run': async ({ project, configuration }, ctx) => {
      ws.tree(project); // NOT_FOUND before anything starts
      if (running.has(project)) throw new ApiError('FAILED', `a build of ${project} is already running`);
      const build = opts.buildProject ?? buildProject;
      ctx.emit('build.started', { project, configuration });
      const job = build(ws.projectDir(project), {
        configuration, platform: 'x64', onLog: (line) => { ctx.emit('build.log', { project, line }); opts.lab?.note('host', line); },
        onStage: ({ stage, percent }) => ctx.emit('build.progress', { project, stage, percent }),
      });
      running.set(project, job);
      try {
        const result = BuildResultSchema.parse(await job, 'build');
        ctx.emit('build.finished', { project, success: result.success, errors: result.errors, warnings: result.warnings });
        return result;
      } finally {
        running.delete(project);
      }
    },
    'headers.index': ({ kind }) => ({ symbols: headerIndex(kind) }),
    'headers.read': ({ file }) => readHeader(file),
  };
}
