import type { ActorAddress } from '../../actor/address.js';
import { describeValue } from '../../actor/errors.js';
import { ActorExitRequest, DeadEnvelope } from '../../actor/messages.js';
import type { LogLevel } from '../../actor/context.js';
import type { AdminCounters } from './admin-entry.js';

export interface DeadLetterPorts {
  /** Send the DeadEnvelope to the handler; false when it cannot even be queued. */
  forward(handler: ActorAddress, envelope: DeadEnvelope, sender: ActorAddress | null): boolean;
  log(level: LogLevel, message: string): void;
  counters: AdminCounters;
}

/**
 * Spec 4.3: undeliverable messages go to one handler, the latest to register (Thespian's
 * admin keeps one DeadLetterBox registration). An exited handler is not replaced by an
 * earlier one: letters are discarded, with a debug line, until someone registers.
 */
export class DeadLetterBox {
  private current: ActorAddress | undefined;

  constructor(private readonly ports: DeadLetterPorts) {}

  get handler(): ActorAddress | undefined {
    return this.current;
  }

  /** handleDeadLetters(on): the latest registration wins; `false` only counts from the current handler. */
  register(handler: ActorAddress, on: boolean): void {
    if (on) this.current = handler;
    else if (this.current?.key === handler.key) this.current = undefined;
  }

  /** The actor behind `key` is gone: if it was the handler, nobody is now. */
  gone(key: string): void {
    if (this.current?.key === key) this.current = undefined;
  }

  deliver(target: ActorAddress, message: unknown, sender: ActorAddress | null): void {
    // Exit requests to the dead and dead envelopes themselves would only loop.
    if (message instanceof DeadEnvelope || message instanceof ActorExitRequest) return;
    this.ports.counters.deadLetters++;
    const handler = this.current;
    if (handler === undefined) {
      this.ports.log('debug', `dead letter: ${describeValue(message)} to ${String(target)} discarded (no dead letter handler)`);
      return;
    }
    // A handler that names no reachable route would fail every later letter: dropped once, logged.
    if (!this.ports.forward(handler, new DeadEnvelope(target, message), sender)) {
      this.gone(handler.key);
      this.ports.log('warning', `dead letter handler ${handler.key} removed: it cannot be reached`);
    }
  }
}
