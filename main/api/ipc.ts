// The Electron IPC transport. Written against the small part of Electron's ipcMain/ipcRenderer we use, so the
// same code runs in Electron and in the Node test with a pair that behaves like Electron's (structured clone,
// per-window senders, a destroyed window).
import type { Channel } from './contract.ts';
import type { ApiServer } from './server.ts';

export const IPC_CHANNEL = 'driverlab:api';

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): void;
}
export interface IpcMainEventLike { sender: WebContentsLike; senderFrame?: { url: string } | null }
export interface IpcMainLike { on(channel: string, listener: (event: IpcMainEventLike, message: unknown) => void): void }
export interface IpcRendererLike {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: unknown) => void): void;
}

/** Main side: one Channel per window, attached to the API server on its first message. */
export function serveIpc(ipcMain: IpcMainLike, api: ApiServer, trusted: (event: IpcMainEventLike) => boolean = () => true): void {
  const perWindow = new Map<number, (message: unknown) => void>();
  ipcMain.on(IPC_CHANNEL, (event, message) => {
    if (!trusted(event)) return; // a frame that is not our renderer gets nothing, not even an error
    const wc = event.sender;
    let deliver = perWindow.get(wc.id);
    if (!deliver) {
      const listeners: ((m: unknown) => void)[] = [];
      const closers: (() => void)[] = [];
      const channel: Channel = {
        send: (m) => { if (!wc.isDestroyed()) wc.send(IPC_CHANNEL, m); },
        onMessage: (l) => { listeners.push(l); },
        onClose: (l) => { closers.push(l); },
      };
      deliver = (m) => listeners.forEach((l) => l(m));
      perWindow.set(wc.id, deliver);
      wc.once('destroyed', () => { perWindow.delete(wc.id); closers.forEach((c) => c()); });
      api.attach(channel);
    }
    deliver(message);
  });
}

/** Renderer side (inside the preload): the Channel the page gets through contextBridge. */
export function ipcRendererChannel(ipcRenderer: IpcRendererLike): Channel {
  return {
    send: (m) => ipcRenderer.send(IPC_CHANNEL, m),
    onMessage: (l) => ipcRenderer.on(IPC_CHANNEL, (_event, m) => l(m)),
  };
}
