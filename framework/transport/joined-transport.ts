import type { Envelope, OutboundEnvelope } from './envelope.js';
import type { SendResult, Transport } from './transport.js';
import type { WsTransport } from './ws-transport.js';

/**
 * An admin's links as one Transport: its own transport (TCP or UDP: its address, its actor
 * processes, its starters, most other systems) and a WebSocket transport for systems reached
 * only over HTTP(S) (issue 13 item 8). A send goes over WebSocket when the target is a ws(s)://
 * URL, an admin known to be behind one (`via`), or a peer whose WebSocket link to us is open
 * (it announced itself, duplex.ts); otherwise over the own transport.
 */
export class JoinedTransport implements Transport {
  /** Another admin's address -> the ws(s):// URL it is reached by. */
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly own: Transport,
    private readonly ws: WsTransport,
  ) {}

  get address(): string {
    return this.own.address;
  }

  get queuedCount(): number {
    return this.own.queuedCount + this.ws.queuedCount;
  }

  /** The admin at `address` is reached at `url` (learned from its answer on our link to `url`). */
  via(address: string, url: string): void {
    this.aliases.set(address, url);
  }

  /** The name the admin knows a ws target by: its address once learned, else the URL itself. */
  identityOf(target: string): string {
    for (const [address, url] of this.aliases) if (url === target) return address;
    return target;
  }

  hasReturnPath(target: string): boolean {
    return this.ws.hasReturnPath(target) || (this.own.hasReturnPath?.(target) ?? false);
  }

  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult {
    if (this.ws.hasReturnPath(target)) return this.ws.send(target, envelope);
    const url = this.aliases.get(target);
    if (url !== undefined) return this.ws.send(url, envelope);
    if (/^wss?:\/\//i.test(target)) return this.ws.send(target, envelope);
    return this.own.send(target, envelope);
  }

  assertSendable(envelope: OutboundEnvelope): void {
    this.own.assertSendable?.(envelope);
  }

  isBlocked(): boolean {
    return this.own.isBlocked() || this.ws.isBlocked();
  }

  async whenUnblocked(): Promise<void> {
    await Promise.all([this.own.whenUnblocked(), this.ws.whenUnblocked()]);
  }

  unref(): void {
    this.own.unref?.();
    this.ws.unref();
  }

  async close(): Promise<void> {
    await Promise.all([this.own.close(), this.ws.close()]);
  }
}
