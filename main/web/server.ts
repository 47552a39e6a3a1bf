// `npm run web`: serves the same renderer to a browser and carries the API over a WebSocket, bound to 127.0.0.1
// with a per-run token in the URL it prints. Flags: --workspace <dir>, --port <n> (default 5170; 0 = any free port).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiServer, type ApiServer } from '../api/server.ts';
import { attachWebSocketApi } from '../api/ws-server.ts';
import { hostHandlers } from '../api/host/service.ts';
import { Workspace, resolveWorkspace } from '../api/host/workspace.ts';
import { ensureRenderer, rendererOutDir } from './renderer-build.ts';
import { contentSecurityPolicy } from './csp.ts';
import { appLab } from './lab-factory.ts';
import type { LabHost } from '../api/host/lab/lab-host.ts';
import { labSaveDir } from '../api/host/lab/lab-save.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.map': 'application/json',
};

export interface WebServerOptions {
  workspace: string;
  port?: number;
  rendererDir?: string;
  token?: string;
  log?: (msg: string) => void;
  /** The machine engine: a LabHost, or false to run without machines (default: the app's lab, booting our kernel). */
  lab?: LabHost | false;
}
export interface WebServer {
  url: string; port: number; token: string; api: ApiServer;
  /** Cut every API socket at once, as a network drop would (the page reconnects). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const rendererDir = opts.rendererDir ?? rendererOutDir;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const lab = opts.lab === false ? undefined : opts.lab ?? appLab({}, { dir: labSaveDir(opts.workspace) });
  const api = createApiServer(hostHandlers(new Workspace(opts.workspace), lab ? { lab } : {}), log);
  lab?.bind(api.emit);
  let port = 0;
  const hosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    // A page on another site may not read from us through DNS rebinding: only our own Host names are served.
    if (!hosts().includes(req.headers.host ?? '')) { res.writeHead(421).end(); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/') rel = '/index.html';
    const file = path.resolve(rendererDir, '.' + rel);
    if (!file.startsWith(rendererDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(hosts().map((h) => `ws://${h}`)),
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': rel === '/index.html' ? 'no-store' : 'max-age=60',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };

  const http = createServer((req, res) => {
    try { serve(req, res); } catch (e) { log(`http: ${(e as Error).message}`); if (!res.headersSent) res.writeHead(500).end(); }
  });
  const wss = attachWebSocketApi(http, api, { token, allowedOrigins: () => hosts().map((h) => `http://${h}`) });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 5170, '127.0.0.1', () => resolve());
  });
  port = (http.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, port, token, api,
    dropConnections: () => { for (const c of wss.clients) c.terminate(); },
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      });
      await lab?.close();
    },
  };
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureRenderer((m) => console.log(m));
  const workspace = resolveWorkspace();
  const port = flag('--port') !== undefined ? Number(flag('--port')) : Number(process.env.DRIVERLAB_PORT ?? 5170);
  const server = await startWebServer({ workspace, port });
  console.log(`DriverLab is running. Workspace: ${workspace}`);
  console.log(`Open ${server.url}`);
  const stop = () => { void server.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
