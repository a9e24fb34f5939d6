import { RECEIVE_META, ownMeta, typeIdOf, type ReceiveMeta, type ClassKey } from '../registry/metadata.js';

/** Returned by a handler to continue the search in base classes (spec 5.17.3). */
export const SUPER: unique symbol = Symbol.for('thespian.SUPER');
export type Super = typeof SUPER;

type Handler = (this: object, message: unknown, sender: unknown) => unknown;

/**
 * A message's type ids, most derived first: its class chain for objects, the wrapper
 * name for primitives; every chain ends in 'Object', as every Python MRO ends in `object`,
 * so an `@Receive(Object)` handler is the catch-all.
 */
export function messageTypeChain(message: unknown): string[] {
  switch (typeof message) {
    case 'string':
      return ['String', 'Object'];
    case 'number':
      return ['Number', 'Object'];
    case 'boolean':
      return ['Boolean', 'Object'];
    case 'bigint':
      return ['BigInt', 'Object'];
    case 'object': {
      if (message === null) return [];
      const chain: string[] = [];
      for (let p = Object.getPrototypeOf(message); p !== null; p = Object.getPrototypeOf(p)) {
        const ctor = (p as { constructor?: ClassKey }).constructor;
        if (typeof ctor === 'function' && Object.prototype.hasOwnProperty.call(p, 'constructor')) chain.push(typeIdOf(ctor));
      }
      if (chain.length === 0 || chain[chain.length - 1] !== 'Object') chain.push('Object');
      return chain;
    }
    default:
      return [];
  }
}

/** Per actor class: which method handles which type id, one map per class level. */
function handlerLevels(actorClass: ClassKey): Map<string, string>[] {
  const levels: Map<string, string>[] = [];
  for (let c: ClassKey | null = actorClass; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as ClassKey | null) {
    const own = ownMeta<ReceiveMeta[]>(RECEIVE_META, c.prototype as object);
    if (!own?.length) continue;
    const level = new Map<string, string>();
    for (const { type, method } of own) level.set(typeIdOf(type), method);
    levels.push(level);
  }
  return levels;
}

/** A dispatch table supplied by a generated registry: type id -> method names, in search order. */
export type DispatchTable = Record<string, readonly string[]>;
const generatedTables = new WeakMap<ClassKey, DispatchTable>();

export function useGeneratedDispatchTable(actorClass: ClassKey, table: DispatchTable): void {
  generatedTables.set(actorClass, table);
  caches.delete(actorClass);
}

// Kept on the class itself (an own symbol property), so the hot lookup is a monomorphic
// property load rather than a WeakMap probe.
const CACHE = Symbol('thespian:dispatch-cache');
type Cached = ClassKey & { [CACHE]?: Map<unknown, Handler[]> };
const caches = {
  get: (c: ClassKey) => (Object.prototype.hasOwnProperty.call(c, CACHE) ? (c as Cached)[CACHE] : undefined),
  set: (c: ClassKey, m: Map<unknown, Handler[]>) => Object.defineProperty(c, CACHE, { value: m, configurable: true, writable: true }),
  delete: (c: ClassKey) => delete (c as Cached)[CACHE],
};
const levelCache = new WeakMap<ClassKey, Map<string, string>[]>();

/**
 * The handlers to try for `message` on `actorClass`, in order: for each message type
 * (most derived first), each actor class level (most derived first). Resolved once per
 * (actor class, message constructor) pair, so steady-state dispatch is two Map lookups.
 */
export function handlersFor(actorClass: ClassKey, message: unknown): Handler[] {
  let cache = (actorClass as Cached)[CACHE];
  if (cache === undefined || !Object.prototype.hasOwnProperty.call(actorClass, CACHE)) {
    cache = new Map();
    caches.set(actorClass, cache);
  }
  const key = message === null || message === undefined ? message : (message as { constructor?: unknown }).constructor ?? null;
  let found = cache.get(key);
  if (found) return found;
  found = resolveHandlers(actorClass, message);
  if (key !== null || message === null) cache.set(key, found);
  return found;
}

function resolveHandlers(actorClass: ClassKey, message: unknown): Handler[] {
  const proto = actorClass.prototype as Record<string, unknown>;
  const names: string[] = [];
  const table = generatedTables.get(actorClass);
  const chain = messageTypeChain(message);
  if (table) {
    for (const typeId of chain) names.push(...(table[typeId] ?? []));
  } else {
    let levels = levelCache.get(actorClass);
    if (!levels) {
      levels = handlerLevels(actorClass);
      levelCache.set(actorClass, levels);
    }
    for (const typeId of chain) {
      for (const level of levels) {
        const method = level.get(typeId);
        if (method) names.push(method);
      }
    }
  }
  const handlers: Handler[] = [];
  for (const name of names) {
    const fn = proto[name];
    // Virtual lookup: a subclass override of a decorated method runs, once.
    if (typeof fn === 'function' && !handlers.includes(fn as Handler)) handlers.push(fn as Handler);
  }
  return handlers;
}
