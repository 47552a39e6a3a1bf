// The Electron main process's API and lab, apart from Electron itself: the workspace's host handlers and a lab
// whose targets run the bundled worker and kernel (no TypeScript loader in the app). main.ts serves it over IPC;
// the bundle test runs the same function in plain Node.
import { createApiServer, type ApiServer } from '../api/server.ts';
import { hostHandlers } from '../api/host/service.ts';
import { Workspace } from '../api/host/workspace.ts';
import { appLab } from '../web/lab-factory.ts';
import { labSaveDir } from '../api/host/lab/lab-save.ts';
import type { LabHost } from '../api/host/lab/lab-host.ts';
import { bundledEngine } from './bundles.ts';

/** `bundleDir`: the folder URL holding the bundles (the main bundle's own folder in the app); `cacheDir`: a writable
 *  folder for derived data such as the header layouts (the installed app's own folder may be read-only). */
export function desktopApi(o: { workspace: string; bundleDir: URL; cacheDir: string; log: (m: string) => void }): { api: ApiServer; lab: LabHost } {
  const { workspace, bundleDir, log } = o;
  process.env.DRIVERLAB_CACHE_DIR = o.cacheDir;
  const lab = appLab(bundledEngine(bundleDir), { dir: labSaveDir(workspace) });
  const api = createApiServer(hostHandlers(new Workspace(workspace), { lab }), log);
  lab.bind(api.emit);
  return { api, lab };
}
