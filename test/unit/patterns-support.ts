import { ActorStatus, ActorSystem, StatusRequest, type ActorAddress } from 'thespian-ts';

/**
 * The bases the pattern suites run on. Only the simple base exists yet; add
 * 'multiprocTCPBase' here once the multi-process bases land (the patterns use only the
 * public Actor API, so the suites should pass unchanged).
 */
export const PATTERN_BASES: readonly string[] = (process.env.THESPIAN_TEST_BASES ?? 'simpleSystemBase').split(',');

export function startSystem(base: string): Promise<ActorSystem> {
  return ActorSystem.start({ base, logDefs: false, transientUnique: true });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The system answers StatusRequest for a live actor; a dead one leaves the ask unanswered. */
export async function statusOf(asys: ActorSystem, addr: ActorAddress): Promise<ActorStatus | undefined> {
  const r = await asys.ask(addr, new StatusRequest(), 1000);
  return r instanceof ActorStatus ? r : undefined;
}

/** The next `n` messages to the system's endpoint; fails the test if one does not come. */
export async function collect(asys: ActorSystem, n: number, timeoutMs = 5000): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const m = await asys.listen(timeoutMs);
    if (m === undefined) throw new Error(`expected ${n} messages, got ${i}: ${JSON.stringify(out)}`);
    out.push(m);
  }
  return out;
}
