import { ActorStatus, StatusRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { REPLY_MS } from './systems.js';

/** Helpers of the pattern suites (test/conformance/patterns-*.test.ts); bases and timeouts come from systems.ts. */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The system answers StatusRequest for a live actor; a dead one leaves the ask unanswered.
 * 1 s is ample for a live actor in another process and keeps the "is it gone?" probes short.
 */
export async function statusOf(asys: ActorSystem, addr: ActorAddress, timeoutMs = 1000): Promise<ActorStatus | undefined> {
  const r = await asys.ask(addr, new StatusRequest(), timeoutMs);
  return r instanceof ActorStatus ? r : undefined;
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
