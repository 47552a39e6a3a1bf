// Electron main: one window showing the renderer from app://renderer/ (a privileged scheme serving out/renderer
// with our CSP), contextIsolation + sandbox, no Node in the page; the API served over IPC to that page only.
import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveIpc } from '../api/ipc.ts';
import { resolveWorkspace } from '../api/host/workspace.ts';
import { contentSecurityPolicy } from '../web/csp.ts';
import { rendererOutDir } from '../web/renderer-build.ts';
import { desktopApi } from './desktop-api.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'app://renderer';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.json': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveRenderer(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'renderer') return new Response('Not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(rendererOutDir, '.' + rel);
    if (!file.startsWith(rendererOutDir + path.sep)) return new Response('Forbidden', { status: 403 });
    try {
      return new Response(await readFile(file), { headers: {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      } });
    } catch { return new Response('Not found', { status: 404 }); }
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440, height: 900, minWidth: 900, minHeight: 600, title: 'DriverLab', backgroundColor: '#2d2d30', show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false,
    },
  });
  // The page may not go anywhere else or open windows.
  win.webContents.on('will-navigate', (e, url) => { if (!url.startsWith(ORIGIN + '/')) e.preventDefault(); });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${ORIGIN}/index.html`);
  return win;
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));
  // The renderer draws Visual Studio's menu bar itself (same in the browser); macOS keeps its app menu for Quit.
  Menu.setApplicationMenu(process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null);
  serveRenderer();
  const workspace = resolveWorkspace(process.argv);
  // Targets run the worker and kernel bundled beside this file (out/electron/).
  const { api, lab } = desktopApi({
    workspace, bundleDir: new URL('.', import.meta.url), cacheDir: path.join(app.getPath('userData'), 'cache'), log: (m) => console.error(m),
  });
  // Quitting waits for the lab's last save (machines, disks, cables), then exits.
  let closing = false;
  app.on('will-quit', (e) => {
    if (closing) return;
    closing = true;
    e.preventDefault();
    void lab.close().catch((err) => console.error(err)).finally(() => app.exit(0));
  });
  serveIpc(ipcMain, api, (e) => e.senderFrame?.url.startsWith(ORIGIN + '/') ?? false);
  createWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
}).catch((e) => { console.error(e); app.exit(1); });

app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
