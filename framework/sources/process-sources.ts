import { InvalidActorSourceHash } from '../actor/errors.js';
import { readSourcePackage } from './package-format.js';
import { PackageModules } from './package-loader.js';

/**
 * The sources an actor's process was handed with its start order (multi-process bases):
 * the admin validated them; this process checks the package again before evaluating any of it.
 */
const byHash = new Map<string, PackageModules>();

export function sourceActorClass(hash: string, spec: string, source: { hash: string; zip: Uint8Array } | undefined): Function {
  let modules = byHash.get(hash);
  if (!modules) {
    if (!source || source.hash !== hash) {
      throw new InvalidActorSourceHash(`the start order for '${spec}' did not carry source ${hash}: the admin must send the validated package with it`, 'SOURCE_NOT_SENT');
    }
    modules = new PackageModules(hash, readSourcePackage(source.zip).files);
    byHash.set(hash, modules);
  }
  return modules.actorClass(spec);
}

/** The export name a spec names, for an address's label: 'a/b.js:Export' -> 'Export'. */
export function exportNameOf(spec: string): string {
  return spec.slice(spec.lastIndexOf(':') + 1) || spec;
}
