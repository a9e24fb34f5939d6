/**
 * Messages between actors of one process (pooled mode), run after the current handler and
 * pending I/O, in the order sent. One setImmediate per batch, not per message: the sender's
 * handler never runs its receiver inside itself (no re-entry, no unbounded stack in a
 * ping-pong), and a long burst still lets the transport's sockets in between batches.
 */
const queue: (() => void)[] = [];
let scheduled = false;

export function runSoon(work: () => void): void {
  queue.push(work);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

function drain(): void {
  scheduled = false;
  // What this batch sends waits for the next one: I/O gets its turn in between.
  const n = queue.length;
  for (let i = 0; i < n; i++) {
    try {
      queue[i]!();
    } catch (err) {
      // A delivery is under its cell's own catch; this is a bug, but it must not stop the rest.
      process.emitWarning(`thespian-ts: a local delivery threw: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
  queue.splice(0, n);
  if (queue.length !== 0 && !scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}
