import { Message, type ActorAddress } from '../actor/index.js';

/**
 * The troupe's private protocol. They are `@Message` classes so they cross processes on
 * the multi-process bases like any user message.
 */

/** Leader -> worker: handle `message` as if `sender` had sent it to you. */
@Message({ id: 'thespian.troupe.Work' })
export class TroupeWork {
  constructor(
    public id = 0,
    public message: unknown = undefined,
    public sender: ActorAddress | null = null,
  ) {}
}

/** Worker -> leader: work `id` is finished (troupeWorkInProgress is false again). */
@Message({ id: 'thespian.troupe.WorkerReady' })
export class TroupeWorkerReady {
  constructor(public id = 0) {}
}

/** The payload of the leader's own wakeups: time to dismiss lingering idle workers. */
@Message({ id: 'thespian.troupe.DismissCheck' })
export class TroupeDismissCheck {}
