/**
 * A logDefs that cannot work. Logging sits below actor/ in the layering, so this is not an
 * ActorSystemException, but it has the same shape: a stable `code`, and a message that
 * says what is wrong, where in the logDefs, and how to fix it.
 */
export class InvalidLogDefs extends Error {
  readonly code: string;
  /** The logDefs path at fault, e.g. `handlers.file1.formatter`. */
  readonly where: string;
  constructor(code: string, where: string, what: string, fix: string) {
    super(`logDefs ${where}: ${what}. ${fix}`);
    this.name = 'InvalidLogDefs';
    this.code = code;
    this.where = where;
  }
}
