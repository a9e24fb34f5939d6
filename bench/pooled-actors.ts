import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';
import { SpawnChild } from './workload-actors.js';

/**
 * Creates `n` SpawnChild actors in batches of `batch`, each batch once the one before has
 * answered: a steady creation rate, and no handler that queues more sends than the drop level
 * (THESPIAN_DROP_TRANSMITS_LEVEL) allows. Answers the asker with the elapsed milliseconds.
 */
@Actor()
export class BatchSpawner extends ActorBase {
  private asker: ActorAddress | undefined;
  private left = 0;
  private waiting = 0;
  private batch = 1000;
  private started = 0;

  @Receive(Array) go([n, batch]: [number, number], sender: ActorAddress): void {
    this.asker = sender;
    this.left = n;
    this.batch = batch;
    this.started = performance.now();
    this.next();
  }

  @Receive(String) answered(): void {
    if (--this.waiting === 0) this.next();
  }

  private next(): void {
    if (this.left === 0) return void this.send(this.asker!, performance.now() - this.started);
    const k = Math.min(this.batch, this.left);
    this.left -= k;
    this.waiting = k;
    for (let i = 0; i < k; i++) this.send(this.createActor(SpawnChild), 'hello');
  }
}
