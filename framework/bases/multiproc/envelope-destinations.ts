import type { Destination } from '../../system/destination.js';
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
