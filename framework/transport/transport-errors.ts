import { ActorSystemFailure } from '../actor/errors.js';

/**
 * Errors the wire layer raises. Each carries a stable `code` (spec 6.1 style) so a base can
 * tell "this message can never be sent" (turn it into a PoisonMessage) from "this connection
 * is broken" (close it, dead-letter what was queued) without parsing text.
 */
export class TransportError extends ActorSystemFailure {
  constructor(message: string, code = 'TRANSPORT_ERROR') {
    super(message, code);
  }
}

/** The message holds something that cannot cross a process boundary; `path` names it. */
export class MessageEncodeError extends TransportError {
  constructor(
    message: string,
    readonly path: string,
    code = 'MESSAGE_NOT_ENCODABLE',
  ) {
    super(message, code);
  }
}

/** Bytes arrived that do not decode to a message (unknown type id, malformed payload). */
export class MessageDecodeError extends TransportError {
  constructor(message: string, code = 'MESSAGE_NOT_DECODABLE') {
    super(message, code);
  }
}

/** The byte stream itself is broken (bad length, bad version, over the size limit). */
export class FrameError extends TransportError {
  constructor(message: string, code = 'BAD_FRAME') {
    super(message, code);
  }
}
