import { ActorAddress, Message } from 'thespian-ts';

/** A unit of work: square `n`. */
@Message()
export class Work {
  constructor(public n = 0) {}
}

/** A worker's answer, carrying the original requester so the dispatcher can forward it. */
@Message()
export class Done {
  constructor(
    public n = 0,
    public result = 0,
    public requester: ActorAddress | null = null,
  ) {}
}

/** What the dispatcher hands a worker: the work and who asked for it. */
@Message()
export class Job {
  constructor(
    public work = new Work(),
    public requester: ActorAddress | null = null,
  ) {}
}
