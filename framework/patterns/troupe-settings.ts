import { ActorSystemException } from '../actor/index.js';

export interface TroupeSettings {
  /** Most workers alive at once (spec 8.1 max_count). */
  maxCount: number;
  /** Idle workers kept once the work dries up (spec 8.1 idle_count). */
  idleCount: number;
  /** How long a worker beyond idleCount stays idle before it is dismissed (release 3.9.8). */
  lingerMs: number;
}

/** Thespian dismisses extra workers after two idle seconds (DISMISS_EXTRA_PERIOD). */
const DEFAULT_LINGER_MS = 2000;

export const DEFAULT_TROUPE_SETTINGS: TroupeSettings = { maxCount: 10, idleCount: 2, lingerMs: DEFAULT_LINGER_MS };

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Throws an error that names the class and the bad value when a setting is not a sane count. */
export function checkTroupeSettings(owner: string, s: Partial<TroupeSettings>): void {
  const bad = (what: string, value: unknown, rule: string) =>
    new ActorSystemException(`${owner}: troupe ${what} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`, 'TROUPE_BAD_SETTING');
  if (s.maxCount !== undefined && !isCount(s.maxCount, 1)) throw bad('maxCount', s.maxCount, 'a whole number >= 1');
  if (s.idleCount !== undefined && !isCount(s.idleCount, 0)) throw bad('idleCount', s.idleCount, 'a whole number >= 0');
  if (s.lingerMs !== undefined && !(typeof s.lingerMs === 'number' && s.lingerMs >= 0)) throw bad('lingerMs', s.lingerMs, 'a number of milliseconds >= 0');
}
