// A pair of ipcMain / ipcRenderer objects that behave like Electron's where our transport depends on it:
// messages are structured-cloned (functions and class instances do not survive), delivery is asynchronous,
// each window has its own WebContents with an id, and a closed window emits 'destroyed'.
import { EventEmitter } from 'node:events';
import type { IpcMainEventLike, IpcMainLike, IpcRendererLike, WebContentsLike } from '../ipc.ts';

let nextId = 1;

export class FakeIpcMain extends EventEmitter implements IpcMainLike {
  override on(channel: string, listener: (event: IpcMainEventLike, message: unknown) => void): this { return super.on(channel, listener); }
}

export class FakeWindow extends EventEmitter implements WebContentsLike {
  readonly id = nextId++;
  private destroyed = false;
  readonly renderer: IpcRendererLike;
  private readonly rendererSide = new EventEmitter();
  constructor(private readonly main: FakeIpcMain, readonly url = 'app://renderer/index.html') {
    super();
    const win = this;
    this.renderer = {
      send(channel, message) {
        const copy = structuredClone(message);
        setImmediate(() => { if (!win.destroyed) main.emit(channel, { sender: win, senderFrame: { url: win.url } }, copy); });
      },
      on(channel, listener) { win.rendererSide.on(channel, listener); },
    };
  }
  send(channel: string, message: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(message);
    setImmediate(() => this.rendererSide.emit(channel, { sender: null }, copy));
  }
  isDestroyed(): boolean { return this.destroyed; }
  override once(event: 'destroyed', listener: () => void): this { return super.once(event, listener); }
  destroy(): void { this.destroyed = true; this.emit('destroyed'); }
}
