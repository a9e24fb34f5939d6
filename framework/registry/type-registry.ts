import { InvalidActorSpecification } from '../actor/errors.js';
import type { ClassKey, Constructor } from './metadata.js';

/**
 * Process-wide record of decorated classes: actor names for creation by name, message ids
 * for the codec. Filled by the decorators as modules load, and by a generated registry.
 */
const actorsByName = new Map<string, Constructor>();
const messagesById = new Map<string, ClassKey>();
const lazyActors = new Map<string, () => Promise<Constructor>>();

export function registerActorClass(name: string, cls: Constructor): void {
  const existing = actorsByName.get(name);
  if (existing && existing !== cls) {
    // Re-registration of a same-named class happens when a module is loaded twice
    // (e.g. .ts source and .js output); the latest definition wins, as a re-import would.
  }
  actorsByName.set(name, cls);
}

export function registerMessageClass(id: string, cls: ClassKey): void {
  messagesById.set(id, cls);
}

/** A generated registry declares actors it can import on demand (another process, another host). */
export function registerLazyActor(name: string, load: () => Promise<Constructor>): void {
  lazyActors.set(name, load);
}

export function actorClassByName(name: string): Constructor | undefined {
  return actorsByName.get(name);
}

export async function loadActorClassByName(name: string): Promise<Constructor | undefined> {
  const known = actorsByName.get(name);
  if (known) return known;
  const lazy = lazyActors.get(name);
  if (!lazy) return undefined;
  try {
    return await lazy();
  } catch (err) {
    throw new InvalidActorSpecification(
      `actor '${name}' is registered but its module failed to load: ${(err as Error).message}`,
      'ACTOR_MODULE_LOAD_FAILED',
    );
  }
}

export function messageClassById(id: string): ClassKey | undefined {
  return messagesById.get(id);
}

export function knownActorNames(): string[] {
  return [...new Set([...actorsByName.keys(), ...lazyActors.keys()])].sort();
}

export function knownMessageIds(): string[] {
  return [...messagesById.keys()].sort();
}
