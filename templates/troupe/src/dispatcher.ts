import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';
import { Done, Job, Work } from './messages.js';
import { Worker } from './worker.js';

/**
 * A small hand-made troupe: a fixed pool of Worker children, work handed out round-robin.
 * (The framework's @Troupe decorator manages such a pool for you, growing it on demand.)
 */
@Actor()
export class Dispatcher extends ActorBase {
  private workers: ActorAddress[] = [];
  private next = 0;

  @Receive(Work)
  work(work: Work, requester: ActorAddress): void {
    if (this.workers.length === 0) this.workers = [1, 2, 3].map(() => this.createActor(Worker));
    const worker = this.workers[this.next++ % this.workers.length]!;
    this.send(worker, new Job(work, requester));
  }

  @Receive(Done)
  done(done: Done): void {
    if (done.requester) this.send(done.requester, done.result);
  }
}
