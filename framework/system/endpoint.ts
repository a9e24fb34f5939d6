import { ActorAddress } from '../actor/address.js';
import { ActorSystemMessage, PoisonMessage } from '../actor/messages.js';
import { ActorStatus, SystemStatus } from '../actor/status-messages.js';

/** Spec 7: of the system's own messages only these reach ask/listen callers. */
export function reachesExternalCaller(message: unknown): boolean {
  return (
    !(message instanceof ActorSystemMessage) ||
    message instanceof PoisonMessage ||
    message instanceof SystemStatus ||
    message instanceof ActorStatus
  );
}

/** An external endpoint (the system's own, or one per `private()`): an address with an inbox. */
export class ExternalEndpoint {
  readonly inbox: unknown[] = [];
  constructor(readonly address: ActorAddress) {}

  accept(message: unknown): void {
    if (reachesExternalCaller(message)) this.inbox.push(message);
  }
}
