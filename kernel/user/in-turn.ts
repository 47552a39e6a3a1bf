// Steps taken one after the other, where a step may answer later (a device action a kernel debugger holds): the
// results at once when every step answered at once, else when the last one has. Keeps a command synchronous in
// the usual case, as cmd expects of a built-in.

export function inTurn<T, R>(items: readonly T[], step: (item: T) => R | Promise<R>): R[] | Promise<R[]> {
  const done: R[] = [];
  const from = (i: number): R[] | Promise<R[]> => {
    for (; i < items.length; i++) {
      const r = step(items[i]!);
      if (r instanceof Promise) return r.then((x) => { done.push(x); return from(i + 1); });
      done.push(r);
    }
    return done;
  };
  return from(0);
}

/** `then` on a value that may be a promise, staying synchronous when it is not. */
export function thenMaybe<T, R>(v: T | Promise<T>, fn: (v: T) => R): R | Promise<R> {
  return v instanceof Promise ? v.then(fn) : fn(v);
}
