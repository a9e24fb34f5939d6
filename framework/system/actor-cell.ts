import type { ActorAddress } from '../actor/address.js';
import type { ActorBase } from '../actor/actor-base.js';
import { describeValue } from '../actor/errors.js';
import { ActorExitRequest, PoisonMessage } from '../actor/messages.js';
import type { ActorClass } from './actor-spec.js';
import { isThenable, retryOnce } from '../actor/retry-once.js';

/** What a cell needs from the base that hosts it. */
export interface CellHost {
  /** Queue `message` from `from` to `to` (ordered per target). */
  post(from: ActorAddress, to: ActorAddress, message: unknown): void;
  /** The actor has processed its ActorExitRequest: tear it down. */
  exited(cell: ActorCell, request: ActorExitRequest): void;
  /** An async handler settled: the cell may take its next message. */
  resume(cell: ActorCell): void;
  asyncStarted(): void;
  asyncEnded(): void;
  logFailure(cell: ActorCell, message: unknown, error: unknown, final: boolean): void;
  /** What a handler returned (spec 5.2.1: a ThespianWatch), for bases that act on it. */
  returned?(cell: ActorCell, value: unknown): void;
}

/** A message waiting in an actor's mailbox. */
export interface MailboxItem {
  message: unknown;
  sender: ActorAddress;
  /** For a base whose transport acknowledges delivery: call once the message is taken. */
  settle?: () => void;
}

export type CellState = 'starting' | 'live' | 'dead';

/** The log line for a failed handler: what failed, and what happens next (retry, poison, or exit anyway). */
export function failureLogLine(message: unknown, error: unknown, final: boolean): string {
  const err = error as Error;
  const next = final ? (message instanceof ActorExitRequest ? 'exiting anyway' : 'returning it to the sender as a PoisonMessage') : 'retrying once';
  return `failed handling ${describeValue(message)}: ${err?.name ?? 'Error'}: ${err?.message ?? String(error)}; ${next}`;
}

export function failureDetails(cell: ActorCell, message: unknown, error: unknown): string {
  const err = error instanceof Error ? error : new Error(String(error));
  return `${cell.actorClass.name} at ${String(cell.address)} failed twice handling ${describeValue(message)}: ${err.name}: ${err.message}\n${err.stack ?? ''}`;
}

/**
 * One actor's execution: one message at a time (an async handler holds the next one back),
 * a failed message retried once, then returned to its sender as a PoisonMessage (spec 2.2.5, 4.4).
 */
export class ActorCell {
  instance: ActorBase | undefined;
  state: CellState = 'starting';
  busy = true;
  readonly mailbox: MailboxItem[] = [];
  received = 0;

  constructor(
    readonly host: CellHost,
    readonly address: ActorAddress,
    public actorClass: ActorClass,
  ) {}

  /** Deliver one message now; the caller has checked the cell is live and not busy. */
  handle(message: unknown, sender: ActorAddress): void {
    this.received++;
    // An actor cannot refuse to exit (spec 2.2.3): a failing exit handler is not retried and still exits.
    const exiting = typeof message === 'object' && message instanceof ActorExitRequest;
    const result = retryOnce(this.instance, this.instance!.receiveMessage, message, sender, this, !exiting);
    if (!isThenable(result)) {
      if (exiting) this.host.exited(this, message);
      if (result !== undefined) this.host.returned?.(this, result);
      return;
    }
    this.busy = true;
    this.host.asyncStarted();
    void Promise.resolve(result).then((value) => {
      this.busy = false;
      this.host.asyncEnded();
      if (exiting) this.host.exited(this, message);
      if (value !== undefined) this.host.returned?.(this, value);
      this.host.resume(this);
    });
  }

  /** FailureSink: each failed attempt is logged; the final one returns the message as a PoisonMessage. */
  failed(error: unknown, final: boolean, message: unknown, sender: ActorAddress): void {
    this.host.logFailure(this, message, error, final);
    // A PoisonMessage that poisons is not returned again (release 2.4.3: no endless recursion).
    if (final && !(message instanceof ActorExitRequest) && !(message instanceof PoisonMessage)) {
      this.host.post(this.address, sender, new PoisonMessage(message, failureDetails(this, message, error)));
    }
  }
}
