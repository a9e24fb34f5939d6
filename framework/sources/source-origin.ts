import type { ClassKey } from '../registry/metadata.js';

/**
 * Where each actor class a package exports came from, so another process can load it again.
 * Apart from the package loader so that asking costs nothing where no package was ever loaded.
 */
const origins = new WeakMap<ClassKey, { hash: string; spec: string }>();

/** The source and 'path:Export' of an actor class loaded from a package, if it was. */
export function sourceOriginOf(cls: ClassKey): { hash: string; spec: string } | undefined {
  return origins.get(cls);
}

export function recordSourceOrigin(cls: ClassKey, origin: { hash: string; spec: string }): void {
  origins.set(cls, origin);
}
