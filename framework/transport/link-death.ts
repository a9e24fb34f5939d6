import type { OutboundEnvelope } from './envelope.js';
import type { AckWindow } from './acks.js';
import { TransportError } from './transport-errors.js';

/** A frame a stream link (TCP, WebSocket) holds: to write, being written, or awaiting its ack. */
export interface PendingFrame {
  envelope: OutboundEnvelope;
  done: (error?: Error) => void;
  /** Its write failed and `done` said so: already reported, never again as lost. */
  failedWrite?: boolean;
}

/** Written frames the peer never acknowledged, reported when the link dies (see acks.ts). */
export type LostHandler = (envelopes: OutboundEnvelope[], error: Error) => void;

/** Why a stream link to `target` died, as the queue reports it for each frame it fails. */
export function linkDeathError(target: string, err: Error | null | undefined): TransportError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new TransportError(
    `could not deliver to ${target}: ${err ? err.message : 'connection closed'}`,
    code === 'ECONNREFUSED' ? 'TARGET_REFUSED' : code === 'AUTH_FAILED' ? 'AUTH_FAILED' : 'TARGET_UNREACHABLE',
  );
}

/**
 * A stream link died. Oldest first: frames written and unacknowledged are lost with the peer
 * (`onLost`: they may have been handled); frames whose write never completed, then frames never
 * written, fail (the queue reports them undeliverable). Every frame is accounted for once.
 */
export function settleDeadLink<P extends PendingFrame>(
  unacked: AckWindow<P>,
  unflushed: Set<P>,
  waiting: P[],
  onLost: LostHandler,
  error: Error,
): void {
  const failed: P[] = [];
  const lost: OutboundEnvelope[] = [];
  for (const p of unacked.drain()) {
    if (unflushed.delete(p)) failed.push(p);
    else if (!p.failedWrite) lost.push(p.envelope);
  }
  failed.push(...unflushed, ...waiting.splice(0));
  unflushed.clear();
  if (lost.length > 0) onLost(lost, error);
  for (const p of failed) p.done(error);
}
