import type { ActorAddress } from '../../actor/address.js';
import type { ActorStatus } from '../../actor/status-messages.js';
import { StatusRequest } from '../../actor/status-messages.js';
import type { Destination } from '../../system/destination.js';
import type { DeadLetterBox } from '../../system/admin/dead-letter-box.js';
import type { ExternalEndpoint } from '../../system/endpoint.js';
import type { QueuedSend } from './send-queue.js';
import type { SimpleCell } from './simple-cell.js';

/** What the simple base's destinations need from it (SimpleSystem implements it). */
export interface SimpleRouting {
  readonly counters: { messagesDelivered: number };
  readonly deadLetters: Destination<QueuedSend>;
  post(from: ActorAddress, to: ActorAddress, message: unknown): void;
  readonly core: { actorStatus(cell: SimpleCell): ActorStatus };
}

/** An actor of this system: into its mailbox, or handled now when it is idle. */
export class CellDestination implements Destination<QueuedSend> {
  constructor(
    readonly owner: SimpleRouting,
    readonly cell: SimpleCell,
  ) {}

  accept(send: QueuedSend): void {
    deliverToCell(this.owner, this.cell, send);
  }
}

/** What CellDestination does, callable without one: the run loop's path for an address made here. */
export function deliverToCell(owner: SimpleRouting, cell: SimpleCell, send: QueuedSend): void {
  if (cell.state === 'dead') return owner.deadLetters.accept(send);
  const message = send.message;
  // Spec 6.9: the system answers StatusRequest for the actor, whatever the actor is doing.
  if (typeof message === 'object' && message instanceof StatusRequest) {
    owner.post(cell.address, send.sender, owner.core.actorStatus(cell));
    return;
  }
  owner.counters.messagesDelivered++;
  if (cell.busy || cell.mailbox.length !== 0) cell.mailbox.push({ message, sender: send.sender });
  else cell.handle(message, send.sender);
}

/** A caller's endpoint (the system's own, or one from private()). */
export class EndpointDestination implements Destination<QueuedSend> {
  constructor(
    private readonly owner: SimpleRouting,
    readonly endpoint: ExternalEndpoint,
  ) {}

  accept(send: QueuedSend): void {
    this.owner.counters.messagesDelivered++;
    this.endpoint.accept(send.message, send.sender);
  }
}

/** The system's admin address: status requests and source validations. */
export class AdminDestination implements Destination<QueuedSend> {
  constructor(private readonly receive: (message: unknown, sender: ActorAddress) => void) {}

  accept(send: QueuedSend): void {
    this.receive(send.message, send.sender);
  }
}

/** Every other key: an actor that exited or never was (spec 4.3). */
export class DeadLetterDestination implements Destination<QueuedSend> {
  constructor(private readonly box: DeadLetterBox) {}

  accept(send: QueuedSend): void {
    this.box.deliver(send.target, send.message, send.sender);
  }
}
