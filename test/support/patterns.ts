import { ActorStatus, StatusRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { NO_REPLY_MS, REPLY_MS, eventually } from './systems.js';

/** Helpers of the pattern suites (test/conformance/patterns-*.test.ts); bases and timeouts come from systems.ts. */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The system answers StatusRequest for a live actor; a dead one leaves the ask unanswered. */
export async function statusOf(asys: ActorSystem, addr: ActorAddress, timeoutMs = REPLY_MS): Promise<ActorStatus | undefined> {
  const r = await asys.ask(addr, new StatusRequest(), timeoutMs);
  return r instanceof ActorStatus ? r : undefined;
}

/**
 * The actor's status once it has exited, i.e. undefined, or its last status if it is still
 * alive after REPLY_MS. Exits cross processes asynchronously, so this polls (each probe
 * waits NO_REPLY_MS: a live actor answers far sooner) instead of assuming a fixed delay.
 */
export async function statusAfterExit(asys: ActorSystem, addr: ActorAddress): Promise<ActorStatus | undefined> {
  return eventually(() => statusOf(asys, addr, NO_REPLY_MS), (status) => status === undefined);
}

/** The next `n` messages to the system's endpoint; fails the test if one does not come. */
export async function collect(asys: ActorSystem, n: number, timeoutMs = REPLY_MS): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const m = await asys.listen(timeoutMs);
    if (m === undefined) throw new Error(`expected ${n} messages, got ${i}: ${JSON.stringify(out)}`);
    out.push(m);
  }
  return out;
}
