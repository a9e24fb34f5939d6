import { Actor, ActorAddress, ActorBase, ActorExitRequest, ChildActorExited, Receive } from 'thespian-ts';

/**
 * Issue 14 item 9: exit propagation timed on one clock (this actor's process), for
 * bench/exit-bench.ts and test/conformance/spec-2.2-exit-propagation.test.ts. 'measure' answers
 * { rttMs, exitMs }: a ping round trip to a fresh child, then ActorExitRequest to it until
 * ChildActorExited arrives. 'measure-recursive' answers { recursiveMs }: ActorExitRequest
 * to a child until that child's own child starts exiting.
 */
@Actor()
export class BenchExitTimer extends ActorBase {
  private requester: ActorAddress | undefined;
  private child: ActorAddress | undefined;
  private t0 = 0;
  private rttMs = 0;

  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'measure' || m === 'measure-recursive') {
      this.requester = sender;
      this.child = this.createActor(BenchExitChild);
      // The first message waits for the child's start: warm it before timing a round trip.
      this.send(this.child, m === 'measure' ? 'warm' : 'grow');
    } else if (m === 'warm') {
      this.t0 = performance.now();
      this.send(this.child!, 'ping');
    } else if (m === 'pong') {
      this.rttMs = performance.now() - this.t0;
      this.t0 = performance.now();
      this.send(this.child!, new ActorExitRequest());
    } else if (m === 'grown') {
      this.t0 = performance.now();
      this.send(this.child!, new ActorExitRequest());
    } else if (m === 'leaf exiting') {
      this.send(this.requester!, { recursiveMs: performance.now() - this.t0 });
    }
  }

  @Receive(ChildActorExited) exited(m: ChildActorExited) {
    if (this.rttMs && this.child && m.childAddress.equals(this.child)) {
      this.send(this.requester!, { rttMs: this.rttMs, exitMs: performance.now() - this.t0 });
      this.rttMs = 0;
    }
  }
}

@Actor()
export class BenchExitChild extends ActorBase {
  private top: ActorAddress | undefined;
  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'ping') this.send(sender, 'pong');
    else if (m === 'warm') this.send(sender, 'warm');
    else if (m === 'grow') {
      this.top = sender;
      this.send(this.createActor(BenchExitLeaf), this.top);
    } else if (m === 'leaf ready') this.send(this.top!, 'grown');
  }
}

@Actor()
export class BenchExitLeaf extends ActorBase {
  private top: ActorAddress | undefined;
  @Receive(ActorAddress) told(top: ActorAddress, sender: ActorAddress) {
    this.top = top;
    this.send(sender, 'leaf ready');
  }
  @Receive(ActorExitRequest) bye() {
    if (this.top) this.send(this.top, 'leaf exiting');
  }
}
