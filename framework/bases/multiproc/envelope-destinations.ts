import type { Destination } from '../../system/destination.js';
import type { ActorAddress } from '../../actor/address.js';
import type { OutboundEnvelope, Transport } from '../../transport/index.js';

/** Another process, reached over this process's transport at `route`. */
export class RouteDestination implements Destination<OutboundEnvelope> {
  constructor(
    private readonly transport: Transport,
    readonly route: string,
  ) {}

  accept(env: OutboundEnvelope): void {
    this.transport.send(this.route, env);
  }
}

/** An actor whose route is not known yet: its messages wait, in order, until it is. */
export class HoldDestination implements Destination<OutboundEnvelope> {
  constructor(
    private readonly queue: OutboundEnvelope[],
    /** Fails now, in the sender, what could never be sent later. */
    private readonly check?: (env: OutboundEnvelope) => void,
  ) {}

  accept(env: OutboundEnvelope): void {
    this.check?.(env);
    this.queue.push(env);
  }
}

/** Anything handled by one function: this process's own actor, or the dead letters. */
export class CallDestination implements Destination<OutboundEnvelope> {
  constructor(private readonly take: (env: OutboundEnvelope) => void) {}

  accept(env: OutboundEnvelope): void {
    this.take(env);
  }
}

/**
 * An actor bound in this process (its own, or, in a pooled host, a neighbour): a message for
 * it is handed over as it is by `Router.post`, never encoded; an envelope that reached it
 * anyway (held, then learned) gives up its message the same way.
 */
export class LocalActorDestination implements Destination<OutboundEnvelope> {
  constructor(readonly take: (message: unknown, sender: ActorAddress | null) => void) {}

  accept(env: OutboundEnvelope): void {
    this.take(env.message, env.sender);
  }
}
