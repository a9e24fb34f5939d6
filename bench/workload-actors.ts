import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';

/**
 * The workloads of Python Thespian's own benchmark, with its parameters (issue 10 item 6):
 * spawn (a parent creates N children that each answer), tput (one handler sends N small
 * messages), ping-pong (N actor-to-actor round trips).
 */
@Actor()
export class SpawnChild extends ActorBase {
  @Receive(String) hello(_m: string, sender: ActorAddress): void {
    this.send(sender, 'here');
  }
}

@Actor()
export class SpawnParent extends ActorBase {
  private asker: ActorAddress | undefined;
  private waiting = 0;
  private started = 0;

  @Receive(Number) spawn(n: number, sender: ActorAddress): void {
    this.asker = sender;
    this.waiting = n;
    this.started = performance.now();
    for (let i = 0; i < n; i++) this.send(this.createActor(SpawnChild), 'hello');
  }

  @Receive(String) answered(): void {
    if (--this.waiting === 0) this.send(this.asker!, performance.now() - this.started);
  }
}

/** Counts what arrives; answers 'count' with the number so far (lossy bases report what arrived). */
@Actor()
export class TputSink extends ActorBase {
  private seen = 0;
  @Receive(Number) one(): void {
    this.seen++;
  }
  @Receive(String) count(_m: string, sender: ActorAddress): void {
    this.send(sender, this.seen);
  }
}

/** Sends N small messages to a sink from one handler, as Thespian's tput does. */
@Actor()
export class TputSource extends ActorBase {
  @Receive(Array) go([sink, n]: [ActorAddress, number], sender: ActorAddress): void {
    for (let i = 0; i < n; i++) this.send(sink, i);
    this.send(sender, 'sent');
  }
}

@Actor()
export class Ponger extends ActorBase {
  @Receive(Number) ping(n: number, sender: ActorAddress): void {
    this.send(sender, n);
  }
}

/** Plays N round trips with a Ponger, then tells the asker how long they took. */
@Actor()
export class Pinger extends ActorBase {
  private asker: ActorAddress | undefined;
  private peer: ActorAddress | undefined;
  private left = 0;
  private started = 0;

  @Receive(Array) go([peer, n]: [ActorAddress, number], sender: ActorAddress): void {
    this.asker = sender;
    this.peer = peer;
    this.left = n;
    this.started = performance.now();
    this.send(peer, n);
  }

  @Receive(Number) pong(): void {
    if (--this.left > 0) this.send(this.peer!, this.left);
    else this.send(this.asker!, performance.now() - this.started);
  }
}
