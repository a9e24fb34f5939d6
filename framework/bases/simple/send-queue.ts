import type { ActorAddress } from '../../actor/address.js';

/** One send as popped from the queue (an object the caller reuses). */
export interface QueuedSend {
  target: ActorAddress;
  message: unknown;
  sender: ActorAddress;
}

/**
 * The simple base's run queue: a growable ring of (target, message, sender) in three
 * parallel arrays, so a send allocates nothing in the steady state.
 */
export class SendQueue {
  private targets: (ActorAddress | undefined)[] = new Array(1024);
  private messages: unknown[] = new Array(1024);
  private senders: (ActorAddress | undefined)[] = new Array(1024);
  private head = 0;
  private tail = 0;
  private mask = 1023;

  get length(): number {
    return (this.tail - this.head) & this.mask;
  }

  get isEmpty(): boolean {
    return this.head === this.tail;
  }

  push(target: ActorAddress, message: unknown, sender: ActorAddress): void {
    this.targets[this.tail] = target;
    this.messages[this.tail] = message;
    this.senders[this.tail] = sender;
    this.tail = (this.tail + 1) & this.mask;
    if (this.tail === this.head) this.grow();
  }

  /** Pops into `out` (reused by the caller) to avoid an allocation per message. */
  shift(out: QueuedSend): void {
    const h = this.head;
    out.target = this.targets[h]!;
    out.message = this.messages[h];
    out.sender = this.senders[h]!;
    this.targets[h] = undefined;
    this.messages[h] = undefined;
    this.senders[h] = undefined;
    this.head = (h + 1) & this.mask;
  }

  private grow(): void {
    const size = this.mask + 1;
    const targets = new Array<ActorAddress | undefined>(size * 2);
    const messages = new Array<unknown>(size * 2);
    const senders = new Array<ActorAddress | undefined>(size * 2);
    for (let i = 0; i < size; i++) {
      const from = (this.head + i) & this.mask;
      targets[i] = this.targets[from];
      messages[i] = this.messages[from];
      senders[i] = this.senders[from];
    }
    this.targets = targets;
    this.messages = messages;
    this.senders = senders;
    this.head = 0;
    this.tail = size;
    this.mask = size * 2 - 1;
  }
}
