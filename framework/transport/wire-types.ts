import type { ClassKey } from '../registry/metadata.js';
import { ExtData } from '@msgpack/msgpack';

/**
 * The msgpack extension numbers this codec owns. They are part of the wire protocol:
 * never renumber one, only add (and bump PROTOCOL_VERSION in framing.ts if a change is
 * not backward compatible).
 *
 * Leaves (a value with no nested values) travel as one extension. Containers (Map, Set,
 * message-class instances, and binaries: tag + native bin) travel as an array whose first element is a TAG extension, so
 * their contents are encoded in place by msgpack itself: no nested encode, no copy of a
 * 50 MB field per nesting level.
 */
export const EXT_UNDEFINED = 0;
export const EXT_ADDRESS = 1;
export const EXT_DATE = 2;
export const EXT_BIGINT = 3;
export const EXT_TAG = 4;

export const TAG_MAP = 1;
export const TAG_SET = 2;
export const TAG_CLASS = 3;
export const TAG_BINARY = 4;

/** Binary kinds: each view comes back as its own class, with its own (aligned) buffer. */
export const BINARY_KINDS = [
  Uint8Array,
  Int8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;
export const BINARY_BUFFER = 100; // node Buffer: restored as a Buffer, not a bare Uint8Array
export const BINARY_DATAVIEW = 101;
export const BINARY_ARRAYBUFFER = 102;

export const UNDEFINED_EXT = new ExtData(EXT_UNDEFINED, new Uint8Array(0));
export const MAP_TAG_EXT = new ExtData(EXT_TAG, Uint8Array.of(TAG_MAP));
export const SET_TAG_EXT = new ExtData(EXT_TAG, Uint8Array.of(TAG_SET));

/** What a TAG extension decodes to; consumed by the restore walk, never seen by users. */
export class WireTag {
  constructor(
    readonly kind: number,
    readonly cls?: ClassKey,
    readonly binaryKind = 0,
  ) {}
}
