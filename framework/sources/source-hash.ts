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
