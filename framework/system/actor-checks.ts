import { ActorAddress } from '../actor/address.js';
import { InvalidActorAddress, NoCompatibleSystemForActor, describeValue } from '../actor/errors.js';

/** The invariants every base checks inside an actor's call, before anything is queued. */

/** DESIGN.md: `send` to something that is not an address throws at once (poison in a handler). */
export function checkSendTarget(className: string, target: unknown, message: unknown): asserts target is ActorAddress {
  if (!(target instanceof ActorAddress)) {
    throw new InvalidActorAddress(
      `${className}.send() needs an ActorAddress as its target, got ${describeValue(target)} (message: ${describeValue(message)})`,
      'NOT_AN_ADDRESS',
    );
  }
}

/** Spec 5.6: a wakeup needs a delay in milliseconds >= 0. */
export function checkWakeupDelay(className: string, delayMs: unknown): asserts delayMs is number {
  if (typeof delayMs !== 'number' || Number.isNaN(delayMs) || delayMs < 0) {
    throw new RangeError(`${className}.wakeupAfter() needs a delay in milliseconds >= 0, got ${describeValue(delayMs)}`);
  }
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** Spec 4.10: the class's actorSystemCapabilityCheck said no to this system. */
export function refusedByCapabilities(className: string, where: string, requirements: unknown): NoCompatibleSystemForActor {
  return new NoCompatibleSystemForActor(
    `no actor system can host ${className}: its actorSystemCapabilityCheck rejected ${where}'s capabilities ` +
      `(requirements: ${describeValue(requirements)}); add the capability with updateCapability() or start the system with it`,
  );
}
