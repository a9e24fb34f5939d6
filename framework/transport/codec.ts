import { Encoder } from '@msgpack/msgpack';
import { MessageEncodeError } from './transport-errors.js';
import { fromBytes } from './wire-decode.js';
import { toWire } from './wire-encode.js';

/**
 * The message codec: any value a Thespian message may be (DESIGN "Messages") to msgpack
 * bytes and back. Encode once: the returned bytes are a fresh copy, safe to hand to any
 * number of targets. Decoding runs no user code (no constructors, no setters).
 */
const BIG_OUTPUT = 1 << 20;
let encoder = newEncoder();

function newEncoder(): Encoder {
  // Our container tags add array levels, so msgpack's own limit sits above ours (100).
  return new Encoder({ maxDepth: 512, initialBufferSize: 4096 });
}

/** @throws MessageEncodeError naming the offending path, e.g. `message.items[2].callback`. */
export function encodeMessage(message: unknown, path = 'message'): Uint8Array {
  const wire = toWire(message, path);
  let bytes: Uint8Array;
  try {
    bytes = encoder.encode(wire);
  } catch (err) {
    throw new MessageEncodeError(`${path} cannot be encoded: ${(err as Error).message}`, path);
  }
  // The encoder keeps its grown buffer; do not keep 100 MB alive after one huge message.
  if (bytes.byteLength > BIG_OUTPUT) encoder = newEncoder();
  return bytes;
}

/** @throws MessageDecodeError (code UNKNOWN_MESSAGE_TYPE names the id and the fix). */
export function decodeMessage(bytes: Uint8Array): unknown {
  return fromBytes(bytes);
}
