import type { ClassKey } from '../registry/metadata.js';
import 'reflect-metadata';
import { ActorBase, type ActorAddress } from '../actor/index.js';
import { isThenable } from '../actor/retry-once.js';

/** The raw entry point every pattern wraps (spec 8: helpers use only the public Actor API). */
export type ReceiveFn = (this: ActorBase, message: unknown, sender: ActorAddress) => unknown;

export type PatternName = 'Troupe' | 'Transient' | 'TransientIdle' | 'InitializingMessages';

const PATTERNS_META = Symbol.for('thespian:patterns');
const optionsKey = (pattern: PatternName): symbol => Symbol.for(`thespian:pattern:${pattern}`);

/** The patterns applied to `cls` and its base classes, innermost (first applied) first. */
export function appliedPatterns(cls: ClassKey): readonly PatternName[] {
  return (Reflect.getMetadata(PATTERNS_META, cls) as PatternName[] | undefined) ?? [];
}

/** The options of `pattern` for this class: its own decorator's, else the nearest base class's. */
export function patternOptions<T>(cls: ClassKey, pattern: PatternName): T {
  return Reflect.getMetadata(optionsKey(pattern), cls) as T;
}

export function className(cls: unknown): string {
  return typeof cls === 'function' && cls.name ? cls.name : '(anonymous class)';
}

/**
 * Installs `wrap(inner)` as the class's receiveMessage. The class object is patched, not
 * replaced, so `@Actor` registration, by-name creation and generated dispatch tables keep
 * working, and decorators stack like Thespian's: the one written on top sees messages first.
 * A subclass re-decorated with the same pattern only gets new options (the wrapper reads
 * them from `this.constructor`), so the pattern never runs twice for one message.
 */
export function installPattern(cls: ClassKey, pattern: PatternName, options: unknown, wrap: (inner: ReceiveFn) => ReceiveFn): void {
  if (typeof cls !== 'function' || !(cls.prototype instanceof ActorBase)) {
    throw new TypeError(`@${pattern} decorates actor classes (subclasses of ActorBase); ${className(cls)} is not one`);
  }
  Reflect.defineMetadata(optionsKey(pattern), options, cls);
  const inherited = appliedPatterns(cls);
  if (inherited.includes(pattern)) return;
  const proto = cls.prototype as { receiveMessage: ReceiveFn };
  Object.defineProperty(proto, 'receiveMessage', { value: wrap(proto.receiveMessage), writable: true, configurable: true });
  Reflect.defineMetadata(PATTERNS_META, [...inherited, pattern], cls);
}

export { isThenable };

/** Runs `after` once `result` has settled successfully, keeping a sync result sync. */
export function afterResult(result: unknown, after: () => void): unknown {
  if (!isThenable(result)) {
    after();
    return result;
  }
  return Promise.resolve(result).then((r) => {
    after();
    return r;
  });
}
