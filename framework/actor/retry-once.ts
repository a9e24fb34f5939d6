/** A value with a `then`: a handler that returned one is asynchronous (DESIGN.md: the actor waits for it). */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** Told of each failure: `final` is the second (or, without retry, the only) one. An object, so a caller passes itself rather than a closure. */
export interface FailureSink<A, B> {
  failed(error: unknown, final: boolean, a: A, b: B): void;
}

/**
 * Spec 2.2.5, 4.4: run a handler; a throw or rejection runs it once more; a second failure is
 * final (the caller returns the message as a PoisonMessage). Sync handlers stay sync; an async
 * one gives a promise that settles after both attempts. Arguments are passed through rather
 * than closed over, so the common path allocates nothing.
 */
export function retryOnce<A, B>(self: unknown, handle: (a: A, b: B) => unknown, a: A, b: B, failed: FailureSink<A, B>, retry = true): unknown {
  return attempt(self, handle, a, b, failed, retry ? 1 : 2);
}

function attempt<A, B>(self: unknown, handle: (a: A, b: B) => unknown, a: A, b: B, failed: FailureSink<A, B>, n: number): unknown {
  let r: unknown;
  try {
    r = handle.call(self, a, b);
  } catch (err) {
    return fail(self, handle, a, b, failed, n, err);
  }
  if (isThenable(r)) return Promise.resolve(r).then(undefined, (err: unknown) => fail(self, handle, a, b, failed, n, err));
  return r;
}

function fail<A, B>(self: unknown, handle: (a: A, b: B) => unknown, a: A, b: B, failed: FailureSink<A, B>, n: number, err: unknown): unknown {
  if (n === 1) {
    failed.failed(err, false, a, b);
    return attempt(self, handle, a, b, failed, 2);
  }
  failed.failed(err, true, a, b);
  return undefined;
}
