import type { ClassKey } from '../registry/metadata.js';
import { ActorExitRequest, ActorSystemMessage, Message, WakeupMessage, type ActorAddress, type ActorBase } from '../actor/index.js';
import { appliedPatterns, className, installPattern, patternOptions, type PatternName, type ReceiveFn } from './wrap-receive.js';

/** The payload of a transient actor's own wakeups, so user wakeups are never mistaken for it. */
@Message({ id: 'thespian.transient.Expiry' })
export class TransientExpiry {
  constructor(public pattern = '') {}
}

interface TransientState {
  /** performance.now() at which the actor should exit; undefined until the first message. */
  exitAt?: number;
}

const states = new WeakMap<ActorBase, TransientState>();

/** Spec 8.2: the actor exits `ms` after it receives its first message. */
export function Transient(ms = 10_000): ClassDecorator {
  return (target) => install(target, 'Transient', ms);
}

/** Spec 8.2: the actor exits once it has received no message for `ms`. */
export function TransientIdle(ms = 10_000): ClassDecorator {
  return (target) => install(target, 'TransientIdle', ms);
}

function install(target: ClassKey, pattern: 'Transient' | 'TransientIdle', ms: number): void {
  const name = className(target);
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`@${pattern}(${String(ms)}) on ${name}: the exit delay is a number of milliseconds >= 0`);
  }
  if (appliedPatterns(target).includes('InitializingMessages')) {
    // Spec 8.3: otherwise the exit timer would run (and could expire) before initialization ends.
    throw new TypeError(
      `${name}: write @InitializingMessages above @${pattern} (spec 8.3), so the transient period starts after initialization`,
    );
  }
  installPattern(target, pattern, ms, (inner) => transientReceive(inner, pattern));
}

function transientReceive(inner: ReceiveFn, pattern: PatternName): ReceiveFn {
  const idle = pattern === 'TransientIdle';
  return function transient(this: ActorBase, message: unknown, sender: ActorAddress): unknown {
    const delay = patternOptions<number>(this.constructor, pattern);
    let st = states.get(this);
    if (!st) states.set(this, (st = {}));
    const now = performance.now();
    if (message instanceof WakeupMessage && message.payload instanceof TransientExpiry && message.payload.pattern === pattern) {
      if (st.exitAt !== undefined && now >= st.exitAt) this.send(this.myAddress, new ActorExitRequest());
      else if (st.exitAt !== undefined) this.wakeupAfter(st.exitAt - now, new TransientExpiry(pattern));
      return undefined;
    }
    if (st.exitAt === undefined) {
      // The timer starts with the first message: an actor never used never exits (spec 8.2).
      st.exitAt = now + delay;
      this.wakeupAfter(delay, new TransientExpiry(pattern));
    } else if (idle && !(message instanceof ActorSystemMessage)) {
      // Only real work counts as activity, as in Thespian; the pending wakeup re-arms itself.
      st.exitAt = now + delay;
    }
    return inner.call(this, message, sender);
  };
}
