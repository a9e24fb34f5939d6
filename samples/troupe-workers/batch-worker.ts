import { Actor, ActorBase, Message, Receive, Troupe, type ActorAddress } from 'thespian-ts';

/** One unit of the batch: `cpu` spins for `ms`, `io` waits for `ms` without blocking. */
@Message()
export class Task {
  constructor(
    public id = 0,
    public kind: 'cpu' | 'io' = 'cpu',
    public ms = 0,
  ) {}
}

@Message()
export class TaskDone {
  constructor(
    public id = 0,
    public worker = '',
  ) {}
}

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Deliberately busy: this is the CPU-bound case that needs real processes to overlap.
  }
}

/**
 * A troupe: the address the caller sees is the leader, which hands each Task to one of up
 * to `maxCount` workers. The class itself is an ordinary actor; only the decorator differs.
 */
@Actor()
@Troupe({ maxCount: 4, idleCount: 1 })
export class BatchWorker extends ActorBase {
  @Receive(Task)
  async task(t: Task, sender: ActorAddress): Promise<void> {
    if (t.kind === 'cpu') spin(t.ms);
    else await new Promise((r) => setTimeout(r, t.ms));
    this.send(sender, new TaskDone(t.id, String(this.myAddress)));
  }
}
