import type { Capabilities } from '../actor/context.js';

/** 'Thespian Generation' (spec 9.1): the API level this implementation provides. */
export const THESPIAN_GENERATION: readonly [number, number] = [3, 10];
export const THESPIAN_VERSION = 310;

/** Spec 9.1: read-only capabilities every system reports ('Node Version' replaces 'Python Version'). */
export function commonCapabilities(baseName: string, baseVersion = 1): Capabilities {
  const [major = 0, minor = 0, patch = 0] = process.versions.node.split('.').map(Number);
  return {
    'Node Version': [major, minor, patch],
    'Thespian Generation': [...THESPIAN_GENERATION],
    'Thespian Version': THESPIAN_VERSION,
    'Thespian ActorSystem Name': baseName,
    'Thespian ActorSystem Version': baseVersion,
  };
}

export const READ_ONLY_CAPABILITIES = new Set([
  'Node Version',
  'Thespian Generation',
  'Thespian Version',
  'Thespian ActorSystem Name',
  'Thespian ActorSystem Version',
  'Thespian Watch Supported',
]);

/** Spec 4.8: whether a base delivers WatchMessage for a returned ThespianWatch. */
const WATCH_SUPPORTED: Record<string, boolean> = {
  simpleSystemBase: false,
  multiprocQueueBase: true,
  multiprocTCPBase: true,
  multiprocUDPBase: true,
};

/** Start-up capabilities: user values first, the base's own win; AllowRemoteActorSources defaults to 'Yes'. */
export function initialCapabilities(baseName: string, user: Capabilities | undefined, baseVersion = 1): Capabilities {
  return {
    AllowRemoteActorSources: 'Yes',
    ...(user ?? {}),
    ...commonCapabilities(baseName, baseVersion),
    'Thespian Watch Supported': WATCH_SUPPORTED[baseName] ?? false,
  };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b) && a !== undefined && b !== undefined;
  } catch {
    return false;
  }
}

/**
 * Spec 5.13 / 6.9: applies `updateCapability(name, value)` to `caps` in place. No value (or
 * null, as undefined arrives over the wire) removes it; read-only ones are refused. Returns
 * whether anything changed, i.e. whether actors must be re-validated.
 */
export function applyCapabilityUpdate(caps: Capabilities, name: string, value: unknown, warn: (message: string) => void): boolean {
  if (READ_ONLY_CAPABILITIES.has(name)) {
    warn(`updateCapability('${name}') ignored: '${name}' is read-only (spec 9.1)`);
    return false;
  }
  if (value === undefined || value === null) {
    if (!(name in caps)) return false;
    delete caps[name];
    return true;
  }
  if (name in caps && sameValue(caps[name], value)) return false;
  caps[name] = value;
  return true;
}
