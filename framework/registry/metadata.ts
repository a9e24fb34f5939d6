import 'reflect-metadata';

/** Metadata keys the decorators write and the runtime (and tests) read. */
export const ACTOR_META = Symbol.for('thespian:actor');
export const MESSAGE_META = Symbol.for('thespian:message');
export const RECEIVE_META = Symbol.for('thespian:receive');
export const CAPABILITY_META = Symbol.for('thespian:require-capability');

export interface ActorMeta {
  name: string;
  /** Path of the defining module, when the decorator could tell (a child process imports it). */
  file?: string;
}
export interface MessageMeta {
  id: string;
}
export interface ReceiveMeta {
  type: ClassKey;
  method: string;
}
export interface CapabilityRequirement {
  name: string;
  hasValue: boolean;
  value?: unknown;
}

/**
 * A class used as a key or a type tag (message types, actor classes, String, Number, Array): only
 * its identity, name and prototype are read, never a call, which the `Function` type would allow.
 */
export interface ClassKey {
  readonly name: string;
  readonly prototype: unknown;
}

export type Constructor<T = unknown> = abstract new (...args: never[]) => T;

export function ownMeta<T>(key: symbol, target: object): T | undefined {
  return Reflect.getOwnMetadata(key, target) as T | undefined;
}

/**
 * The wire/dispatch id of a type: `@Message({ id })` when given, else the class name.
 * Builtins map to their JS constructor names ('String', 'Number', ...).
 */
export function typeIdOf(ctor: ClassKey): string {
  return ownMeta<MessageMeta>(MESSAGE_META, ctor)?.id ?? ctor.name;
}
