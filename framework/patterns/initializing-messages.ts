import { ActorSystemMessage, messageTypeChain, type ActorAddress, type ActorBase } from '../actor/index.js';
import { typeIdOf, type ClassKey } from '../registry/metadata.js';
import { replayHeld, type HeldMessage } from './replay.js';
import { troupeWithInitializingMessages } from './pattern-conflicts.js';
import { appliedPatterns, className, installPattern, isThenable, patternOptions, type ReceiveFn } from './wrap-receive.js';

/** `[attribute, Type]`, or `[attribute, Type, true]` to also store the sender in `<attribute>Sender`. */
export type InitEntry = readonly [attribute: string, type: ClassKey] | readonly [attribute: string, type: ClassKey, captureSender: boolean];

export interface InitOptions {
  /** A method called (with no arguments) once every init message has arrived. */
  initDone?: string;
  /** Also deliver every message, init or not, to the handlers during initialization. */
  passthru?: boolean;
}

interface InitConfig {
  entries: readonly InitEntry[];
  initDone?: string;
  passthru: boolean;
}

interface InitState {
  received: Set<string>;
  held: HeldMessage[];
  done: boolean;
}

const states = new WeakMap<ActorBase, InitState>();

/**
 * Spec 8.3: store each init message in its attribute; hold other messages (system messages
 * always pass) until all have arrived, then call `initDone` and deliver the held messages
 * in order. Write it above `@Transient`/`@TransientIdle`; it cannot be used with `@Troupe`.
 */
export function InitializingMessages(entries: readonly InitEntry[], options: InitOptions = {}): ClassDecorator {
  return (target) => {
    const name = className(target);
    checkEntries(name, entries);
    if (appliedPatterns(target).includes('Troupe')) throw troupeWithInitializingMessages(name);
    const proto = target.prototype as Record<string, unknown>;
    if (options.initDone !== undefined && typeof proto[options.initDone] !== 'function') {
      throw new TypeError(`@InitializingMessages on ${name}: initDone names '${options.initDone}', but ${name} has no such method`);
    }
    const config: InitConfig = { entries: [...entries], initDone: options.initDone, passthru: Boolean(options.passthru) };
    installPattern(target, 'InitializingMessages', config, initReceive);
  };
}

function checkEntries(name: string, entries: readonly InitEntry[]): void {
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError(`@InitializingMessages on ${name} needs a non-empty list of [attribute, Type] pairs, e.g. [['target', ActorAddress]]`);
  }
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !e[0] || typeof e[1] !== 'function') {
      throw new TypeError(`@InitializingMessages on ${name}: each entry is [attribute, Type] or [attribute, Type, true], got ${JSON.stringify(e)}`);
    }
  }
}

function initReceive(inner: ReceiveFn): ReceiveFn {
  return function initializing(this: ActorBase, message: unknown, sender: ActorAddress): unknown {
    let st = states.get(this);
    if (!st) states.set(this, (st = { received: new Set(), held: [], done: false }));
    if (st.done) return inner.call(this, message, sender);
    const config = patternOptions<InitConfig>(this.constructor, 'InitializingMessages');
    const self = this as unknown as Record<string, unknown>;
    const chain = messageTypeChain(message);
    let matched = false;
    for (const [attribute, type, captureSender] of config.entries) {
      // Matched by type id, like @Receive, so it works on messages restored in another process.
      if (!chain.includes(typeIdOf(type))) continue;
      matched = true;
      self[attribute] = message; // a later message of the same type replaces it (spec 8.3)
      if (captureSender) self[`${attribute}Sender`] = sender;
      st.received.add(attribute);
    }
    let result: unknown;
    if (config.passthru || message instanceof ActorSystemMessage) result = inner.call(this, message, sender);
    else if (!matched) st.held.push({ message, sender });
    if (st.received.size < new Set(config.entries.map((e) => e[0])).size) return result;
    const state = st;
    return isThenable(result) ? Promise.resolve(result).then(() => complete(this, state, inner, config)) : complete(this, state, inner, config);
  };
}

/** All init messages are in: initDone, then the held messages in arrival order. */
function complete(actor: ActorBase, st: InitState, inner: ReceiveFn, config: InitConfig): unknown {
  st.done = true;
  let r: unknown;
  if (config.initDone) {
    try {
      r = (actor as unknown as Record<string, () => unknown>)[config.initDone]!();
    } catch (err) {
      initDoneFailed(actor, config.initDone, err);
    }
  }
  const replay = () => replayHeld(actor, inner, st.held, 'held during initialization');
  if (isThenable(r)) {
    return Promise.resolve(r).then(replay, (err: unknown) => {
      initDoneFailed(actor, config.initDone!, err);
      return replay();
    });
  }
  return replay();
}

/** Initialization still counts as complete: holding messages forever would hide the bug. */
function initDoneFailed(actor: ActorBase, method: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  actor.log('error', `${className(actor.constructor)}.${method}() (the initDone of @InitializingMessages) threw ${e.name}: ${e.message}; held messages are delivered anyway`);
}
