// The main-process half of the contract: validates every incoming message, dispatches to a handler, validates the
// result and replies. Nothing a peer sends can throw out of here: a malformed message gets an error reply.
import {
  ApiError, RequestMessageSchema, events, requests, reservedRequests,
  type Channel, type ErrorCode, type EventName, type Method, type Params, type Payload, type Result,
} from './contract.ts';
import { SchemaError } from './schema.ts';

export interface HandlerContext { emit<E extends EventName>(name: E, payload: Payload<E>): void }
export type Handlers = { [M in Method]: (params: Params<M>, ctx: HandlerContext) => Promise<Result<M>> | Result<M> };

export interface ApiServer {
  /** Serve one connection; returns a function that stops serving it. */
  attach(channel: Channel): () => void;
  /** Send an event to every attached connection. */
  emit<E extends EventName>(name: E, payload: Payload<E>): void;
  readonly connections: number;
}

export function createApiServer(handlers: Handlers, log: (msg: string) => void = () => {}): ApiServer {
  const channels = new Set<Channel>();

  const safeSend = (ch: Channel, msg: unknown) => {
    try { ch.send(msg); } catch (e) { log(`send failed: ${(e as Error).message}`); }
  };
  const fail = (ch: Channel, id: number | null, code: ErrorCode, message: string) =>
    safeSend(ch, { kind: 'response', id, ok: false, error: { code, message: message.slice(0, 10_000) } });

  const emit = <E extends EventName>(name: E, payload: Payload<E>) => {
    const checked = events[name].parse(payload, 'payload');
    for (const ch of channels) safeSend(ch, { kind: 'event', name, payload: checked });
  };
  const ctx: HandlerContext = { emit };

  async function handle(ch: Channel, raw: unknown): Promise<void> {
    let msg;
    try { msg = RequestMessageSchema.parse(raw, 'message'); }
    catch (e) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : null;
      return fail(ch, id !== null && id >= 0 ? id : null, 'BAD_MESSAGE', (e as Error).message);
    }
    const { id, method } = msg;
    if (!Object.hasOwn(requests, method)) {
      if ((reservedRequests as readonly string[]).includes(method))
        return fail(ch, id, 'ENGINE_NOT_AVAILABLE', `${method} arrives with the machine engine`);
      return fail(ch, id, 'UNKNOWN_METHOD', `unknown method ${method}`);
    }
    const m = method as Method;
    let params;
    try { params = requests[m].params.parse(msg.params, 'params'); }
    catch (e) { return fail(ch, id, 'BAD_PARAMS', (e as Error).message); }
    let result: unknown;
    try { result = await (handlers[m] as (p: unknown, c: HandlerContext) => unknown)(params, ctx); }
    catch (e) {
      if (e instanceof ApiError) return fail(ch, id, e.code, e.message);
      log(`${method} failed: ${(e as Error).stack ?? e}`);
      return fail(ch, id, 'FAILED', (e as Error).message ?? String(e));
    }
    try { result = requests[m].result.parse(result, 'result'); }
    catch (e) {
      log(`${method} produced a bad result: ${(e as SchemaError).message}`);
      return fail(ch, id, 'BAD_RESULT', (e as Error).message);
    }
    safeSend(ch, { kind: 'response', id, ok: true, result });
  }

  return {
    attach(ch) {
      channels.add(ch);
      ch.onMessage((raw) => { handle(ch, raw).catch((e) => log(`unexpected: ${(e as Error).stack ?? e}`)); });
      ch.onClose?.(() => channels.delete(ch));
      return () => { channels.delete(ch); };
    },
    emit,
    get connections() { return channels.size; },
  };
}
