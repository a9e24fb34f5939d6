import { decodeMessage } from './codec.js';
import { readEnvelopeBody, type ReceivedHead } from './envelope.js';
import { FrameDecoder } from './framing.js';
import { FrameError, MessageDecodeError, TransportError } from './transport-errors.js';
import type { TransportHandlers, TransportLog } from './transport.js';
import type { ReceiptCounter } from './acks.js';

/**
 * Turns one received frame body into an `onEnvelope` call. A head that does not parse
 * throws FrameError (the link is not speaking our protocol: the caller closes it); a message
 * that does not decode is reported and logged, and the link stays up, because framing is
 * still in step and the next envelope is fine.
 */
export function deliverFrame(body: Uint8Array, handlers: TransportHandlers, log: TransportLog, origin: string, receipts?: ReceiptCounter, foreign = false): void {
  const { head, payload } = readEnvelopeBody(body);
  // Said only on a link proved with the convention key, so the common envelope keeps its shape.
  if (foreign) (head as ReceivedHead).foreign = true;
  const settle = receipts?.next();
  let message: unknown;
  try {
    message = decodeMessage(payload);
  } catch (err) {
    settle?.(); // reported here and to the base: accounted for
    const error = err instanceof MessageDecodeError ? err : new MessageDecodeError(String((err as Error)?.message ?? err));
    log('error', `undecodable message from ${origin} for ${head.targetKey} (sender ${String(head.sender)}): ${error.message}`);
    handlers.onUndecodable?.(head, error);
    return;
  }
  if (settle === undefined) return handlers.onEnvelope({ ...head, message });
  if (!handlers.settlesEnvelopes) {
    try {
      handlers.onEnvelope({ ...head, message });
    } finally {
      settle();
    }
    return;
  }
  handlers.onEnvelope({ ...head, message, settle });
}

/**
 * A frame decoder for one stream link. On a broken stream (oversize, bad version, bad head)
 * it logs once and calls `close`, which must close only this link.
 */
export function streamReceiver(
  handlers: TransportHandlers,
  log: TransportLog,
  origin: string,
  maxFrameBytes: number,
  close: (error: FrameError) => void,
  receipts?: ReceiptCounter,
  foreign = false,
): FrameDecoder {
  let closed = false;
  const shut = (error: FrameError): void => {
    if (closed) return;
    closed = true;
    log('warning', `closing link from ${origin}: ${error.message} (${error.code})`);
    close(error);
  };
  const decoder = new FrameDecoder(
    {
      onFrame: (body) => {
        if (closed) return;
        try {
          deliverFrame(body, handlers, log, origin, receipts, foreign);
        } catch (err) {
          if (err instanceof FrameError) shut(err);
          // The base's own handler threw: its bug, not the peer's; keep the link and say so.
          else log('error', `envelope handler threw on a message from ${origin}: ${(err as Error)?.stack ?? String(err)}`);
        }
      },
      onError: shut,
    },
    maxFrameBytes,
  );
  return decoder;
}

/** Hosts "host:port" targets; IPv6 in brackets ("[::1]:1900"). */
export function parseHostPort(target: string): { host: string; port: number } {
  const at = target.lastIndexOf(':');
  const port = Number(target.slice(at + 1));
  let host = target.slice(0, at);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new TransportError(`'${target}' is not a "host:port" transport address`, 'BAD_TRANSPORT_ADDRESS');
  }
  return { host, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
