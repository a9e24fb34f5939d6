import { InvalidActorSourceHash } from '../actor/errors.js';

/**
 * The host's public entry, handed to package modules as 'thespian-ts'. The entry registers
 * itself here, so sources never import it (that would be an import cycle) and a package
 * gets the very classes the host runs: its ActorBase, decorators and messages.
 */
let framework: Readonly<Record<string, unknown>> | undefined;

export function provideFramework(namespace: Readonly<Record<string, unknown>>): void {
  framework = namespace;
}

export function hostFramework(): Readonly<Record<string, unknown>> {
  if (!framework) {
    throw new InvalidActorSourceHash(
      "a loaded source imports 'thespian-ts' but this process has not loaded the framework's public entry: import 'thespian-ts' before creating actors from sources",
      'SOURCE_FRAMEWORK_MISSING',
    );
  }
  return framework;
}
