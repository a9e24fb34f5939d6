import { InvalidActorSourceHash } from '../actor/errors.js';

/**
 * Why a source package was refused. An InvalidActorSourceHash so callers that already
 * branch on bad sources catch it; `entry` names the offending zip entry when there is one.
 */
export class SourcePackageError extends InvalidActorSourceHash {
  readonly entry: string | undefined;
  constructor(message: string, code: string, entry?: string) {
    super(message, code);
    this.entry = entry;
  }
}

const REBUILD = 'rebuild the package with buildSourcePackage() (or `thespian director gensrc`)';

export function packageError(what: string, code: string, entry?: string, fix = REBUILD): SourcePackageError {
  const where = entry === undefined ? '' : ` (entry ${JSON.stringify(entry.slice(0, 200))})`;
  return new SourcePackageError(`source package refused: ${what}${where}; ${fix}`, code, entry);
}
