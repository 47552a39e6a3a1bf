// Vite's ?worker imports and the preload's bridge, as the renderer sees them.
declare module '*?worker' {
  const WorkerFactory: { new (): Worker };
  export default WorkerFactory;
}
declare module '*.css';

interface Window {
  /** Present only inside Electron: the preload's IPC channel (contextBridge). */
  driverlabIpc?: import('../../main/api/contract.ts').Channel;
}
