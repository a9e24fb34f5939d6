/**
 * Where a message for one address goes from this process (spec 9.4): a local actor, an
 * endpoint, the admin, a route to another process, a hold until the route is known, or the
 * dead letters. Each is one small class; a base's `Directory` picks one per address, and that
 * pick is the only place a base decides routing (framework/README.md, "One tell").
 */
export interface Destination<T> {
  accept(item: T): void;
}

/**
 * The destinations of one process: those bound to a key (actors and endpoints living here),
 * and a fallback that decides for every other key (a route, a hold, the dead letters).
 */
export class Directory<T> {
  private readonly bound = new Map<string, Destination<T>>();

  constructor(private readonly fallback: (key: string) => Destination<T>) {}

  bind(key: string, destination: Destination<T>): void {
    this.bound.set(key, destination);
  }

  unbind(key: string): void {
    this.bound.delete(key);
  }

  boundTo(key: string): Destination<T> | undefined {
    return this.bound.get(key);
  }

  resolve(key: string): Destination<T> {
    return this.bound.get(key) ?? this.fallback(key);
  }
}
