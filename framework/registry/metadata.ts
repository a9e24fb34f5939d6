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
  type: Function;
  method: string;
}
export interface CapabilityRequirement {
  name: string;
  hasValue: boolean;
  value?: unknown;
}

export type Constructor<T = unknown> = abstract new (...args: any[]) => T;

export function ownMeta<T>(key: symbol, target: object): T | undefined {
  return Reflect.getOwnMetadata(key, target) as T | undefined;
}

/**
 * The wire/dispatch id of a type: `@Message({ id })` when given, else the class name.
 * Builtins map to their JS constructor names ('String', 'Number', ...).
 */
export function typeIdOf(ctor: Function): string {
  return ownMeta<MessageMeta>(MESSAGE_META, ctor)?.id ?? ctor.name;
}
