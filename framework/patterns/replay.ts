import { PoisonMessage, describeValue, type ActorAddress, type ActorBase } from '../actor/index.js';
import { isThenable, retryOnce } from '../actor/retry-once.js';
import { className, type ReceiveFn } from './wrap-receive.js';

export interface HeldMessage {
  message: unknown;
  sender: ActorAddress;
}

/**
 * Delivers held messages in order, each with the system's own failure rule (spec 4.4):
 * retried once, then returned to its sender as a PoisonMessage while the actor carries on.
 * An async handler is awaited before the next held message, as the base would.
 */
export function replayHeld(actor: ActorBase, inner: ReceiveFn, held: HeldMessage[], why: string): unknown {
  while (held.length) {
    const env = held.shift()!;
    const r = deliver(actor, inner, env, why);
    if (isThenable(r)) return Promise.resolve(r).then(() => replayHeld(actor, inner, held, why));
  }
  return undefined;
}

function deliver(actor: ActorBase, inner: ReceiveFn, env: HeldMessage, why: string): unknown {
  return retryOnce(actor, inner, env.message, env.sender, { failed: (err, final) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const what = `${className(actor.constructor)} failed handling ${describeValue(env.message)} (${why}): ${e.name}: ${e.message}`;
    if (!final) return void actor.log('warning', `${what}; retrying once`);
    actor.log('error', `${what}; returning it to the sender as a PoisonMessage`);
    if (!(env.message instanceof PoisonMessage)) actor.send(env.sender, new PoisonMessage(env.message, `${what}\n${e.stack ?? ''}`));
  } });
}
