import { ActorAddress } from './address.js';
import { ActorSystemException } from './errors.js';
import { SUPER, handlersFor } from './dispatch.js';
import { registerActorClass } from '../registry/type-registry.js';
import type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from './context.js';
import { isThenable } from './retry-once.js';

const CONTEXT = Symbol.for('thespian:context');

/** Bases call this right after construction: from then on the actor is live. */
export function attachContext(actor: ActorBase, context: ActorContext): void {
  (actor as unknown as Record<symbol, ActorContext>)[CONTEXT] = context;
}

/**
 * The base class of every actor (spec 5). Its methods forward to the base's ActorContext;
 * the default receiveMessage dispatches on `@Receive` (spec 5.17).
 */
/** For the patterns: tell the base that `actor` has work open outside its handlers (ActorContext.holdOpen). */
export function holdOpen(actor: ActorBase, work: Promise<unknown>): void {
  (actor as unknown as Record<symbol, ActorContext | undefined>)[CONTEXT]?.holdOpen?.(work);
}

export class ActorBase {
  static readonly SUPER = SUPER;
  readonly SUPER = SUPER;

  /** Set while a troupe worker has multi-step work open (spec 8.1). */
  troupeWorkInProgress = false;

  /**
   * Pooled mode (capability 'Pooled Actors'): an actor class that sets this keeps a process of
   * its own instead of sharing a host process (CPU-heavy handlers, native code, `process.exit`,
   * module state of its own). Inherited by subclasses; ignored where there is no pooled mode.
   */
  static isolated = false;

  /** Spec 5.12: whether this actor may run with `capabilities`; decorators fold into it. */
  static actorSystemCapabilityCheck(_capabilities: Capabilities, _requirements?: unknown): boolean {
    return true;
  }

  /** Release 3.8.0: receives the system's capabilities and the creation requirements. */
  constructor(_capabilities?: Capabilities, _requirements?: unknown) {}

  private get ctx(): ActorContext {
    const c = (this as unknown as Record<symbol, ActorContext | undefined>)[CONTEXT];
    if (!c) {
      throw new ActorSystemException(
        `${this.constructor.name} is not live yet: an actor's constructor must not send, create actors or read its address (spec 5); do that in a message handler`,
        'ACTOR_NOT_LIVE',
      );
    }
    return c;
  }

  get myAddress(): ActorAddress {
    return this.ctx.myAddress;
  }

  /** The requirements given to createActor for this actor (release 3.8.0), or undefined. */
  get requirements(): unknown {
    return this.ctx.requirements;
  }

  /** The name this actor was created under, or '' (release 3.9.0). */
  get globalName(): string {
    return this.ctx.globalName;
  }

  /** The raw entry point (spec 5.2); the default dispatches by message type. */
  receiveMessage(message: unknown, sender: ActorAddress): unknown {
    const handlers = handlersFor(this.constructor, message);
    return runHandlers(this, handlers, 0, message, sender);
  }

  /** Called when no `@Receive` handler matches (spec 5.17.2); default: discard. */
  receiveUnrecognizedMessage(_message: unknown, _sender: ActorAddress): unknown {
    return undefined;
  }

  send(target: ActorAddress, message: unknown): void {
    this.ctx.send(target, message);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions = {}): ActorAddress {
    return this.ctx.createActor(spec, options);
  }

  /** Spec 5.5: a WakeupMessage(delayMs, payload) arrives after `delayMs` milliseconds. */
  wakeupAfter(delayMs: number, payload?: unknown): void {
    this.ctx.wakeupAfter(delayMs, payload);
  }

  handleDeadLetters(startHandling = true): void {
    this.ctx.handleDeadLetters(startHandling);
  }

  notifyOnSystemRegistrationChanges(startHandling = true): void {
    this.ctx.notifyOnSystemRegistrationChanges(startHandling);
  }

  registerSourceAuthority(): void {
    this.ctx.registerSourceAuthority();
  }

  loadActorSource(source: Uint8Array | string): string {
    return this.ctx.loadActorSource(source);
  }

  unloadActorSource(sourceHash: string): void {
    this.ctx.unloadActorSource(sourceHash);
  }

  notifyOnSourceAvailability(enable = true): void {
    this.ctx.notifyOnSourceAvailability(enable);
  }

  /** Spec 5.13: with no value (or undefined) the capability is removed. */
  updateCapability(name: string, value?: unknown): void {
    this.ctx.updateCapability(name, value);
  }

  preRegisterRemoteSystem(remoteAddress: string | ActorAddress, remoteCapabilities: Capabilities = {}): void {
    this.ctx.preRegisterRemoteSystem(remoteAddress, remoteCapabilities);
  }

  deRegisterRemoteSystem(remoteAddress: string | ActorAddress): void {
    this.ctx.deRegisterRemoteSystem(remoteAddress);
  }

  actorSystemShutdown(): void {
    this.ctx.actorSystemShutdown();
  }

  log(level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    this.ctx.log(level, message, extra);
  }
}

function runHandlers(
  actor: ActorBase,
  handlers: readonly ((this: object, m: unknown, s: unknown) => unknown)[],
  from: number,
  message: unknown,
  sender: ActorAddress,
): unknown {
  for (let i = from; i < handlers.length; i++) {
    const result = handlers[i]!.call(actor, message, sender);
    if (result === SUPER) continue;
    if (isThenable(result)) {
      // An async handler may also defer: resolve to SUPER and the search goes on.
      return Promise.resolve(result).then((r) => (r === SUPER ? runHandlers(actor, handlers, i + 1, message, sender) : r));
    }
    return result;
  }
  return actor.receiveUnrecognizedMessage(message, sender);
}

// By name, so another process can start a plain ActorBase (it discards every message).
registerActorClass('ActorBase', ActorBase);
