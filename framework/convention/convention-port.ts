import { ActorAddress } from '../actor/address.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../transport/envelope.js';
import type { Transport } from '../transport/transport.js';
import { isConventionMessage, type ConventionMessage } from './convention-messages.js';
import type { ConventionPort } from './leader-protocol.js';

/** The target key admin-to-admin convention frames carry (an admin's other traffic has its own). */
export const CONVENTION_TARGET_KEY = 'thespian.convention';

/** What the protocol is fed: LeaderProtocol, or any provider that speaks these messages. */
export interface ConventionReceiver {
  receive(fromAdmin: string, message: ConventionMessage): void;
  transmitFailed(toAdmin: string, message: ConventionMessage): void;
}

/**
 * The glue between convention messages and transports, so an admin wires a protocol to its
 * links in three calls: `port` for the protocol's sends, `onEnvelope` and `onUndeliverable`
 * from its transport's handlers. The transport picks the link (joined-transport.ts: a ws(s)://
 * leader goes over WebSocket, 'host:port' over TCP or UDP).
 */
export class ConventionLinks {
  receiver: ConventionReceiver | undefined;
  /**
   * A leader listed by the URL we dial (ws://...) answered as the admin it is ('host:port'):
   * told before its message is read, so the owner can know it by that address from then on.
   */
  onLeaderAnswered: ((listed: string, address: string) => void) | undefined;

  constructor(
    /** This admin's address as the others know it (the sender every frame carries). */
    private readonly self: string,
    private readonly transport: Pick<Transport, 'send'>,
    private readonly log: (text: string) => void = () => {},
  ) {}

  readonly port: ConventionPort = {
    send: (to, message) => {
      this.transport.send(to, { targetKey: CONVENTION_TARGET_KEY, sender: new ActorAddress(this.self, 'Admin'), message, system: true });
    },
  };

  /** True when the envelope was a convention frame (taken); false: the admin's own traffic. */
  onEnvelope(env: ReceivedEnvelope): boolean {
    if (env.targetKey !== CONVENTION_TARGET_KEY) return false;
    if (env.sender && isConventionMessage(env.message)) {
      if (env.returnedOn !== undefined && env.returnedOn !== env.sender.key) this.onLeaderAnswered?.(env.returnedOn, env.sender.key);
      this.receiver?.receive(env.sender.key, env.message);
    }
    // Anything else at this key is not ours to act on: said, and dropped.
    else this.log(`dropped a ${(env.message as object | null)?.constructor?.name ?? typeof env.message} sent to the convention by ${String(env.sender)}: not a convention message`);
    return true;
  }

  onUndeliverable(env: OutboundEnvelope, target: string): boolean {
    if (env.targetKey !== CONVENTION_TARGET_KEY) return false;
    if (isConventionMessage(env.message)) this.receiver?.transmitFailed(target, env.message);
    return true;
  }
}
