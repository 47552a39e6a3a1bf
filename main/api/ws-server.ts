// The WebSocket transport (main side) for `npm run web`: only on 127.0.0.1, only with this run's token, only from
// the page we served (Origin check). Each socket becomes one Channel of the API server.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Channel } from './contract.ts';
import type { ApiServer } from './server.ts';

export const API_PATH = '/api';
const MAX_MESSAGE = 8 * 1024 * 1024;

export interface WsOptions {
  token: string;
  /** Origins allowed to connect (the server's own http://127.0.0.1:<port>). */
  allowedOrigins: () => string[];
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function socketChannel(ws: WebSocket): Channel {
  return {
    send: (msg) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg)); },
    onMessage: (listener) => ws.on('message', (data, isBinary) => {
      if (isBinary) return listener('<binary>');
      let parsed: unknown;
      // An unparseable frame is handed on as its text: the server answers it with BAD_MESSAGE.
      try { parsed = JSON.parse(data.toString()); } catch { parsed = data.toString().slice(0, 200); }
      listener(parsed);
    }),
    onClose: (listener) => ws.on('close', listener),
  };
}

export function attachWebSocketApi(http: Server, api: ApiServer, opts: WsOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== API_PATH) return refuse(socket, 404, 'Not Found');
    if (!sameToken(url.searchParams.get('token') ?? '', opts.token)) return refuse(socket, 401, 'Unauthorized');
    const origin = req.headers.origin;
    if (!origin || !opts.allowedOrigins().includes(origin)) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      api.attach(socketChannel(ws));
    });
  });
  return wss;
}
