import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';

/** Counts numbers; tells `notify` when it has seen `expected` of them. */
@Actor()
export class BenchCounter extends ActorBase {
  private expected = 0;
  private seen = 0;
  private notify: ActorAddress | undefined;
  @Receive(Array) start([n, notify]: [number, ActorAddress], sender: ActorAddress) {
    this.expected = n;
    this.seen = 0;
    this.notify = notify;
    this.send(sender, 'ready');
  }
  @Receive(Number) count() {
    if (++this.seen === this.expected) this.send(this.notify!, this.seen);
  }
  /** For lossy bases (UDP): how many arrived so far. */
  @Receive(String) howMany(_m: string, sender: ActorAddress) {
    this.send(sender, this.seen);
  }
}

/**
 * Sends N numbers to a target in batches of 100 (the room between the transmit queue's
 * max and its drop level); each batch is one message to itself, so the base's
 * backpressure paces it (an actor is not handed its next message while its queue is full).
 */
@Actor()
export class BenchBlaster extends ActorBase {
  private target: ActorAddress | undefined;
  private left = 0;
  private next = 0;
  @Receive(Array) go([target, n]: [ActorAddress, number]) {
    this.target = target;
    this.left = n;
    this.next = 0;
    this.batch();
  }
  @Receive(String) more() {
    this.batch();
  }
  private batch() {
    const count = Math.min(100, this.left);
    for (let i = 0; i < count; i++) this.send(this.target!, this.next++);
    this.left -= count;
    if (this.left > 0) this.send(this.myAddress, 'more');
  }
}

@Actor()
export class BenchEcho extends ActorBase {
  @Receive(Object) echo(m: unknown, sender: ActorAddress) {
    this.send(sender, m === 'pid' ? process.pid : m);
  }
}
