import type { ActorClass } from '../../system/actor-spec.js';

/**
 * The framework's own actors that its public entry does not load, because every actor process
 * loads that entry and few ever run them (issue 10): imported when a start order names one.
 * Importing a module registers its @Actor classes by name.
 */
const LAZY: Readonly<Record<string, () => Promise<ActorClass>>> = {
  DirectorActor: async () => (await import('../../sources/director/director-actor.js')).DirectorActor as unknown as ActorClass,
  DirectorSourceAuthority: async () => (await import('../../sources/director/source-authority.js')).DirectorSourceAuthority as unknown as ActorClass,
};

/** Loads the framework actor `name` if it is one of those; nothing otherwise. */
export async function loadFrameworkActor(name: string): Promise<void> {
  await LAZY[name]?.();
}
