// A small hand-written schema validator. Every message crossing the main/renderer boundary is parsed by one of
// these; the TypeScript types of the contract are derived from the schemas (Infer), so they cannot drift apart.

export class SchemaError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || 'value'}: ${problem}`);
  }
}

export interface Schema<T> {
  readonly kind: string;
  parse(value: unknown, path?: string): T;
}
export interface OptionalSchema<T> extends Schema<T | undefined> { readonly optional: true }

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Flatten<T> = { [K in keyof T]: T[K] };
export type InferShape<S extends Shape> = Flatten<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function make<T>(kind: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { kind, parse: (value, path = '') => parse(value, path) };
}

export const s = {
  string(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Schema<string> {
    const max = opts.max ?? 1_000_000;
    return make('string', (v, p) => {
      if (typeof v !== 'string') throw new SchemaError(p, `expected string, got ${describe(v)}`);
      if (v.length > max) throw new SchemaError(p, `string longer than ${max}`);
      if (opts.min !== undefined && v.length < opts.min) throw new SchemaError(p, `string shorter than ${opts.min}`);
      if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(p, `does not match ${opts.pattern}`);
      return v;
    });
  },
  number(opts: { int?: boolean; min?: number; max?: number } = {}): Schema<number> {
    return make('number', (v, p) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(p, `expected number, got ${describe(v)}`);
      if (opts.int && !Number.isInteger(v)) throw new SchemaError(p, 'expected an integer');
      if (opts.min !== undefined && v < opts.min) throw new SchemaError(p, `less than ${opts.min}`);
      if (opts.max !== undefined && v > opts.max) throw new SchemaError(p, `greater than ${opts.max}`);
      return v;
    });
  },
  boolean(): Schema<boolean> {
    return make('boolean', (v, p) => {
      if (typeof v !== 'boolean') throw new SchemaError(p, `expected boolean, got ${describe(v)}`);
      return v;
    });
  },
  null(): Schema<null> {
    return make('null', (v, p) => {
      if (v !== null) throw new SchemaError(p, `expected null, got ${describe(v)}`);
      return null;
    });
  },
  literal<const L extends string | number | boolean>(lit: L): Schema<L> {
    return make('literal', (v, p) => {
      if (v !== lit) throw new SchemaError(p, `expected ${JSON.stringify(lit)}`);
      return lit;
    });
  },
  enum<const E extends readonly string[]>(...values: E): Schema<E[number]> {
    return make('enum', (v, p) => {
      if (typeof v !== 'string' || !values.includes(v)) throw new SchemaError(p, `expected one of ${values.join(', ')}`);
      return v as E[number];
    });
  },
  array<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
    const max = opts.max ?? 1_000_000;
    return make('array', (v, p) => {
      if (!Array.isArray(v)) throw new SchemaError(p, `expected array, got ${describe(v)}`);
      if (v.length > max) throw new SchemaError(p, `more than ${max} items`);
      return v.map((x, i) => item.parse(x, `${p}[${i}]`));
    });
  },
  /** A plain object with exactly these keys (unknown keys are rejected: a typo must not pass silently). */
  object<S extends Shape>(shape: S): Schema<InferShape<S>> {
    return make('object', (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SchemaError(p, `expected object, got ${describe(v)}`);
      const rec = v as Record<string, unknown>;
      for (const k of Object.keys(rec)) if (!(k in shape)) throw new SchemaError(p ? `${p}.${k}` : k, 'unexpected key');
      const out: Record<string, unknown> = {};
      for (const [k, sch] of Object.entries(shape)) {
        const val = sch.parse(rec[k], p ? `${p}.${k}` : k);
        if (val !== undefined) out[k] = val;
      }
      return out as InferShape<S>;
    });
  },
  /** A string-keyed map whose values all follow one schema. */
  record<T>(value: Schema<T>, opts: { max?: number } = {}): Schema<Record<string, T>> {
    const max = opts.max ?? 100_000;
    return make('record', (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SchemaError(p, `expected object, got ${describe(v)}`);
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length > max) throw new SchemaError(p, `more than ${max} keys`);
      const out: Record<string, T> = {};
      for (const [k, x] of entries) out[k] = value.parse(x, `${p}.${k}`);
      return out;
    });
  },
  optional<T>(inner: Schema<T>): OptionalSchema<T> {
    return { kind: 'optional', optional: true, parse: (v, p = '') => (v === undefined ? undefined : inner.parse(v, p)) };
  },
  union<const M extends readonly Schema<unknown>[]>(...members: M): Schema<Infer<M[number]>> {
    return make('union', (v, p) => {
      const problems: string[] = [];
      for (const m of members) {
        try { return m.parse(v, p) as Infer<M[number]>; } catch (e) { problems.push((e as Error).message); }
      }
      throw new SchemaError(p, `matched no alternative (${problems.join('; ')})`);
    });
  },
  /** Anything JSON-like; used only where the payload is validated again one level down. */
  unknown(): Schema<unknown> {
    return make('unknown', (v) => v);
  },
};
