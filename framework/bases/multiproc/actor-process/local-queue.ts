import type { ActorAddress } from '../../../actor/address.js';

type Take = (message: unknown, sender: ActorAddress | null) => void;

/**
 * Messages between actors of one process (pooled mode), run after the current handler and
 * pending I/O, in the order sent. One setImmediate per batch, not per message, and no closure
 * per message (three slots per entry): the sender's handler never runs its receiver inside
 * itself (no re-entry, no unbounded stack in a ping-pong), and a long burst still lets the
 * transport's sockets in between batches.
 */
let queue: unknown[] = [];
let scheduled = false;

export function runSoon(take: Take, message: unknown, sender: ActorAddress | null): void {
  queue.push(take, message, sender);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

function drain(): void {
  scheduled = false;
  // What this batch sends waits for the next one: I/O gets its turn in between.
  const batch = queue;
  queue = [];
  for (let i = 0; i < batch.length; i += 3) {
    try {
      (batch[i] as Take)(batch[i + 1], batch[i + 2] as ActorAddress | null);
    } catch (err) {
      // A delivery is under its cell's own catch; this is a bug, but it must not stop the rest.
      process.emitWarning(`thespian-ts: a local delivery threw: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
}
