// Pick the transport: Electron's preload bridge when present, else the WebSocket of `npm run web` with the
// per-run token from the URL (kept in sessionStorage and taken out of the address bar).
import { createApiClient } from '../../main/api/client.ts';
import type { Api } from '../../main/api/contract.ts';
import { reconnectingChannel, type ConnectionState, type SocketLike } from '../../main/api/ws-client.ts';

export interface Connection { api: Api; onState(listener: (s: ConnectionState) => void): void; transport: 'ipc' | 'websocket' }

export function connect(): Connection {
  if (window.driverlabIpc) {
    return { api: createApiClient(window.driverlabIpc), onState: (l) => l('open'), transport: 'ipc' };
  }
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem('driverlab.token') ?? '';
  sessionStorage.setItem('driverlab.token', token);
  if (params.has('token')) {
    params.delete('token');
    history.replaceState(null, '', location.pathname + (params.size ? `?${params}` : '') + location.hash);
  }
  const url = `ws://${location.host}/api?token=${encodeURIComponent(token)}`;
  const channel = reconnectingChannel(url, (u) => new WebSocket(u) as unknown as SocketLike);
  return { api: createApiClient(channel), onState: (l) => channel.onState(l), transport: 'websocket' };
}
