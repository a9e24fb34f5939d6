import type { ClassKey } from '../registry/metadata.js';
import { InvalidActorSourceHash } from '../actor/errors.js';
import type { PackageModules } from './package-loader.js';

/**
 * The sources an actor's process was handed with its start order (multi-process bases):
 * the admin validated them; this process checks the package again before evaluating any of it.
 */
const byHash = new Map<string, PackageModules>();

export async function sourceActorClass(hash: string, spec: string, source: { hash: string; zip: Uint8Array } | undefined): Promise<ClassKey> {
  let modules = byHash.get(hash);
  if (!modules) {
    if (!source || source.hash !== hash) {
      throw new InvalidActorSourceHash(`the start order for '${spec}' did not carry source ${hash}: the admin must send the validated package with it`, 'SOURCE_NOT_SENT');
    }
    // Loaded only in a process whose start order carries a package (issue 10: idle processes stay small).
    const [{ readSourcePackage }, { PackageModules }] = await Promise.all([import('./package-format.js'), import('./package-loader.js')]);
    modules = byHash.get(hash) ?? new PackageModules(hash, readSourcePackage(source.zip).files);
    byHash.set(hash, modules);
  }
  return modules.actorClass(spec);
}

/** The export name a spec names, for an address's label: 'a/b.js:Export' -> 'Export'. */
export function exportNameOf(spec: string): string {
  return spec.slice(spec.lastIndexOf(':') + 1) || spec;
}
