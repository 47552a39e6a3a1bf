// The preload (sandboxed): hands the page exactly one object, the API channel over IPC. Nothing else of
// Electron or Node reaches the renderer.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcRendererChannel } from '../api/ipc.ts';

const channel = ipcRendererChannel(ipcRenderer);
contextBridge.exposeInMainWorld('driverlabIpc', {
  send: (message: unknown) => channel.send(message),
  onMessage: (listener: (message: unknown) => void) => channel.onMessage(listener),
});
