/**
 * ActorAddress: opaque to actors. Equality and Map keys use `key`, which is stable across
 * processes; `label` (usually the actor class) only makes `toString()` readable.
 */
export class ActorAddress {
  /** Base-private slot: an in-process base may cache the target's cell here (never sent). */
  declare _local?: unknown;

  constructor(
    readonly key: string,
    readonly label = '',
  ) {}

  equals(other: unknown): boolean {
    return other instanceof ActorAddress && other.key === this.key;
  }

  toString(): string {
    return this.label ? `ActorAddr-(${this.label}|${this.key})` : `ActorAddr-(${this.key})`;
  }

  /** Node's util.inspect uses this, so console.log shows the short form too. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  toJSON(): { key: string; label: string } {
    return { key: this.key, label: this.label };
  }
}
