// The WebSocket transport (renderer side): one Channel that survives a dropped connection. While the socket is
// down, outgoing messages wait; requests in flight when it dropped fail with DISCONNECTED (the client's onClose).
import type { Channel } from './contract.ts';

/** The part of the browser WebSocket we use (the `ws` package's class fits too, for tests in Node). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ReconnectingChannel extends Channel {
  onState(listener: (state: ConnectionState) => void): void;
  close(): void;
}

export function reconnectingChannel(url: string, createSocket: (url: string) => SocketLike,
  opts: { maxDelayMs?: number } = {}): ReconnectingChannel {
  const messageListeners: ((m: unknown) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  const stateListeners: ((s: ConnectionState) => void)[] = [];
  const queue: string[] = [];
  let socket: SocketLike | undefined;
  let closed = false;
  let delay = 100;
  const setState = (s: ConnectionState) => stateListeners.forEach((l) => l(s));

  const open = () => {
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      delay = 100;
      setState('open');
      while (queue.length && ws.readyState === 1) ws.send(queue.shift()!);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: unknown;
      try { msg = JSON.parse(ev.data); } catch { return; }
      messageListeners.forEach((l) => l(msg));
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      closeListeners.forEach((l) => l());
      if (closed) return;
      setState('reconnecting');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 2000);
    };
  };
  setState('connecting');
  open();

  return {
    send(message) {
      const text = JSON.stringify(message);
      if (socket && socket.readyState === 1) socket.send(text); else queue.push(text);
    },
    onMessage: (l) => { messageListeners.push(l); },
    onClose: (l) => { closeListeners.push(l); },
    onState: (l) => { stateListeners.push(l); },
    close() { closed = true; socket?.close(); },
  };
}
