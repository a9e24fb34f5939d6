import { ActorSystemStartupFailure } from '../actor/errors.js';

/**
 * Spec 9.4.1 transmit limits, counted per transport (one per process, so per actor on the
 * multi-process bases, as in Thespian):
 * - maxPending: envelopes handed to the OS/socket at once (THESPIAN_MAX_PENDING_TRANSMITS, 20)
 * - maxQueued: accepted but not yet written; at this count the sender is blocked
 *   (THESPIAN_MAX_QUEUED_TRANSMITS, 950)
 * - unblockThreshold: blocked until the count falls below this
 *   (THESPIAN_QUEUED_TRANSMIT_UNBLOCK_THRESHOLD, 780)
 * - dropLevel: at this count non-system sends are dropped, counted and logged
 *   (THESPIAN_DROP_TRANSMITS_LEVEL, default 100,000; see DEFAULT_DROP_TRANSMITS_LEVEL)
 */
export interface TransmitLimits {
  maxPending: number;
  maxQueued: number;
  unblockThreshold: number;
  dropLevel: number;
}

const DEFAULT_MAX_PENDING_TRANSMITS = 20;
const DEFAULT_MAX_QUEUED_TRANSMITS = 950;
const DEFAULT_QUEUED_TRANSMIT_UNBLOCK_THRESHOLD = 780;
const DROP_TRANSMITS_ABOVE_MAX_QUEUED = 100;
/**
 * Thespian's drop level is maxQueued + 100, but there `send()` blocks the actor's thread until
 * the queue drains, so a handler that sends in a loop never reaches it. A handler here cannot
 * be blocked inside its loop (one event loop per process): its sends pile up until it returns,
 * and only then is the actor held back. The default is therefore far above what a Thespian
 * program sends from one handler (20,000 messages in one handler lose none; the envelopes cost
 * a few hundred bytes each), and still a bound on a runaway sender's memory.
 */
const DEFAULT_DROP_TRANSMITS_LEVEL = 100_000;

function readInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ActorSystemStartupFailure(`${name}=${JSON.stringify(raw)} is not a positive integer; unset it or give a count such as 500`, 'BAD_TRANSMIT_LIMIT');
  }
  return n;
}

/** Explicit options win over the environment, which wins over the spec's defaults. */
export function transmitLimits(overrides: Partial<TransmitLimits> = {}, env: NodeJS.ProcessEnv = process.env): TransmitLimits {
  const maxPending = overrides.maxPending ?? readInt(env, 'THESPIAN_MAX_PENDING_TRANSMITS') ?? DEFAULT_MAX_PENDING_TRANSMITS;
  const maxQueued = overrides.maxQueued ?? readInt(env, 'THESPIAN_MAX_QUEUED_TRANSMITS') ?? DEFAULT_MAX_QUEUED_TRANSMITS;
  const unblockThreshold =
    overrides.unblockThreshold ??
    readInt(env, 'THESPIAN_QUEUED_TRANSMIT_UNBLOCK_THRESHOLD') ??
    // The spec's 780 assumes the default 950: scale it with an explicit max (950 -> 780).
    Math.max(1, Math.round((maxQueued * DEFAULT_QUEUED_TRANSMIT_UNBLOCK_THRESHOLD) / DEFAULT_MAX_QUEUED_TRANSMITS));
  const dropLevel = overrides.dropLevel ?? readInt(env, 'THESPIAN_DROP_TRANSMITS_LEVEL') ?? Math.max(DEFAULT_DROP_TRANSMITS_LEVEL, maxQueued + DROP_TRANSMITS_ABOVE_MAX_QUEUED);
  return { maxPending, maxQueued, unblockThreshold: Math.min(unblockThreshold, maxQueued), dropLevel };
}
