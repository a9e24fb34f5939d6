import { it } from 'vitest';
import { ActorAddress, ActorStatus, ActorSystem, StatusRequest, type Capabilities, type SystemOptions } from 'thespian-ts';

/**
 * The bases every behaviour suite runs on (STYLE.md item 6). A base that cannot honour a
 * behaviour opts out by name with a reason, via `skipOn` or `itOn`. All four by default;
 * THESPIAN_TEST_BASES=simpleSystemBase narrows a quick local run.
 */
export const BASES: readonly string[] = (process.env.THESPIAN_TEST_BASES ?? 'simpleSystemBase,multiprocQueueBase,multiprocTCPBase,multiprocUDPBase').split(',');

/**
 * A base variant: `<base>+pooled` is that base with the capability 'Pooled Actors' (issue 10's
 * pooled mode: actors share a few host processes). THESPIAN_TEST_BASES names it like a base.
 */
export const POOLED_SUFFIX = '+pooled';
/** Hosts of a pooled variant: two, so that actors land both in one host and in different ones. */
export const POOLED_HOSTS = 2;

/** The system base a test base (or variant) name runs on. */
export function baseOf(base: string): string {
  return base.endsWith(POOLED_SUFFIX) ? base.slice(0, -POOLED_SUFFIX.length) : base;
}

export function isPooled(base: string): boolean {
  return base.endsWith(POOLED_SUFFIX);
}

/** The bases that run actors in Node child processes (a `+pooled` variant inherits their opt-outs: skipOn). */
export const MULTIPROCESS_BASES: readonly string[] = ['multiprocTCPBase', 'multiprocQueueBase', 'multiprocUDPBase'];

/** Timeout for an ask or listen that expects a reply: generous enough for real processes. */
export const REPLY_MS = 5000;
/** Timeout for an ask or listen that expects `undefined`: long enough for a wrong reply to show up. */
export const NO_REPLY_MS = 300;

export async function startSystem(
  base: string,
  capabilities: Capabilities = {},
  options: Partial<SystemOptions> = {},
): Promise<ActorSystem> {
  const caps = isPooled(base) ? { 'Pooled Actors': POOLED_HOSTS, ...capabilities } : capabilities;
  return ActorSystem.start({ base: baseOf(base), capabilities: caps, logDefs: false, transientUnique: true, ...options });
}

/** The same opt-out reason for every multi-process base: `itOn(base, multiprocessOptOut('why'))`. */
export function multiprocessOptOut(reason: string): Record<string, string> {
  return Object.fromEntries(MULTIPROCESS_BASES.map((b) => [b, reason]));
}

/**
 * Issue 4 item 4: on multiprocUDPBase dead letters are best-effort (a datagram to an exited
 * actor may vanish without a trace), so tests whose point is dead-letter delivery or counting
 * opt out there.
 */
export const DEAD_LETTERS_BEST_EFFORT: Readonly<Record<string, string>> = {
  multiprocUDPBase: 'dead letters are best-effort over UDP (issue 4 item 4)',
};

/** The reason `base` opts out of a behaviour, or undefined when it takes part; a variant inherits its base's opt-outs. */
export function skipOn(base: string, bases: Partial<Record<string, string>>): string | undefined {
  return bases[base] ?? bases[baseOf(base)];
}

type TestBody = () => Promise<void> | void;

/**
 * `it` on every base except those named in `optOuts`, where the test is skipped and the
 * reason is kept in its title: `itOn(base, { multiprocUDPBase: 'why' })('4.4 ...', async () => ...)`.
 */
export function itOn(base: string, optOuts: Partial<Record<string, string>>): (name: string, body: TestBody, timeout?: number) => void {
  const reason = skipOn(base, optOuts);
  if (reason === undefined) return (name, body, timeout) => it(name, body, timeout);
  return (name, body, timeout) => it.skip(`${name} [skipped on ${base}: ${reason}]`, body, timeout);
}

/**
 * Polls `probe` until `done(value)` holds or `timeoutMs` passes, and returns the last value
 * either way, so the caller's `expect` reports what was actually seen.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = REPLY_MS,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Whether `addr` answers a StatusRequest (the system answers for live actors only). */
export async function isAlive(asys: ActorSystem, addr: ActorAddress, timeoutMs = REPLY_MS): Promise<boolean> {
  return (await asys.ask(addr, new StatusRequest(), timeoutMs)) instanceof ActorStatus;
}

/** Waits until `addr` stops answering; resolves to whether it is still alive (false = exited). */
export async function eventuallyDead(asys: ActorSystem, addr: ActorAddress, timeoutMs = REPLY_MS): Promise<boolean> {
  return eventually(() => isAlive(asys, addr, NO_REPLY_MS), (alive) => !alive, timeoutMs);
}
