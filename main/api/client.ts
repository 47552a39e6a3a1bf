// The client half of the contract: used by the renderer over either transport (and by tests in Node).
// Replies and events are validated here too, so a bug in main cannot hand the UI a malformed value.
import {
  ApiError, ResponseMessageSchema, events, requests,
  type Api, type Channel, type EventName, type Method, type Params, type Payload, type Result,
} from './contract.ts';

interface Pending { method: Method; resolve: (v: never) => void; reject: (e: Error) => void }

export function createApiClient(channel: Channel): Api {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: never) => void>>();

  channel.onMessage((raw) => {
    let msg;
    try { msg = ResponseMessageSchema.parse(raw); } catch { return; } // not ours; ignore
    if (msg.kind === 'event') {
      const schema = (events as Record<string, { parse(v: unknown, path?: string): unknown }>)[msg.name];
      if (!schema) return;
      let payload: unknown;
      try { payload = schema.parse(msg.payload, 'payload'); } catch { return; }
      for (const l of listeners.get(msg.name) ?? []) l(payload as never);
      return;
    }
    if (msg.id === null) return; // an error about a message main could not read at all
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (!msg.ok) { p.reject(new ApiError(msg.error.code, msg.error.message)); return; }
    try { p.resolve(requests[p.method].result.parse(msg.result, 'result') as never); }
    catch (e) { p.reject(new ApiError('BAD_RESULT', (e as Error).message)); }
  });
  channel.onClose?.(() => {
    for (const [id, p] of pending) { pending.delete(id); p.reject(new ApiError('DISCONNECTED', 'connection to DriverLab lost')); }
  });

  return {
    call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      return new Promise<Result<M>>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { method, resolve: resolve as (v: never) => void, reject });
        try { channel.send({ kind: 'request', id, method, params }); }
        catch (e) { pending.delete(id); reject(new ApiError('DISCONNECTED', (e as Error).message)); }
      });
    },
    on<E extends EventName>(name: E, listener: (payload: Payload<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => { set.delete(listener as (payload: never) => void); };
    },
  };
}
