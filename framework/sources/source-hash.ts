import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidActorSourceHash } from '../actor/errors.js';

/** Bytes of a loadActorSource argument: raw bytes, or a path to read (spec 6.10). */
export function sourceBytes(source: Uint8Array | string): Uint8Array {
  if (typeof source !== 'string') return source;
  try {
    return readFileSync(source);
  } catch (err) {
    throw new InvalidActorSourceHash(`loadActorSource: cannot read '${source}': ${(err as Error).message}`, 'SOURCE_UNREADABLE');
  }
}

/** The id of a loaded source: a content hash, so loading the same bytes twice is idempotent. */
export function hashSource(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

export interface SourceRecord {
  hash: string;
  info: string;
  zip: Uint8Array | null;
}

/** The loaded sources of one system: pending validation, then loaded (spec 6.10, 7.8-7.11). */
export class SourceTable {
  readonly pending = new Map<string, SourceRecord>();
  readonly loaded = new Map<string, SourceRecord>();

  has(hash: string): boolean {
    return this.loaded.has(hash);
  }

  hashes(): string[] {
    return [...this.loaded.keys()].sort();
  }
}
